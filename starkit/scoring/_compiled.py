"""The rubric compiled once: phrase lists into one word-trie matcher, lexicons into sets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from starkit.content.rubric import Lexicons, Phrases, Rubric
from starkit.scoring.text import PhraseMatcher


@dataclass(frozen=True, eq=False)  # hashed by identity: one per rubric (lru_cache)
class Compiled:
    """A rubric made ready for scoring: phrase lists as matchers, lexicons as sets."""

    rubric: Rubric
    matcher: PhraseMatcher
    """Every phrase list of the rubric at once."""
    scope: PhraseMatcher
    """Scope words, matched by stem ("teams" finds "team", "organizational" "organization")."""
    lex: dict[str, frozenset[str]]
    """Every lexicon of the rubric as a set of lemmas."""


@lru_cache(maxsize=16)
def compile_rubric(rubric: Rubric) -> Compiled:
    """The compiled form of ``rubric``, built once per rubric."""
    return Compiled(
        rubric=rubric,
        matcher=PhraseMatcher(
            {name: getattr(rubric.phrases, name) for name in Phrases.model_fields
             if name != "scope"}
        ),
        scope=PhraseMatcher({"scope": rubric.phrases.scope}, stemmed=True),
        lex={name: frozenset(w.lower() for w in getattr(rubric.lexicons, name))
             for name in Lexicons.model_fields},
    )
