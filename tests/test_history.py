"""The rehearsal history store: saving, reading back, import/export, safety, migrations."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

import starkit
from starkit import Answer, HistoryError, Scenario, StoreVersionError, score
from starkit.content.rubric import DIMENSIONS
from starkit.history.attempts import Attempt, make_attempt
from starkit.history.migrations import migration
from starkit.history.store import STORE_VERSION, History, default_path
from starkit.history.stories import make_story
from tests.pg import pg_url, reset_pg

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def attempt(reference: Scenario, candidate: str = "ana", minutes: int = 0,
            weak: bool = False, **kw: object) -> Attempt:
    answer = starkit.segment(reference.weak_answer.text) if weak else Answer(
        **reference.strong_parts())
    card = score(answer, scenario=reference)
    return make_attempt(answer, card, candidate=candidate, mode="practice",
                        now=T0 + timedelta(minutes=minutes), **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(target: str) -> History:
    h = History.open(target)
    yield h
    h.close()


def test_save_and_read_back(store: History, reference: Scenario) -> None:
    a = attempt(reference)
    store.save(a)
    store.save(a)  # the same id twice is one attempt
    df = store.attempts()
    assert len(df) == 1
    row = df.iloc[0]
    assert row["id"] == a.id
    assert row["created_at"] == pd.Timestamp(T0)
    assert str(df["created_at"].dtype) == "datetime64[us, UTC]" or "UTC" in str(
        df["created_at"].dtype)
    for d in DIMENSIONS:
        assert row[d] == a.dimensions[d]
    assert store.attempt(a.id) == a


def test_filters(store: History, reference: Scenario) -> None:
    store.save_many([attempt(reference, "ana", 0), attempt(reference, "bo", 10),
                     attempt(reference, "ana", 20, weak=True)])
    assert len(store.attempts(candidate="ana")) == 2
    assert len(store.attempts(principle="success-and-scale-bring-broad-responsibility")) == 3
    assert len(store.attempts(principle="Ownership")) == 0
    assert len(store.attempts(since=T0 + timedelta(minutes=5))) == 2
    assert list(store.attempts(candidate="ana")["created_at"]) == sorted(
        store.attempts(candidate="ana")["created_at"])
    texts = store.attempts(texts=True)
    assert texts.loc[0, "action_text"] == reference.sections.action.strong_example
    assert store.candidates() == ["ana", "bo"]


def test_delete_removes_every_row_of_a_candidate(store: History, reference: Scenario) -> None:
    store.save_many([attempt(reference, "ana"), attempt(reference, "bo", 1)])
    store.save_story(make_story("ana", "Webhook drops", Answer(situation="x")))
    assert store.delete("ana") == 1
    assert store.candidates() == ["bo"]
    assert store.stories("ana") == []
    with store.transaction() as tx:
        n = tx.run("SELECT count(*) FROM attempt_details d LEFT JOIN attempts a "
                   "ON a.id = d.id WHERE a.id IS NULL")[0][0]
    assert n == 0


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_import_round_trip_adds_nothing_twice(store: History, reference: Scenario,
                                                     tmp_path: Path, suffix: str) -> None:
    originals = [attempt(reference, "ana", i, weak=bool(i % 2)) for i in range(5)]
    store.save_many(originals)
    path = tmp_path / f"export{suffix}"
    seen: list[tuple[int, int]] = []
    assert store.export(path, progress=lambda d, t: seen.append((d, t))) == 5
    assert seen[-1] == (5, 5)
    other = History.open(":memory:")
    assert other.import_(path) == 5
    assert other.import_(path) == 0
    for a in originals:
        assert other.attempt(a.id) == a
    assert store.import_(path) == 0


def test_import_names_the_bad_line(tmp_path: Path, store: History) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,candidate\nx,ana\n")
    with pytest.raises(HistoryError, match=r"bad\.csv: nothing was imported: the header has "
                       r"no column created_at, level"):
        store.import_(bad)
    with pytest.raises(HistoryError, match=r"take a \.csv or \.json"):
        store.export(tmp_path / "out.xlsx")


def test_stories_round_trip(store: History) -> None:
    s = make_story("ana", "Webhook drops", Answer(situation="I noticed drops."),
                   principles=("ownership", "Dive Deep"), tags=("payments",))
    store.save_story(s)
    (back,) = store.stories("ana")
    assert back == s
    assert back.principles == ("Ownership", "Dive Deep")


def test_default_path_honours_the_environment(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "mine.sqlite"))
    assert default_path() == tmp_path / "mine.sqlite"
    with History.open() as h:
        assert h.path == tmp_path / "mine.sqlite"
    monkeypatch.delenv("STARKIT_HISTORY")
    assert default_path().name == "history.sqlite"
    assert "starkit" in str(default_path())


def test_wal_mode_and_version(tmp_path: Path) -> None:
    store = History.open(tmp_path / "h.sqlite")
    c = store.connection
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION


# --- files that are not (our) stores are never touched ---------------------------------------


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my interview notes\n")
    with pytest.raises(HistoryError, match=r"notes\.sqlite is not a starkit history store"):
        History.open(path)
    assert path.read_text() == "my interview notes\n"


def test_another_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="SQLite database but not a starkit history store"):
        History.open(path)
    assert path.read_bytes() == before


def test_a_corrupt_store_is_reported_with_its_path(tmp_path: Path, reference: Scenario) -> None:
    path = tmp_path / "h.sqlite"
    with History.open(path) as h:
        h.save_many([attempt(reference, "ana", i) for i in range(50)])
        h.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(HistoryError) as info:
        History.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before


def test_a_newer_store_refuses_to_open(target: str) -> None:
    with History.open(target) as h, h.transaction() as tx:
        tx.run("UPDATE meta SET value = :v WHERE key = 'store_version'",
               {"v": str(STORE_VERSION + 1)})
        if h.dialect == "sqlite":
            tx.run(f"PRAGMA user_version = {STORE_VERSION + 1}")
    with pytest.raises(StoreVersionError, match="written by a newer starkit"):
        History.open(target)


def test_an_older_store_is_migrated_after_a_backup(tmp_path: Path, reference: Scenario) -> None:
    path = tmp_path / "h.sqlite"
    con = sqlite3.connect(path)  # a store as the first release wrote it
    for statement in migration(0, "sqlite"):
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('store_version', '1')")
    con.execute("PRAGMA user_version = 1")
    a = attempt(reference)
    con.execute(
        "INSERT INTO attempts (id, candidate, created_at, principle, level, mode, overall, "
        "verdict, duration_seconds, starkit_version, rubric) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (a.id, "ana", 1_700_000_000_000_000, a.principle, "SDE2", "practice", 80.0, "Hire",
         60.0, "0.0.9", "old"))
    con.commit()
    con.close()
    with History.open(path) as h:
        assert h.backup_path == tmp_path / "h.sqlite.v1.bak"
        assert h.connection.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION
        df = h.attempts()
        assert list(df["id"]) == [a.id]
        assert df["workshop"].isna().all()
    old = sqlite3.connect(tmp_path / "h.sqlite.v1.bak")
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    old.close()


def test_an_older_postgres_store_is_migrated_after_a_backup(reference: Scenario) -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    a = attempt(reference)
    with engine.begin() as c:
        for statement in migration(0, "postgresql"):
            c.execute(sa.text(statement))
        c.execute(sa.text("INSERT INTO meta VALUES ('store_version', '1')"))
        c.execute(sa.text(
            "INSERT INTO attempts (id, candidate, created_at, principle, level, mode, overall, "
            "verdict, duration_seconds, starkit_version, rubric) VALUES "
            "(:id, 'ana', 1700000000000000, :p, 'SDE2', 'practice', 80, 'Hire', 60, 'old', "
            "'old')"), {"id": a.id, "p": a.principle})
    engine.dispose()
    with History.open(url) as h:
        assert h.backup_path == "attempts_v1_backup, attempt_details_v1_backup"
        assert list(h.attempts()["id"]) == [a.id]
        with h.transaction() as tx:
            assert tx.run("SELECT count(*) FROM attempts_v1_backup")[0][0] == 1
            assert tx.run("SELECT value FROM meta WHERE key = 'store_version'")[0][0] == str(
                STORE_VERSION)


# --- many processes, and a process killed mid-save -------------------------------------------


def _saver(path: str, who: str, n: int) -> None:
    lib = starkit.load_library()
    s = lib.get("success-and-scale-webhook-drops")
    card = score(Answer(**s.strong_parts()), scenario=s)
    with History.open(path) as h:
        for i in range(n):
            h.save(make_attempt(Answer(**s.strong_parts()), card, candidate=who,
                                mode="practice", now=T0 + timedelta(seconds=i)))


def test_processes_saving_at_once_lose_nothing(target: str) -> None:
    path = target
    History.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_saver, args=(path, f"p{i}", 60)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with History.open(path) as h:
        df = h.attempts()
        assert len(df) == 240
        assert df.groupby("candidate", observed=True).size().to_dict() == {
            f"p{i}": 60 for i in range(4)}


KILLER = """
import sys, time
from datetime import datetime, timezone
import starkit
from starkit.history.attempts import make_attempt
from starkit.history import History
s = starkit.load_library().get("success-and-scale-webhook-drops")
a = starkit.Answer(**s.strong_parts())
card = starkit.score(a, scenario=s)
h = History.open(sys.argv[1])
i = 0
while True:
    # big batches so the kill lands inside a transaction
    h.save_many([make_attempt(a, card, candidate="victim", mode="practice")
                 for _ in range(200)], batch=200)
    i += 1
    print(i, flush=True)
"""


def test_a_process_killed_mid_save_leaves_the_store_consistent(target: str,
                                                               reference: Scenario) -> None:
    path = target
    with History.open(path) as h:
        h.save_many([attempt(reference, "keeper", i) for i in range(10)])
    proc = subprocess.Popen([sys.executable, "-c", KILLER, path], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    for _ in range(3):
        proc.stdout.readline()  # a few batches committed
    time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    with History.open(path) as h, h.transaction() as tx:
        if h.dialect == "sqlite":
            assert tx.run("PRAGMA integrity_check")[0][0] == "ok"
        df = h.attempts()
        assert (df["candidate"] == "keeper").sum() == 10
        assert (df["candidate"] == "victim").sum() % 200 == 0  # whole batches only
        orphans = tx.run("SELECT count(*) FROM attempts a LEFT JOIN attempt_details d "
                         "ON d.id = a.id WHERE d.id IS NULL")[0][0]
        assert orphans == 0


def test_json_export_is_plain_data(store: History, reference: Scenario,
                                   tmp_path: Path) -> None:
    store.save(attempt(reference))
    store.export(tmp_path / "x.json")
    data = json.loads((tmp_path / "x.json").read_text())
    rec = data["attempts"][0]
    assert rec["candidate"] == "ana"
    assert rec["created_at"] == "2026-11-01T09:00:00+00:00"
    assert set(rec["dimensions"]) == set(DIMENSIONS)


def test_a_url_in_the_environment_opens_that_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from starkit.history.store import default_target

    monkeypatch.setenv("STARKIT_HISTORY", "postgresql://coach:s3cret@127.0.0.1:1/room")
    assert default_target() == "postgresql://coach:s3cret@127.0.0.1:1/room"
    with pytest.raises(HistoryError) as info:
        History.open()  # nothing listens on port 1
    message = str(info.value)
    assert message.startswith("postgresql://coach@127.0.0.1:1/room: cannot open")
    assert "s3cret" not in message


def test_a_foreign_postgres_database_is_refused() -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as c:
        c.execute(sa.text("CREATE TABLE payroll (x int)"))
    engine.dispose()
    with pytest.raises(HistoryError, match="is a database but not a starkit history store"):
        History.open(url)


def test_findings_across_the_room(store: History, reference: Scenario) -> None:
    store.save_many([attempt(reference, "ana", 0, weak=True), attempt(reference, "bo", 1,
                                                                      weak=True)],
                    workshop="w1")
    store.save(attempt(reference, "cy", 2, weak=True), workshop="w2")
    f = store.findings(workshop="w1")
    assert set(f["candidate"]) == {"ana", "bo"}
    assert f["kind"].value_counts()["handoff"] >= 2
    assert "strength" not in set(f["severity"])
