"""Who a typed name is: the same person however it is typed.

Names are compared after Unicode NFKC normalisation (a full-width "Ａ" is an "A") and case
folding, so "alice doe", "Alice Doe" and "Ａlice Doe" are one person, not three. The name is
kept as the store already spells it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["check_name", "person_key", "same_person", "scripts"]

_NAME = re.compile(r"^[\w][\w .'\u2019,()-]{0,59}$", re.UNICODE)


#: Scripts that are written together in one name (Japanese mixes all three).
_ONE_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}


def scripts(name: str) -> set[str]:
    """The writing systems of a name's letters ("LATIN", "CYRILLIC", "GREEK", "CJK" ...)."""
    found = set()
    for ch in name:
        if ch.isalpha():
            word = unicodedata.name(ch, "UNKNOWN").split()[0]
            found.add(_ONE_SCRIPT.get(word, word))
    return found


def check_name(name: str) -> str:
    """A person's name in NFKC form with single spaces; ValueError for one that is empty,
    longer than 60 characters, holds anything but letters, digits, spaces and . ' ’ , ( ) -,
    or mixes writing systems (a Cyrillic "А" in "Аlice" would pass for Alice)."""
    clean = " ".join(unicodedata.normalize("NFKC", name).split())
    if not _NAME.match(clean):
        raise ValueError(f"name {name!r}: use letters, digits, spaces and . ' , ( ) -; at "
                         "most 60 characters")
    mixed = scripts(clean)
    if len(mixed) > 1:
        raise ValueError(f"name {name!r} mixes {' and '.join(sorted(mixed)).title()} letters, "
                         "which could pass for someone else's name; write it in one alphabet")
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
