"""The rubric's phrase lists compiled once into one word-trie matcher, cached per rubric."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from starkit.scoring.rubric import Phrases, Rubric
from starkit.scoring.text import PhraseMatcher, stem


@dataclass(frozen=True, eq=False)  # hashed by identity: one per rubric (lru_cache)
class Compiled:
    rubric: Rubric
    concrete_stems: frozenset[str]
    i_verb_re: re.Pattern[str]
    matcher: PhraseMatcher
    """Every phrase list of the rubric (plus ``weak_verbs_i``: "I helped", ...) at once."""


# "I" (optionally "then I", "I also") followed by a verb-ish word.
_I_VERB = re.compile(
    r"\bI\s+(?:also\s+|then\s+|first\s+|personally\s+|quickly\s+|immediately\s+|carefully\s+)?"
    r"(?P<verb>[A-Za-z]+(?:\s+(?:up|out|back|off|down|over))?)\b"
)


@lru_cache(maxsize=16)
def compile_rubric(rubric: Rubric) -> Compiled:
    return Compiled(
        rubric=rubric,
        concrete_stems=frozenset(stem(v.split()[0]) for v in rubric.phrases.concrete_verbs),
        i_verb_re=_I_VERB,
        matcher=PhraseMatcher({
            **{name: getattr(rubric.phrases, name) for name in Phrases.model_fields},
            "weak_verbs_i": [f"i {v}" for v in rubric.phrases.weak_verbs],
        }),
    )
