"""starkit: rehearse STAR answers against Amazon's 16 Leadership Principles.

The pure layer (models, loader, scoring, history) is importable without ipywidgets,
IPython or matplotlib; views live in ``starkit.widgets`` and charts in ``starkit.insights.charts``.
"""

from __future__ import annotations

from starkit._exceptions import (
    DataErrors,
    DataFileError,
    HistoryError,
    StarkitError,
    StoreVersionError,
    UnknownNameError,
)
from starkit._version import __version__
from starkit.content.loader import Library, load_library, load_principles, load_scenario
from starkit.content.models import LEVELS, PRINCIPLE_NAMES, SECTIONS, Principle, Scenario
from starkit.history import History
from starkit.scoring import (
    Answer,
    Finding,
    Rubric,
    Scorecard,
    load_rubric,
    score,
    score_reply,
    segment,
)

__all__ = [
    "LEVELS",
    "PRINCIPLE_NAMES",
    "SECTIONS",
    "Answer",
    "DataErrors",
    "DataFileError",
    "Finding",
    "History",
    "HistoryError",
    "Library",
    "Principle",
    "Rubric",
    "Scenario",
    "Scorecard",
    "StarkitError",
    "StoreVersionError",
    "UnknownNameError",
    "__version__",
    "load_library",
    "load_principles",
    "load_rubric",
    "load_scenario",
    "score",
    "score_reply",
    "segment",
]
