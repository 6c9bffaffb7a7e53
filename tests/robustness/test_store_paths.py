"""Reading never creates a store: export, report, the dashboard and the app's check fail on
a path that holds no store, naming it and the nearest existing store, and create neither
file nor folder nor tables; saving still creates as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from starkit import HistoryError, cli
from starkit._exceptions import StoreNotFoundError
from starkit.history import History
from starkit.widgets import WorkshopDashboard
from tests.robustness.test_store_import import BEFORE, filled, postgres, rows, snapshot


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a store ``history.sqlite`` (5 attempts) and its export ``room.json``;
    the default store is somewhere that does not exist."""
    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "nowhere" / "default.sqlite"))
    filled(str(tmp_path / "history.sqlite"))
    assert cli.main(["export", str(tmp_path / "room.json"),
                     "--store", str(tmp_path / "history.sqlite")]) == 0
    return tmp_path


def cli_fails(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> str:
    """Run starkit: exit 1, one line on stderr, nothing on stdout, no file touched."""
    before = snapshot(folder)
    capsys.readouterr()
    assert cli.main(list(args)) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1
    assert snapshot(folder) == before
    return out.err.rstrip("\n")


def test_export_to_a_mistyped_store_keeps_the_backup(room: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    typo = room / "typo-dir" / "hisotry.sqlite"
    err = cli_fails(capsys, room, "export", str(room / "room.json"), "--store", str(typo))
    assert err == (f"starkit: {typo}: no starkit history store there (nothing was created); "
                   f"the nearest store is {room / 'history.sqlite'}")
    assert not (room / "typo-dir").exists()
    assert len(rows(str(room / "history.sqlite"))) == BEFORE


def test_a_mistyped_name_in_the_right_folder(room: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (room / "other.sqlite").write_bytes((room / "history.sqlite").read_bytes())
    err = cli_fails(capsys, room, "export", str(room / "x.json"), "--store",
                    str(room / "histroy.sqlite"))
    assert err.endswith(f"the nearest store is {room / 'history.sqlite'}")
    assert not (room / "histroy.sqlite").exists()


def test_the_default_store_is_named_when_nothing_alike_is_near(
        room: Path, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STARKIT_HISTORY", str(room / "history.sqlite"))
    empty = tmp_path_factory.mktemp("elsewhere")
    err = cli_fails(capsys, room, "export", str(room / "x.json"), "--store",
                    str(empty / "zzz.sqlite"))
    assert err == (f"starkit: {empty / 'zzz.sqlite'}: no starkit history store there "
                   f"(nothing was created); the nearest store is {room / 'history.sqlite'}")
    assert list(empty.iterdir()) == []


def test_a_missing_default_store_names_the_nearest(room: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    err = cli_fails(capsys, room, "export", str(room / "x.json"))  # the default store
    default = room / "nowhere" / "default.sqlite"
    assert err == (f"starkit: {default}: no starkit history store there (nothing was "
                   f"created); the nearest store is {room / 'history.sqlite'}")
    assert not (room / "nowhere").exists()


def test_no_store_anywhere_says_check_the_path(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "default.sqlite"))
    (tmp_path / "old.json").write_text("my export")
    err = cli_fails(capsys, tmp_path, "export", str(tmp_path / "old.json"), "--store",
                    str(tmp_path / "a" / "b" / "h.sqlite"))
    assert err == (f"starkit: {tmp_path / 'a' / 'b' / 'h.sqlite'}: no starkit history store "
                   "there (nothing was created); no store was found nearby; check the path")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.json"]


def test_report_on_a_mistyped_store(room: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(room)
    typo = room / "hist.sqlite"
    err = cli_fails(capsys, room, "report", "keeper", "--store", str(typo))
    assert err == (f"starkit: {typo}: no starkit history store there (nothing was created); "
                   f"the nearest store is {room / 'history.sqlite'}")


def test_the_app_check_creates_nothing(room: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(cli, "run_forwarding_signals", lambda cmd, env: calls.append(env) or 0)
    typo = room / "typo-dir" / "w.sqlite"
    err = cli_fails(capsys, room, "app", "--store", str(typo))
    assert err == (f"starkit: {typo}: no starkit history store there (nothing was created); "
                   f"the nearest store is {room / 'history.sqlite'}")
    assert calls == []
    # a new store in a folder that exists: the first save makes it; the check makes nothing
    new = room / "workshop.sqlite"
    before = snapshot(room)
    assert cli.main(["app", "--store", str(new)]) == 0
    err = capsys.readouterr().err
    assert err == (f"starkit: {new} holds no store yet; the first save creates it (the "
                   f"nearest existing store is {room / 'history.sqlite'})\n")
    assert calls[0]["STARKIT_HISTORY"] == str(new)
    assert snapshot(room) == before


def test_the_dashboard_reads_only(room: Path) -> None:
    typo = room / "hisotry.sqlite"
    with pytest.raises(StoreNotFoundError) as info:
        WorkshopDashboard(str(typo), reports_dir=room / "reports")
    assert info.value.nearest == room / "history.sqlite"
    assert not typo.exists()
    dash = WorkshopDashboard(str(room / "history.sqlite"), reports_dir=room / "reports")
    assert list(dash.participant.options) == ["keeper"]
    dash.store.close()


def test_an_empty_file_or_database_is_not_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    bare = tmp_path / "bare.sqlite"
    con = sqlite3.connect(bare)
    con.execute("PRAGMA user_version = 0")
    con.execute("VACUUM")  # a valid SQLite file without tables
    con.close()
    before = snapshot(tmp_path)
    with pytest.raises(StoreNotFoundError, match=r"empty\.sqlite: no starkit history store"):
        History.open(empty, create=False)
    with pytest.raises(StoreNotFoundError) as info:
        History.open(bare, create=False)
    assert str(info.value) == (f"{bare}: no starkit history store there (nothing was "
                               "created); it is an SQLite database without tables; a store is "
                               "created by the first save (the app, or 'starkit import')")
    assert snapshot(tmp_path) == before


def test_an_empty_postgres_database_is_not_a_store(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    url = postgres()
    err = cli_fails(capsys, tmp_path, "export", str(tmp_path / "x.json"), "--store", url)
    assert err == (f"starkit: {url}: no starkit history store there (nothing was created); "
                   "it is a database without tables; a store is created by the first save "
                   "(the app, or 'starkit import')")
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as c:
        assert sa.inspect(c).get_table_names() == []
    engine.dispose()
    filled(url)  # a store with attempts reads as ever
    assert cli.main(["export", str(tmp_path / "x.json"), "--store", url]) == 0


def test_saving_still_creates_the_store_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "h.sqlite"
    with History.open(path) as h:
        assert h.count() == 0
    assert path.exists()
    with History.open(path, create=False) as h:
        assert h.count() == 0


def test_a_folder_is_refused_either_way(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="is a folder; give the path of a history file"):
        History.open(tmp_path, create=False)
