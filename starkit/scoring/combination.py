"""How the findings add up to the overall score: a combination fitted to bar raisers' ratings.

The rules decide *what* an answer shows (each finding, with its quote) and each dimension's
value. How much each of those is worth overall is not a matter of taste: it is fitted, by
``tools/fit_combination.py``, to independent raters' 1-5 ratings of the blind calibration
corpus (``tests/calibration/blind*``), and kept in ``data/combination.yaml``:

    rating = intercept + sum(weight[kind] * min(count of kind, max_count))
                       + sum(weight[dimension] * dimension / 100)
                       + sum(weight[measure] * measure)
    score  = share * (rating on the verdict scale) + (1 - share) * (weighted mean of dimensions)

A measure is a graded reading the rules make of the whole answer: ``reads_as_other`` is how
far another principle's words lead the asked one's (the principle lexicon's margin, log-odds
per 100 words; 0 when the asked one leads). Strengths can only add and problems and measures
only take away (the fit is sign-constrained). The rating
is read on the verdict scale through the fitted band edges (a rating at the Hire edge scores
65); the rubric's weighted mean keeps a share so that raising any dimension moves the score;
and the rules' band drop and caps still apply on top. Every step is listed in the
scorecard's ``contributions``, so each point of the overall score can be traced.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

from starkit._exceptions import DataFileError
from starkit.content.loader import FILE_CHECKS, data_root

__all__ = ["Combination", "load_combination"]

#: Kinds that are the combination's own output, never its input.
NOT_FEATURES = frozenset({"cap"})


@dataclass(frozen=True)
class Combination:
    """The fitted weights and band edges (see the module docstring)."""

    intercept: float
    kinds: Mapping[str, float]
    """Rating points per occurrence of a finding kind (up to ``max_count``)."""
    dimensions: Mapping[str, float]
    """Rating points for a dimension at 100 (scaled by its value)."""
    defaults: Mapping[str, float]
    """A dimension's value (0-100) when the scorecard has none (no principle given)."""
    edges: tuple[float, float, float]
    """The ratings that score 40, 65 and 80: the Lean No Hire, Hire and Strong Hire lines."""
    max_count: int = 5
    share: float = 1.0
    """The fitted rating's share of the score; the rest is the rubric's weighted mean of the
    dimensions, so that raising any dimension always moves the score."""
    source: str = ""
    """What it was fitted on, for people."""
    measures: Mapping[str, float] = field(default_factory=dict)
    """Rating points per unit of a graded measure (see the module docstring)."""

    @property
    def fingerprint(self) -> str:
        """A short hash of the weights and edges (stored with each attempt's rubric)."""
        text = repr((self.intercept, sorted(self.kinds.items()), sorted(self.dimensions.items()),
                     self.edges, self.max_count, self.share)
                    + ((sorted(self.measures.items()),) if self.measures else ()))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    def features(self, kinds: Iterable[str], dimensions: Mapping[str, float],
                 measures: Mapping[str, float] | None = None) -> dict[str, float]:
        """The inputs: each finding kind's count (capped), each dimension's value / 100 and
        each measure as given."""
        counts = Counter(k for k in kinds if k not in NOT_FEATURES)
        out = {f"kind:{k}": float(min(n, self.max_count)) for k, n in counts.items()}
        for d, default in self.defaults.items():
            out[f"dimension:{d}"] = dimensions.get(d, default) / 100.0
        for m, value in (measures or {}).items():
            out[f"measure:{m}"] = float(value)
        return out

    def contributions(self, kinds: Iterable[str], dimensions: Mapping[str, float],
                      measures: Mapping[str, float] | None = None
                      ) -> tuple[tuple[str, float], ...]:
        """Each input's share of the rating (rating points), largest first; the intercept is
        the line ``start``. Inputs with no weight are left out."""
        parts: list[tuple[str, float]] = []
        weights = {"kind": self.kinds, "dimension": self.dimensions, "measure": self.measures}
        for name, value in self.features(kinds, dimensions, measures).items():
            group, key = name.split(":", 1)
            weight = weights[group].get(key, 0.0)
            if weight and value:
                label = (f"{key} x{value:g}" if group == "kind"
                         else f"{key.replace('_', ' ')} {value:g}" if group == "measure"
                         else f"{key.replace('_', ' ')} {value * 100:.0f}")
                parts.append((label, round(weight * value, 3)))
        parts.sort(key=lambda p: -abs(p[1]))
        return (("start", round(self.intercept, 3)), *parts)

    def rating(self, kinds: Iterable[str], dimensions: Mapping[str, float],
               measures: Mapping[str, float] | None = None) -> float:
        """The predicted 1-5 rating (not clamped)."""
        return sum(p for _, p in self.contributions(kinds, dimensions, measures))

    def to_score(self, rating: float) -> float:
        """A rating on the 0-100 verdict scale: piecewise linear through (1, 0), the three
        band edges (40, 65, 80) and (5, 100), clamped."""
        lnh, hire, strong = self.edges
        xs = (1.0, lnh, hire, strong, 5.0)
        ys = (0.0, 40.0, 65.0, 80.0, 100.0)
        if rating <= xs[0]:
            return 0.0
        points = list(zip(xs, ys, strict=True))
        for (x0, y0), (x1, y1) in pairwise(points):
            if rating <= x1:
                return round(y0 + (y1 - y0) * (rating - x0) / (x1 - x0), 1)
        return 100.0

    def to_yaml(self) -> str:
        """The combination as ``data/combination.yaml`` holds it."""
        doc = {
            "source": self.source,
            "intercept": round(self.intercept, 6),
            "edges": [round(x, 4) for x in self.edges],
            "max_count": self.max_count,
            "share": self.share,
            "kinds": {k: round(v, 6) for k, v in sorted(self.kinds.items()) if v},
            "dimensions": {k: round(v, 6) for k, v in self.dimensions.items()},
            **({"measures": {k: round(v, 6) for k, v in sorted(self.measures.items())}}
               if self.measures else {}),
            "defaults": {k: round(v, 3) for k, v in self.defaults.items()},
        }
        return ("# How the findings add up to the overall score. Written by\n"
                "# tools/fit_combination.py; see starkit/scoring/combination.py.\n"
                + yaml.safe_dump(doc, sort_keys=False, width=100))


def _number(doc: dict[str, object], key: str, path: Path) -> float:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataFileError(str(path), None, key, f"expected a number, got {value!r}")
    return float(value)


def _weights(doc: dict[str, object], key: str, path: Path) -> dict[str, float]:
    value = doc.get(key)
    if not isinstance(value, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
    ):
        raise DataFileError(str(path), None, key, "expected a mapping of names to numbers")
    return {str(k): float(v) for k, v in value.items()}


def _share(doc: dict[str, object], path: Path) -> float:
    share = _number(doc, "share", path) if "share" in doc else 1.0
    if not 0.0 <= share <= 1.0:
        raise DataFileError(str(path), None, "share", f"expected 0 to 1, got {share:g}")
    return share


def read_combination(path: Path) -> Combination:
    """Read and check a combination file (errors name the file and the field)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DataFileError(str(path), None, "", str(error)) from error
    if not isinstance(doc, dict):
        raise DataFileError(str(path), None, "", "expected a mapping at the top")
    edges = doc.get("edges")
    if not (isinstance(edges, list) and len(edges) == 3
            and all(isinstance(x, int | float) for x in edges)
            and 1.0 < edges[0] < edges[1] < edges[2] < 5.0):
        raise DataFileError(str(path), None, "edges",
                            "expected three rising ratings between 1 and 5")
    return Combination(
        intercept=_number(doc, "intercept", path),
        kinds=_weights(doc, "kinds", path),
        dimensions=_weights(doc, "dimensions", path),
        defaults=_weights(doc, "defaults", path),
        edges=(float(edges[0]), float(edges[1]), float(edges[2])),
        max_count=int(_number(doc, "max_count", path)),
        share=_share(doc, path),
        source=str(doc.get("source", "")),
        measures=_weights(doc, "measures", path) if "measures" in doc else {},
    )


@lru_cache(maxsize=4)
def load_combination(path: str | None = None) -> Combination:
    """The shipped combination (``data/combination.yaml``), read once per process."""
    return read_combination(Path(path) if path else data_root() / "combination.yaml")


def check_combination(path: Path) -> list[DataFileError]:
    """Every problem in a combination file (empty when it is good)."""
    try:
        read_combination(path)
    except DataFileError as error:
        return [error]
    return []


FILE_CHECKS["combination.yaml"] = check_combination
