"""The rehearsal history: every attempt, stored in SQLite, read back as a pandas DataFrame.

``History.open()`` opens the default store in the user's data folder (``STARKIT_HISTORY``
overrides it); ``History.open(path)`` a file; ``History.open(":memory:")`` a throw-away
store for tests. SQLite runs in WAL mode with a busy timeout, so several processes can save
at once; each save is one transaction, so a process killed mid-save leaves the store as it
was before that save. The store records its schema version: an older store is migrated
after a backup is written next to it; a newer one is refused; a file that is not a starkit
store is never touched.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starkit._exceptions import HistoryError, StoreVersionError
from starkit.attempts import Attempt
from starkit.models import SECTIONS
from starkit.scoring.answer import Answer
from starkit.scoring.rubric import DIMENSIONS
from starkit.stories import Story

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STORE_VERSION", "History", "default_path"]

#: The store layout this starkit writes. See ``_MIGRATIONS``.
STORE_VERSION = 2
APPLICATION_ID = 0x53544B54  # "STKT", in the SQLite header, so a store knows it is ours

Progress = Callable[[int, int], None]

SCALARS = (
    "id", "candidate", "created_at", "scenario_id", "story_id", "principle", "level", "mode",
    "overall", "verdict", "duration_seconds", "starkit_version", "rubric", "workshop",
)
DIM_COLUMNS = tuple(f"dim_{d}" for d in DIMENSIONS)

# Each step takes the store from version i to i + 1, inside one transaction.
_MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first release: attempts and their texts and scorecards.
    f"""
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('application', 'starkit');
    CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        candidate TEXT NOT NULL,
        created_at INTEGER NOT NULL,       -- microseconds since the epoch, UTC
        scenario_id TEXT, story_id TEXT, principle TEXT,
        level TEXT NOT NULL, mode TEXT NOT NULL,
        overall REAL NOT NULL, verdict TEXT NOT NULL,
        {", ".join(f"{c} REAL" for c in DIM_COLUMNS)},
        duration_seconds REAL NOT NULL DEFAULT 0,
        starkit_version TEXT NOT NULL, rubric TEXT NOT NULL
    );
    CREATE TABLE attempt_details (
        id TEXT PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        {", ".join(f"{s} TEXT NOT NULL" for s in SECTIONS)},
        dimensions TEXT NOT NULL, scorecard TEXT NOT NULL, extra TEXT NOT NULL
    );
    CREATE INDEX attempts_candidate ON attempts(candidate, created_at);
    CREATE INDEX attempts_principle ON attempts(principle, created_at);
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
        principles TEXT NOT NULL,          -- JSON list of official names
        tags TEXT NOT NULL,                -- JSON list
        created_at INTEGER NOT NULL
    );
    CREATE INDEX stories_candidate ON stories(candidate);
    """,
)
assert len(_MIGRATIONS) == STORE_VERSION


def default_path() -> Path:
    """``STARKIT_HISTORY`` if set, else ``history.sqlite`` in the user's data folder."""
    env = os.environ.get("STARKIT_HISTORY")
    if env:
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

    def __init__(self, conn: sqlite3.Connection, where: str, path: Path | None) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        #: What was opened: a file path or ":memory:".
        self.where = where
        self.path = path
        #: Where the pre-migration copy was written, when opening migrated an older store.
        self.backup_path: Path | None = None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path | None = None) -> History:
        """Open (creating if needed) the store at ``target``; see the module docstring."""
        if target is None:
            target = default_path()
        text = str(target)
        if text.startswith(("postgresql://", "postgres://")):
            raise HistoryError(
                f"{text.split('@')[-1]}: PostgreSQL stores are not supported by this starkit "
                "yet; use a SQLite file path"
            )
        if text.startswith("sqlite:///"):
            text = text[len("sqlite:///"):] or ":memory:"
        if text == ":memory:":
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            store = cls(conn, ":memory:", None)
            store._prepare(None)
            return store
        path = Path(text).expanduser()
        _check_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, timeout=60, check_same_thread=False,
                                   isolation_level=None)
        except sqlite3.Error as e:
            raise HistoryError(f"{path}: cannot open the history store: {e}") from None
        store = cls(conn, str(path), path)
        try:
            store._prepare(path)
        except sqlite3.DatabaseError as e:
            conn.close()
            raise HistoryError(f"{path}: the history store is corrupt or unreadable ({e}); "
                               "it was left untouched") from None
        except HistoryError:
            conn.close()
            raise
        return store

    def _prepare(self, path: Path | None) -> None:
        c = self._conn
        c.execute("PRAGMA busy_timeout = 60000")
        c.execute("PRAGMA foreign_keys = ON")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        where = str(path) if path else ":memory:"
        if tables and "meta" not in tables:
            raise HistoryError(f"{where} is an SQLite database but not a starkit history store; "
                               "it was left untouched (choose another path)")
        if "meta" in tables:
            app = c.execute("SELECT value FROM meta WHERE key='application'").fetchone()
            if not app or app[0] != "starkit":
                raise HistoryError(f"{where} is not a starkit history store; it was left "
                                   "untouched")
        if version > STORE_VERSION:
            raise StoreVersionError(
                f"{where} was written by a newer starkit (store version {version}; this starkit "
                f"reads up to {STORE_VERSION}): upgrade starkit to open it")
        if path is not None:
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network filesystem
                raise HistoryError(f"{where}: cannot switch the store to WAL mode ({mode})")
            c.execute("PRAGMA synchronous = NORMAL")
        if version < STORE_VERSION:
            self._migrate(version, path)

    def _migrate(self, version: int, path: Path | None) -> None:
        c = self._conn
        if version > 0 and path is not None:
            backup = path.with_name(f"{path.name}.v{version}.bak")
            src = sqlite3.connect(path)
            try:
                dst = sqlite3.connect(backup)
                with dst:
                    src.backup(dst)
                dst.close()
            finally:
                src.close()
            self.backup_path = backup
        c.execute("BEGIN IMMEDIATE")
        try:
            current = c.execute("PRAGMA user_version").fetchone()[0]
            for step in range(current, STORE_VERSION):  # another process may have migrated
                for statement in _split_sql(_MIGRATIONS[step]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {step + 1}")
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # -- plumbing ----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), rolled back on error."""
        with self._lock:
            c = self._conn
            c.execute("BEGIN IMMEDIATE")
            try:
                yield c
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")

    @property
    def connection(self) -> sqlite3.Connection:
        """The DB-API connection, for reading with ``pandas.read_sql``."""
        return self._conn

    def close(self) -> None:
        with self._lock:
            self._conn.close()

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
        rows: list[tuple[Any, ...]] = []
        details: list[tuple[Any, ...]] = []

        def flush() -> int:
            with self.transaction() as c:
                before = c.total_changes
                c.executemany(_INSERT_ATTEMPT, rows)
                new = c.total_changes - before
                c.executemany(_INSERT_DETAILS, details)
            rows.clear()
            details.clear()
            return new

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
        params: list[Any] = []
        if candidate is not None:
            where.append("a.candidate = ?")
            params.append(candidate)
        if principle is not None:
            from starkit.models import resolve_principle

            where.append("a.principle = ?")
            params.append(resolve_principle(principle) or principle)
        if since is not None:
            when = pd.Timestamp(since)
            if when.tzinfo is None:
                when = when.tz_localize("UTC")
            where.append("a.created_at >= ?")
            params.append(_ts(when.to_pydatetime()))
        if workshop is not None:
            where.append("a.workshop = ?")
            params.append(workshop)
        cols = [f"a.{c}" for c in SCALARS] + [f"a.{c} AS {c[4:]}" for c in DIM_COLUMNS]
        join = ""
        if texts:
            cols += [f"d.{s} AS {s}_text" for s in SECTIONS]
            join = " JOIN attempt_details d ON d.id = a.id"
        sql = f"SELECT {', '.join(cols)} FROM attempts a{join}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.created_at, a.id"
        with self._lock:
            df = pd.read_sql_query(sql, self._conn, params=params)
        return frame(df)

    def attempt(self, attempt_id: str) -> Attempt:
        """The whole record of one attempt, texts and scorecard included."""
        cols = [f"a.{c}" for c in SCALARS] + [f"d.{s}" for s in SECTIONS] + [
            "d.dimensions", "d.scorecard", "d.extra"]
        with self._lock:
            row = self._conn.execute(
                f"SELECT {', '.join(cols)} FROM attempts a JOIN attempt_details d "
                "ON d.id = a.id WHERE a.id = ?", (attempt_id,)).fetchone()
        if row is None:
            from starkit._exceptions import UnknownNameError

            raise UnknownNameError("attempt", attempt_id)
        rec = dict(zip([c.split(".")[1] for c in cols], row, strict=True))
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

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM attempts").fetchone()[0])

    def candidates(self, workshop: str | None = None) -> list[str]:
        sql = "SELECT DISTINCT candidate FROM attempts"
        params: tuple[Any, ...] = ()
        if workshop is not None:
            sql += " WHERE workshop = ?"
            params = (workshop,)
        with self._lock:
            return sorted(r[0] for r in self._conn.execute(sql, params))

    def delete(self, candidate: str) -> int:
        """Delete every attempt and story of one candidate; return how many attempts."""
        with self.transaction() as c:
            c.execute("DELETE FROM attempt_details WHERE id IN "
                      "(SELECT id FROM attempts WHERE candidate = ?)", (candidate,))
            n = c.execute("DELETE FROM attempts WHERE candidate = ?", (candidate,)).rowcount
            c.execute("DELETE FROM stories WHERE candidate = ?", (candidate,))
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
        with self._lock:
            for i in range(0, len(ids), 900):
                chunk = ids[i:i + 900]
                q = ",".join("?" * len(chunk))
                for row in self._conn.execute(
                        f"SELECT id, dimensions, scorecard, extra FROM attempt_details "
                        f"WHERE id IN ({q})", chunk):
                    out[row[0]] = (row[1], row[2], row[3])
        return out

    # -- stories -----------------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO stories VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (story.id, story.candidate, story.title, *story.answer.parts().values(),
                 json.dumps(list(story.principles)), json.dumps(list(story.tags)),
                 _ts(story.created_at)))

    def stories(self, candidate: str | None = None) -> list[Story]:
        sql = "SELECT * FROM stories"
        params: tuple[Any, ...] = ()
        if candidate is not None:
            sql += " WHERE candidate = ?"
            params = (candidate,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY created_at, id", params).fetchall()
        return [
            Story(r[0], r[1], r[2], Answer(*r[3:8]), tuple(json.loads(r[8])),
                  tuple(json.loads(r[9])), _dt(r[10]))
            for r in rows
        ]

    def delete_story(self, story_id: str) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM stories WHERE id = ?", (story_id,))


# -- rows ------------------------------------------------------------------------------------

_INSERT_ATTEMPT = (
    f"INSERT OR IGNORE INTO attempts ({', '.join(SCALARS + DIM_COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(SCALARS) + len(DIM_COLUMNS)))})"
)
_INSERT_DETAILS = (
    "INSERT OR IGNORE INTO attempt_details (id, situation, task, action, result, reflection, "
    "dimensions, scorecard, extra) VALUES (?,?,?,?,?,?,?,?,?)"
)


def _attempt_row(a: Attempt, workshop: str | None) -> tuple[Any, ...]:
    ws = workshop if workshop is not None else a.extra.get("workshop")
    return (
        a.id, a.candidate, _ts(a.created_at), a.scenario_id, a.story_id, a.principle, a.level,
        a.mode, float(a.overall), a.verdict, float(a.duration_seconds), a.starkit_version,
        a.rubric, ws, *(a.dimensions.get(d) for d in DIMENSIONS),
    )


def _details_row(a: Attempt) -> tuple[Any, ...]:
    return (a.id, a.situation, a.task, a.action, a.result, a.reflection,
            json.dumps(a.dimensions), json.dumps(a.scorecard, ensure_ascii=False),
            json.dumps(a.extra, ensure_ascii=False))


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
