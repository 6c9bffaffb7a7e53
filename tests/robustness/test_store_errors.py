"""Store errors are one clear line, and a bad record does not break reading.

A full disk says so (not "cannot rollback"), a read-only store is called read-only (never
corrupt), a store under a folder that cannot be written to says so, and a store corrupted
past its first pages is refused by import (SQLite's quick check, before anything is
written) and export; the store's rows and files stay as they were. A record whose stored
scorecard or story cannot be read is skipped by the readers and named, and the dashboard
says how many and why.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from starkit import HistoryError, Scenario, cli
from starkit._exceptions import StoreCorruptError
from starkit.history import History, make_story
from starkit.scoring.answer import Answer
from starkit.widgets import WorkshopDashboard
from tests.robustness.test_store_files import unprivileged
from tests.robustness.test_store_import import (
    BEFORE,
    filled,
    record,
    rows,
    snapshot,
    write_json,
)
from tests.test_history import attempt
from tests.test_history_errors import smash_attempt_pages

READ_ONLY_FOLDER = ("the store is read-only: its folder {folder} is not writable (SQLite "
                    "needs h.sqlite-wal and -shm beside it, even to read); copy the store to "
                    "a folder you can write to")


def one_error_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run starkit in this process: exit 1, one line on stderr, nothing on stdout."""
    capsys.readouterr()
    assert cli.main(list(args)) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1
    assert "Traceback" not in out.err
    return out.err.split("\033[K")[-1].rstrip("\n")


# --- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 KiB file system (tmpfs) at ``tmp_path/disk``; skips where none can be mounted."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def big_records(n: int = 300) -> list[dict[str, object]]:
    return [record(i, situation="x" * 5000) for i in range(n)]


def test_a_full_disk_says_so_and_imports_nothing(small_disk: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    store = small_disk / "h.sqlite"
    filled(str(store))
    path = write_json(tmp_path / "big.json", big_records())
    before = snapshot(small_disk)
    err = one_error_line(capsys, "import", str(path), "--store", str(store))
    assert err == (f"starkit: {store}: cannot import attempts: the disk is full "
                   "(OperationalError: database or disk is full); nothing was imported")
    assert snapshot(small_disk) == before
    assert len(rows(str(store))) == BEFORE


def test_a_store_on_a_disk_already_full(small_disk: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    store = small_disk / "h.sqlite"
    filled(str(store))
    with (small_disk / "filler").open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:  # the disk is full now
            pass
    err = one_error_line(capsys, "export", str(tmp_path / "out.json"), "--store", str(store))
    assert err.startswith(f"starkit: {store}: cannot open the history store: the disk is "
                          "full (OperationalError: ")
    assert err.endswith("); it was left untouched")
    new = small_disk / "new.sqlite"
    err = one_error_line(capsys, "import", str(write_json(tmp_path / "a.json", [record(1)])),
                         "--store", str(new))
    assert err.startswith(f"starkit: {new}: cannot ")
    assert "the disk is full" in err
    assert not new.exists()  # a store that could not be made leaves nothing
    assert not (tmp_path / "out.json").exists()


def test_an_export_to_a_full_disk_keeps_the_old_one(small_disk: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "h.sqlite"
    with History.open(store) as h:
        h.import_(write_json(tmp_path / "big.json", big_records(200)))
    old = small_disk / "room.json"
    old.write_text("the old export")
    err = one_error_line(capsys, "export", str(old), "--store", str(store))
    assert err == f"starkit: {old}: cannot write: No space left on device"
    assert sorted(p.name for p in small_disk.iterdir()) == ["room.json"]
    assert old.read_text() == "the old export"


def test_a_store_that_cannot_grow_is_a_full_disk(tmp_path: Path) -> None:
    store = filled(str(tmp_path / "h.sqlite"))
    with History.open(store) as h:
        pages = h.connection.execute("PRAGMA page_count").fetchone()[0]
        h.connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLITE_FULL soon
        with pytest.raises(HistoryError) as info:
            h.import_(write_json(tmp_path / "big.json", big_records()))
    assert str(info.value) == (f"{store}: cannot import attempts: the disk is full "
                               "(OperationalError: database or disk is full); nothing was "
                               "imported")
    assert len(rows(store)) == BEFORE


# --- read-only --------------------------------------------------------------------------------


def test_a_read_only_store_is_not_called_corrupt(tmp_path: Path) -> None:
    store = filled(str(tmp_path / "h.sqlite"))
    path = write_json(tmp_path / "a.json", [record(1)])
    with History.open(store) as h:
        h.connection.execute("PRAGMA query_only = ON")  # SQLite's answer for a read-only file
        with pytest.raises(HistoryError) as info:
            h.import_(path)
    assert str(info.value) == (f"{store}: cannot import attempts: the store is read-only "
                               "(OperationalError: attempt to write a readonly database); "
                               "nothing was imported")
    assert len(rows(store)) == BEFORE


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A store (0444) in a folder ``ro`` (0555)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    filled(str(folder / "h.sqlite"))
    (folder / "h.sqlite").chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        (folder / "h.sqlite").chmod(0o644)


def test_a_store_in_a_read_only_folder(locked: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    done = unprivileged("export", str(tmp_path / "out.json"), "--store",
                        str(locked / "h.sqlite"))
    assert done.returncode == 1
    assert done.stderr == (f"starkit: {locked / 'h.sqlite'}: cannot open the history store: "
                           + READ_ONLY_FOLDER.format(folder=locked)
                           + " (OperationalError: attempt to write a readonly database); it "
                           "was left untouched\n")
    assert "corrupt" not in done.stderr
    assert snapshot(tmp_path) == before


def test_a_read_only_file_exports_and_refuses_an_import(locked: Path, tmp_path: Path) -> None:
    locked.chmod(0o755)  # the folder writable, the file not
    out = tmp_path / "out.json"
    done = unprivileged("export", str(out), "--store", str(locked / "h.sqlite"))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["attempts"]) == BEFORE
    path = write_json(tmp_path / "a.json", [record(1)])
    done = unprivileged("import", str(path), "--store", str(locked / "h.sqlite"))
    assert done.returncode == 1
    assert done.stderr == (f"starkit: {locked / 'h.sqlite'}: cannot import attempts: the "
                           "store is read-only (the file's permissions do not allow writing) "
                           "(OperationalError: attempt to write a readonly database); nothing "
                           "was imported\n")
    assert len(rows(str(locked / "h.sqlite"))) == BEFORE


def test_a_read_only_file_system(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root")
    source, view = tmp_path / "src", tmp_path / "view"
    source.mkdir()
    view.mkdir()
    filled(str(source / "h.sqlite"))
    if subprocess.run(["mount", "--bind", str(source), str(view)]).returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        before = snapshot(source)
        with pytest.raises(HistoryError) as info:
            History.open(view / "h.sqlite", create=False)
        assert str(info.value) == (f"{view / 'h.sqlite'}: cannot open the history store: the "
                                   f"store is on a read-only file system ({view}) "
                                   "(OperationalError: unable to open database file); it was "
                                   "left untouched")
        assert snapshot(source) == before
    finally:
        subprocess.run(["umount", str(view)], check=True)


# --- a folder that cannot be written to -----------------------------------------------------


def test_a_new_store_under_a_folder_that_cannot_be_written(locked: Path,
                                                           tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", [record(1)])
    before = snapshot(tmp_path)
    done = unprivileged("import", str(path), "--store", str(locked / "sub" / "new.sqlite"))
    assert done.returncode == 1
    assert done.stderr == (f"starkit: {locked / 'sub' / 'new.sqlite'}: cannot create the "
                           f"folder {locked / 'sub'}: the folder {locked} is not writable; "
                           "choose another path or create the folder first\n")
    done = unprivileged("import", str(path), "--store", str(locked / "new.sqlite"))
    assert done.returncode == 1
    assert done.stderr == (f"starkit: {locked / 'new.sqlite'}: cannot create the history "
                           f"store: the folder {locked} is not writable; choose another "
                           "path\n")
    assert snapshot(tmp_path) == before


# --- corrupt ----------------------------------------------------------------------------------


@pytest.fixture
def smashed(tmp_path: Path) -> Path:
    """A store of 5 attempts whose pages from ``attempts`` on are overwritten: it opens."""
    store = tmp_path / "h.sqlite"
    filled(str(store))
    smash_attempt_pages(store)
    return store


def test_import_refuses_a_corrupt_store(smashed: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path / "a.json", [record(1)])
    before = snapshot(tmp_path)
    err = one_error_line(capsys, "import", str(path), "--store", str(smashed))
    assert err.startswith(f"starkit: {smashed}: cannot import attempts: the store is corrupt "
                          "(PRAGMA quick_check: ")
    assert err.endswith("); nothing was imported: restore it from a backup or an export")
    assert snapshot(tmp_path) == before
    with History.open(smashed) as h, pytest.raises(StoreCorruptError):
        h.import_(path)


def test_export_refuses_a_corrupt_store(smashed: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "room.json").write_text("the old export")
    before = snapshot(tmp_path)
    err = one_error_line(capsys, "export", str(tmp_path / "room.json"), "--store", str(smashed))
    assert err == (f"starkit: {smashed}: cannot read attempts: the store is corrupt or "
                   "unreadable (DatabaseError: database disk image is malformed)")
    assert snapshot(tmp_path) == before


def test_a_damaged_index_is_refused_by_import_but_exports(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    store = tmp_path / "h.sqlite"
    filled(str(store))
    con = sqlite3.connect(store)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    page = con.execute("SELECT rootpage FROM sqlite_master "
                       "WHERE name = 'attempts_workshop'").fetchone()[0]
    con.close()
    data = bytearray(store.read_bytes())
    data[(page - 1) * size:page * size] = b"\x07" * size
    store.write_bytes(bytes(data))
    path = write_json(tmp_path / "a.json", [record(1)])
    err = one_error_line(capsys, "import", str(path), "--store", str(store))
    assert err.startswith(f"starkit: {store}: cannot import attempts: the store is corrupt "
                          f"(PRAGMA quick_check: ")
    assert store.read_bytes() == bytes(data)
    assert cli.main(["export", str(tmp_path / "saved.json"), "--store", str(store)]) == 0
    assert len(json.loads((tmp_path / "saved.json").read_text())["attempts"]) == BEFORE


def test_a_bad_stored_value_is_one_line(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    store = filled(str(tmp_path / "h.sqlite"))
    with History.open(store) as h, h.transaction() as tx:
        tx.run("UPDATE attempts SET created_at = 'yesterday' WHERE id = 'keep-2'")
    err = one_error_line(capsys, "export", str(tmp_path / "out.json"), "--store", store)
    assert err.startswith(f"starkit: {store}: cannot read attempts: a stored value cannot be "
                          "read (")
    assert not (tmp_path / "out.json").exists()


# --- bad stored records are skipped by the readers, and said so --------------------------------


@pytest.fixture
def spoiled(tmp_path: Path, reference: Scenario) -> History:
    """Four weak attempts by ana, bo, cy and di; the stored scorecards of bo, cy and di then
    spoiled (a number, findings as text, not JSON)."""
    h = History.open(tmp_path / "h.sqlite")
    people = ["ana", "bo", "cy", "di"]
    attempts = [attempt(reference, who, i, weak=True) for i, who in enumerate(people)]
    h.save_many(attempts, workshop="w1")
    with h.transaction() as tx:
        for a, card in zip(attempts[1:], ['5', '{"findings": "abc"}', '{"findings": [1'],
                           strict=True):
            tx.run("UPDATE attempt_details SET scorecard = :c WHERE id = :i",
                   {"c": card, "i": a.id})
    h.ids = [a.id for a in attempts]  # type: ignore[attr-defined]
    return h


def test_findings_skip_a_bad_scorecard_and_say_why(spoiled: History) -> None:
    ids = spoiled.ids  # type: ignore[attr-defined]
    df = spoiled.findings()
    assert set(df["candidate"]) == {"ana"}
    assert df.attrs["skipped"] == [
        (ids[1], "the stored scorecard is not a mapping (a number)"),
        (ids[2], "the stored findings are not a list (text)"),
        (ids[3], "the stored scorecard is not valid JSON"),
    ]


def test_the_dashboard_says_what_it_skipped(spoiled: History, tmp_path: Path) -> None:
    ids = spoiled.ids  # type: ignore[attr-defined]
    dash = WorkshopDashboard(spoiled, workshop="w1", reports_dir=tmp_path / "reports")
    assert dash.last_error is None
    assert dash.skipped.layout.display is None
    assert dash.skipped.value == (
        '<div class="sk-note" role="status">3 records skipped: the stored scorecard is not a '
        f"mapping (a number) (attempt {ids[1]}); the stored findings are not a list (text) "
        f"(attempt {ids[2]}); the stored scorecard is not valid JSON (attempt {ids[3]})</div>")
    assert "starkit-common-findings" in dash.findings_html.value
    assert len(dash.participant.options) == 4


def test_one_bad_attempt_is_named_when_asked_for(spoiled: History) -> None:
    ids = spoiled.ids  # type: ignore[attr-defined]
    with pytest.raises(HistoryError) as info:
        spoiled.attempt(ids[1])
    assert str(info.value) == (f"{spoiled.where}: cannot read attempt {ids[1]}: the stored "
                               "scorecard is not a mapping (a number)")
    assert spoiled.attempt(ids[0]).candidate == "ana"


def test_an_export_keeps_a_bad_record_for_the_import_to_name(spoiled: History,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "room.json"
    assert spoiled.export(out) == 4
    records = json.loads(out.read_text())["attempts"]
    assert [r["scorecard"] for r in records[1:]] == [5, {"findings": "abc"}, '{"findings": [1']
    with History.open(":memory:") as other, pytest.raises(HistoryError) as info:
        other.import_(out)
    assert str(info.value) == (
        f"{out}: nothing was imported: 3 problems in 3 of 4 records: record 2: scorecard: "
        "expected a mapping, got a number; record 3: scorecard.findings: expected a list, "
        "got text; record 4: scorecard: not valid JSON (Expecting ',' delimiter: line 1 "
        "column 16 (char 15)); fix them and import again")



def test_stories_skip_a_bad_record_and_the_report_still_builds(
        spoiled: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    good = make_story("ana", "Webhook drops", Answer(situation="x"), principles=["Ownership"])
    bad = make_story("ana", "Spoiled", Answer(situation="y"))
    spoiled.save_story(good)
    spoiled.save_story(bad)
    with spoiled.transaction() as tx:
        tx.run("UPDATE stories SET principles = '5' WHERE id = :i", {"i": bad.id})
    stories = spoiled.stories("ana")
    assert stories == [good]
    assert stories.skipped == [(bad.id, "the stored principles are not a list of names")]
    spoiled.close()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", "ana", "--store", str(tmp_path / "h.sqlite"),
                     "--out", str(tmp_path / "ana.html")]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'ana.html'}\n"
    assert "1 story could not be read and is left out." in (tmp_path / "ana.html").read_text()
