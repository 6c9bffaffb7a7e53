"""The rehearsal history: every attempt, stored in SQLite or PostgreSQL, read back as a
pandas DataFrame.

``History.open()`` opens the default store in the user's data folder (``STARKIT_HISTORY``
overrides it, and may hold a database URL); ``History.open(path)`` a file;
``History.open("postgresql://user@host/db")`` a shared server for a workshop;
``History.open(":memory:")`` a throw-away store for tests. SQLite runs in WAL mode with a
busy timeout, so several processes can save at once; each save is one transaction, so a
process killed mid-save leaves the store as it was before that save. The store records its
schema version: an older store is migrated after a backup is written next to it (backup
tables on PostgreSQL); a newer one is refused; a file or database that is not a starkit
store is never touched.

The parts: ``tables`` declares the tables; ``backends`` connects to each database and turns
its errors into ``HistoryError``; ``migrations`` opens, backs up and migrates;
``attempt_queries`` and ``story_queries`` build the statements; ``exchange`` reads and
writes export files. ``History`` puts them together.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Connection, Executable, text

from starkit._exceptions import UnknownNameError
from starkit.history import attempt_queries as aq
from starkit.history import story_queries as sq
from starkit.history import tables
from starkit.history.attempts import Attempt
from starkit.history.backends import Backend, open_backend
from starkit.history.exchange import Progress, export_kind, read_export, write_export
from starkit.history.migrations import STORE_VERSION, prepare
from starkit.history.stories import Story

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STORE_VERSION", "History", "Transaction", "default_path", "default_target"]


def default_target() -> str | Path:
    """``STARKIT_HISTORY`` (a path or a database URL), else the default file."""
    env = os.environ.get("STARKIT_HISTORY", "").strip()
    if env and "://" in env:
        return env
    return default_path()


def default_path() -> Path:
    """``STARKIT_HISTORY`` if set to a path, else ``history.sqlite`` in the user data folder."""
    env = os.environ.get("STARKIT_HISTORY", "").strip()
    if env and "://" not in env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("starkit", appauthor=False)) / "history.sqlite"


class Transaction:
    """One write transaction on a store, from ``History.transaction``."""

    def __init__(self, connection: Connection) -> None:
        #: The SQLAlchemy connection, for Core statements.
        self.connection = connection

    def run(self, statement: str | Executable,
            params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one statement (SQL with ``:name`` parameters, or a Core statement); return its
        rows as tuples (none for a statement that returns none)."""
        if isinstance(statement, str):
            statement = text(statement)
        result = self.connection.execute(statement, dict(params or {}))
        return [tuple(r) for r in result] if result.returns_rows else []


class History:
    """A store of attempts and stories. Use ``History.open``; close it (or use ``with``)."""

    def __init__(self, backend: Backend) -> None:
        """Wrap an opened, prepared backend; ``History.open`` is the way to get one."""
        self._db = backend
        #: What was opened: a file path, ":memory:", or a database URL without its password.
        self.where = backend.where
        #: The store's file, for a SQLite store kept in one.
        self.path = backend.path
        #: Where the pre-migration copy went, when opening migrated an older store.
        self.backup_path: Path | str | None = None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path | None = None) -> History:
        """Open (creating if needed) the store at ``target``; see the module docstring."""
        backend = open_backend(default_target() if target is None else target)
        try:
            backup = prepare(backend)
        except BaseException:
            backend.close()
            raise
        store = cls(backend)
        store.backup_path = backup
        return store

    @property
    def dialect(self) -> str:
        """The database: "sqlite" or "postgresql"."""
        return self._db.name

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction, committed at the end or rolled back on error."""
        with self._db.begin("run a transaction") as conn:
            yield Transaction(conn)

    @property
    def connection(self) -> Any:
        """The SQLite connection, or the SQLAlchemy engine for PostgreSQL."""
        return self._db.connection

    def close(self) -> None:
        """Close the store's connections."""
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"History({self.where!r})"

    # -- attempts ----------------------------------------------------------------------------

    def save(self, attempt: Attempt, *, workshop: str | None = None) -> None:
        """Save one attempt in one transaction (saving the same id twice changes nothing)."""
        self.save_many([attempt], workshop=workshop)

    def save_many(self, attempts: Iterable[Attempt], *, workshop: str | None = None,
                  batch: int = 5000, progress: Progress | None = None,
                  total: int = 0) -> int:
        """Save attempts in transactions of ``batch``; return how many were new.

        ``workshop`` tags every attempt (else each keeps the one in its ``extra``);
        ``progress(done, total)`` is called after each transaction.
        """
        added = 0
        done = 0
        rows: list[dict[str, Any]] = []
        details: list[dict[str, Any]] = []

        def flush() -> int:
            with self._db.begin("save attempts") as conn:
                new = self._db.add_rows(conn, tables.attempts, rows)
                self._db.add_rows(conn, tables.attempt_details, details)
            rows.clear()
            details.clear()
            return new

        for a in attempts:
            rows.append(aq.attempt_row(a, workshop))
            details.append(aq.details_row(a))
            done += 1
            if len(rows) >= batch:
                added += flush()
                if progress:
                    progress(done, total)
        if rows:
            added += flush()
        if progress:
            progress(done, total)
        return added

    def attempts(
        self,
        candidate: str | None = None,
        principle: str | None = None,
        since: datetime | str | None = None,
        *,
        workshop: str | None = None,
        texts: bool = False,
    ) -> pd.DataFrame:
        """One row per attempt (oldest first), a column per dimension.

        Columns: ``id, candidate, created_at`` (UTC), ``scenario_id, story_id, principle,
        level, mode, overall, verdict, duration_seconds, starkit_version, rubric, workshop``,
        then one column per dimension; with ``texts=True`` also the five parts
        (``situation_text`` ... ``reflection_text``). ``principle`` takes a name or a slug.
        """
        stmt = aq.select_attempts(candidate=candidate, principle=principle, since=since,
                                  workshop=workshop, texts=texts)
        with self._db.connect("read attempts") as conn:
            return aq.read_frame(conn, stmt)

    def attempt(self, attempt_id: str) -> Attempt:
        """The whole record of one attempt, texts and scorecard included."""
        with self._db.connect("read an attempt") as conn:
            row = conn.execute(aq.select_attempt(attempt_id)).mappings().first()
        if row is None:
            raise UnknownNameError("attempt", attempt_id)
        return aq.to_attempt(row)

    def findings(self, *, workshop: str | None = None,
                 candidate: str | None = None) -> pd.DataFrame:
        """Every problem finding of the attempts (one row each): candidate, kind, severity,
        section, quote and message, for "most common findings across the room"."""
        import pandas as pd  # lazy: pandas is heavy and ``import starkit`` stays light

        with self._db.connect("read findings") as conn:
            rows = conn.execute(aq.select_findings(workshop=workshop, candidate=candidate))
            found = aq.problem_findings(rows)
        out: pd.DataFrame = pd.DataFrame(
            found, columns=["candidate", "kind", "severity", "section", "quote", "message"])
        return out

    def count(self, workshop: str | None = None) -> int:
        """How many attempts the store holds (in one workshop, or all)."""
        with self._db.connect("count attempts") as conn:
            return int(conn.execute(aq.count_attempts(workshop)).scalar_one())

    def candidates(self, workshop: str | None = None) -> list[str]:
        """The names of everyone with an attempt (in one workshop, or any), sorted."""
        with self._db.connect("read candidates") as conn:
            return sorted(conn.execute(aq.select_candidates(workshop)).scalars())

    def delete(self, candidate: str) -> int:
        """Delete every attempt and story of one candidate; return how many attempts."""
        texts, scores, theirs = aq.delete_candidate(candidate)
        with self._db.begin("delete a candidate") as conn:
            conn.execute(texts)
            n = conn.execute(scores).rowcount
            conn.execute(theirs)
        return int(n)

    # -- export and import -------------------------------------------------------------------

    def export(self, path: str | Path, *, candidate: str | None = None,
               progress: Progress | None = None) -> int:
        """Write attempts (all, or one candidate's) to ``.csv`` or ``.json``; return count."""
        path = Path(path)
        export_kind(path)  # refuse a wrong suffix before reading anything
        df = self.attempts(candidate=candidate, texts=True)
        with self._db.connect("read attempts") as conn:
            details = {r[0]: (r[1], r[2], r[3])
                       for r in conn.execute(aq.select_details(candidate))}
        return write_export(path, df, details, progress=progress)

    def import_(self, path: str | Path, *, progress: Progress | None = None) -> int:
        """Read a file written by ``export``; return how many attempts were new."""
        found = read_export(Path(path))
        return self.save_many(found, progress=progress, total=len(found))

    # -- stories -----------------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        """Save a story, replacing the one with the same id."""
        with self._db.begin("save a story") as conn:
            conn.execute(self._db.upsert(tables.stories, sq.story_row(story)))

    def stories(self, candidate: str | None = None) -> list[Story]:
        """The stories (one candidate's, or everyone's), oldest first."""
        with self._db.connect("read stories") as conn:
            return [sq.to_story(r) for r in conn.execute(sq.select_stories(candidate)).mappings()]

    def delete_story(self, story_id: str) -> None:
        """Delete one story (nothing happens when there is none by that id)."""
        with self._db.begin("delete a story") as conn:
            conn.execute(sq.delete_story(story_id))
