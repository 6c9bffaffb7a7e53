"""A rehearsal attempt: what was said, how it scored, by whom and when. Pure data."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from starkit._version import __version__
from starkit.scoring.answer import Answer
from starkit.scoring.scorecard import Scorecard

__all__ = ["MODES", "Attempt", "Mode", "make_attempt"]

Mode = Literal["learn", "practice", "mock"]
MODES: tuple[str, ...] = ("learn", "practice", "mock")


@dataclass(frozen=True)
class Attempt:
    """One saved rehearsal."""

    id: str
    candidate: str
    created_at: datetime
    """UTC."""
    scenario_id: str | None
    story_id: str | None
    principle: str | None
    level: str
    mode: str
    situation: str
    task: str
    action: str
    result: str
    reflection: str
    overall: float
    verdict: str
    dimensions: dict[str, float]
    scorecard: dict[str, Any]
    duration_seconds: float
    starkit_version: str
    rubric: str
    extra: dict[str, Any] = field(default_factory=dict)
    """Mode-specific detail (a mock's follow-up replies and their scores)."""

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON-ready values (the time as ISO 8601)."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data


def make_attempt(
    answer: Answer,
    card: Scorecard,
    *,
    candidate: str,
    mode: str,
    duration_seconds: float = 0.0,
    scenario_id: str | None = None,
    story_id: str | None = None,
    extra: dict[str, Any] | None = None,
    now: datetime | None = None,
    overall: float | None = None,
    verdict: str | None = None,
) -> Attempt:
    """Build an attempt record from an answer and its scorecard. ``overall`` and
    ``verdict`` replace the card's when the attempt was judged on more than this answer (a
    mock's verdict weighs its follow-up replies too)."""

    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    if not candidate.strip():
        raise ValueError("an attempt needs a candidate name")
    return Attempt(
        id=str(uuid.uuid4()),
        candidate=candidate.strip(),
        created_at=(now or datetime.now(timezone.utc)).astimezone(timezone.utc),
        scenario_id=scenario_id if scenario_id is not None else card.scenario_id,
        story_id=story_id,
        principle=card.principle,
        level=card.level,
        mode=mode,
        **answer.parts(),
        overall=card.overall if overall is None else float(overall),
        verdict=card.verdict if verdict is None else verdict,
        dimensions=dict(card.dimensions),
        scorecard=card.to_dict(),
        duration_seconds=round(float(duration_seconds), 1),
        starkit_version=__version__,
        rubric=card.rubric,
        extra=dict(extra or {}),
    )
