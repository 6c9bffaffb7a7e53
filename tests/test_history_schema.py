"""The migrations lead to the declared tables: a store built step by step from the oldest
version this starkit reads (an empty database, and a store as the first release wrote it)
has the columns, type affinities, primary keys, foreign keys and indexes that
``starkit.history.tables`` declares, on SQLite and on PostgreSQL. And what is not a store
of ours is never written to."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from starkit import HistoryError
from starkit.history.backends import APPLICATION_ID
from starkit.history.migrations import STORE_VERSION, migration
from starkit.history.store import History
from starkit.history.tables import metadata
from tests.pg import pg_url, reset_pg


def affinity(type_name: str) -> str:
    """SQLite's type affinity rules (https://sqlite.org/datatype3.html, 3.1)."""
    name = type_name.upper()
    if "INT" in name:
        return "INTEGER"
    if any(w in name for w in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in name or not name:
        return "BLOB"
    if any(w in name for w in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def declared_shape(table: sa.Table, dialect: sa.Dialect) -> dict[str, Any]:
    """What ``tables.py`` says a table looks like, as ``reflected_shape`` reports it."""
    pk = [c.name for c in table.primary_key.columns]
    return {
        "columns": [(c.name, c.type.compile(dialect=dialect),
                     affinity(c.type.compile(dialect=dialect)))
                    for c in table.columns],
        # SQLite lets a TEXT primary key hold NULL unless told; the key itself is checked below
        "nullable": {c.name: c.nullable for c in table.columns if c.name not in pk},
        "defaults": {c.name: str(c.server_default.arg) for c in table.columns  # type: ignore[attr-defined]
                     if c.server_default is not None},
        "primary_key": pk,
        "foreign_keys": sorted((tuple(fk.column_keys), fk.referred_table.name,
                                tuple(e.column.name for e in fk.elements), fk.ondelete)
                               for fk in table.foreign_key_constraints),
        "indexes": sorted((i.name, tuple(c.name for c in i.columns), bool(i.unique))
                          for i in table.indexes),
    }


def reflected_shape(conn: sa.Connection, name: str) -> dict[str, Any]:
    """What the database says a table looks like."""
    insp = sa.inspect(conn)
    dialect = conn.dialect
    cols = insp.get_columns(name)
    pk = insp.get_pk_constraint(name)["constrained_columns"]
    fks = []
    for fk in insp.get_foreign_keys(name):
        ondelete = fk["options"].get("ondelete")
        if dialect.name == "sqlite":  # SQLAlchemy does not report it for SQLite; ask SQLite
            rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list({name})").mappings()
            ondelete = next(r["on_delete"] for r in rows if r["table"] == fk["referred_table"])
        fks.append((tuple(fk["constrained_columns"]), fk["referred_table"],
                    tuple(fk["referred_columns"]), ondelete))
    return {
        "columns": [(c["name"], c["type"].compile(dialect=dialect),
                     affinity(c["type"].compile(dialect=dialect))) for c in cols],
        "nullable": {c["name"]: c["nullable"] for c in cols if c["name"] not in pk},
        "defaults": {c["name"]: str(c["default"]).strip("'") for c in cols
                     if c.get("default") is not None},
        "primary_key": pk,
        "foreign_keys": sorted(fks),
        "indexes": sorted((i["name"], tuple(str(c) for c in i["column_names"]),
                           bool(i["unique"])) for i in insp.get_indexes(name)),
    }


def engine_for(target: str) -> sa.Engine:
    if target.startswith("postgresql://"):
        return sa.create_engine(target.replace("postgresql://", "postgresql+psycopg://", 1))
    return sa.create_engine(f"sqlite:///{target}")


def first_release_store(target: str) -> None:
    """Write a store as starkit's first release did (store version 1), with one attempt."""
    engine = engine_for(target)
    dialect = engine.dialect.name
    with engine.begin() as c:
        for statement in migration(0, dialect):
            c.exec_driver_sql(statement)
        c.exec_driver_sql("INSERT INTO meta VALUES ('store_version', '1')")
        if dialect == "sqlite":
            c.exec_driver_sql("PRAGMA user_version = 1")
        c.exec_driver_sql(
            "INSERT INTO attempts (id, candidate, created_at, principle, level, mode, overall, "
            "verdict, duration_seconds, starkit_version, rubric) VALUES ('a1', 'ana', "
            "1700000000000000, 'Ownership', 'SDE2', 'practice', 80, 'Hire', 60, 'old', 'old')")
    engine.dispose()


def assert_matches_the_declared_tables(target: str) -> None:
    engine = engine_for(target)
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
        backups = {n for n in names if n.endswith("_v1_backup")}
        assert names - backups == set(metadata.tables)
        for name, table in metadata.tables.items():
            assert reflected_shape(conn, name) == declared_shape(table, engine.dialect), name
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == STORE_VERSION
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        version = conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'store_version'")
        assert version.scalar() == str(STORE_VERSION)
    engine.dispose()


def test_a_new_store_has_the_declared_tables(target: str) -> None:
    History.open(target).close()
    assert_matches_the_declared_tables(target)


def test_a_first_release_store_migrates_to_the_declared_tables(target: str) -> None:
    first_release_store(target)
    with History.open(target) as h:
        assert h.backup_path is not None
        assert list(h.attempts()["id"]) == ["a1"]
    assert_matches_the_declared_tables(target)


def test_the_shape_check_sees_a_difference(tmp_path: Path) -> None:
    # The comparison is not vacuous: a store missing the workshop index is told apart.
    path = tmp_path / "h.sqlite"
    History.open(path).close()
    con = sqlite3.connect(path)
    con.execute("DROP INDEX attempts_workshop")
    con.commit()
    con.close()
    engine = engine_for(str(path))
    with engine.connect() as conn:
        assert reflected_shape(conn, "attempts") != declared_shape(
            metadata.tables["attempts"], engine.dialect)
    engine.dispose()


def test_each_sqlite_connection_gets_the_store_settings(tmp_path: Path) -> None:
    with History.open(tmp_path / "h.sqlite") as h:
        c = h.connection
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert c.execute("PRAGMA busy_timeout").fetchone()[0] == 60_000
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL, safe with WAL
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.isolation_level is None  # the store says when a transaction begins


# --- what is not ours is never written to ----------------------------------------------------


def test_a_database_with_another_apps_meta_table_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('application', 'someone else')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match=r"other\.sqlite is not a starkit history store; it "
                       "was left untouched"):
        History.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.sqlite.v1.bak").exists()


def test_a_foreign_postgres_database_gets_no_table() -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    engine = engine_for(url)
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE payroll (x int)")
        c.exec_driver_sql("INSERT INTO payroll VALUES (1)")
    with pytest.raises(HistoryError, match="is a database but not a starkit history store"):
        History.open(url)
    with engine.connect() as c:
        assert sa.inspect(c).get_table_names() == ["payroll"]
        assert c.exec_driver_sql("SELECT x FROM payroll").all() == [(1,)]
    engine.dispose()


def test_migration_scripts_split_at_semicolons_outside_function_bodies() -> None:
    from starkit.history.migrations import _statements

    script = "A; CREATE FUNCTION f() AS $$ BEGIN x; y; END $$; B;C"
    assert [s.strip() for s in _statements(script)] == [
        "A", "CREATE FUNCTION f() AS $$ BEGIN x; y; END $$", "B", "C"]
    for step in range(STORE_VERSION):
        for statement in migration(step, "postgresql"):
            assert statement.count("$$") % 2 == 0, statement
