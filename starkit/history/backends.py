"""The two places a history can live: a SQLite file (stdlib ``sqlite3``) or a PostgreSQL
server (SQLAlchemy 2 with psycopg 3). Both run the same SQL, written with ``:name``
parameters and ``ON CONFLICT`` upserts, which both databases understand.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

Params = dict[str, Any]


class Tx(Protocol):
    def run(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]: ...
    def run_many(self, sql: str, rows: Sequence[Params]) -> int: ...


class Backend(Protocol):
    dialect: str

    def begin(self) -> Any: ...
    def run(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]: ...
    def frame(self, sql: str, params: Params) -> pd.DataFrame: ...
    def close(self) -> None: ...


class SQLiteBackend:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.lock = threading.RLock()

    @contextmanager
    def begin(self) -> Iterator[SQLiteBackend]:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def run(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        with self.lock:
            return self.conn.execute(sql, params or {}).fetchall()

    def run_many(self, sql: str, rows: Sequence[Params]) -> int:
        with self.lock:
            before = self.conn.total_changes
            self.conn.executemany(sql, rows)
            return self.conn.total_changes - before

    def frame(self, sql: str, params: Params) -> pd.DataFrame:
        import pandas as pd

        with self.lock:
            return pd.read_sql_query(sql, self.conn, params=params)

    def close(self) -> None:
        with self.lock:
            self.conn.close()


class _PgTx:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def run(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        result = self.conn.execute(text(sql), params or {})
        return [tuple(r) for r in result.fetchall()] if result.returns_rows else []

    def run_many(self, sql: str, rows: Sequence[Params]) -> int:
        from sqlalchemy import text

        if not rows:
            return 0
        return int(self.conn.execute(text(sql), list(rows)).rowcount)


class PostgresBackend:
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        self.engine = create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)

    @contextmanager
    def begin(self) -> Iterator[_PgTx]:
        with self.engine.begin() as conn:
            yield _PgTx(conn)

    def run(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        with self.engine.connect() as conn:
            return _PgTx(conn).run(sql, params)

    def frame(self, sql: str, params: Params) -> pd.DataFrame:
        import pandas as pd
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return pd.read_sql_query(text(sql), conn, params=params)

    def close(self) -> None:
        self.engine.dispose()


def redact(url: str) -> str:
    """A database URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"
