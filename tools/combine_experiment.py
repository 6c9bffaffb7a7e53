"""How much would a fitted combination of the scorer's findings gain? (An experiment.)

Leave one blind round out at a time: fit, by non-negative least squares on the other rounds,
the raters' mean from (a) the seven dimensions alone, (b) the dimensions plus three
"substance" counts (first-person acts, figures, distinct content words in Action and Result),
keep the caps, and rank the held-out round. Prints pairs / AUC / Spearman for the shipped
scorer, the fitted combination and a word count. Only the last round is unseen by the rules,
so only its line is a fair comparison.

    python tools/combine_experiment.py
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from starkit.content.rubric import DIMENSIONS
from starkit.scoring import Answer, score, segment
from starkit.scoring.blind import BlindAnswer, auc, load_blind, ordered_pairs, spearman
from starkit.scoring.text import tokens

ROOT = Path(__file__).resolve().parent.parent / "tests" / "calibration"


def _nnls(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least squares with non-negative weights (the last column, the intercept, is free)."""
    active = list(range(a.shape[1]))
    while True:
        w = np.zeros(a.shape[1])
        w[active] = np.linalg.lstsq(a[:, active], y, rcond=None)[0]
        negative = [i for i in active if w[i] < 0 and i != a.shape[1] - 1]
        if not negative:
            return w
        active = [i for i in active if i not in negative]


def _figures(answers: list[BlindAnswer], s: dict[str, float]) -> str:
    pairs = ordered_pairs(answers)
    right = sum(s[b] > s[w] for b, w in pairs) / len(pairs)
    area = auc([s[a.id] for a in answers if a.quality == "strong"],
               [s[a.id] for a in answers if a.quality == "weak" and not a.twin_of])
    rho = spearman([s[a.id] for a in answers], [a.rating for a in answers])
    return f"{right:.2f}/{area:.2f}/{rho:.2f}"


def main() -> None:
    folders = sorted(p for p in ROOT.glob("blind*") if p.is_dir())
    rounds = [load_blind(f)[0] for f in folders]
    x: dict[str, np.ndarray] = {}
    shipped: dict[str, float] = {}
    ceiling: dict[str, float] = {}
    for a in (a for r in rounds for a in r):
        card = score(a.answer, principle=a.principle, level=a.level)
        parts = a.answer if isinstance(a.answer, Answer) else segment(a.answer)
        acts = sum(f.kind == "first_person_action" for f in card.findings)
        figures = sum(f.kind == "number" for f in card.findings)
        content = len(set(tokens(parts.action + " " + parts.result)))
        x[a.id] = np.r_[[card.dimensions.get(d, 0.0) / 100 for d in DIMENSIONS],
                        math.log1p(acts), math.log1p(figures), math.log1p(content)]
        shipped[a.id] = card.overall
        ceiling[a.id] = card.overall * 1.0 if card.overall < card.uncapped else 1e9
    print("held out | shipped | dims refit | dims + substance | word count  (pairs/AUC/Spearman)")
    for k, test in enumerate(rounds):
        train = [a for j, r in enumerate(rounds) if j != k for a in r]
        y = np.array([a.rating for a in train])
        row = []
        for cols in (slice(0, len(DIMENSIONS)), slice(None)):
            a_ = np.array([np.r_[x[a.id][cols], 1.0] for a in train])
            w = _nnls(a_, y)
            s = {a.id: min(float(np.r_[x[a.id][cols], 1.0] @ w) * 20, ceiling[a.id])
                 for a in test}
            row.append(_figures(test, s))
        words = {a.id: float(a.words) for a in test}
        print(f"{folders[k].name:8} | {_figures(test, shipped)} | {row[0]} | {row[1]} | "
              f"{_figures(test, words)}")


if __name__ == "__main__":
    main()
