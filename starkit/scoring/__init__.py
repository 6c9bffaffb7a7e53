"""The scoring engine: pure functions, no widget or plotting imports."""

from starkit.content.loader import load_rubric
from starkit.content.rubric import DIMENSIONS, Rubric
from starkit.scoring.answer import Answer
from starkit.scoring.engine import BASES, clear_cache, score, speaking_targets
from starkit.scoring.reply import score_reply
from starkit.scoring.scorecard import VERDICTS, Finding, PartTiming, Scorecard
from starkit.scoring.segment import segment

__all__ = [
    "BASES",
    "DIMENSIONS",
    "VERDICTS",
    "Answer",
    "Finding",
    "PartTiming",
    "Rubric",
    "Scorecard",
    "clear_cache",
    "load_rubric",
    "score",
    "score_reply",
    "segment",
    "speaking_targets",
]
