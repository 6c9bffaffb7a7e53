"""The two places a history can live, behind one SQLAlchemy engine each: a SQLite file (or
memory) and a PostgreSQL server (psycopg 3).

A backend owns what differs between the two databases: how it connects and begins a write,
where it keeps the store version, how it backs up before a migration and how it keeps two
migrators apart. Everything else (the tables, the queries) is shared. Database errors are
turned into ``HistoryError`` here, at the boundary, by ``map_errors``: nothing above this
module sees ``sqlite3`` or ``sqlalchemy.exc`` errors.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar, cast
from urllib.parse import quote

from sqlalchemy import Connection, Engine, Executable, Table, create_engine, event, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from starkit._exceptions import HistoryError, StoreNotFoundError
from starkit.history.nearby import nearest_store
from starkit.history.tables import meta

__all__ = [
    "APPLICATION_ID", "Backend", "PostgresBackend", "SQLiteBackend", "check_file",
    "create_private", "map_errors", "open_backend", "redact",
]

#: In the SQLite header, so a store file says it is ours ("STKT").
APPLICATION_ID = 0x53544B54
#: How long a SQLite write waits for another process's write to finish, in seconds.
BUSY_TIMEOUT = 60.0
#: Seconds to wait for a PostgreSQL server to answer a connection (a silent host fails fast).
CONNECT_TIMEOUT = 5
#: The longest a PostgreSQL statement may run, in milliseconds.
STATEMENT_TIMEOUT_MS = 30_000
#: The PostgreSQL advisory lock that lets one process migrate at a time.
MIGRATION_LOCK = 5377484
#: The tables a PostgreSQL backup copies (``meta`` is rewritten by the migration itself).
BACKED_UP = ("attempts", "attempt_details", "stories")

Params = Mapping[str, Any]

#: ``Backend.add_rows``'s SQL by (database, parameter style, table), compiled once a process.
_ADD_SQL: dict[tuple[str, str, str], str] = {}

#: Below this much free space a failed write is put down to a full disk.
FULL_BELOW = 1 << 20

_LOCKED = "the store is locked by another process; try again"
_READ_ONLY = "the store is read-only"
_CORRUPT = "the store is corrupt or unreadable"
_FULL = "the disk is full"
_CANT_OPEN = "the file cannot be opened (check the folder's permissions)"

#: What a SQLite error means, by its code (``sqlite_errorname``, Python 3.11+), so that a
#: read-only or full disk is never taken for corruption.
_CODES: tuple[tuple[str, str], ...] = (
    ("SQLITE_BUSY", _LOCKED), ("SQLITE_LOCKED", _LOCKED),
    ("SQLITE_READONLY", _READ_ONLY),
    ("SQLITE_CORRUPT", _CORRUPT), ("SQLITE_NOTADB", _CORRUPT),
    ("SQLITE_FULL", _FULL),
    ("SQLITE_CANTOPEN", _CANT_OPEN),
    ("SQLITE_IOERR", ""),
)

#: What a PostgreSQL error means, by its SQLSTATE.
_STATES: dict[str, str] = {
    "53100": _FULL, "25006": _READ_ONLY, "XX001": _CORRUPT, "XX002": _CORRUPT,
    "55P03": _LOCKED, "40P01": _LOCKED,
}

#: What a driver's error means, by the words SQLite or PostgreSQL use for it (when the code
#: says nothing).
_MEANINGS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("timeout expired", "timed out"),
     f"the database server did not answer within {CONNECT_TIMEOUT} s; check the host and port"),
    (("canceling statement due to statement timeout",),
     f"a query ran longer than {STATEMENT_TIMEOUT_MS // 1000} s and was stopped"),
    (("database is locked", "database table is locked", "lock timeout",
      "could not obtain lock", "deadlock detected"), _LOCKED),
    (("readonly database", "read-only transaction"), _READ_ONLY),
    (("permission denied",),
     "this database user is not allowed to"),
    (("malformed", "not a database"), _CORRUPT),
    (("database or disk is full", "no space left"), _FULL),
    (("unable to open database file",), _CANT_OPEN),
    (("connection failed", "connection refused", "could not translate host name",
      "server closed the connection"),
     "the database server cannot be reached"),
)


def describe(error: BaseException) -> str:
    """The driver's own words for a database error: its type and first line."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    lines = str(orig).strip().splitlines() or [""]
    return f"{type(orig).__name__}: {lines[0]}"


def _file_trouble(path: Path, meaning: str, io_error: bool) -> str:
    """What keeps SQLite from using the store file at ``path``, found by looking at the
    disk: a missing or read-only folder, a read-only file system, a full disk (asked only
    after an I/O error or a file that cannot be opened)."""
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the store is on a read-only file system ({folder})"
        if (io_error or meaning == _CANT_OPEN) and shutil.disk_usage(folder).free < FULL_BELOW:
            return _FULL
    except OSError:  # pragma: no cover - a folder that vanished meanwhile
        return meaning
    if meaning in (_READ_ONLY, _CANT_OPEN):
        if not os.access(folder, os.W_OK | os.X_OK):
            return (f"the store is read-only: its folder {folder} is not writable (SQLite "
                    f"needs {path.name}-wal and -shm beside it, even to read); copy the "
                    "store to a folder you can write to")
        if path.exists() and not os.access(path, os.W_OK):
            return f"{_READ_ONLY} (the file's permissions do not allow writing)"
    return meaning


def meaning_of(error: BaseException, path: Path | None = None) -> str:
    """What a database error means for the user ("the disk is full", ...), or "" when
    nothing more is known than the driver's words. SQLite's error code decides, then
    PostgreSQL's SQLSTATE, then the words. ``path``, the store file, is looked at when the
    error is about the file (read-only, cannot open, I/O, full): a missing or read-only
    folder, a read-only file system, a full disk."""
    orig = error.orig if isinstance(error, DBAPIError) else error
    code = str(getattr(orig, "sqlite_errorname", "") or "")
    state = str(getattr(orig, "sqlstate", "") or "")
    meaning: str | None = next((m for prefix, m in _CODES if code.startswith(prefix)), None)
    if meaning is None:
        meaning = _STATES.get(state)
    if meaning is None:
        low = describe(error).lower()
        meaning = next((m for words, m in _MEANINGS if any(w in low for w in words)), "")
    io_error = code.startswith("SQLITE_IOERR") or "disk i/o error" in describe(error).lower()
    if path is not None and (io_error or meaning in (_READ_ONLY, _CANT_OPEN, _FULL)):
        meaning = _file_trouble(path, meaning, io_error)
    return meaning


@contextmanager
def map_errors(where: str, action: str, note: str = "", *,
               path: Path | None = None) -> Iterator[None]:
    """Raise a database error from the block as ``HistoryError`` naming the store, what was
    being done (``action``, as in "cannot save attempts") and what the error means when
    that is known (locked, read-only, corrupt, a full disk); ``note`` is added at the end.
    ``path``, the store's file, lets the meaning look at the disk (``meaning_of``).

    Modelled on httpx's ``map_exceptions``. Errors that are not the database's pass as
    they are.
    """
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as e:
        detail = describe(e)
        meaning = meaning_of(e, path)
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
    #: Whether opening created the store's file (so a failed open can remove it again).
    created: bool = False

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

    def quick_check(self, conn: Connection) -> str:
        """"ok", or the first problem the database finds in the store's own structure (a
        store corrupted past its first pages opens and fails only where it is read)."""
        return "ok"

    def discard(self) -> None:
        """Close, and remove what opening created when nothing was stored in it (a store
        that could not be made ready leaves nothing behind)."""
        self.close()

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

    def __init__(self, path: Path | None, *, create: bool = True,
                 created: bool = False) -> None:
        """Open the store at ``path`` (None: in memory). With ``create`` False the file must
        exist: SQLite is told never to create it. ``created`` says this open made it."""
        self.path = path
        self.created = created
        self.where = str(path) if path is not None else ":memory:"
        if path is None:
            self.engine = create_engine(
                URL.create("sqlite+pysqlite", database=":memory:"), poolclass=StaticPool,
                paramstyle="named",
                connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT})
        else:
            uri = f"file:{quote(str(path.absolute()))}?mode={'rwc' if create else 'rw'}"

            def connect_file() -> sqlite3.Connection:
                return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT,
                                       check_same_thread=False)

            self.engine = create_engine("sqlite+pysqlite://", creator=connect_file,
                                        poolclass=StaticPool, paramstyle="named")
        event.listen(self.engine, "connect", self._on_connect)
        self._lock = threading.RLock()
        with map_errors(self.where, "open the history store", "it was left untouched",
                        path=path):
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
        with self._lock, map_errors(self.where, action, note, path=self.path):
            yield self._conn

    @contextmanager
    def begin(self, action: str, note: str = "") -> Iterator[Connection]:
        """The store's connection inside ``BEGIN IMMEDIATE`` ... ``COMMIT``. When the block
        or the commit fails, the transaction is rolled back and the first error is the one
        reported (a full disk, not the "cannot rollback" that may follow it)."""
        with self._lock, map_errors(self.where, action, note, path=self.path):
            self._conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.exec_driver_sql("COMMIT")
            except BaseException:
                if self._raw.in_transaction:
                    with contextlib.suppress(sqlite3.Error, SQLAlchemyError):
                        self._conn.exec_driver_sql("ROLLBACK")
                raise

    def quick_check(self, conn: Connection) -> str:
        """SQLite's ``PRAGMA quick_check``: "ok", or the first problem found."""
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(1)")]
        lines = [x.strip() for r in rows for x in r.splitlines()
                 if x.strip() and not x.startswith("***")]  # "*** in database main ***"
        return "; ".join(lines) or "ok"

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
        copy is consistent while other processes read), through a private temporary file
        renamed into place: the copy is whole and readable by its owner only. Nothing for
        a store in memory."""
        if self.path is None:
            return None
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        action = f"back up the history store to {target}"
        try:
            fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{target.name}.",
                                        suffix=".part")
        except OSError as e:
            raise HistoryError(f"{self.where}: cannot {action}: {e.strerror}; the store was "
                               "left untouched") from None
        os.close(fd)
        tmp = Path(name)
        try:
            with self._lock, map_errors(self.where, action, path=self.path):
                copy = sqlite3.connect(tmp)
                try:
                    with copy:
                        self._raw.backup(copy)
                finally:
                    copy.close()
            tmp.replace(target)
        except OSError as e:
            raise HistoryError(f"{self.where}: cannot {action}: {e.strerror}; the store was "
                               "left untouched") from None
        finally:
            tmp.unlink(missing_ok=True)
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

    def discard(self) -> None:
        """Close; when this open created the file and nothing was stored in it, remove it
        and the ``-wal`` and ``-shm`` files SQLite made beside it."""
        self.close()
        path = self.path
        if path is None or not self.created:
            return
        wal = path.with_name(path.name + "-wal")
        with contextlib.suppress(OSError):
            if path.stat().st_size == 0 and (not wal.exists() or wal.stat().st_size == 0):
                for leftover in (wal, path.with_name(path.name + "-shm"), path):
                    leftover.unlink(missing_ok=True)


class PostgresBackend(Backend):
    """A store on a PostgreSQL server: a small connection pool; migrations take an advisory
    lock; a backup is a copy of each table in the same database."""

    name = "postgresql"
    kind = "a database"

    def __init__(self, url: str) -> None:
        """Connect lazily to ``url``, with a connect timeout and a statement timeout unless
        the URL sets its own. The password comes from the URL, ``PGPASSWORD``, a pgpass file
        or a service file (libpq reads the last three); messages never show it."""
        self.where = redact(url)
        with map_errors(self.where, "open the history store"):
            address = make_url(url)
            if address.drivername in ("postgres", "postgresql"):
                address = address.set(drivername="postgresql+psycopg")
            args: dict[str, Any] = {}
            if "connect_timeout" not in address.query:
                args["connect_timeout"] = CONNECT_TIMEOUT
            if "options" not in address.query:
                args["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
            self.engine = create_engine(address, pool_pre_ping=True, pool_size=2,
                                        max_overflow=4, connect_args=args)

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


def open_backend(target: str | Path, *, create: bool = True,
                 default: Path | None = None) -> Backend:
    """The backend for a path, ``:memory:``, a ``sqlite:///`` URL or a PostgreSQL URL.

    A file that exists must be a SQLite database (checked without opening it). With
    ``create`` a missing file is created (mode 0600, and its folder when missing); without,
    a missing file raises ``StoreNotFoundError`` naming the nearest store (``default``, the
    default store, is one candidate) and nothing is created.
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
    if not create:
        if not path.exists() or path.stat().st_size == 0:
            raise StoreNotFoundError(str(path), nearest_store(path, default))
        return SQLiteBackend(path, create=False)
    created = create_private(path)
    try:
        return SQLiteBackend(path, created=created)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                if path.stat().st_size == 0:
                    path.unlink()
        raise


def create_private(path: Path) -> bool:
    """Create an empty store file at ``path`` readable by its owner only (0600), and its
    folder when missing, so SQLite's own files beside it (``-wal``, ``-shm``) are private
    too; return whether it was created (False when it exists). A folder that cannot be made
    or written to raises ``HistoryError`` saying so."""
    if path.exists():
        return False
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HistoryError(f"{path}: cannot create the folder {folder}: {_reason(e)}; choose "
                           "another path or create the folder first") from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as e:
        raise HistoryError(f"{path}: cannot create the history store: {_reason(e)}; choose "
                           "another path") from None
    os.close(fd)
    return True


def _reason(e: OSError) -> str:
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"the folder {Path(e.filename).parent if e.filename else ''} is not writable"
    if e.errno == errno.EROFS:
        return "a read-only file system"
    if e.errno == errno.ENOSPC:
        return _FULL
    return str(e.strerror or e)


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
    """A database URL without its password (in the user part or the query string), for
    messages: ``postgresql://ana:secret@db/x?password=s`` becomes ``postgresql://ana@db/x``."""
    if "://" not in url:
        return url
    try:
        address = make_url(url)
    except Exception:  # not a URL SQLAlchemy can read: strip what looks like a password
        text = re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", url)
        return re.sub(r"([?&])password=[^&]*&?", r"\1", text).rstrip("?&")
    query = {k: v for k, v in address.query.items() if k.lower() != "password"}
    bare = URL.create(address.drivername, address.username, None, address.host, address.port,
                      address.database, query)
    return str(bare.render_as_string(hide_password=False))
