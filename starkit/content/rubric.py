"""The rubric's typed model: weights, thresholds, caps, speaking rate, time budgets, phrase
lists and lexicons.

It is content, like a scenario: it lives in ``data/rubric.yaml`` so a coach can copy and tune
it without touching code, and ``starkit.content.loader.load_rubric`` reads and validates it with the
same file:line messages as the scenarios. The scorer only consumes it.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from starkit.content.models import SECTIONS, Model, PrincipleName, Seconds, Text

__all__ = ["DIMENSIONS", "Caps", "LevelTiming", "Lexicons", "Phrases", "Rubric", "Thresholds"]

#: The scorecard's dimensions, in display order.
DIMENSIONS: tuple[str, ...] = (
    "structure", "ownership", "action", "impact", "reflection", "timing", "principle_fit",
)

Weight = Annotated[float, Field(ge=0, le=1)]
Score = Annotated[float, Field(ge=0, le=100)]
PhraseList = Annotated[list[Text], Field(min_length=1)]


class LevelTiming(Model):
    """The range of speaking time, in seconds, that one level is judged against."""

    min_seconds: Seconds = Field(description="Below this the answer is too thin to judge.")
    max_seconds: Seconds = Field(description="Above this the interviewer stops listening.")


class Thresholds(Model):
    """The lowest overall score for each verdict; strong_hire > hire > lean_no_hire."""

    strong_hire: Score
    hire: Score
    lean_no_hire: Score

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if not self.strong_hire > self.hire > self.lean_no_hire:
            raise PydanticCustomError(
                "thresholds", "expected strong_hire > hire > lean_no_hire"
            )
        return self


class Phrases(Model):
    """Every phrase list the rules use. Matching ignores case; spaces match any spacing."""

    boundary: PhraseList
    personal_task: PhraseList
    vague_result: PhraseList
    business_value: PhraseList
    second_order: PhraseList
    generic_reflection: PhraseList
    systemic: PhraseList
    learning: PhraseList
    blame: PhraseList
    vague_motivation: PhraseList
    buzz_phrases: PhraseList
    scope: PhraseList
    self_praise: PhraseList
    credit_taking: PhraseList
    hiding: PhraseList
    bypass: PhraseList
    inflated: PhraseList
    wrong_lesson: PhraseList
    guess_phrases: PhraseList
    filler: PhraseList


class Lexicons(Model):
    """Lemma lists for the clause rules (lower case; a particle verb as "roll back")."""

    non_acts: PhraseList
    buzz_acts: PhraseList
    weak_acts: PhraseList
    validation_acts: PhraseList
    fix_acts: PhraseList
    routing_acts: PhraseList
    other_fix_acts: PhraseList
    instruct_acts: PhraseList
    pushback_acts: PhraseList
    guess_acts: PhraseList
    communication_acts: PhraseList
    intent_acts: PhraseList
    bypass_acts: PhraseList
    safeguards: PhraseList
    audience: PhraseList


class Caps(Model):
    """Highest overall score allowed when a disqualifier is found."""

    fragmented: Score
    manager_asked: Score
    missing_result: Score
    missing_action: Score
    handoff: Score
    blame: Score
    over_time: Score
    guessing: Score
    buzzwords: Score
    integrity: Score
    inflated: Score


class Rubric(Model):
    """Everything the scorer weighs. See data/rubric.yaml for the meaning of each key."""

    schema_version: int = 1
    name: Text = Field(description="Shown on scorecards, so tuned rubrics can be told apart.")
    words_per_minute: Annotated[int, Field(gt=40, le=400)] = 150
    weights: dict[str, Weight]
    thresholds: Thresholds
    caps: Caps
    section_targets: dict[str, Seconds] = Field(
        description="Default target seconds per part when no scenario gives them."
    )
    levels: dict[str, LevelTiming]
    boundary_principles: list[PrincipleName] = Field(
        description="Principles for which Task must state the ownership boundary."
    )
    phrases: Phrases
    lexicons: Lexicons

    @field_validator("weights")
    @classmethod
    def _weights(cls, v: dict[str, float]) -> dict[str, float]:
        for key in v:
            if key not in DIMENSIONS:
                raise PydanticCustomError(
                    "weights", "unknown dimension {k}; expected one of {dims}",
                    {"k": repr(key), "dims": ", ".join(DIMENSIONS)},
                )
        missing = [d for d in DIMENSIONS if d not in v]
        if missing:
            raise PydanticCustomError(
                "weights", "missing a weight for {m}", {"m": ", ".join(missing)}
            )
        if sum(v.values()) <= 0:
            raise PydanticCustomError("weights", "the weights add up to zero")
        return v

    @field_validator("section_targets")
    @classmethod
    def _sections(cls, v: dict[str, int]) -> dict[str, int]:
        if sorted(v) != sorted(SECTIONS):
            raise PydanticCustomError(
                "section_targets", "expected exactly the keys {keys}",
                {"keys": ", ".join(SECTIONS)},
            )
        return v

    @field_validator("levels")
    @classmethod
    def _levels(cls, v: dict[str, LevelTiming]) -> dict[str, LevelTiming]:
        if sorted(v) != ["SDE1", "SDE2", "Senior"]:
            raise PydanticCustomError("levels", "expected exactly the keys SDE1, SDE2, Senior")
        return v

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the rubric, stored with attempts so scores stay comparable."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]

    def __hash__(self) -> int:
        return hash(self.fingerprint)
