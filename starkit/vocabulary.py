"""The words every layer shares: the 16 principles, the five parts, the three levels.

Plain constants with no imports, so the lowest layers (HTML, errors) can use them too.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["LEVELS", "PRINCIPLE_NAMES", "SECTIONS", "Level"]

#: Amazon's 16 Leadership Principles, official names, official order.
PRINCIPLE_NAMES: tuple[str, ...] = (
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
)

#: The five parts of an answer, in speaking order.
SECTIONS: tuple[str, ...] = ("situation", "task", "action", "result", "reflection")

Level = Literal["SDE1", "SDE2", "Senior"]
LEVELS: tuple[str, ...] = ("SDE1", "SDE2", "Senior")
