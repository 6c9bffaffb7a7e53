"""A mock interview as a pure state machine: answer, then each probe, then the verdict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from starkit.content.loader import load_rubric
from starkit.content.models import Scenario
from starkit.scoring import Answer, Finding, Scorecard, score, score_reply
from starkit.scoring.engine import verdict_for

__all__ = ["MockResult", "MockSession", "Stage"]

Stage = Literal["answer", "probes", "verdict"]

#: How much the follow-up replies weigh in the final score.
PROBE_WEIGHT = 0.3


@dataclass(frozen=True)
class MockResult:
    """How a finished mock went: the blended score and verdict, every scorecard, the fixes."""

    overall: float
    verdict: str
    answer_card: Scorecard
    probe_cards: tuple[Scorecard, ...]
    fixes: tuple[str, ...]
    """The three things to fix first, worst first."""


@dataclass
class MockSession:
    """One mock interview: ``submit`` the answer, ``reply`` to each follow-up, then ``result``."""

    scenario: Scenario
    level: str = "SDE2"
    stage: Stage = "answer"
    answer: Answer | None = None
    card: Scorecard | None = None
    replies: list[str] = field(default_factory=list)
    reply_cards: list[Scorecard] = field(default_factory=list)
    elapsed_seconds: float = 0.0

    @property
    def budget_seconds(self) -> int:
        """The whole-answer time budget at this level (its upper end)."""
        return self.scenario.levels.for_level(self.level).time_budget_seconds

    def submit(self, answer: Answer, elapsed_seconds: float = 0.0,
               spoken: Mapping[str, float] | None = None) -> Scorecard:
        """Score the answer and move on to the follow-ups (to the verdict if there are none).

        ``elapsed_seconds`` is how long the candidate took; it is kept, not scored. ``spoken``
        is the seconds per part when the answer was said aloud (Speak it): timing judges
        those. Raises ``RuntimeError`` when the answer was already submitted.
        """
        if self.stage != "answer":
            raise RuntimeError("the answer was already submitted")
        self.answer = answer
        self.elapsed_seconds = elapsed_seconds
        self.card = score(answer, scenario=self.scenario, level=self.level, spoken=spoken)
        self.stage = "probes" if self.scenario.follow_ups else "verdict"
        return self.card

    @property
    def probe_index(self) -> int:
        """How many follow-ups have been answered, so the index of the next one."""
        return len(self.replies)

    @property
    def current_probe(self) -> str | None:
        """The follow-up question to answer now; None outside the follow-ups."""
        if self.stage != "probes":
            return None
        return self.scenario.follow_ups[self.probe_index].question

    def reply(self, text: str) -> Scorecard:
        """Score ``text`` as the reply to the current follow-up and move on.

        Raises ``RuntimeError`` when there is no follow-up to answer.
        """
        if self.stage != "probes":
            raise RuntimeError("there is no follow-up question to answer now")
        probe = self.scenario.follow_ups[self.probe_index]
        card = score_reply(text, follow_up=probe, principle=self.scenario.principle,
                           level=self.level)
        self.replies.append(text)
        self.reply_cards.append(card)
        if self.probe_index >= len(self.scenario.follow_ups):
            self.stage = "verdict"
        return card

    def result(self) -> MockResult:
        """The final score (follow-ups weigh ``PROBE_WEIGHT``), verdict and up to three fixes.

        Raises ``RuntimeError`` before the last follow-up is answered.
        """
        if self.stage != "verdict" or self.card is None:
            raise RuntimeError("the mock is not finished")
        card = self.card
        overall = card.overall
        if self.reply_cards:
            probes = sum(c.overall for c in self.reply_cards) / len(self.reply_cards)
            overall = round((1 - PROBE_WEIGHT) * card.overall + PROBE_WEIGHT * probes, 1)
        fixes: list[str] = []
        problems: list[tuple[float, Finding, str]] = [
            (f.points, f, "answer") for f in card.top_fixes(3)
        ]
        for i, c in enumerate(self.reply_cards):
            problems += [(f.points, f, f"follow-up {i + 1}") for f in c.top_fixes(1)]
        seen: set[tuple[str, str]] = set()
        order = {"critical": 0, "major": 1, "minor": 2, "info": 3, "strength": 4}
        for _, f, where in sorted(problems, key=lambda t: (order[t[1].severity], t[0])):
            key = (f.kind, where if f.kind == "probe_fit" else "")
            if key in seen:
                continue
            seen.add(key)
            quote = f' ("{f.quote}")' if f.quote else ""
            fixes.append(f"{where}{quote}: {f.message}")
            if len(fixes) == 3:
                break
        return MockResult(overall, verdict_for(overall, load_rubric()), card,
                          tuple(self.reply_cards), tuple(fixes))
