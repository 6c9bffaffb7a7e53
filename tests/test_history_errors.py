"""Database errors reach the caller as starkit's ``HistoryError``, naming the store, what was
being done and what the error means (locked, read-only, corrupt): never as ``sqlite3`` or
``sqlalchemy.exc`` errors, on saving and on reading alike."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from starkit import HistoryError, Scenario
from starkit.history import backends
from starkit.history.store import History
from starkit.history.stories import make_story
from starkit.scoring.answer import Answer
from tests.test_history import attempt


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait 50 ms for another process's lock, not a minute."""
    monkeypatch.setattr(backends, "BUSY_TIMEOUT", 0.05)


def saved_store(path: Path, reference: Scenario, n: int = 50) -> None:
    with History.open(path) as h:
        h.save_many([attempt(reference, "ana", i) for i in range(n)])
        h.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def assert_plain_history_error(error: BaseException) -> None:
    assert type(error) is HistoryError
    assert not isinstance(error, sqlite3.Error)
    assert error.__cause__ is None
    assert error.__suppress_context__


# --- locked ----------------------------------------------------------------------------------


def test_a_locked_store_refuses_a_save_and_still_reads(tmp_path: Path, reference: Scenario,
                                                        short_wait: None) -> None:
    path = tmp_path / "h.sqlite"
    saved_store(path, reference)
    with History.open(path) as h:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is in the middle of a save
        try:
            with pytest.raises(HistoryError, match=r"h\.sqlite: cannot save attempts: the "
                               r"store is locked by another process; try again \("
                               r"OperationalError: database is locked\)") as info:
                h.save(attempt(reference, "bo", 99))
            assert_plain_history_error(info.value)
            with pytest.raises(HistoryError, match="cannot save a story: the store is locked"):
                h.save_story(make_story("bo", "Drops", Answer(situation="x")))
            assert len(h.attempts()) == 50  # readers do not wait for a writer (WAL)
        finally:
            other.execute("ROLLBACK")
            other.close()
        h.save(attempt(reference, "bo", 99))  # the lock gone, the same store saves again
        assert h.count() == 51


def test_a_store_locked_whole_refuses_to_open_and_reads(tmp_path: Path, reference: Scenario,
                                                         short_wait: None) -> None:
    path = tmp_path / "h.sqlite"
    saved_store(path, reference)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")  # nobody else may even read
    try:
        with pytest.raises(HistoryError, match=r"h\.sqlite: cannot open the history store: "
                           r"the store is locked by another process") as info:
            History.open(path)
        assert_plain_history_error(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with History.open(path) as h:
        assert h.count() == 50


# --- read-only -------------------------------------------------------------------------------


def test_a_read_only_store_refuses_a_save_and_still_reads(tmp_path: Path,
                                                          reference: Scenario) -> None:
    path = tmp_path / "h.sqlite"
    saved_store(path, reference)
    with History.open(path) as h:
        h.connection.execute("PRAGMA query_only = ON")  # SQLite answers as for a read-only file
        with pytest.raises(HistoryError, match=r"h\.sqlite: cannot save attempts: the store "
                           r"is read-only \(OperationalError: attempt to write a readonly "
                           r"database\)") as info:
            h.save(attempt(reference, "bo", 99))
        assert_plain_history_error(info.value)
        with pytest.raises(HistoryError, match="cannot delete a candidate: the store is "
                           "read-only"):
            h.delete("ana")
        assert len(h.attempts()) == 50
        assert h.count() == 50


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="file permissions do not stop root")
def test_a_read_only_file_refuses_a_save_and_still_reads(tmp_path: Path,
                                                         reference: Scenario) -> None:
    path = tmp_path / "h.sqlite"
    saved_store(path, reference)
    path.chmod(0o444)
    try:
        with History.open(path) as h:
            with pytest.raises(HistoryError, match=r"cannot save attempts: the store is "
                               "read-only"):
                h.save(attempt(reference, "bo", 99))
            assert len(h.attempts()) == 50
    finally:
        path.chmod(0o644)


# --- corrupt ---------------------------------------------------------------------------------


def smash_attempt_pages(path: Path) -> None:
    """Overwrite every page from the ``attempts`` table on, keeping the header and ``meta``,
    so the store opens and the damage is found by the first read or write of attempts."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    first = con.execute("SELECT min(rootpage) FROM sqlite_master "
                        "WHERE tbl_name != 'meta'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    start = (first - 1) * page_size
    data[start:] = b"\xff" * (len(data) - start)
    path.write_bytes(bytes(data))


CALLS: dict[str, Callable[[History, Scenario, Path], object]] = {
    "save": lambda h, ref, tmp: h.save(attempt(ref, "bo", 99)),
    "attempts": lambda h, ref, tmp: h.attempts(),
    "attempts with texts": lambda h, ref, tmp: h.attempts(texts=True),
    "attempt": lambda h, ref, tmp: h.attempt("x"),
    "count": lambda h, ref, tmp: h.count(),
    "candidates": lambda h, ref, tmp: h.candidates(),
    "findings": lambda h, ref, tmp: h.findings(),
    "delete": lambda h, ref, tmp: h.delete("ana"),
    "stories": lambda h, ref, tmp: h.stories(),
    "export": lambda h, ref, tmp: h.export(tmp / "out.json"),
}


@pytest.mark.parametrize("call", list(CALLS))
def test_a_corrupt_store_raises_history_errors(tmp_path: Path, reference: Scenario,
                                               call: str) -> None:
    path = tmp_path / "h.sqlite"
    saved_store(path, reference)
    smash_attempt_pages(path)
    with History.open(path) as h:
        with pytest.raises(HistoryError, match=r"h\.sqlite: cannot [a-z ]+: the store is "
                           r"corrupt or unreadable \(DatabaseError: database disk image is "
                           r"malformed\)") as info:
            CALLS[call](h, reference, tmp_path)
        assert_plain_history_error(info.value)
    assert not (tmp_path / "out.json").exists()


# --- both databases: a store changed under the running app -----------------------------------


def test_a_table_dropped_by_hand_gives_history_errors(target: str,
                                                      reference: Scenario) -> None:
    with History.open(target) as h:
        h.save(attempt(reference))
        with h.transaction() as tx:
            tx.run("DROP TABLE attempt_details")
        for call in (lambda: h.save(attempt(reference, "bo", 1)),
                     lambda: h.attempts(texts=True),
                     lambda: h.attempt(attempt(reference).id)):
            with pytest.raises(HistoryError, match=r"cannot (save attempts|read attempts|read "
                               r"an attempt): (ProgrammingError|OperationalError|"
                               r"UndefinedTable): .*attempt_details") as info:
                call()
            assert_plain_history_error(info.value)
        assert len(h.attempts()) == 1  # what does not need the table still works
        with pytest.raises(HistoryError, match="cannot run a transaction"), \
                h.transaction() as tx:
            tx.run("SELECT nonsense FROM attempts")
