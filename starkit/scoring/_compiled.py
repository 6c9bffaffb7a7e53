"""The rubric's phrase lists compiled once into regexes, cached per rubric."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from starkit.scoring.rubric import Phrases, Rubric
from starkit.scoring.text import PhraseMatcher, phrase_regex, stem


@dataclass(frozen=True, eq=False)  # hashed by identity: one per rubric (lru_cache)
class Compiled:
    rubric: Rubric
    lists: dict[str, re.Pattern[str]]
    concrete_stems: frozenset[str]
    weak_verb_re: re.Pattern[str]
    i_verb_re: re.Pattern[str]
    matcher: PhraseMatcher

    def __getitem__(self, name: str) -> re.Pattern[str]:
        return self.lists[name]


# "I" (optionally "then I", "I also") followed by a verb-ish word.
_I_VERB = re.compile(
    r"\bI\s+(?:also\s+|then\s+|first\s+|personally\s+|quickly\s+|immediately\s+|carefully\s+)?"
    r"(?P<verb>[A-Za-z]+(?:\s+(?:up|out|back|off|down|over))?)\b"
)


@lru_cache(maxsize=16)
def compile_rubric(rubric: Rubric) -> Compiled:
    lists = {
        name: phrase_regex(getattr(rubric.phrases, name)) for name in Phrases.model_fields
    }
    # "us" and "we" need care: only as words, and "we" lists are already word-bounded.
    concrete = frozenset(stem(v.split()[0]) for v in rubric.phrases.concrete_verbs)
    return Compiled(
        rubric=rubric,
        lists=lists,
        concrete_stems=concrete,
        weak_verb_re=phrase_regex(f"i {v}" for v in rubric.phrases.weak_verbs),
        i_verb_re=_I_VERB,
        matcher=PhraseMatcher({
            **{name: getattr(rubric.phrases, name) for name in Phrases.model_fields},
            "weak_verbs_i": [f"i {v}" for v in rubric.phrases.weak_verbs],
        }),
    )
