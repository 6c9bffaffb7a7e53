"""The rehearsal history: every attempt, stored in SQLite or PostgreSQL, read back as a
pandas DataFrame.

``History.open()`` opens the default store in the user's data folder (``STARKIT_HISTORY``
overrides it, and may hold a database URL); ``History.open(path)`` a file;
``History.open("postgresql://user@host/db")`` a shared server for a workshop;
``History.open(":memory:")`` a throw-away store for tests. Opening creates the store when
it is missing (its file mode 0600), except with ``create=False``, which reading uses: a
mistyped path then fails, naming the nearest store, and nothing is created. SQLite runs in
WAL mode with a busy timeout, so several processes can save at once; each save, and each
whole import, is one transaction, so a process killed mid-save leaves the store as it was
before that save. The store records its schema version: an older store is migrated after a
backup is written next to it (backup tables on PostgreSQL); a newer one is refused; a file
or database that is not a starkit store is never touched.

The parts: ``tables`` declares the tables; ``backends`` connects to each database and turns
its errors into ``HistoryError``; ``migrations`` opens, backs up and migrates;
``attempt_queries`` and ``story_queries`` build the statements; ``exchange`` reads and
writes export files. ``History`` puts them together.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Connection, Executable, delete, select, text

from starkit._exceptions import HistoryError, StoreCorruptError, UnknownNameError
from starkit.history import attempt_queries as aq
from starkit.history import story_queries as sq
from starkit.history import tables
from starkit.history.attempts import Attempt
from starkit.history.backends import Backend, open_backend
from starkit.history.exchange import Progress, export_kind, read_export, write_export
from starkit.history.migrations import STORE_VERSION, prepare
from starkit.history.stories import Story, StoryList
from starkit.scoring.answer import Answer
from starkit.vocabulary import SECTIONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STORE_VERSION", "History", "Transaction", "default_path", "default_target"]

#: How many attempts an import hands the database at a time (all in one transaction).
IMPORT_CHUNK = 5000


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


class _Unreadable(Exception):  # noqa: N818 - internal: what a read found wrong, for _diagnose
    """Something read back from the store that cannot be right (a message for the user)."""


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
    def open(cls, target: str | Path | None = None, *, create: bool = True) -> History:
        """Open the store at ``target`` (the default store when None); see the module
        docstring.

        ``create`` (the default, for saving) creates a missing store. ``create=False`` is
        for reading: a path or database that holds no store raises ``StoreNotFoundError``
        with the nearest existing store, and creates neither file nor folder nor tables.
        """
        default = default_path() if "://" not in str(default_target()) else None
        backend = open_backend(default_target() if target is None else target,
                               create=create, default=default)
        try:
            backup = prepare(backend, create=create)
        except BaseException:
            backend.discard()
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
        try:
            with self._db.connect("read attempts") as conn:
                return aq.read_frame(conn, stmt)
        except (ValueError, TypeError, OverflowError) as e:  # a stored value pandas refused
            raise self._diagnose("read attempts", e) from None

    def spoken(self, candidate: str | None = None, *,
               workshop: str | None = None) -> pd.DataFrame:
        """The attempts spoken aloud with Speak it (oldest first): ``id, candidate,
        created_at`` (UTC), ``principle, level, mode``, the measured seconds of each part
        (``situation`` ... ``reflection``), ``total`` and ``pauses`` (how many long ones).
        Only timings are stored; recordings stay as files on the candidate's machine."""
        import pandas as pd  # lazy, as in read_frame

        stmt = aq.select_spoken(candidate=candidate, workshop=workshop)
        try:
            with self._db.connect("read spoken timings") as conn:
                rows = aq.spoken_rows(conn.execute(stmt).mappings())
        except ValueError as e:
            raise HistoryError(f"{self.where}: {e}") from None
        cols = ["id", "candidate", "created_at", "principle", "level", "mode", *SECTIONS,
                "total", "pauses"]
        df: pd.DataFrame = pd.DataFrame(rows, columns=cols)
        df["created_at"] = pd.to_datetime(df["created_at"], unit="us", utc=True)
        return df

    def attempt(self, attempt_id: str) -> Attempt:
        """The whole record of one attempt, texts and scorecard included."""
        with self._db.connect("read an attempt") as conn:
            row = conn.execute(aq.select_attempt(attempt_id)).mappings().first()
        if row is None:
            raise UnknownNameError("attempt", attempt_id)
        try:
            return aq.to_attempt(row)
        except (ValueError, TypeError, OverflowError) as e:
            raise HistoryError(f"{self.where}: cannot read attempt {attempt_id}: {e}") from None

    def findings(self, *, workshop: str | None = None,
                 candidate: str | None = None) -> pd.DataFrame:
        """Every problem finding of the attempts (one row each): candidate, kind, severity,
        section, quote and message, for "most common findings across the room".

        An attempt whose stored scorecard cannot be read (not JSON, not a mapping, findings
        that are not a list) is skipped: ``df.attrs["skipped"]`` lists each as
        ``(attempt_id, reason)``.
        """
        import pandas as pd  # lazy: pandas is heavy and ``import starkit`` stays light

        with self._db.connect("read findings") as conn:
            rows = conn.execute(aq.select_findings(workshop=workshop, candidate=candidate))
            found, skipped = aq.problem_findings(rows)
        out: pd.DataFrame = pd.DataFrame(
            found, columns=["candidate", "kind", "severity", "section", "quote", "message"])
        out.attrs["skipped"] = skipped
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
        """Delete every attempt, story and draft of one candidate; return how many
        attempts."""
        texts, scores, theirs = aq.delete_candidate(candidate)
        with self._db.begin("delete a candidate") as conn:
            conn.execute(texts)
            n = conn.execute(scores).rowcount
            conn.execute(theirs)
            conn.execute(delete(tables.drafts).where(tables.drafts.c.candidate == candidate))
        return int(n)

    # -- export and import -------------------------------------------------------------------

    def export(self, path: str | Path, *, candidate: str | None = None,
               progress: Progress | None = None) -> int:
        """Write attempts (all, or one candidate's) to ``.csv`` or ``.json``; return count.

        The file is written whole or not at all (a temporary file beside it, renamed) and
        readable by its owner only; an existing file is replaced only by a complete export.
        A store that fails to read is checked, and one found corrupt is refused with
        ``StoreCorruptError``; nothing is written then.
        """
        path = Path(path)
        export_kind(path)  # refuse a wrong suffix before reading anything
        df = self.attempts(candidate=candidate, texts=True)
        with self._db.connect("read attempts") as conn:
            details = {r[0]: (r[1], r[2], r[3])
                       for r in conn.execute(aq.select_details(candidate))}
        lost = [i for i in df["id"] if i not in details]
        if lost:  # the join above found texts the scan here does not: damage, most likely
            raise self._diagnose("export attempts", _Unreadable(
                f"{len(lost)} attempts have no stored detail (the first is {lost[0]})"))
        return write_export(path, df, details, progress=progress)

    def import_(self, path: str | Path, *, progress: Progress | None = None) -> int:
        """Read a file written by ``export`` (or edited by hand); return how many attempts
        were new (an id already in the store is left as it is).

        Every record is checked first: any problem refuses the whole file with
        ``ImportRecordsError``, listing each by record and field. Then all of them are
        written in one transaction, after SQLite's quick check of the store: a kill at any
        moment leaves the store as before or with the whole file, and a corrupt store is
        refused (``StoreCorruptError``) and never written to.
        """
        found = read_export(Path(path))
        total = len(found)
        added = 0
        with self._db.begin("import attempts", "nothing was imported") as conn:
            problem = self._db.quick_check(conn)
            if problem != "ok":
                raise self._corrupt("import attempts", problem, "nothing was imported")
            for start in range(0, total, IMPORT_CHUNK):
                part = found[start:start + IMPORT_CHUNK]
                added += self._db.add_rows(conn, tables.attempts,
                                           [aq.attempt_row(a, None) for a in part])
                self._db.add_rows(conn, tables.attempt_details, [aq.details_row(a) for a in part])
                if progress and start + IMPORT_CHUNK < total:
                    progress(start + len(part), total)
        if progress:
            progress(total, total)
        return added

    def _corrupt(self, action: str, problem: str, outcome: str) -> StoreCorruptError:
        return StoreCorruptError(
            f"{self.where}: cannot {action}: the store is corrupt (PRAGMA quick_check: "
            f"{problem}); {outcome}: restore it from a backup or an export")

    def _diagnose(self, action: str, error: Exception) -> HistoryError:
        """The error to raise when what was read back makes no sense (``error``, not the
        database's own): the store's corruption when SQLite's quick check finds it, else
        a one-line HistoryError saying what could not be read."""
        with self._db.connect("check the store") as conn:
            problem = self._db.quick_check(conn)
        if problem != "ok":
            return self._corrupt(action, problem, "nothing was written")
        what = (str(error) if isinstance(error, _Unreadable)
                else f"a stored value cannot be read ({type(error).__name__}: {error})")
        return HistoryError(f"{self.where}: cannot {action}: {what}")

    # -- stories -----------------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        """Save a story, replacing the one with the same id."""
        with self._db.begin("save a story") as conn:
            conn.execute(self._db.upsert(tables.stories, sq.story_row(story)))

    def stories(self, candidate: str | None = None) -> StoryList:
        """The stories (one candidate's, or everyone's), oldest first. A story whose stored
        principles or tags cannot be read is skipped and listed in ``.skipped`` as
        ``(story_id, reason)``."""
        with self._db.connect("read stories") as conn:
            rows = list(conn.execute(sq.select_stories(candidate)).mappings())
        out = StoryList()
        for r in rows:
            try:
                out.append(sq.to_story(r))
            except (ValueError, TypeError, OverflowError) as e:
                out.skipped.append((str(r["id"]), str(e)))
        return out

    # -- drafts ------------------------------------------------------------------------------

    def save_draft(self, candidate: str, key: str, answer: Answer) -> None:
        """Keep ``answer`` as ``candidate``'s draft at ``key`` (an empty answer removes it)."""
        if answer.is_empty:
            self.delete_draft(candidate, key)
            return
        row = {"candidate": candidate, "key": key, **answer.parts(),
               "updated_at": tables.to_micros(datetime.now(timezone.utc))}
        with self._db.begin("save a draft") as conn:
            conn.execute(self._db.upsert(tables.drafts, row))

    def draft(self, candidate: str, key: str) -> Answer | None:
        """``candidate``'s draft at ``key``, or None."""
        d = tables.drafts
        with self._db.connect("read a draft") as conn:
            row = conn.execute(select(d).where(d.c.candidate == candidate, d.c.key == key)
                               ).mappings().first()
        return Answer(**{s: row[s] for s in SECTIONS}) if row is not None else None

    def latest_draft_key(self, candidate: str, prefix: str) -> str | None:
        """The key of ``candidate``'s most recently kept draft whose key starts with
        ``prefix``, or None."""
        d = tables.drafts
        with self._db.connect("read drafts") as conn:
            keys = conn.execute(select(d.c.key).where(d.c.candidate == candidate)
                                .order_by(d.c.updated_at.desc())).scalars()
            return next((k for k in keys if k.startswith(prefix)), None)

    def delete_draft(self, candidate: str, key: str) -> None:
        """Forget ``candidate``'s draft at ``key`` (nothing happens when there is none)."""
        d = tables.drafts
        with self._db.begin("delete a draft") as conn:
            conn.execute(delete(d).where(d.c.candidate == candidate, d.c.key == key))

    def delete_story(self, story_id: str) -> None:
        """Delete one story (nothing happens when there is none by that id)."""
        with self._db.begin("delete a story") as conn:
            conn.execute(sq.delete_story(story_id))
