"""Exports are written whole or not at all and private (0600): a missing folder, a folder
that cannot be written to, or a folder given as the path is one clear line, and leaves the
old export byte for byte and no temporary file. The store, its WAL and SHM files, its
migration backups and its exports are created 0600."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from starkit import cli
from starkit._files import FileWriteError
from starkit.history import History
from starkit.history.migrations import migration
from tests.robustness.test_store_import import BEFORE, filled, postgres, rows, snapshot

ROOT = Path(__file__).resolve().parents[2]


def unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """``starkit ARGS`` in a subprocess that file permissions stop: as root, with the
    capabilities that override them dropped (setpriv); skips where that cannot be done."""
    cmd = [sys.executable, "-m", "starkit.cli", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv: file permissions would not stop it")
        cmd = [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def room(tmp_path: Path) -> Path:
    """A store ``h.sqlite`` with 5 attempts and an older export ``room.json`` beside it."""
    filled(str(tmp_path / "h.sqlite"))
    (tmp_path / "room.json").write_text('{"starkit_history": 1, "attempts": ["the old one"]}')
    return tmp_path


def export_fails(capsys: pytest.CaptureFixture[str], room: Path, out: Path) -> str:
    before = snapshot(room)
    assert cli.main(["export", str(out), "--store", str(room / "h.sqlite")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith("\n")
    assert captured.err.count("\n") == 1
    assert snapshot(room) == before
    assert len(rows(str(room / "h.sqlite"))) == BEFORE
    return captured.err.rstrip("\n").split("\r\033[K")[-1]  # after the cleared progress bar


def test_export_to_a_missing_folder(room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = room / "nosuch" / "room.json"
    assert export_fails(capsys, room, out) == (
        f"starkit: {out}: the folder {room / 'nosuch'} does not exist; create it first")
    assert not (room / "nosuch").exists()


def test_export_to_a_folder_path(room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (room / "out.json").mkdir()
    assert export_fails(capsys, room, room / "out.json") == (
        f"starkit: {room / 'out.json'}: a folder; give a file name to write to")


def test_export_to_a_folder_that_cannot_be_written(room: Path) -> None:
    locked = room / "locked"
    locked.mkdir()
    (locked / "room.json").write_text("the old export")
    locked.chmod(0o555)
    try:
        before = snapshot(room)
        done = unprivileged("export", str(locked / "room.json"), "--store",
                            str(room / "h.sqlite"))
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr.split("\033[K")[-1] == (  # after the cleared progress bar
            f"starkit: {locked / 'room.json'}: cannot write in {locked}: Permission denied\n")
        assert "Traceback" not in done.stderr
        assert snapshot(room) == before
    finally:
        locked.chmod(0o755)


def test_a_failed_export_leaves_the_old_one_and_no_leftovers(
        room: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    before = snapshot(room)
    monkeypatch.setattr(os, "fsync", full)
    with History.open(room / "h.sqlite", create=False) as h, \
            pytest.raises(FileWriteError) as info:
        h.export(room / "room.json")
    assert str(info.value) == f"{room / 'room.json'}: cannot write: No space left on device"
    assert snapshot(room) == before  # no .part file, the old export as it was


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_exports_are_private_and_replace_the_old_one_whole(room: Path, suffix: str) -> None:
    old = room / f"room{suffix}"
    old.write_text("the old one")
    old.chmod(0o644)
    with History.open(room / "h.sqlite", create=False) as h:
        assert h.export(old) == BEFORE
    assert mode(old) == 0o600
    assert "keeper" in old.read_text()
    assert sorted(p.name for p in room.iterdir()) == sorted({"h.sqlite", "room.json", old.name})


def test_a_new_store_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with History.open(path):
        files = {p.name: mode(p) for p in tmp_path.iterdir()}
    assert files == {"new.sqlite": 0o600, "new.sqlite-wal": 0o600, "new.sqlite-shm": 0o600}


def test_a_migration_backup_is_private(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)  # a store as the first release wrote it, with one attempt
    for statement in migration(0, "sqlite"):
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('store_version', '1')")
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO attempts (id, candidate, created_at, level, mode, overall, "
                "verdict, duration_seconds, starkit_version, rubric) VALUES "
                "('a', 'ana', 1, 'SDE2', 'practice', 80, 'Hire', 60, 'x', 'y')")
    con.commit()
    con.close()
    with History.open(path) as h:
        assert h.backup_path == tmp_path / "old.sqlite.v1.bak"
    assert mode(tmp_path / "old.sqlite.v1.bak") == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite", "old.sqlite.v1.bak"]
    old = sqlite3.connect(tmp_path / "old.sqlite.v1.bak")
    assert old.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    old.close()


def test_an_export_from_postgres_is_written_the_same_way(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    url = filled(postgres())
    (tmp_path / "room.json").write_text("the old export")
    (tmp_path / "folder.json").mkdir()
    before = snapshot(tmp_path)
    assert cli.main(["export", str(tmp_path / "folder.json"), "--store", url]) == 1
    err = capsys.readouterr().err.split("\033[K")[-1]
    assert err == f"starkit: {tmp_path / 'folder.json'}: a folder; give a file name to write to\n"
    assert snapshot(tmp_path) == before
    assert cli.main(["export", str(tmp_path / "room.json"), "--store", url]) == 0
    assert mode(tmp_path / "room.json") == 0o600
    assert len(rows(url)) == BEFORE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.json", "room.json"]
