"""The typed content model: principles and scenarios, frozen, unknown keys rejected.

Field validators raise ``PydanticCustomError`` with messages written for people
(``expected a positive integer, got 'ten'``); the loader adds the file, line and key path.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from starkit.content._yaml import describe
from starkit.html import content as _html
from starkit.vocabulary import LEVELS, PRINCIPLE_NAMES, SECTIONS, Level

__all__ = [
    "LEVELS",
    "PRINCIPLE_NAMES",
    "SCHEMA_VERSION",
    "SECTIONS",
    "Angle",
    "FollowUp",
    "Level",
    "LevelVariant",
    "Levels",
    "PerLevelText",
    "Principle",
    "PrincipleFile",
    "QuizItem",
    "Scenario",
    "Section",
    "Sections",
    "StrongReply",
    "WeakAnswer",
    "WeakReply",
    "principle_slug",
    "resolve_principle",
]

#: The version of the data-file format this starkit reads and writes.
SCHEMA_VERSION = 1



def principle_slug(name: str) -> str:
    """``"Are Right, A Lot"`` -> ``"are-right-a-lot"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


_BY_KEY = {principle_slug(n): n for n in PRINCIPLE_NAMES}


def resolve_principle(name: str) -> str | None:
    """The official name for a name, slug or case variant; None when unknown."""
    if name in PRINCIPLE_NAMES:
        return name
    return _BY_KEY.get(principle_slug(name))


def closest_principle(name: str) -> str | None:
    """The official name closest to a misspelt name or slug; None when nothing is close."""
    hits = difflib.get_close_matches(
        principle_slug(name), list(_BY_KEY), n=1, cutoff=0.5
    )
    return _BY_KEY[hits[0]] if hits else None


# --- field types with messages for people --------------------------------------------


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text", "expected text, got {got}", {"got": describe(value)})
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("text_empty", "expected text, got an empty string")
    return stripped


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise PydanticCustomError(
            "positive_int", "expected a positive integer, got {got}", {"got": describe(value)}
        )
    return value


def _principle(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "principle", "expected a Leadership Principle name, got {got}", {"got": describe(value)}
        )
    if value in PRINCIPLE_NAMES:
        return value
    guess = resolve_principle(value) or closest_principle(value)
    hint = f" (did you mean {guess!r}?)" if guess else ""
    raise PydanticCustomError(
        "principle",
        "unknown principle {got}{hint}; use one of the 16 official names",
        {"got": describe(value), "hint": hint},
    )


def _phrases(value: Any) -> Any:
    if isinstance(value, str):
        raise PydanticCustomError(
            "phrase_list", "expected a list of phrases, got a single string {got}",
            {"got": describe(value)},
        )
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Seconds = Annotated[int, BeforeValidator(_positive_int), Field(gt=0)]
PrincipleName = Annotated[
    str,
    BeforeValidator(_principle),
    Field(json_schema_extra={"enum": list(PRINCIPLE_NAMES)}),
]
Phrases = Annotated[list[Text], BeforeValidator(_phrases), Field(min_length=1)]


class Model(BaseModel):
    """Frozen, strict about keys, and able to show itself in a notebook."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)

    def _repr_html_(self) -> str:
        return _html.model_html(self.model_dump())


# --- principles -------------------------------------------------------------------------


class Principle(Model):
    """One Leadership Principle with what the scorer listens for."""

    def _repr_html_(self) -> str:
        return _html.principle_html(self)

    name: PrincipleName = Field(description="The official name.")
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="kebab-case key")
    description: Text = Field(description="One line, in starkit's own words.")
    signals: Phrases = Field(description="Phrases that show this principle in an answer.")

    @field_validator("slug")
    @classmethod
    def _slug_matches(cls, v: str, info: ValidationInfo) -> str:
        name = info.data.get("name")
        if name and v != principle_slug(name):
            raise PydanticCustomError(
                "slug", "expected slug {want} for {name}, got {got}",
                {"want": repr(principle_slug(name)), "name": repr(name), "got": repr(v)},
            )
        return v


class PrincipleFile(Model):
    """``data/principles.yaml``: all 16 principles, each once."""

    schema_version: int = SCHEMA_VERSION
    principles: list[Principle]

    @field_validator("principles")
    @classmethod
    def _all_sixteen(cls, v: list[Principle]) -> list[Principle]:
        names = [p.name for p in v]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise PydanticCustomError(
                "principles", "principle {name} is listed twice", {"name": repr(dupes[0])}
            )
        missing = [n for n in PRINCIPLE_NAMES if n not in names]
        if missing:
            raise PydanticCustomError(
                "principles",
                "expected all 16 Leadership Principles; missing {missing}",
                {"missing": ", ".join(repr(m) for m in missing)},
            )
        return v


# --- scenarios --------------------------------------------------------------------------


class Section(Model):
    """One part of the STAR(+R) answer as the walkthrough teaches it."""

    target_seconds: Seconds = Field(description="Speaking time to aim for, in seconds.")
    strong_example: Text = Field(description="A strong telling of this part.")
    key_phrases: Phrases = Field(description="The short phrases that carry this part.")
    coaching: Text = Field(description="How to tell this part well, and why.")
    common_mistake: Text = Field(description="The usual way this part goes wrong.")


class Sections(Model):
    """The five parts of the answer, each a ``Section``."""

    situation: Section
    task: Section
    action: Section
    result: Section
    reflection: Section

    def items(self) -> list[tuple[str, Section]]:
        """(name, section) pairs in STAR(+R) order."""
        return [(name, getattr(self, name)) for name in SECTIONS]


class PerLevelText(Model):
    """One text per level: SDE1, SDE2 and Senior."""

    SDE1: Text
    SDE2: Text
    Senior: Text

    def for_level(self, level: str) -> str:
        """The text for ``level`` (SDE1, SDE2 or Senior)."""
        return str(getattr(self, level))


class WeakReply(Model):
    """A reply to a follow-up that fails, and why."""

    answer: Text = Field(description="A reply that fails, as spoken.")
    why: Text = Field(description="Why a bar raiser marks it down.")


class StrongReply(Model):
    """A reply to a follow-up that passes, and the line to remember."""

    answer: Text = Field(description="A reply that passes, as spoken.")
    key_phrase: Text = Field(description="The line the interviewer should remember.")


class FollowUp(Model):
    """A probe the interviewer asks after the answer, with a weak and a strong reply."""

    question: Text
    probes: Text = Field(description="What the interviewer is testing.")
    weak: WeakReply
    strong: StrongReply


class WeakParts(Model):
    """A weak answer cut into the five parts, as told: each part a stretch of the text, in
    order; a part the weak answer leaves out is empty."""

    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    reflection: str = ""


class WeakAnswer(Model):
    """A whole weak answer, its parts, its red-flag phrases and the bar raiser's verdict."""

    text: Text = Field(description="A whole weak answer to the question.")
    parts: WeakParts = Field(description="The same text cut into situation, task, action, "
                             "result and reflection, in order (a missing part is empty).")
    flagged_phrases: Phrases = Field(description="Red-flag phrases, each found in the text.")
    verdict: Text = Field(description="What the bar raiser concludes.")

    @field_validator("parts")
    @classmethod
    def _parts_are_the_text(cls, v: WeakParts, info: ValidationInfo) -> WeakParts:
        text = " ".join(str(info.data.get("text", "")).split())
        told = " ".join(" ".join(getattr(v, name) for name in SECTIONS).split())
        if text and told != text:
            raise PydanticCustomError(
                "parts_text",
                "the parts, read in order, must be weak_answer.text word for word; they "
                "differ from {where}",
                {"where": repr(_first_difference(told, text))},
            )
        return v

    @field_validator("flagged_phrases")
    @classmethod
    def _flags_in_text(cls, v: list[str], info: ValidationInfo) -> list[str]:
        text = str(info.data.get("text", "")).lower()
        if text:
            for phrase in v:
                if phrase.lower() not in text:
                    raise PydanticCustomError(
                        "flag_missing",
                        "flagged phrase {phrase} does not occur in weak_answer.text",
                        {"phrase": repr(phrase)},
                    )
        return v


def _first_difference(told: str, text: str) -> str:
    """A few words of ``text`` from where ``told`` first departs from it."""
    pairs = enumerate(zip(told, text, strict=False))
    i = next((k for k, (a, b) in pairs if a != b), min(len(told), len(text)))
    return text[max(0, i - 20):i + 30] or told[max(0, i - 20):i + 30]


class QuizItem(Model):
    """A multiple-choice question: two to six options, exactly one right, and why."""

    question: Text
    options: Annotated[list[Text], Field(min_length=2, max_length=6)]
    answer: Text = Field(description="Exactly one of the options.")
    explanation: Text

    @field_validator("options")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            dup = next(o for o in v if v.count(o) > 1)
            raise PydanticCustomError("options", "option {o} is listed twice", {"o": repr(dup)})
        return v

    @field_validator("answer")
    @classmethod
    def _answer_is_option(cls, v: str, info: ValidationInfo) -> str:
        options = info.data.get("options")
        if options and v not in options:
            close = difflib.get_close_matches(v, options, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise PydanticCustomError(
                "quiz_answer",
                "the answer {got} is not one of the options{hint}",
                {"got": repr(v), "hint": hint},
            )
        return v


class Angle(Model):
    """How to re-tell the story for another principle."""

    principle: PrincipleName
    lead: Text
    emphasize: Text
    downplay: Text


class LevelVariant(Model):
    """The story at one level: its focus, reflection, bar and time budget."""

    focus: Text
    reflection: Text
    bar: Text
    time_budget_seconds: Seconds = Field(description="Whole-answer budget (upper end).")
    time_budget_min_seconds: Seconds | None = Field(
        default=None, description="Lower end when the budget is a range."
    )

    @model_validator(mode="after")
    def _range(self) -> LevelVariant:
        lo = self.time_budget_min_seconds
        if lo is not None and lo > self.time_budget_seconds:
            raise PydanticCustomError(
                "budget_range",
                "time_budget_min_seconds ({lo}) is above time_budget_seconds ({hi})",
                {"lo": lo, "hi": self.time_budget_seconds},
            )
        return self


class Levels(Model):
    """The story's variant for each level."""

    SDE1: LevelVariant
    SDE2: LevelVariant
    Senior: LevelVariant

    def for_level(self, level: str) -> LevelVariant:
        """The variant for ``level``; ``ValueError`` for an unknown level."""
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
        variant: LevelVariant = getattr(self, level)
        return variant


class Scenario(Model):
    """One behavioral question walked through as a complete STAR answer."""

    def _repr_html_(self) -> str:
        return _html.scenario_html(self)

    schema_version: int = SCHEMA_VERSION
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="kebab-case, unique")
    title: Text = Field(description="The interview question.")
    principle: PrincipleName
    role: Level = Field(default="SDE2", description="The level the story is told at.")
    summary: Text
    overview: Text
    sections: Sections
    reflections: PerLevelText
    follow_ups: Annotated[list[FollowUp], Field(min_length=1)]
    weak_answer: WeakAnswer
    quiz: Annotated[list[QuizItem], Field(min_length=1)]
    angles: list[Angle] = Field(default_factory=list)
    levels: Levels

    def strong_parts(self) -> dict[str, str]:
        """The strong example of each part, keyed by section name."""
        return {name: s.strong_example for name, s in self.sections.items()}

    def weak_parts(self) -> dict[str, str]:
        """The weak answer's parts, keyed by section name ("" for a part it leaves out)."""
        return {name: getattr(self.weak_answer.parts, name) for name in SECTIONS}
