"""Where a scenario's key phrases occur in an answer: exactly, or after normalising case,
inflection and numbers within one sentence (or two adjacent ones)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from starkit.html.highlight import Span
from starkit.scoring.text import phrase_tokens, sentences, tokens

__all__ = ["key_phrase_hits", "phrase_spans"]


@lru_cache(maxsize=2048)
def key_phrase_hits(
    text: str, phrases: tuple[str, ...]
) -> tuple[tuple[int, int, str, str], ...]:
    """Key phrases found in ``text`` after normalising case, inflection and numbers.

    A phrase counts when at least three quarters of its content words occur within one
    sentence (or two adjacent ones).
    """
    if not text.strip():
        return ()
    sents = sentences(text)
    toks = [frozenset(tokens(s.text)) for s in sents]
    # Single sentences first, so a phrase is quoted by the one sentence that carries it.
    windows = [(s.start, s.end, toks[i]) for i, s in enumerate(sents)]
    windows += [(s.start, sents[i + 1].end, toks[i] | toks[i + 1])
                for i, s in enumerate(sents[:-1])]
    out = []
    for phrase in phrases:
        want = phrase_tokens(phrase)
        if not want:
            continue
        need = max(1, -(-3 * len(want) // 4))
        for start, end, have in windows:
            if len(want & have) >= need:
                out.append((start, end, text[start:end], phrase))
                break
    return tuple(out)


def phrase_spans(text: str, phrases: Iterable[str], category: str, note: str) -> list[Span]:
    """Spans of each phrase in ``text``: exact (ignoring case) where it occurs, otherwise the
    sentence that carries it after normalising case, inflection and numbers."""
    lowered = text.lower()
    spans: list[Span] = []
    fuzzy: list[str] = []
    for p in phrases:
        needle = p.lower().strip().strip('"')
        at = lowered.find(needle) if needle else -1
        if at >= 0:
            while at >= 0:
                spans.append((at, at + len(needle), category, f"{note}: {p}"))
                at = lowered.find(needle, at + len(needle))
        else:
            fuzzy.append(p)
    for start, end, _, phrase in key_phrase_hits(text, tuple(fuzzy)):
        spans.append((start, end, category, f"{note}: {phrase}"))
    return spans
