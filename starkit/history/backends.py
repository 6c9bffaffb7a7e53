"""The two places a history can live, behind one SQLAlchemy engine each: a SQLite file (or
memory) and a PostgreSQL server (psycopg 3).

A backend owns what differs between the two databases: how it connects and begins a write,
where it keeps the store version, how it backs up before a migration and how it keeps two
migrators apart. Everything else (the tables, the queries) is shared. Database errors are
turned into ``HistoryError`` here, at the boundary, by ``map_errors``: nothing above this
module sees ``sqlite3`` or ``sqlalchemy.exc`` errors.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar, cast

from sqlalchemy import Connection, Engine, Executable, Table, create_engine, event, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from starkit._exceptions import HistoryError
from starkit.history.tables import meta

__all__ = [
    "APPLICATION_ID", "Backend", "PostgresBackend", "SQLiteBackend", "check_file",
    "map_errors", "open_backend", "redact",
]

#: In the SQLite header, so a store file says it is ours ("STKT").
APPLICATION_ID = 0x53544B54
#: How long a SQLite write waits for another process's write to finish, in seconds.
BUSY_TIMEOUT = 60.0
#: The PostgreSQL advisory lock that lets one process migrate at a time.
MIGRATION_LOCK = 5377484
#: The tables a PostgreSQL backup copies (``meta`` is rewritten by the migration itself).
BACKED_UP = ("attempts", "attempt_details", "stories")

Params = Mapping[str, Any]

#: ``Backend.add_rows``'s SQL by (database, parameter style, table), compiled once a process.
_ADD_SQL: dict[tuple[str, str, str], str] = {}

#: What a driver's error means, by the words SQLite or PostgreSQL use for it.
_MEANINGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database is locked", "database table is locked", "lock timeout",
      "could not obtain lock", "deadlock detected"),
     "the store is locked by another process; try again"),
    (("readonly database", "read-only transaction"),
     "the store is read-only"),
    (("permission denied",),
     "this database user is not allowed to"),
    (("malformed", "not a database"),
     "the store is corrupt or unreadable"),
    (("database or disk is full", "no space left"),
     "the disk is full"),
    (("unable to open database file",),
     "the file cannot be opened (check the folder's permissions)"),
    (("connection failed", "connection refused", "could not translate host name",
      "server closed the connection"),
     "the database server cannot be reached"),
)


def describe(error: BaseException) -> str:
    """The driver's own words for a database error: its type and first line."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    lines = str(orig).strip().splitlines() or [""]
    return f"{type(orig).__name__}: {lines[0]}"


@contextmanager
def map_errors(where: str, action: str, note: str = "") -> Iterator[None]:
    """Raise a database error from the block as ``HistoryError`` naming the store, what was
    being done (``action``, as in "cannot save attempts") and what the error means when
    that is known (locked, read-only, corrupt); ``note`` is added at the end.

    Modelled on httpx's ``map_exceptions``. Errors that are not the database's pass as
    they are.
    """
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as e:
        detail = describe(e)
        low = detail.lower()
        meaning = next((m for words, m in _MEANINGS if any(w in low for w in words)), "")
        message = f"{where}: cannot {action}: " + (f"{meaning} ({detail})" if meaning
                                                    else detail)
        raise HistoryError(message + (f"; {note}" if note else "")) from None


class Backend(ABC):
    """One database a store lives in. Use ``connect`` to read and ``begin`` to write."""

    #: SQLAlchemy's name for the database ("sqlite", "postgresql").
    name: ClassVar[str]
    #: How a refusal names a database that is not a store ("an SQLite database").
    kind: ClassVar[str]

    engine: Engine
    #: What was opened, for messages: a path, ":memory:", or a URL without its password.
    where: str
    #: The store's file, for SQLite stores kept in one.
    path: Path | None = None

    @abstractmethod
    def connect(self, action: str, note: str = "") -> AbstractContextManager[Connection]:
        """A context manager giving a connection to read with. Database errors inside it
        become HistoryError saying "cannot <action>", then ``note``."""

    @abstractmethod
    def begin(self, action: str, note: str = "") -> AbstractContextManager[Connection]:
        """A context manager giving a connection inside one write transaction, committed at
        the end or rolled back on error; errors as for ``connect``."""

    @abstractmethod
    def insert(self, table: Table) -> sqlite.Insert | postgresql.Insert:
        """This database's INSERT, which knows ON CONFLICT."""

    @abstractmethod
    def backup(self, version: int) -> Path | str | None:
        """Copy the store before a migration from ``version``; return where the copy went."""

    @property
    @abstractmethod
    def connection(self) -> Any:
        """What a notebook can run SQL on directly (see ``History.connection``)."""

    def version(self, conn: Connection) -> int:
        """The store version recorded in ``meta``: 0 for an empty database, 1 for the first
        release (which did not record it)."""
        if not sa_inspect(conn).has_table("meta"):
            return 0
        value = conn.execute(select(meta.c.value).where(meta.c.key == "store_version")).scalar()
        return int(value) if value is not None else 1

    def stamp(self, conn: Connection, version: int) -> None:
        """Record that the store is now at ``version``."""
        stmt = self.insert(meta).values(key="store_version", value=str(version))
        conn.execute(stmt.on_conflict_do_update(index_elements=[meta.c.key],
                                                set_={"value": stmt.excluded.value}))

    @abstractmethod
    def lock_for_migration(self, conn: Connection) -> None:
        """Keep other processes from migrating until this transaction ends."""

    @abstractmethod
    def make_ready(self, conn: Connection) -> None:
        """Settings kept in the store itself, made once it is known to be a store of ours."""

    def upsert(self, table: Table, row: Params) -> Executable:
        """INSERT of one row that replaces the row with the same primary key."""
        stmt = self.insert(table).values(**row)
        keys = table.primary_key.columns
        return stmt.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: stmt.excluded[c] for c in row if c not in keys})

    def add_rows(self, conn: Connection, table: Table, rows: Sequence[Params]) -> int:
        """Insert the rows whose primary key is new (the others are left as they are); return
        how many were added.

        The INSERT ... ON CONFLICT DO NOTHING is compiled once for this database and the rows
        go to the driver as they are: SQLAlchemy's per-row parameter processing would halve
        the speed of a large import, and these columns (text and numbers) need none.
        """
        if not rows:
            return 0
        dialect = self.engine.dialect
        key = (dialect.name, dialect.paramstyle, table.name)
        sql = _ADD_SQL.get(key)
        if sql is None:
            stmt = self.insert(table).on_conflict_do_nothing(
                index_elements=list(table.primary_key.columns))
            sql = _ADD_SQL[key] = str(stmt.compile(dialect=dialect))
        return int(conn.exec_driver_sql(sql, list(rows)).rowcount)

    def close(self) -> None:
        """Close every connection."""
        self.engine.dispose()


class SQLiteBackend(Backend):
    """A store in a SQLite file, or in memory (``path`` None): one connection, guarded by a
    lock so threads take turns; writes begin with ``BEGIN IMMEDIATE`` so two processes
    never both wait to upgrade a read; WAL mode so readers do not wait for writers."""

    name = "sqlite"
    kind = "an SQLite database"

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.where = str(path) if path is not None else ":memory:"
        url = URL.create("sqlite+pysqlite", database=self.where)
        self.engine = create_engine(
            url, poolclass=StaticPool, paramstyle="named",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT})
        event.listen(self.engine, "connect", self._on_connect)
        self._lock = threading.RLock()
        with map_errors(self.where, "open the history store", "it was left untouched"):
            self._conn = self.engine.connect()
            self._raw = cast(sqlite3.Connection, self._conn.connection.driver_connection)

    def _on_connect(self, dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Per-connection settings only: journal mode and application id live in the file,
        # so they are written once the file is known to be ours (``make_ready``, ``stamp``).
        dbapi_connection.isolation_level = None  # transactions begin when ``begin`` says
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    @contextmanager
    def connect(self, action: str, note: str = "") -> Iterator[Connection]:
        """The store's connection, for reading (inside a transaction when one is open)."""
        with self._lock, map_errors(self.where, action, note):
            yield self._conn

    @contextmanager
    def begin(self, action: str, note: str = "") -> Iterator[Connection]:
        """The store's connection inside ``BEGIN IMMEDIATE`` ... ``COMMIT``."""
        with self._lock, map_errors(self.where, action, note):
            self._conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.exec_driver_sql("COMMIT")
            finally:
                if self._raw.in_transaction:
                    self._conn.exec_driver_sql("ROLLBACK")

    def insert(self, table: Table) -> sqlite.Insert:
        """SQLite's INSERT."""
        return sqlite.insert(table)

    def version(self, conn: Connection) -> int:
        """The store version, from the file header (``PRAGMA user_version``)."""
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())

    def stamp(self, conn: Connection, version: int) -> None:
        """Record the version in ``meta`` and in the file header, with starkit's id."""
        super().stamp(conn, version)
        conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")

    def lock_for_migration(self, conn: Connection) -> None:
        """Nothing more: ``BEGIN IMMEDIATE`` already holds the one write lock."""

    def make_ready(self, conn: Connection) -> None:
        """Switch a store file to WAL mode, so readers never wait for a writer."""
        if self.path is None:
            return
        mode = conn.exec_driver_sql("PRAGMA journal_mode = WAL").scalar_one()
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network filesystem
            raise HistoryError(f"{self.where}: cannot switch the store to WAL mode ({mode})")

    def backup(self, version: int) -> Path | None:
        """Copy the file to ``<name>.v<version>.bak`` beside it (SQLite's backup API, so the
        copy is consistent while other processes read); nothing for a store in memory."""
        if self.path is None:
            return None
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        with self._lock, map_errors(self.where, f"back up the history store to {target}"):
            copy = sqlite3.connect(target)
            try:
                with copy:
                    self._raw.backup(copy)
            finally:
                copy.close()
        return target

    @property
    def connection(self) -> sqlite3.Connection:
        """The store's own ``sqlite3`` connection."""
        return self._raw

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()
            super().close()


class PostgresBackend(Backend):
    """A store on a PostgreSQL server: a small connection pool; migrations take an advisory
    lock; a backup is a copy of each table in the same database."""

    name = "postgresql"
    kind = "a database"

    def __init__(self, url: str) -> None:
        self.where = redact(url)
        with map_errors(self.where, "open the history store"):
            address = make_url(url)
            if address.drivername in ("postgres", "postgresql"):
                address = address.set(drivername="postgresql+psycopg")
            self.engine = create_engine(address, pool_pre_ping=True, pool_size=2,
                                        max_overflow=4)

    @contextmanager
    def connect(self, action: str, note: str = "") -> Iterator[Connection]:
        """A pooled connection, for reading."""
        with map_errors(self.where, action, note), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self, action: str, note: str = "") -> Iterator[Connection]:
        """A pooled connection inside one transaction."""
        with map_errors(self.where, action, note), self.engine.begin() as conn:
            yield conn

    def insert(self, table: Table) -> postgresql.Insert:
        """PostgreSQL's INSERT."""
        return postgresql.insert(table)

    def lock_for_migration(self, conn: Connection) -> None:
        """Take the advisory lock that one migrator holds until its transaction ends."""
        conn.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))

    def make_ready(self, conn: Connection) -> None:
        """Nothing: a PostgreSQL store needs no setting kept in the database."""

    def backup(self, version: int) -> str:
        """Copy each table to ``<table>_v<version>_backup``; return their names."""
        names = []
        with self.begin("back up the history store") as conn:
            quote = conn.dialect.identifier_preparer.quote
            present = set(sa_inspect(conn).get_table_names())
            for table in BACKED_UP:
                if table in present:
                    name = f"{table}_v{version}_backup"
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {quote(name)}")
                    conn.exec_driver_sql(f"CREATE TABLE {quote(name)} AS TABLE {quote(table)}")
                    names.append(name)
        return ", ".join(names)

    @property
    def connection(self) -> Engine:
        """The SQLAlchemy engine."""
        return self.engine


def open_backend(target: str | Path) -> Backend:
    """The backend for a path, ``:memory:``, a ``sqlite:///`` URL or a PostgreSQL URL.

    A file that exists must be a SQLite database (checked without opening it); its folder
    is created when missing.
    """
    text = str(target)
    if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return PostgresBackend(text)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):] or ":memory:"
    if text == ":memory:":
        return SQLiteBackend(None)
    path = Path(text).expanduser()
    check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteBackend(path)


def check_file(path: Path) -> None:
    """Refuse anything at ``path`` that is not an SQLite file, without touching it."""
    if path.is_dir():
        raise HistoryError(f"{path} is a folder; give the path of a history file")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as e:
        raise HistoryError(f"{path}: cannot read the history store: {e.strerror}") from None
    if head != b"SQLite format 3\x00":
        raise HistoryError(f"{path} is not a starkit history store (not an SQLite database); "
                           "it was left untouched (choose another path or move the file)")


def redact(url: str) -> str:
    """A database URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"
