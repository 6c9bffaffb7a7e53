"""The store's tables, declared once with SQLAlchemy Core.

Every query, insert and schema check uses these; the migrations in ``migrations.py`` build
the same layout step by step, and a test checks the two agree on both databases.

Times are kept as microseconds since the epoch (UTC) in a 64-bit integer: exact, and fast
for pandas to read. Scores are double precision (PostgreSQL's REAL is single precision;
SQLite's REAL is a double). Texts are TEXT; the dimensions, scorecard, extra detail,
principles and tags are JSON in TEXT.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import (
    INTEGER,
    REAL,
    BigInteger,
    Column,
    ColumnElement,
    Double,
    ForeignKey,
    Index,
    MetaData,
    Table,
    Text,
)

from starkit.content.models import SECTIONS
from starkit.content.rubric import DIMENSIONS

__all__ = [
    "ATTEMPT_COLUMNS", "DETAIL_COLUMNS", "DIM_COLUMNS", "SCALARS", "STORY_COLUMNS",
    "attempt_details", "attempts", "drafts", "from_micros", "matching", "members", "meta",
    "metadata", "stories", "to_micros",
]

#: A score: a double on both databases, spelled REAL on SQLite as the first release did.
Score: Double[float] = Double().with_variant(REAL(), "sqlite")
#: Microseconds since the epoch: BIGINT on PostgreSQL, INTEGER (64-bit) on SQLite.
Micros: BigInteger = BigInteger().with_variant(INTEGER(), "sqlite")

#: The columns of ``attempts`` that are not a dimension, in table order.
SCALARS: tuple[str, ...] = (
    "id", "candidate", "created_at", "scenario_id", "story_id", "principle", "level", "mode",
    "overall", "verdict", "duration_seconds", "starkit_version", "rubric", "workshop",
)
#: One score column per dimension (``dim_ownership`` ...).
DIM_COLUMNS: tuple[str, ...] = tuple(f"dim_{d}" for d in DIMENSIONS)

metadata = MetaData()

#: Key-value facts about the store: ``application`` ("starkit") and ``store_version``.
meta = Table(
    "meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

#: One row per attempt: who, when, what, and the scores (texts live in ``attempt_details``).
attempts = Table(
    "attempts", metadata,
    Column("id", Text, primary_key=True),
    Column("candidate", Text, nullable=False),
    Column("created_at", Micros, nullable=False),
    Column("scenario_id", Text),
    Column("story_id", Text),
    Column("principle", Text),
    Column("level", Text, nullable=False),
    Column("mode", Text, nullable=False),
    Column("overall", Score, nullable=False),
    Column("verdict", Text, nullable=False),
    *(Column(c, Score) for c in DIM_COLUMNS),
    Column("duration_seconds", Score, nullable=False, server_default="0"),
    Column("starkit_version", Text, nullable=False),
    Column("rubric", Text, nullable=False),
    Column("workshop", Text),
    Index("attempts_candidate", "candidate", "created_at"),
    Index("attempts_principle", "principle", "created_at"),
    Index("attempts_workshop", "workshop", "candidate"),
)

#: The five texts of each attempt and its JSON detail, kept apart so scans of scores stay small.
attempt_details = Table(
    "attempt_details", metadata,
    Column("id", Text, ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True),
    *(Column(s, Text, nullable=False) for s in SECTIONS),
    Column("dimensions", Text, nullable=False),
    Column("scorecard", Text, nullable=False),
    Column("extra", Text, nullable=False),
)

#: A candidate's own stories (the story bank).
stories = Table(
    "stories", metadata,
    Column("id", Text, primary_key=True),
    Column("candidate", Text, nullable=False),
    Column("title", Text, nullable=False),
    *(Column(s, Text, nullable=False) for s in SECTIONS),
    Column("principles", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("created_at", Micros, nullable=False),
    Index("stories_candidate", "candidate"),
)

#: Who belongs to each workshop: a participant or a coach, with the hash of their invite
#: token (the stand-alone app) and their own PostgreSQL role (row-level security).
members = Table(
    "members", metadata,
    Column("workshop", Text, primary_key=True),
    Column("person", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("token_hash", Text),
    Column("db_role", Text),
    Column("created_at", Micros, nullable=False),
    Index("members_token_hash", "token_hash", unique=True),
    Index("members_db_role", "db_role", unique=True),
)

#: Unsaved answers, one per candidate and place (``key``: workshop, principle, scenario),
#: so a draft survives switching views and reloading the page.
drafts = Table(
    "drafts", metadata,
    Column("candidate", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    *(Column(s, Text, nullable=False) for s in SECTIONS),
    Column("updated_at", Micros, nullable=False),
)

ATTEMPT_COLUMNS: tuple[str, ...] = tuple(c.name for c in attempts.columns)
DETAIL_COLUMNS: tuple[str, ...] = tuple(c.name for c in attempt_details.columns)
STORY_COLUMNS: tuple[str, ...] = tuple(c.name for c in stories.columns)

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_micros(dt: datetime) -> int:
    """Microseconds since the epoch, as ``created_at`` stores a time (naive means UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return (dt - _EPOCH) // timedelta(microseconds=1)


def from_micros(us: int) -> datetime:
    """The UTC time a stored ``created_at`` stands for."""
    return _EPOCH + timedelta(microseconds=int(us))


def matching(table: Table, **values: object) -> list[ColumnElement[bool]]:
    """``column == value`` for each value given, to pass to ``.where``; None means any."""
    return [table.c[k] == v for k, v in values.items() if v is not None]
