"""Labelled answers that pin the scorer's behaviour: minimal pairs and verdict bands.

Files under ``tests/calibration/`` hold ``pairs`` (one story told twice, one dimension
changed: the ``better`` one must outscore the ``worse``) and ``bands`` (one answer whose
verdict must be among ``expect``). ``report`` compares the scorer's pairwise accuracy per
kind with what a plain word count achieves on the same pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from starkit.scoring.answer import Answer
from starkit.scoring.engine import score
from starkit.scoring.scorecard import Scorecard
from starkit.scoring.text import word_count

__all__ = ["Band", "Pair", "load_cases", "report"]


def _answer(raw: dict[str, Any]) -> Answer | str:
    if "text" in raw:
        return str(raw["text"])
    return Answer.from_mapping(raw.get("answer", raw))


@dataclass(frozen=True)
class Pair:
    """One story told twice with one dimension changed; ``better`` must outscore ``worse``."""

    id: str
    kind: str
    principle: str | None
    level: str
    better: Answer
    worse: Answer

    def scores(self) -> tuple[Scorecard, Scorecard]:
        """The scorecards of ``better`` and ``worse``, in that order."""
        kw = {"principle": self.principle, "level": self.level}
        return score(self.better, **kw), score(self.worse, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Band:
    """One answer whose verdict must be among ``expect``."""

    id: str
    kind: str
    principle: str | None
    level: str
    answer: Answer | str
    expect: tuple[str, ...]

    def card(self) -> Scorecard:
        """The answer's scorecard."""
        return score(self.answer, principle=self.principle, level=self.level)


def load_cases(folder: Path) -> tuple[list[Pair], list[Band]]:
    """Every pair and band in the ``*.yaml`` files of ``folder``."""
    pairs: list[Pair] = []
    bands: list[Band] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for p in data.get("pairs", []):
            pairs.append(Pair(p["id"], p["kind"], p.get("principle"), p.get("level", "SDE2"),
                              Answer.from_mapping(p["better"]),
                              Answer.from_mapping(p["worse"])))
        for b in data.get("bands", []):
            bands.append(Band(b["id"], b["kind"], b.get("principle"), b.get("level", "SDE2"),
                              _answer(b), tuple(b["expect"])))
    return pairs, bands


def _words(a: Answer) -> int:
    return sum(word_count(t) for _, t in a)


def report(folder: Path) -> Iterator[str]:
    """Lines of a Markdown table: pairwise accuracy per kind, scorer vs word count."""
    pairs, bands = load_cases(folder)
    kinds = sorted({p.kind for p in pairs})
    yield "| kind | pairs | starkit | word count |"
    yield "|---|---|---|---|"
    total = [0, 0, 0]
    for kind in kinds:
        group = [p for p in pairs if p.kind == kind]
        ok = sum(1 for p in group if (lambda s: s[0].overall > s[1].overall)(p.scores()))
        wc = sum(1 for p in group if _words(p.better) > _words(p.worse))
        total = [total[0] + len(group), total[1] + ok, total[2] + wc]
        yield f"| {kind} | {len(group)} | {ok / len(group):.0%} | {wc / len(group):.0%} |"
    yield (f"| **all pairs** | {total[0]} | {total[1] / max(1, total[0]):.0%} | "
           f"{total[2] / max(1, total[0]):.0%} |")
    in_band = sum(1 for b in bands if b.card().verdict in b.expect)
    yield ""
    yield f"Verdict bands: {in_band} of {len(bands)} answers in their expected band."
