"""Import checks every record first and writes all or nothing, on SQLite and PostgreSQL:
every problem is listed by record and field in one error, the store's rows and every file's
bytes stay as they were, and a valid file goes in as one transaction. Fields of any size
round-trip through CSV and JSON.

The helpers here (a store with known rows, small valid records, a snapshot of a folder)
are shared by the other ``test_store_*`` files.
"""

from __future__ import annotations

import copy
import csv
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starkit import Answer, HistoryError, Scenario, cli, score
from starkit._exceptions import ImportRecordsError
from starkit.content.rubric import DIMENSIONS
from starkit.history import History, make_attempt
from starkit.history import store as store_module
from starkit.history.backends import Backend
from tests.pg import pg_url, reset_pg

# --- shared helpers ---------------------------------------------------------------------------

BEFORE = 5  # rows in every test store before the test acts


def record(i: int, **changes: Any) -> dict[str, Any]:
    """A small, valid export record with id ``rec-<i>``; ``changes`` override fields."""
    rec: dict[str, Any] = {
        "id": f"rec-{i:05d}", "candidate": "ana", "created_at": "2026-11-01T09:00:00+00:00",
        "scenario_id": None, "story_id": None, "principle": "Ownership", "level": "SDE2",
        "mode": "practice", "overall": 70.0, "verdict": "Hire", "duration_seconds": 60.0,
        "starkit_version": "0.1.0", "rubric": "r1", "workshop": None,
        "situation": "s", "task": "t", "action": "a", "result": "r", "reflection": "x",
        "dimensions": dict.fromkeys(DIMENSIONS, 70.0), "scorecard": {"findings": []},
        "extra": {},
    }
    rec.update(changes)
    return rec


def write_json(path: Path, records: Any) -> Path:
    """An export file holding ``records`` as its "attempts"."""
    path.write_text(json.dumps({"starkit_history": 1, "attempts": records}))
    return path


def write_csv(path: Path, records: list[dict[str, Any]]) -> Path:
    """A CSV export of ``records`` (nested values as JSON text, None as empty)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(records[0]))
        w.writeheader()
        for rec in records:
            w.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else v
                        for k, v in rec.items()})
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def rows(target: str) -> list[tuple[Any, ...]]:
    """The store's attempts as (id, candidate, overall), read without starkit."""
    url = (f"sqlite:///{target}" if "://" not in target
           else target.replace("postgresql://", "postgresql+psycopg://", 1))
    engine = sa.create_engine(url)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(sa.text(
                "SELECT a.id, a.candidate, a.overall FROM attempts a "
                "JOIN attempt_details d ON d.id = a.id ORDER BY a.id"))]
    finally:
        engine.dispose()


def filled(target: str, n: int = BEFORE) -> str:
    """Give the store at ``target`` ``n`` attempts of "keeper" (checkpointed, closed)."""
    with History.open(target) as h:
        h.import_(write_json(Path(tempfile.mkdtemp()) / "seed.json",
                             [record(i, id=f"keep-{i}", candidate="keeper") for i in range(n)]))
        if h.dialect == "sqlite":
            h.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return target


def postgres() -> str:
    """The test server's URL, emptied; the test skips without one."""
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store with ``BEFORE`` rows: a SQLite file in ``tmp_path/store``, or PostgreSQL."""
    if request.param == "sqlite":
        (tmp_path / "store").mkdir()
        return filled(str(tmp_path / "store" / "h.sqlite"))
    return filled(postgres())


def refused(target: str, path: Path, message: str) -> None:
    """Importing ``path`` raises exactly ``message`` and changes no row and no file byte."""
    before, files = rows(target), snapshot(path.parent)
    with History.open(target) as h:
        with pytest.raises(ImportRecordsError) as info:
            h.import_(path)
        assert str(info.value) == message
    assert rows(target) == before
    assert len(before) == BEFORE
    assert snapshot(path.parent) == files


# --- one test per bad input (the issue's list), on both databases -----------------------------

GOOD = [record(i) for i in range(5)]
#: name -> (what to change in record 3 of 5, the problem reported for it)
BAD_FIELD = {
    "overall 250": ({"overall": 250}, "overall: 250 is out of range (expected 0-100)"),
    "overall inf": ({"overall": float("inf")}, "overall: not a finite number (inf)"),
    "overall NaN": ({"overall": float("nan")}, "overall: not a finite number (nan)"),
    "overall 10**400": ({"overall": 10**400},
                        "overall: a 401-digit number is out of range (expected 0-100)"),
    "overall as text": ({"overall": "85"}, "overall: expected a number, got text ('85')"),
    "overall true": ({"overall": True}, "overall: expected a number, got true/false"),
    "negative duration": ({"duration_seconds": -500},
                          "duration_seconds: -500 is out of range (expected 0 or more)"),
    "negative dimension": ({"dimensions": {**dict.fromkeys(DIMENSIONS, 70.0), "action": -3}},
                           "dimensions.action: -3 is out of range (expected 0-100)"),
    "dimension NaN": ({"dimensions": {"impact": float("nan")}},
                      "dimensions.impact: not a finite number (nan)"),
    "unknown dimension": ({"dimensions": {"charisma": 50}},
                          "dimensions.charisma: unknown dimension (expected one of "
                          + ", ".join(DIMENSIONS) + ")"),
    "dimensions a list": ({"dimensions": [70, 70]},
                          "dimensions: expected a mapping of dimension to score, got a list"),
    "null id": ({"id": None}, "id: null (a value is required)"),
    "null candidate": ({"candidate": None}, "candidate: null (a value is required)"),
    "null level": ({"level": None}, "level: null (a value is required)"),
    "empty candidate": ({"candidate": "  "}, "candidate: empty (a value is required)"),
    "id a number": ({"id": 7}, "id: expected text, got a number (7)"),
    "unknown level": ({"level": "Staff"},
                      "level: unknown value 'Staff' (expected one of SDE1, SDE2, Senior)"),
    "unknown mode": ({"mode": "exam"},
                     "mode: unknown value 'exam' (expected one of learn, practice, mock)"),
    "unknown verdict": ({"verdict": "Maybe"}, "verdict: unknown value 'Maybe' (expected one "
                        "of Strong Hire, Hire, Lean No Hire, No Hire)"),
    "scorecard 5": ({"scorecard": 5}, "scorecard: expected a mapping, got a number"),
    "findings text": ({"scorecard": {"findings": "abc"}},
                      "scorecard.findings: expected a list, got text"),
    "a finding not a mapping": ({"scorecard": {"findings": [1]}},
                                "scorecard.findings[0]: expected a mapping, got a number"),
    "extra a list": ({"extra": [1]}, "extra: expected a mapping, got a list"),
    "bad time": ({"created_at": "yesterday"}, "created_at: not an ISO 8601 time ('yesterday')"),
    "time a number": ({"created_at": 1700000000},
                      "created_at: expected an ISO 8601 time as text, got a number"),
    "section a number": ({"action": 5}, "action: expected text, got a number (5)"),
    "duplicate id": ({"id": "rec-00000"}, "id: 'rec-00000' is also the id of record 1"),
}


@pytest.mark.parametrize("case", list(BAD_FIELD))
def test_a_bad_field_refuses_the_whole_file(target: str, tmp_path: Path, case: str) -> None:
    change, problem = BAD_FIELD[case]
    records = copy.deepcopy(GOOD)
    records[2].update(change)
    path = write_json(tmp_path / "room.json", records)
    refused(target, path, f"{path}: nothing was imported: 1 problem in 1 of 5 records: "
                          f"record 3: {problem}; fix it and import again")


def test_a_missing_field_is_named(target: str, tmp_path: Path) -> None:
    records = copy.deepcopy(GOOD)
    del records[1]["created_at"]
    path = write_json(tmp_path / "room.json", records)
    refused(target, path, f"{path}: nothing was imported: 1 problem in 1 of 5 records: "
                          "record 2: created_at: missing; fix it and import again")


def test_three_null_ids_are_three_problems(target: str, tmp_path: Path) -> None:
    records = [record(i, id=None) for i in range(3)]
    path = write_json(tmp_path / "room.json", records)
    refused(target, path, f"{path}: nothing was imported: 3 problems in 3 of 3 records: "
                          "record 1: id: null (a value is required); record 2: id: null (a "
                          "value is required); record 3: id: null (a value is required); fix "
                          "them and import again")


def test_a_record_that_is_not_a_mapping(target: str, tmp_path: Path) -> None:
    path = write_json(tmp_path / "room.json", [record(0), [1, 2], "x"])
    refused(target, path, f"{path}: nothing was imported: 2 problems in 2 of 3 records: "
                          "record 2: expected a record (a mapping of field to value), got a "
                          "list; record 3: expected a record (a mapping of field to value), "
                          "got text; fix them and import again")


@pytest.mark.parametrize(("attempts", "got"), [(5, "a number"), (None, "null"),
                                               ({"a": 1}, "a mapping"), ("x", "text")])
def test_attempts_not_a_list(target: str, tmp_path: Path, attempts: Any, got: str) -> None:
    path = write_json(tmp_path / "room.json", attempts)
    refused(target, path, f"{path}: nothing was imported: attempts: expected a list of "
                          f"attempt records, got {got}")


def test_the_nan_at_record_5500_of_6000_writes_nothing(target: str, tmp_path: Path) -> None:
    records = [record(i) for i in range(6000)]
    records[5499]["overall"] = float("nan")
    path = write_json(tmp_path / "room.json", records)
    refused(target, path, f"{path}: nothing was imported: 1 problem in 1 of 6,000 records: "
                          "record 5500: overall: not a finite number (nan); fix it and import "
                          "again")


def test_every_problem_is_counted_and_twenty_are_listed(target: str, tmp_path: Path) -> None:
    records = [record(i, overall=101 + i) for i in range(30)]
    records[29]["level"] = None
    path = write_json(tmp_path / "room.json", records)
    listed = "; ".join(f"record {i + 1}: overall: {101 + i} is out of range (expected 0-100)"
                       for i in range(20))
    refused(target, path, f"{path}: nothing was imported: 31 problems in 30 of 30 records: "
                          f"{listed}; and 11 more; fix them and import again")
    with History.open(target) as h, pytest.raises(ImportRecordsError) as info:
        h.import_(path)
    assert len(info.value.problems) == 31
    assert (30, "level", "null (a value is required)") in info.value.problems


# --- CSV: lines, text cells, a header without the columns ------------------------------------


def test_csv_problems_name_the_record_and_its_line(target: str, tmp_path: Path) -> None:
    records = [record(0), record(1, situation="two\nlines"), record(2, overall="lots"),
               record(3, dimensions="{not json"), record(4, level="")]
    path = write_csv(tmp_path / "room.csv", records)
    refused(target, path, f"{path}: nothing was imported: 3 problems in 3 of 5 records: "
                          "record 3 (line 5): overall: expected a number, got 'lots'; record 4 "
                          "(line 6): dimensions: not valid JSON (Expecting property name "
                          "enclosed in double quotes: line 1 column 2 (char 1)); record 5 "
                          "(line 7): level: missing; fix them and import again")


def test_a_csv_line_with_too_few_or_too_many_values(target: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "room.csv", [record(0), record(1)])
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[1] + ",surplus", "rec-9,ana"]) + "\n")
    missing = "; ".join(f"record 2 (line 3): {f}: missing" for f in (
        "created_at", "level", "mode", "overall", "verdict", "starkit_version", "rubric",
        "dimensions", "scorecard"))
    refused(target, path, f"{path}: nothing was imported: 10 problems in 2 of 2 records: "
                          "record 1 (line 2): more values than the header has columns; "
                          f"{missing}; fix them and import again")


def test_a_csv_without_the_columns(target: str, tmp_path: Path) -> None:
    path = tmp_path / "room.csv"
    path.write_text("id,candidate\nx,ana\n")
    refused(target, path, f"{path}: nothing was imported: the header has no column "
                          "created_at, level, mode, overall, verdict, dimensions, scorecard, "
                          "starkit_version, rubric")


def test_a_file_that_is_not_an_export(target: str, tmp_path: Path) -> None:
    path = tmp_path / "room.json"
    path.write_text('{"attempts": [1,')
    before, files = rows(target), snapshot(tmp_path)
    with History.open(target) as h, pytest.raises(HistoryError) as info:
        h.import_(path)
    assert str(info.value) == (f"{path}: cannot read the export: Expecting value: line 1 "
                               "column 17 (char 16)")
    assert rows(target) == before
    assert snapshot(tmp_path) == files


# --- the command line ----------------------------------------------------------------------


def test_the_cli_refuses_a_bad_file_in_one_line(target: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    records = copy.deepcopy(GOOD)
    records[4]["overall"] = float("inf")
    path = write_json(tmp_path / "room.json", records)
    before, files = rows(target), snapshot(tmp_path)
    assert cli.main(["import", str(path), "--store", target]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (f"starkit: {path}: nothing was imported: 1 problem in 1 of 5 records: "
                       "record 5: overall: not a finite number (inf); fix it and import "
                       "again\n")
    assert rows(target) == before
    assert snapshot(tmp_path) == files


def test_the_cli_imports_a_good_file_whole(target: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path / "room.json", GOOD)
    assert cli.main(["import", str(path), "--store", target]) == 0
    assert capsys.readouterr().out == f"imported 5 new attempts from {path}\n"
    assert len(rows(target)) == BEFORE + 5
    assert cli.main(["import", str(path), "--store", target]) == 0  # no duplicates
    assert capsys.readouterr().out == f"imported 0 new attempts from {path}\n"
    assert len(rows(target)) == BEFORE + 5


# --- one transaction ---------------------------------------------------------------------------


def test_a_failure_in_the_third_chunk_leaves_nothing(target: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "IMPORT_CHUNK", 10)
    path = write_json(tmp_path / "room.json", [record(i) for i in range(50)])
    calls: list[int] = []
    add_rows = Backend.add_rows

    def failing(self: Backend, conn: sa.Connection, table: sa.Table,
                chunk: Any) -> int:
        calls.append(len(chunk))
        if len(calls) == 5:  # the attempts of the third chunk
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))
        return add_rows(self, conn, table, chunk)

    monkeypatch.setattr(Backend, "add_rows", failing)
    before = rows(target)
    with History.open(target) as h, pytest.raises(HistoryError) as info:
        h.import_(path)
    assert str(info.value).endswith("cannot import attempts: Exception: disk I/O error; "
                                    "nothing was imported")
    assert rows(target) == before


def test_progress_is_reported_inside_the_one_transaction(target: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(store_module, "IMPORT_CHUNK", 10)
    path = write_json(tmp_path / "room.json", [record(i) for i in range(25)])
    seen: list[tuple[int, int]] = []
    with History.open(target) as h:
        assert h.import_(path, progress=lambda d, t: seen.append((d, t))) == 25
    assert seen == [(10, 25), (20, 25), (25, 25)]
    assert len(rows(target)) == BEFORE + 25


# --- any field size ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_100000_character_answer_round_trips(reference: Scenario, tmp_path: Path,
                                               suffix: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    parts = reference.strong_parts()
    parts["action"] = ("I rebuilt the retry queue and paged the owner. " * 2200)[:100_000]
    answer = Answer(**parts)
    a = make_attempt(answer, score(answer, scenario=reference), candidate="ana",
                     mode="practice")
    source, copy_ = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with History.open(source) as h:
        h.save(a)
    out = tmp_path / f"room{suffix}"
    assert cli.main(["export", str(out), "--store", str(source)]) == 0
    assert cli.main(["import", str(out), "--store", str(copy_)]) == 0
    assert capsys.readouterr().out.endswith(f"imported 1 new attempts from {out}\n")
    with History.open(copy_, create=False) as h:
        assert h.attempt(a.id) == a
    assert csv.field_size_limit() == 131072  # the module's limit is put back


# --- all or nothing, for any mix -------------------------------------------------------------

#: Values that make a record invalid, per field.
INVALID: dict[str, st.SearchStrategy[Any]] = {
    "overall": st.one_of(st.floats(allow_nan=True).filter(lambda x: not 0 <= x <= 100),
                         st.integers().filter(lambda x: not 0 <= x <= 100),
                         st.none(), st.text(max_size=3), st.booleans()),
    "duration_seconds": st.one_of(st.floats(max_value=-0.001), st.just(float("inf")),
                                  st.just(float("nan")), st.text(max_size=3)),
    "id": st.one_of(st.none(), st.integers(), st.just(""), st.just("rec-00000")),
    "candidate": st.one_of(st.none(), st.just(" "), st.lists(st.text(), max_size=1)),
    "level": st.one_of(st.none(), st.sampled_from(["Staff", "L5", ""])),
    "mode": st.sampled_from(["exam", "", None]),
    "verdict": st.sampled_from(["Yes", None, 5]),
    "created_at": st.one_of(st.none(), st.integers(), st.just("not a time")),
    "dimensions": st.one_of(st.none(), st.lists(st.integers(), max_size=2), st.integers(),
                            st.fixed_dictionaries({"ownership": st.floats().filter(
                                lambda x: not 0 <= x <= 100)})),
    "scorecard": st.one_of(st.none(), st.integers(), st.text(max_size=3),
                           st.fixed_dictionaries({"findings": st.one_of(
                               st.text(), st.integers(), st.lists(st.integers(), min_size=1))})),
}
#: Values that keep a record valid.
VALID: dict[str, st.SearchStrategy[Any]] = {
    "overall": st.floats(0, 100) | st.integers(0, 100),
    "duration_seconds": st.floats(0, 1e6) | st.none(),
    "level": st.sampled_from(["SDE1", "sde2", "SENIOR"]),
    "situation": st.text(max_size=20),
    "workshop": st.none() | st.text(min_size=1, max_size=5),
    "dimensions": st.fixed_dictionaries({"impact": st.floats(0, 100)}),
}


@st.composite
def mixes(draw: st.DrawFn) -> tuple[list[dict[str, Any]], set[int]]:
    """Records (ids rec-00001 ...), some made invalid; and the numbers of the invalid ones."""
    n = draw(st.integers(1, 12))
    out, bad = [], set()
    for i in range(n):
        rec = record(i + 1)
        field = draw(st.sampled_from(sorted(VALID)))
        rec[field] = draw(VALID[field])
        if draw(st.booleans()):
            field = draw(st.sampled_from(sorted(INVALID)))
            value = draw(INVALID[field])
            if field == "id" and value == "rec-00000":
                value = out[0]["id"] if out else None  # an id used earlier in the file
            rec[field] = value
            bad.add(i + 1)
        out.append(rec)
    return out, bad


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mix=mixes())
def test_any_mix_of_records_goes_in_whole_or_not_at_all(
        mix: tuple[list[dict[str, Any]], set[int]]) -> None:
    records, bad = mix
    with tempfile.TemporaryDirectory() as folder, History.open(":memory:") as h:
        h.import_(write_json(Path(folder) / "seed.json",
                             [record(90000 + i) for i in range(3)]))
        path = write_json(Path(folder) / "mix.json", records)
        if bad:
            with pytest.raises(ImportRecordsError) as info:
                h.import_(path)
            assert {r for r, _, _ in info.value.problems} == bad
            assert h.count() == 3
        else:
            assert h.import_(path) == len(records)
            assert h.count() == 3 + len(records)


@pytest.fixture
def one_store(tmp_path: Path) -> Iterator[History]:
    with History.open(tmp_path / "h.sqlite") as h:
        yield h


def test_levels_in_any_case_are_stored_as_spelled_officially(one_store: History,
                                                             tmp_path: Path) -> None:
    path = write_json(tmp_path / "room.json", [record(0, level="senior"),
                                               record(1, level="sde1", workshop="w1")])
    assert one_store.import_(path) == 2
    df = one_store.attempts()
    assert list(df["level"].astype(str)) == ["Senior", "SDE1"]
    assert list(df["workshop"].astype(object).fillna("-")) == ["-", "w1"]
