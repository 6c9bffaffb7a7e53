"""What the scorer returns: frozen values that can show themselves in a notebook."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from starkit.html.scorecard import scorecard_html
from starkit.vocabulary import SECTIONS

__all__ = ["VERDICTS", "Finding", "PartTiming", "Scorecard", "Severity", "Verdict"]

Severity = Literal["strength", "info", "minor", "major", "critical"]
Verdict = Literal["Strong Hire", "Hire", "Lean No Hire", "No Hire"]
VERDICTS: tuple[str, ...] = ("Strong Hire", "Hire", "Lean No Hire", "No Hire")

#: How a finding is highlighted in a read-back of the answer.
Category = Literal["ownership", "number", "red_flag", "key_phrase", "note"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation about the answer, tied to the exact words it is about."""

    section: str
    """The part it is about (``situation`` ... ``reflection``), or ``answer`` for all of it."""
    start: int
    """Start of the quoted span in that part's text (0 when the finding has no span)."""
    end: int
    """End of the span, exclusive (equal to ``start`` when there is no span)."""
    kind: str
    """A stable name for the rule, e.g. ``we_language`` or ``baseline_outcome``."""
    severity: Severity
    """``strength`` for credit; ``info``, ``minor``, ``major``, ``critical`` for problems."""
    message: str
    """What is wrong (or right), why a bar raiser cares, and how to fix it."""
    dimension: str
    """The dimension whose score it moves (``overall`` for a cap)."""
    points: float
    """How many points it adds to (or takes from) that dimension."""
    quote: str = ""
    """The quoted words."""
    category: Category = "note"
    """How views highlight the span."""

    @property
    def is_problem(self) -> bool:
        """True for anything but a strength."""
        return self.severity != "strength"


@dataclass(frozen=True, slots=True)
class PartTiming:
    """Speaking time of one part against its target: measured when the answer was spoken
    aloud (Speak it), else estimated from its words."""

    section: str
    words: int
    seconds: float
    target_seconds: float
    measured: bool = False
    """``seconds`` were measured from a recording, not estimated from the words."""


@dataclass(frozen=True)
class Scorecard:
    """The verdict on one answer, with every number traceable to findings."""

    overall: float
    """0-100: what the findings add up to (``rating`` on the verdict scale), lowered a band
    when the story's scope is below Senior at Senior, then capped by any disqualifier."""
    verdict: Verdict
    dimensions: dict[str, float]
    """Dimension name -> 0-100 (its base plus the points of its findings, clamped)."""
    findings: tuple[Finding, ...]
    timing: dict[str, PartTiming]
    """Per part, plus ``total`` against the level's budget."""
    principle: str | None = None
    level: str = "SDE2"
    scenario_id: str | None = None
    rubric: str = ""
    """The rubric's name and fingerprint."""
    bases: dict[str, float] = field(default_factory=dict)
    """Where each dimension starts before its findings' points are added."""
    weights: dict[str, float] = field(default_factory=dict)
    uncapped: float = 0.0
    """The score before the scope drop and caps (equal to ``overall`` when neither applied):
    the fitted ``rating`` on the verdict scale, or, without a combination, the weighted mean
    of the dimensions."""
    rating: float | None = None
    """The predicted 1-5 bar-raiser rating the findings add up to (None without a
    combination)."""
    contributions: tuple[tuple[str, float], ...] = ()
    """How ``rating`` adds up: ("start", intercept), then (finding kind or dimension, rating
    points), largest first."""
    measures: dict[str, float] = field(default_factory=dict)
    """Graded readings of the whole answer the combination weighs (``reads_as_other``: how
    far another principle's words lead the asked one's; see ``combination.py``)."""

    def explain(self, dimension: str) -> list[Finding]:
        """The findings that move one dimension, largest effect first."""
        return sorted(
            (f for f in self.findings if f.dimension == dimension), key=lambda f: -abs(f.points)
        )

    @property
    def problems(self) -> list[Finding]:
        """Problems, worst first (critical, major, minor, info), then by points lost."""
        order = {"critical": 0, "major": 1, "minor": 2, "info": 3}
        return sorted(
            (f for f in self.findings if f.is_problem),
            key=lambda f: (order[f.severity], f.points, SECTIONS.index(f.section)
                           if f.section in SECTIONS else -1, f.start),
        )

    def top_fixes(self, n: int = 3) -> list[Finding]:
        """The n problems to fix first, one per kind."""
        seen: set[str] = set()
        out: list[Finding] = []
        for f in self.problems:
            if f.kind not in seen and f.severity != "info":
                seen.add(f.kind)
                out.append(f)
            if len(out) == n:
                break
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "overall": self.overall,
            "verdict": self.verdict,
            "dimensions": dict(self.dimensions),
            "findings": [asdict(f) for f in self.findings],
            "timing": {k: asdict(v) for k, v in self.timing.items()},
            "principle": self.principle,
            "level": self.level,
            "scenario_id": self.scenario_id,
            "rubric": self.rubric,
            "bases": dict(self.bases),
            "weights": dict(self.weights),
            "uncapped": self.uncapped,
            "rating": self.rating,
            "contributions": [list(c) for c in self.contributions],
            "measures": dict(self.measures),
        }

    def _repr_html_(self) -> str:
        return scorecard_html(self)
