"""Who a typed name is: the same person however it is typed.

Names are compared after Unicode NFKC normalisation (a full-width "Ａ" is an "A") and case
folding, so "alice doe", "Alice Doe" and "Ａlice Doe" are one person, not three. The name is
kept as the store already spells it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["check_name", "person_key", "same_person"]

_NAME = re.compile(r"^[\w][\w .'-]{0,59}$", re.UNICODE)


def check_name(name: str) -> str:
    """A person's name in NFKC form with single spaces; ValueError for one that is empty,
    longer than 60 characters, or holds anything but letters, digits, spaces and . ' -."""
    clean = " ".join(unicodedata.normalize("NFKC", name).split())
    if not _NAME.match(clean):
        raise ValueError(f"name {name!r}: use letters, digits, spaces and . ' -; at most "
                         "60 characters")
    return clean


def person_key(name: str) -> str:
    """The form two names are compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def same_person(name: str, known: Iterable[str]) -> str:
    """``name`` as the store already spells it, or, for a new
    person, the name in NFKC form with single spaces."""
    key = person_key(name)
    for existing in known:
        if person_key(existing) == key:
            return existing
    return " ".join(unicodedata.normalize("NFKC", name).split())
