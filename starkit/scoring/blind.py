"""The blind calibration corpus and the figures the scorer is judged by.

``tests/calibration/blind/`` holds answers written by authors who never read the scorer or
the rubric: per story a strong, a medium and a weak telling plus a minimal-pair twin of the
strong one, each rated 1-5 by its author and by two independent raters (``ratings.yaml``),
split by story into dev and held-out parts (``split.yaml``) before any tuning.

``measure`` scores one part and reports, next to what a plain word count achieves on the
same answers: pairwise accuracy (strong over its twin, strong over medium over weak), the
share of verdicts in the author's band, AUC (a strong answer outscores a weak one), and
Spearman's rank correlation with the raters' mean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

import yaml

from starkit.scoring.answer import Answer
from starkit.scoring.engine import score, verdict_for
from starkit.scoring.text import word_count

__all__ = ["BlindAnswer", "Figures", "auc", "load_blind", "measure", "ordered_pairs", "part",
           "spearman"]


@dataclass(frozen=True)
class BlindAnswer:
    """One answer of the blind corpus: its story, what its author expects, its ratings."""

    id: str
    story: str
    principle: str
    level: str
    voice: str
    quality: str
    flaw: str
    expect: tuple[str, ...]
    answer: Answer | str
    twin_of: str | None
    ratings: dict[str, int]

    @property
    def rating(self) -> float:
        """The independent raters' mean (the author's rating is kept apart)."""
        return fmean(v for k, v in self.ratings.items() if k != "author")

    @property
    def words(self) -> int:
        """How many words the answer has."""
        if isinstance(self.answer, str):
            return word_count(self.answer)
        return sum(word_count(t) for _, t in self.answer)


def load_blind(folder: Path) -> tuple[list[BlindAnswer], dict[str, list[str]]]:
    """Every answer of the corpus, and the split (``dev`` and ``held_out`` story ids)."""
    ratings = yaml.safe_load((folder / "ratings.yaml").read_text(encoding="utf-8"))
    split = yaml.safe_load((folder / "split.yaml").read_text(encoding="utf-8"))
    out: list[BlindAnswer] = []
    for path in sorted(folder.glob("[a-z]*-*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in doc["stories"]:
            for a in s["answers"]:
                raw: Answer | str = (str(a["text"]) if "text" in a
                                     else Answer.from_mapping(a["answer"]))
                out.append(BlindAnswer(
                    id=a["id"], story=s["story"], principle=doc["principle"], level=s["level"],
                    voice=s["voice"], quality=a["quality"], flaw=str(a.get("flaw", "")),
                    expect=tuple(a["expect"]), answer=raw, twin_of=a.get("twin_of"),
                    ratings=dict(ratings[a["id"]]),
                ))
    return out, split


def _ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(a: list[float], b: list[float]) -> float:
    """Spearman's rank correlation (ties get their mean rank)."""
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = fmean(ra), fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


@dataclass(frozen=True)
class Figures:
    """The four measures for one part of the corpus, for the scorer and for a word count."""

    answers: int
    pairs: int
    pairs_right: float
    bands_right: float
    auc: float
    spearman: float
    wc_pairs_right: float
    wc_auc: float
    wc_spearman: float
    scores: dict[str, float]

    def rows(self) -> Iterator[str]:
        """The figures as the lines of a Markdown table, next to their targets."""
        yield "| measure | starkit | word count | target |"
        yield "|---|---|---|---|"
        yield (f"| ordered pairs ({self.pairs}) | {self.pairs_right:.0%} | "
               f"{self.wc_pairs_right:.0%} | >= 90% |")
        yield f"| verdict in the author's band | {self.bands_right:.0%} | - | >= 85% |"
        yield f"| AUC strong vs weak | {self.auc:.2f} | {self.wc_auc:.2f} | >= 0.90 |"
        yield (f"| Spearman with the raters' mean | {self.spearman:.2f} | "
               f"{self.wc_spearman:.2f} | >= 0.80 |")


def ordered_pairs(answers: list[BlindAnswer]) -> list[tuple[str, str]]:
    """(better, worse) ids: the strong telling over its twin, and strong > medium > weak."""
    by_story: dict[str, dict[str, str]] = {}
    out = []
    for a in answers:
        if a.twin_of:
            out.append((a.twin_of, a.id))
        else:
            by_story.setdefault(a.story, {})[a.quality] = a.id
    for q in by_story.values():
        for hi, lo in (("strong", "medium"), ("medium", "weak"), ("strong", "weak")):
            if hi in q and lo in q:
                out.append((q[hi], q[lo]))
    return out


def auc(pos: list[float], neg: list[float]) -> float:
    """How often a score in ``pos`` beats one in ``neg`` (ties count half); NaN if one is empty."""
    if not pos or not neg:
        return float("nan")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def measure(
    answers: list[BlindAnswer],
    scorer: Callable[[BlindAnswer], float] | None = None,
) -> Figures:
    """Score ``answers`` and compute the figures (``scorer`` defaults to starkit's)."""
    def _starkit(a: BlindAnswer) -> float:
        return score(a.answer, principle=a.principle, level=a.level).overall

    run = scorer or _starkit
    scores = {a.id: run(a) for a in answers}
    words = {a.id: float(a.words) for a in answers}
    by_id = {a.id: a for a in answers}
    pairs = ordered_pairs(answers)

    def right(values: dict[str, float]) -> float:
        return sum(values[b] > values[w] for b, w in pairs) / max(1, len(pairs))

    def strong_vs_weak(values: dict[str, float]) -> float:
        pos = [values[a.id] for a in answers if a.quality == "strong"]
        neg = [values[a.id] for a in answers if a.quality == "weak" and not a.twin_of]
        return auc(pos, neg)

    ids = list(scores)
    rating = [by_id[i].rating for i in ids]
    bands = sum(verdict_for(scores[i]) in by_id[i].expect for i in ids) / max(1, len(ids))
    return Figures(
        answers=len(answers), pairs=len(pairs), pairs_right=right(scores), bands_right=bands,
        auc=strong_vs_weak(scores), spearman=spearman([scores[i] for i in ids], rating),
        wc_pairs_right=right(words), wc_auc=strong_vs_weak(words),
        wc_spearman=spearman([words[i] for i in ids], rating), scores=scores,
    )


def part(answers: list[BlindAnswer], split: dict[str, list[str]], name: str) -> list[BlindAnswer]:
    """The answers of one part of the split (``dev`` or ``held_out``)."""
    stories = set(split[name])
    return [a for a in answers if a.story in stories]
