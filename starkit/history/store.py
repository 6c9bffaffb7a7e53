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
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starkit._exceptions import HistoryError, StoreVersionError
from starkit.content.models import SECTIONS
from starkit.content.rubric import DIMENSIONS
from starkit.history.attempts import Attempt
from starkit.history.backends import Backend, Params, PostgresBackend, SQLiteBackend, Tx, redact
from starkit.history.stories import Story
from starkit.scoring.answer import Answer

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STORE_VERSION", "History", "default_path", "default_target", "migration"]

#: The store layout this starkit writes. See ``_MIGRATIONS``.
STORE_VERSION = 2
APPLICATION_ID = 0x53544B54  # "STKT", in the SQLite header, so a store knows it is ours

Progress = Callable[[int, int], None]

SCALARS = (
    "id", "candidate", "created_at", "scenario_id", "story_id", "principle", "level", "mode",
    "overall", "verdict", "duration_seconds", "starkit_version", "rubric", "workshop",
)
DIM_COLUMNS = tuple(f"dim_{d}" for d in DIMENSIONS)

# Each step takes the store from version i to i + 1, inside one transaction. ``{real}`` and
# ``{bigint}`` are filled in per database (PostgreSQL's REAL is single precision).
_MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first release: attempts and their texts and scorecards.
    f"""
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('application', 'starkit');
    CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        candidate TEXT NOT NULL,
        created_at {{bigint}} NOT NULL,
        scenario_id TEXT, story_id TEXT, principle TEXT,
        level TEXT NOT NULL, mode TEXT NOT NULL,
        overall {{real}} NOT NULL, verdict TEXT NOT NULL,
        {", ".join(f"{c} {{real}}" for c in DIM_COLUMNS)},
        duration_seconds {{real}} NOT NULL DEFAULT 0,
        starkit_version TEXT NOT NULL, rubric TEXT NOT NULL
    );
    CREATE TABLE attempt_details (
        id TEXT PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        {", ".join(f"{s} TEXT NOT NULL" for s in SECTIONS)},
        dimensions TEXT NOT NULL, scorecard TEXT NOT NULL, extra TEXT NOT NULL
    );
    CREATE INDEX attempts_candidate ON attempts(candidate, created_at);
    CREATE INDEX attempts_principle ON attempts(principle, created_at)
    """,
    # 1 -> 2: workshops tag attempts; the story bank.
    """
    ALTER TABLE attempts ADD COLUMN workshop TEXT;
    CREATE INDEX attempts_workshop ON attempts(workshop, candidate);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        candidate TEXT NOT NULL,
        title TEXT NOT NULL,
        situation TEXT NOT NULL, task TEXT NOT NULL, action TEXT NOT NULL,
        result TEXT NOT NULL, reflection TEXT NOT NULL,
        principles TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at {bigint} NOT NULL
    );
    CREATE INDEX stories_candidate ON stories(candidate)
    """,
)
assert len(_MIGRATIONS) == STORE_VERSION
_TYPES = {"sqlite": {"real": "REAL", "bigint": "INTEGER"},
          "postgresql": {"real": "DOUBLE PRECISION", "bigint": "BIGINT"}}
_TABLES = ("attempts", "attempt_details", "stories", "meta")


def migration(step: int, dialect: str) -> list[str]:
    """The statements that take a store from version ``step`` to ``step + 1``."""
    script = _MIGRATIONS[step].format(**_TYPES[dialect])
    return [x.strip() for x in script.split(";") if x.strip()]


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
    import platformdirs

    return Path(platformdirs.user_data_dir("starkit", appauthor=False)) / "history.sqlite"


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _ts(dt: datetime) -> int:
    """Microseconds since the epoch: exact, and fast for pandas to read."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return (dt - _EPOCH) // timedelta(microseconds=1)


def _dt(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(us))


class History:
    """A store of attempts and stories. Use ``History.open``; close it (or use ``with``)."""

    def __init__(self, backend: Backend, where: str, path: Path | None) -> None:
        self._db = backend
        #: What was opened: a file path, ":memory:", or a database URL without its password.
        self.where = where
        self.path = path
        #: Where the pre-migration copy went, when opening migrated an older store.
        self.backup_path: Path | str | None = None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path | None = None) -> History:
        """Open (creating if needed) the store at ``target``; see the module docstring."""
        if target is None:
            target = default_target()
        text = str(target)
        if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            return cls._open_postgres(text)
        if text.startswith("sqlite:///"):
            text = text[len("sqlite:///"):] or ":memory:"
        if text == ":memory:":
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            store = cls(SQLiteBackend(conn), ":memory:", None)
            store._prepare()
            return store
        path = Path(text).expanduser()
        _check_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, timeout=60, check_same_thread=False,
                                   isolation_level=None)
        except sqlite3.Error as e:
            raise HistoryError(f"{path}: cannot open the history store: {e}") from None
        store = cls(SQLiteBackend(conn), str(path), path)
        try:
            store._prepare()
        except sqlite3.DatabaseError as e:
            conn.close()
            raise HistoryError(f"{path}: the history store is corrupt or unreadable ({e}); "
                               "it was left untouched") from None
        except HistoryError:
            conn.close()
            raise
        return store

    @classmethod
    def _open_postgres(cls, url: str) -> History:
        try:
            backend = PostgresBackend(url)
            store = cls(backend, redact(url), None)
            store._prepare()
        except HistoryError:
            raise
        except Exception as e:  # the driver's errors vary; name the server, not the password
            raise HistoryError(f"{redact(url)}: cannot open the history store: "
                               f"{type(e).__name__}: {str(e).splitlines()[0]}") from None
        return store

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def _version_and_tables(self) -> tuple[int, set[str]]:
        if self.dialect == "sqlite":
            version = int(self._db.run("PRAGMA user_version")[0][0])
            tables = {r[0] for r in self._db.run(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            return version, tables
        tables = {r[0] for r in self._db.run(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()")}
        version = 0
        if "meta" in tables:
            row = self._db.run("SELECT value FROM meta WHERE key = 'store_version'")
            version = int(row[0][0]) if row else 1
        return version, tables

    def _prepare(self) -> None:
        if self.dialect == "sqlite":
            self._db.run("PRAGMA busy_timeout = 60000")
            self._db.run("PRAGMA foreign_keys = ON")
        version, tables = self._version_and_tables()
        where = self.where
        ours = tables & set(_TABLES)
        if tables and "meta" not in tables:
            what = "an SQLite database" if self.dialect == "sqlite" else "a database"
            raise HistoryError(f"{where} is {what} but not a starkit history store; it was "
                               "left untouched (choose another path)")
        if "meta" in tables:
            app = self._db.run("SELECT value FROM meta WHERE key = 'application'")
            if not app or app[0][0] != "starkit":
                raise HistoryError(f"{where} is not a starkit history store; it was left "
                                   "untouched")
        if version > STORE_VERSION:
            raise StoreVersionError(
                f"{where} was written by a newer starkit (store version {version}; this starkit "
                f"reads up to {STORE_VERSION}): upgrade starkit to open it")
        if self.path is not None:
            mode = self._db.run("PRAGMA journal_mode = WAL")[0][0]
            if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network filesystem
                raise HistoryError(f"{where}: cannot switch the store to WAL mode ({mode})")
            self._db.run("PRAGMA synchronous = NORMAL")
        if version < STORE_VERSION:
            self._migrate(version, bool(ours))

    def _backup(self, version: int) -> None:
        if self.path is not None:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            assert isinstance(self._db, SQLiteBackend)
            with self._db.lock:
                dst = sqlite3.connect(backup)
                with dst:
                    self._db.conn.backup(dst)
                dst.close()
            self.backup_path = backup
        elif self.dialect == "postgresql":
            names = []
            with self._db.begin() as tx:
                for table in ("attempts", "attempt_details", "stories"):
                    exists = tx.run("SELECT to_regclass(:t)", {"t": table})[0][0]
                    if exists:
                        name = f"{table}_v{version}_backup"
                        tx.run(f"DROP TABLE IF EXISTS {name}")
                        tx.run(f"CREATE TABLE {name} AS TABLE {table}")
                        names.append(name)
            self.backup_path = ", ".join(names)

    def _migrate(self, version: int, has_data: bool) -> None:
        if version > 0 and has_data:
            self._backup(version)
        with self._db.begin() as tx:
            if self.dialect == "postgresql":
                tx.run("SELECT pg_advisory_xact_lock(5377484)")  # one migrator at a time
            current = self._version_in(tx)
            for step in range(current, STORE_VERSION):  # another process may have migrated
                for statement in migration(step, self.dialect):
                    tx.run(statement)
                tx.run("INSERT INTO meta (key, value) VALUES ('store_version', :v) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       {"v": str(step + 1)})
                if self.dialect == "sqlite":
                    tx.run(f"PRAGMA user_version = {step + 1}")
            if self.dialect == "sqlite":
                tx.run(f"PRAGMA application_id = {APPLICATION_ID}")

    def _version_in(self, tx: Tx) -> int:
        if self.dialect == "sqlite":
            return int(tx.run("PRAGMA user_version")[0][0])
        if not tx.run("SELECT to_regclass('meta')")[0][0]:
            return 0
        row = tx.run("SELECT value FROM meta WHERE key = 'store_version'")
        return int(row[0][0]) if row else 1

    # -- plumbing ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One write transaction, rolled back on error."""
        with self._db.begin() as tx:
            yield tx

    @property
    def connection(self) -> Any:
        """The SQLite connection, or the SQLAlchemy engine for PostgreSQL."""
        if isinstance(self._db, SQLiteBackend):
            return self._db.conn
        return self._db.engine  # type: ignore[attr-defined]

    def close(self) -> None:
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
        """Save attempts in transactions of ``batch``; return how many were new."""
        added = 0
        done = 0
        rows: list[Params] = []
        details: list[Params] = []

        def flush() -> int:
            with self._db.begin() as tx:
                new = tx.run_many(_INSERT_ATTEMPT, rows)
                tx.run_many(_INSERT_DETAILS, details)
            rows.clear()
            details.clear()
            return int(new)

        for a in attempts:
            rows.append(_attempt_row(a, workshop))
            details.append(_details_row(a))
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
        (``situation_text`` ... ``reflection_text``).
        """
        import pandas as pd

        where: list[str] = []
        params: Params = {}
        if candidate is not None:
            where.append("a.candidate = :candidate")
            params["candidate"] = candidate
        if principle is not None:
            from starkit.content.models import resolve_principle

            where.append("a.principle = :principle")
            params["principle"] = resolve_principle(principle) or principle
        if since is not None:
            when = pd.Timestamp(since)
            if when.tzinfo is None:
                when = when.tz_localize("UTC")
            where.append("a.created_at >= :since")
            params["since"] = _ts(when.to_pydatetime())
        if workshop is not None:
            where.append("a.workshop = :workshop")
            params["workshop"] = workshop
        cols = [f"a.{c}" for c in SCALARS] + [f"a.{c} AS {c[4:]}" for c in DIM_COLUMNS]
        join = ""
        if texts:
            cols += [f"d.{s} AS {s}_text" for s in SECTIONS]
            join = " JOIN attempt_details d ON d.id = a.id"
        sql = f"SELECT {', '.join(cols)} FROM attempts a{join}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.created_at, a.id"
        return frame(self._db.frame(sql, params))

    def attempt(self, attempt_id: str) -> Attempt:
        """The whole record of one attempt, texts and scorecard included."""
        cols = [f"a.{c}" for c in SCALARS] + [f"d.{s}" for s in SECTIONS] + [
            "d.dimensions", "d.scorecard", "d.extra"]
        rows = self._db.run(
            f"SELECT {', '.join(cols)} FROM attempts a JOIN attempt_details d "
            "ON d.id = a.id WHERE a.id = :id", {"id": attempt_id})
        if not rows:
            from starkit._exceptions import UnknownNameError

            raise UnknownNameError("attempt", attempt_id)
        rec = dict(zip([c.split(".")[1] for c in cols], rows[0], strict=True))
        return Attempt(
            id=rec["id"], candidate=rec["candidate"],
            created_at=_dt(rec["created_at"]),
            scenario_id=rec["scenario_id"], story_id=rec["story_id"],
            principle=rec["principle"], level=rec["level"], mode=rec["mode"],
            **{s: rec[s] for s in SECTIONS},
            overall=rec["overall"], verdict=rec["verdict"],
            dimensions=json.loads(rec["dimensions"]), scorecard=json.loads(rec["scorecard"]),
            duration_seconds=rec["duration_seconds"], starkit_version=rec["starkit_version"],
            rubric=rec["rubric"], extra=json.loads(rec["extra"]),
        )

    def findings(self, *, workshop: str | None = None,
                 candidate: str | None = None) -> pd.DataFrame:
        """Every problem finding of the attempts (one row each): candidate, kind, severity,
        section, quote and message, for "most common findings across the room"."""
        import pandas as pd

        where, params = [], {}
        if workshop is not None:
            where.append("a.workshop = :w")
            params["w"] = workshop
        if candidate is not None:
            where.append("a.candidate = :c")
            params["c"] = candidate
        sql = ("SELECT a.candidate, d.scorecard FROM attempts a JOIN attempt_details d "
               "ON d.id = a.id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = []
        for who, card in self._db.run(sql, params):
            for f in json.loads(card).get("findings", []):
                if f.get("severity") not in (None, "strength"):
                    rows.append((who, f.get("kind"), f.get("severity"), f.get("section"),
                                 f.get("quote", ""), f.get("message", "")))
        out: pd.DataFrame = pd.DataFrame(
            rows, columns=["candidate", "kind", "severity", "section", "quote", "message"])
        return out

    def count(self, workshop: str | None = None) -> int:
        if workshop is None:
            return int(self._db.run("SELECT count(*) FROM attempts")[0][0])
        return int(self._db.run("SELECT count(*) FROM attempts WHERE workshop = :w",
                                {"w": workshop})[0][0])

    def candidates(self, workshop: str | None = None) -> list[str]:
        sql = "SELECT DISTINCT candidate FROM attempts"
        params: Params = {}
        if workshop is not None:
            sql += " WHERE workshop = :w"
            params = {"w": workshop}
        return sorted(r[0] for r in self._db.run(sql, params))

    def delete(self, candidate: str) -> int:
        """Delete every attempt and story of one candidate; return how many attempts."""
        with self._db.begin() as tx:
            tx.run("DELETE FROM attempt_details WHERE id IN "
                   "(SELECT id FROM attempts WHERE candidate = :c)", {"c": candidate})
            n = tx.run_many("DELETE FROM attempts WHERE candidate = :c", [{"c": candidate}])
            tx.run("DELETE FROM stories WHERE candidate = :c", {"c": candidate})
        return int(n)

    # -- export and import -------------------------------------------------------------------

    def export(self, path: str | Path, *, candidate: str | None = None,
               progress: Progress | None = None) -> int:
        """Write attempts (all, or one candidate's) to ``.csv`` or ``.json``; return count."""
        path = Path(path)
        kind = _kind(path)
        df = self.attempts(candidate=candidate, texts=True)
        ids = list(df["id"])
        extra = self._details(ids)
        records = []
        for i, row in enumerate(df.to_dict("records")):
            rec = _export_record({str(k): v for k, v in row.items()}, extra[row["id"]])
            records.append(rec)
            if progress and (i % 5000 == 0):
                progress(i, len(df))
        tmp = path.with_name(path.name + ".part")
        if kind == "json":
            tmp.write_text(json.dumps({"starkit_history": 1, "attempts": records},
                                      ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            with tmp.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=list(_EXPORT_FIELDS))
                w.writeheader()
                for rec in records:
                    w.writerow({k: (json.dumps(v) if isinstance(v, (dict, list)) else v)
                                for k, v in rec.items()})
        tmp.replace(path)
        if progress:
            progress(len(df), len(df))
        return len(records)

    def import_(self, path: str | Path, *, progress: Progress | None = None) -> int:
        """Read a file written by ``export``; return how many attempts were new."""
        path = Path(path)
        kind = _kind(path)
        try:
            if kind == "json":
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or "attempts" not in data:
                    raise HistoryError(f"{path}: not a starkit history export (no 'attempts')")
                records = data["attempts"]
            else:
                with path.open(newline="", encoding="utf-8") as f:
                    records = list(csv.DictReader(f))
        except (OSError, ValueError, csv.Error) as e:
            raise HistoryError(f"{path}: cannot read the export: {e}") from None
        attempts = []
        for n, rec in enumerate(records, start=2 if kind == "csv" else 1):
            try:
                attempts.append(_from_export(rec))
            except (KeyError, ValueError, TypeError) as e:
                where = f"line {n}" if kind == "csv" else f"attempt {n}"
                raise HistoryError(f"{path}: {where}: not a valid attempt ({e})") from None
        return self.save_many(attempts, progress=progress, total=len(attempts))

    def _details(self, ids: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        out: dict[str, tuple[str, str, str]] = {}
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            names = {f"i{k}": v for k, v in enumerate(chunk)}
            q = ",".join(f":{k}" for k in names)
            for row in self._db.run(
                    f"SELECT id, dimensions, scorecard, extra FROM attempt_details "
                    f"WHERE id IN ({q})", names):
                out[row[0]] = (row[1], row[2], row[3])
        return out

    # -- stories -----------------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        cols = ("id", "candidate", "title", *SECTIONS, "principles", "tags", "created_at")
        values = (story.id, story.candidate, story.title, *story.answer.parts().values(),
                  json.dumps(list(story.principles)), json.dumps(list(story.tags)),
                  _ts(story.created_at))
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
        with self._db.begin() as tx:
            tx.run(f"INSERT INTO stories ({', '.join(cols)}) "
                   f"VALUES ({', '.join(':' + c for c in cols)}) "
                   f"ON CONFLICT (id) DO UPDATE SET {updates}",
                   dict(zip(cols, values, strict=True)))

    def stories(self, candidate: str | None = None) -> list[Story]:
        cols = "id, candidate, title, situation, task, action, result, reflection, " \
               "principles, tags, created_at"
        sql = f"SELECT {cols} FROM stories"
        params: Params = {}
        if candidate is not None:
            sql += " WHERE candidate = :c"
            params = {"c": candidate}
        rows = self._db.run(sql + " ORDER BY created_at, id", params)
        return [
            Story(r[0], r[1], r[2], Answer(*r[3:8]), tuple(json.loads(r[8])),
                  tuple(json.loads(r[9])), _dt(r[10]))
            for r in rows
        ]

    def delete_story(self, story_id: str) -> None:
        with self._db.begin() as tx:
            tx.run("DELETE FROM stories WHERE id = :id", {"id": story_id})


# -- rows ------------------------------------------------------------------------------------

_ATTEMPT_COLS = SCALARS + DIM_COLUMNS
_DETAIL_COLS = ("id", *SECTIONS, "dimensions", "scorecard", "extra")
_INSERT_ATTEMPT = (
    f"INSERT INTO attempts ({', '.join(_ATTEMPT_COLS)}) "
    f"VALUES ({', '.join(':' + c for c in _ATTEMPT_COLS)}) ON CONFLICT (id) DO NOTHING"
)
_INSERT_DETAILS = (
    f"INSERT INTO attempt_details ({', '.join(_DETAIL_COLS)}) "
    f"VALUES ({', '.join(':' + c for c in _DETAIL_COLS)}) ON CONFLICT (id) DO NOTHING"
)


def _attempt_row(a: Attempt, workshop: str | None) -> Params:
    ws = workshop if workshop is not None else a.extra.get("workshop")
    values = (
        a.id, a.candidate, _ts(a.created_at), a.scenario_id, a.story_id, a.principle, a.level,
        a.mode, float(a.overall), a.verdict, float(a.duration_seconds), a.starkit_version,
        a.rubric, ws, *(a.dimensions.get(d) for d in DIMENSIONS),
    )
    return dict(zip(_ATTEMPT_COLS, values, strict=True))


def _details_row(a: Attempt) -> Params:
    values = (a.id, a.situation, a.task, a.action, a.result, a.reflection,
              json.dumps(a.dimensions), json.dumps(a.scorecard, ensure_ascii=False),
              json.dumps(a.extra, ensure_ascii=False))
    return dict(zip(_DETAIL_COLS, values, strict=True))


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """Types for a raw attempts frame: UTC timestamps, categories for the repeated labels."""
    import pandas as pd

    df["created_at"] = pd.to_datetime(df["created_at"], unit="us", utc=True)
    for col in ("candidate", "principle", "level", "mode", "verdict", "workshop"):
        if col in df:
            df[col] = df[col].astype("category")
    return df


_EXPORT_FIELDS = (*SCALARS, *SECTIONS, "dimensions", "scorecard", "extra")


def _export_record(row: dict[str, Any], details: tuple[str, str, str]) -> dict[str, Any]:
    rec = {k: row.get(k) for k in SCALARS}
    rec["created_at"] = row["created_at"].isoformat()
    for k, v in rec.items():
        if isinstance(v, float) and v != v:  # NaN from pandas -> empty
            rec[k] = None
    for s in SECTIONS:
        rec[s] = row[f"{s}_text"]
    rec["dimensions"] = json.loads(details[0])
    rec["scorecard"] = json.loads(details[1])
    rec["extra"] = json.loads(details[2])
    return rec


def _from_export(rec: dict[str, Any]) -> Attempt:
    def obj(v: Any) -> Any:
        return json.loads(v) if isinstance(v, str) else v

    def opt(v: Any) -> Any:
        return None if v in ("", None) else v

    extra = obj(rec.get("extra") or "{}")
    if opt(rec.get("workshop")):
        extra = {**extra, "workshop": rec["workshop"]}
    return Attempt(
        id=str(rec["id"]), candidate=str(rec["candidate"]),
        created_at=datetime.fromisoformat(str(rec["created_at"])).astimezone(timezone.utc),
        scenario_id=opt(rec.get("scenario_id")), story_id=opt(rec.get("story_id")),
        principle=opt(rec.get("principle")), level=str(rec["level"]), mode=str(rec["mode"]),
        **{s: str(rec.get(s) or "") for s in SECTIONS},
        overall=float(rec["overall"]), verdict=str(rec["verdict"]),
        dimensions={k: float(v) for k, v in obj(rec["dimensions"]).items()},
        scorecard=obj(rec["scorecard"]),
        duration_seconds=float(rec.get("duration_seconds") or 0),
        starkit_version=str(rec["starkit_version"]), rubric=str(rec["rubric"]), extra=extra,
    )


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise HistoryError(f"{path}: export and import take a .csv or .json file")
    return suffix[1:]


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip() and not s.strip().startswith("--")]


def _check_file(path: Path) -> None:
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
