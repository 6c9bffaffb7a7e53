"""Attempts in and out of the tables: the rows an attempt is saved as, and the statements
that read them back (built with SQLAlchemy Core, run by ``History``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Delete, RowMapping, Select, delete, func, select

from starkit.content.models import SECTIONS, resolve_principle
from starkit.content.rubric import DIMENSIONS
from starkit.history.attempts import Attempt
from starkit.history.records import kind_of
from starkit.history.tables import (
    DIM_COLUMNS,
    SCALARS,
    attempt_details,
    attempts,
    from_micros,
    matching,
    stories,
    to_micros,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "attempt_row", "count_attempts", "delete_candidate", "details_row",
    "problem_findings", "read_frame", "select_attempt", "select_attempts", "select_candidates",
    "select_details", "select_findings", "select_spoken", "since_micros", "spoken_rows",
    "stored_mapping", "to_attempt",
]

_a, _d = attempts, attempt_details
#: The repeated labels a frame keeps as categories.
_CATEGORIES = ("candidate", "principle", "level", "mode", "verdict", "workshop")


# -- saving ----------------------------------------------------------------------------------


def attempt_row(a: Attempt, workshop: str | None) -> dict[str, Any]:
    """The ``attempts`` row of an attempt; ``workshop`` overrides the one in its extra."""
    ws = workshop if workshop is not None else a.extra.get("workshop")
    values = (
        a.id, a.candidate, to_micros(a.created_at), a.scenario_id, a.story_id, a.principle,
        a.level, a.mode, float(a.overall), a.verdict, float(a.duration_seconds),
        a.starkit_version, a.rubric, ws, *(a.dimensions.get(d) for d in DIMENSIONS),
    )
    return dict(zip(SCALARS + DIM_COLUMNS, values, strict=True))


def details_row(a: Attempt) -> dict[str, Any]:
    """The ``attempt_details`` row of an attempt: its texts and its JSON detail."""
    return {
        "id": a.id, **{s: getattr(a, s) for s in SECTIONS},
        "dimensions": json.dumps(a.dimensions),
        "scorecard": json.dumps(a.scorecard, ensure_ascii=False),
        "extra": json.dumps(a.extra, ensure_ascii=False),
    }


def delete_candidate(candidate: str) -> tuple[Delete, Delete, Delete]:
    """The statements that delete a candidate's texts, attempts and stories, in that order
    (the attempts' row count is the number of attempts deleted)."""
    theirs = select(_a.c.id).where(_a.c.candidate == candidate)
    return (delete(_d).where(_d.c.id.in_(theirs)),
            delete(_a).where(_a.c.candidate == candidate),
            delete(stories).where(stories.c.candidate == candidate))


# -- reading ---------------------------------------------------------------------------------


def since_micros(since: datetime | str) -> int:
    """A time given as a datetime or text (naive means UTC), as ``created_at`` stores it."""
    import pandas as pd  # lazy: pandas is heavy and ``import starkit`` stays light

    when = pd.Timestamp(since)
    if when.tzinfo is None:
        when = when.tz_localize("UTC")
    return to_micros(when.to_pydatetime())


def select_attempts(*, candidate: str | None = None, principle: str | None = None,
                    since: datetime | str | None = None, workshop: str | None = None,
                    texts: bool = False) -> Select[Any]:
    """The rows ``History.attempts`` returns, oldest first (see there for the columns)."""
    cols: list[Any] = [_a.c[c] for c in SCALARS]
    cols += [_a.c[c].label(c.removeprefix("dim_")) for c in DIM_COLUMNS]
    source: Any = _a
    if texts:
        cols += [_d.c[s].label(f"{s}_text") for s in SECTIONS]
        source = _a.join(_d, _d.c.id == _a.c.id)
    if principle is not None:
        principle = resolve_principle(principle) or principle
    stmt = select(*cols).select_from(source).where(
        *matching(_a, candidate=candidate, principle=principle, workshop=workshop))
    if since is not None:
        stmt = stmt.where(_a.c.created_at >= since_micros(since))
    return stmt.order_by(_a.c.created_at, _a.c.id)


def read_frame(conn: Connection, stmt: Select[Any]) -> pd.DataFrame:
    """Run ``stmt`` into a DataFrame typed as ``History.attempts`` promises: UTC timestamps,
    categories for the repeated labels."""
    import pandas as pd  # lazy: pandas is heavy and ``import starkit`` stays light

    try:
        df = pd.read_sql_query(stmt, conn)
    except pd.errors.DatabaseError as e:  # pandas wraps the database's error: unwrap it
        raise (e.__cause__ or e) from None  # for the store to map (``map_errors``)
    df["created_at"] = pd.to_datetime(df["created_at"], unit="us", utc=True)
    for col in _CATEGORIES:
        if col in df:
            df[col] = df[col].astype("category")
    return df


def select_spoken(*, candidate: str | None = None, workshop: str | None = None) -> Select[Any]:
    """The attempts that carry Speak it timings (their extra detail names "spoken")."""
    cols = [_a.c.id, _a.c.candidate, _a.c.created_at, _a.c.principle, _a.c.level, _a.c.mode,
            _d.c.extra]
    return select(*cols).select_from(_a.join(_d, _d.c.id == _a.c.id)).where(
        *matching(_a, candidate=candidate, workshop=workshop),
        _d.c.extra.like('%"spoken"%')).order_by(_a.c.created_at, _a.c.id)


def spoken_rows(rows: Iterable[RowMapping]) -> list[dict[str, Any]]:
    """One row per spoken attempt: who, when, and the measured seconds per part and in all
    (timings only: no audio is ever stored)."""
    out = []
    for rec in rows:
        extra = stored_mapping(rec["extra"], "the stored extra detail")
        spoken = extra.get("spoken")
        if not isinstance(spoken, dict):
            continue
        try:
            seconds = {str(p["section"]): float(p["seconds"]) for p in spoken["parts"]}
            pauses = len(spoken.get("pauses", []))
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"attempt {rec['id']}: the stored spoken timings are not "
                             "parts with seconds") from None
        row = {"id": rec["id"], "candidate": rec["candidate"],
               "created_at": rec["created_at"], "principle": rec["principle"],
               "level": rec["level"], "mode": rec["mode"]}
        row.update({s: seconds.get(s, 0.0) for s in SECTIONS})
        row["total"] = round(sum(seconds.get(s, 0.0) for s in SECTIONS), 2)
        row["pauses"] = pauses
        out.append(row)
    return out


def select_attempt(attempt_id: str) -> Select[Any]:
    """One attempt's whole record (scores, texts and JSON detail)."""
    cols = [*(_a.c[c] for c in SCALARS), *(_d.c[s] for s in SECTIONS),
            _d.c.dimensions, _d.c.scorecard, _d.c.extra]
    return select(*cols).select_from(_a.join(_d, _d.c.id == _a.c.id)).where(
        _a.c.id == attempt_id)


def stored_mapping(text: Any, what: str) -> dict[str, Any]:
    """A JSON mapping as stored in a TEXT column; ``ValueError`` naming ``what`` ("the
    stored scorecard") when it is not JSON or not a mapping."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise ValueError(f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a mapping ({kind_of(value)})")
    return value


def to_attempt(rec: RowMapping) -> Attempt:
    """The attempt a ``select_attempt`` row stands for; ``ValueError`` when its stored
    dimensions, scorecard or extra detail is not a JSON mapping."""
    return Attempt(
        id=rec["id"], candidate=rec["candidate"], created_at=from_micros(rec["created_at"]),
        scenario_id=rec["scenario_id"], story_id=rec["story_id"],
        principle=rec["principle"], level=rec["level"], mode=rec["mode"],
        **{s: rec[s] for s in SECTIONS},
        overall=rec["overall"], verdict=rec["verdict"],
        dimensions=stored_mapping(rec["dimensions"], "the stored dimensions"),
        scorecard=stored_mapping(rec["scorecard"], "the stored scorecard"),
        duration_seconds=rec["duration_seconds"], starkit_version=rec["starkit_version"],
        rubric=rec["rubric"], extra=stored_mapping(rec["extra"], "the stored extra detail"),
    )


def select_details(candidate: str | None = None) -> Select[Any]:
    """Each attempt's id and JSON detail (dimensions, scorecard, extra), for an export."""
    return select(_d.c.id, _d.c.dimensions, _d.c.scorecard, _d.c.extra).select_from(
        _d.join(_a, _a.c.id == _d.c.id)).where(*matching(_a, candidate=candidate))


def select_findings(*, workshop: str | None = None,
                    candidate: str | None = None) -> Select[Any]:
    """Each matching attempt's id, candidate and scorecard, for ``problem_findings``."""
    return select(_a.c.id, _a.c.candidate, _d.c.scorecard).select_from(
        _a.join(_d, _d.c.id == _a.c.id)).where(
        *matching(_a, workshop=workshop, candidate=candidate))


def problem_findings(rows: Iterable[Sequence[Any]]
                     ) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]]]:
    """Every problem finding in ``select_findings`` rows as (candidate, kind, severity,
    section, quote, message), strengths left out; and the attempts skipped because their
    stored scorecard cannot be read, as (attempt id, reason)."""
    out: list[tuple[Any, ...]] = []
    skipped: list[tuple[str, str]] = []
    for ident, who, card in rows:
        try:
            findings = stored_mapping(card, "the stored scorecard").get("findings", [])
            if not isinstance(findings, list):
                raise ValueError(f"the stored findings are not a list ({kind_of(findings)})")
            if not all(isinstance(f, dict) for f in findings):
                raise ValueError("a stored finding is not a mapping")
        except ValueError as e:
            skipped.append((str(ident), str(e)))
            continue
        for f in findings:
            if f.get("severity") not in (None, "strength"):
                out.append((who, f.get("kind"), f.get("severity"), f.get("section"),
                            f.get("quote", ""), f.get("message", "")))
    return out, skipped


def count_attempts(workshop: str | None = None) -> Select[Any]:
    """How many attempts (in one workshop, or all)."""
    return select(func.count()).select_from(_a).where(*matching(_a, workshop=workshop))


def select_candidates(workshop: str | None = None) -> Select[Any]:
    """The candidates with an attempt (in one workshop, or any)."""
    return select(_a.c.candidate).distinct().where(*matching(_a, workshop=workshop))
