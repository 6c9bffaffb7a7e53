"""Two scorecards side by side: the difference per dimension, explained in one line each."""

from __future__ import annotations

from dataclasses import dataclass

from starkit.scoring import Scorecard

__all__ = ["DimensionDiff", "compare"]


@dataclass(frozen=True)
class DimensionDiff:
    """One dimension of two scorecards: both scores and a line on why they differ."""

    dimension: str
    a: float
    b: float
    line: str

    @property
    def delta(self) -> float:
        """``a`` minus ``b``, to one decimal."""
        return round(self.a - self.b, 1)


def _why(card: Scorecard, other: Scorecard, dimension: str) -> list[str]:
    """Findings that move this dimension in ``card`` and have no twin in ``other``."""
    theirs = {f.kind for f in other.findings if f.dimension == dimension}
    out = []
    for f in card.explain(dimension):
        if f.points and f.kind not in theirs:
            label = f.kind.replace("_", " ")
            out.append(f'{label} "{f.quote}"' if f.quote else label)
    return list(dict.fromkeys(out))


def compare(a: Scorecard, b: Scorecard, names: tuple[str, str] = ("A", "B")) -> list[DimensionDiff]:
    """Per dimension: both scores and one line on why they differ."""
    diffs = []
    for d in a.dimensions:
        if d not in b.dimensions:
            continue
        va, vb = a.dimensions[d], b.dimensions[d]
        if abs(va - vb) < 0.05:
            line = f"{d.replace('_', ' ')}: level at {va:.0f}."
        else:
            win, lose = (a, b) if va > vb else (b, a)
            wn, ln = names if va > vb else names[::-1]
            plus = [x for x in _why(win, lose, d) if True][:2]
            minus = _why(lose, win, d)[:2]
            reasons = []
            if plus:
                reasons.append(f"{wn} has " + ", ".join(plus))
            if minus:
                reasons.append(f"{ln} has " + ", ".join(minus))
            reason = "; ".join(reasons) or "the same findings with different weight"
            line = (f"{d.replace('_', ' ')}: {wn} leads by {abs(va - vb):.0f} "
                    f"({max(va, vb):.0f} vs {min(va, vb):.0f}): {reason}.")
        diffs.append(DimensionDiff(d, va, vb, line))
    return diffs
