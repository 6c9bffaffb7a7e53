"""Text helpers for the scorer: sentences with spans, word stems, number forms.

Everything here is pure and cached; the scorer calls it on every keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[-*•]\s)")

STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with",
    "from", "as", "is", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "my", "our", "their", "his", "her", "i", "we", "they", "he", "she", "you",
    "your", "me", "us", "them", "per", "so", "then", "than", "into", "about", "over", "after",
    "before", "up", "out", "very", "just", "also", "had", "has", "have", "did", "do", "does",
    "went", "got", "get", "make", "made", "which", "who", "what", "when", "where", "how", "all",
    "any", "some", "more", "most", "such", "can", "could", "would", "should", "will",
})

_NUM_WORDS = {"zero": "0", "none": "0", "half": "0.5"}
_IRREGULAR = {
    "wrote": "write", "written": "write", "ran": "run", "built": "build", "brought": "bring",
    "sent": "send", "led": "lead", "made": "make", "took": "take", "found": "find",
    "drove": "drive", "gave": "give", "met": "meet", "spoke": "speak", "began": "begin",
    "chose": "choose", "told": "tell", "kept": "keep", "held": "hold", "dug": "dig",
    "taught": "teach", "thought": "think", "caught": "catch", "sought": "seek", "fell": "fall",
    "rose": "rise", "grew": "grow", "knew": "know", "saw": "see", "went": "go", "got": "get",
    "lost": "lose", "paid": "pay", "sold": "sell", "bought": "buy", "won": "win", "set": "set",
    "cut": "cut", "put": "put", "shut": "shut", "split": "split", "spent": "spend",
    "understood": "understand", "withdrew": "withdraw", "rebuilt": "rebuild", "rewrote": "rewrite",
    "better": "good", "best": "good", "weekly": "week", "monthly": "month", "daily": "day",
    "yearly": "year", "annually": "year", "annual": "year",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its [start, end) span in the text it came from."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[Sentence, ...]:
    """Split into sentences, each with its [start, end) span in ``text``."""
    out: list[Sentence] = []
    pos = 0
    for m in SENTENCE_END_RE.finditer(text):
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return tuple(out)


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic stem: enough to match 'dropped' with 'drop'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in _NUM_WORDS:
        return _NUM_WORDS[w]
    for suffix, repl, min_len in (
        ("ies", "y", 5), ("ied", "y", 5), ("ing", "", 6), ("ed", "", 5), ("ly", "", 6),
        ("es", "", 5), ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
NUMBER_RE = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>k|m|bn|thousand|million|billion)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?"
    r"(?:\s?(?P<cur2>dollars|usd|euros|pounds)\b)?",
    re.IGNORECASE,
)


def canonical_number(m: re.Match[str]) -> str:
    """'$8K', '$8,000' and '8000 dollars' all become '8000$'; '0.3 percent' becomes '0.3%'."""
    value = float(m.group("num").replace(",", ""))
    mult = m.group("mult")
    if mult:
        value *= _MULT[mult.lower()]
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    if m.group("pct"):
        return text + "%"
    if m.group("cur") or m.group("cur2"):
        return text + "$"
    return text


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[str, ...]:
    """Normalised content tokens: numbers in one form, words stemmed, stopwords dropped."""
    out: list[str] = []
    pos = 0
    lowered = text.lower()
    for m in NUMBER_RE.finditer(lowered):
        out.extend(_word_tokens(lowered[pos : m.start()]))
        out.append(canonical_number(m))
        pos = m.end()
    out.extend(_word_tokens(lowered[pos:]))
    return tuple(out)


_WORDS_RE = re.compile(r"[a-z][a-z'’]*")


def _word_tokens(text: str) -> list[str]:
    return [s for w in _WORDS_RE.findall(text) if w not in STOPWORDS
            for s in (stem(w),) if s and s not in STOPWORDS]


@lru_cache(maxsize=4096)
def phrase_tokens(phrase: str) -> frozenset[str]:
    """The content tokens of a key phrase (kept across ``clear_cache``: it is data)."""
    return frozenset(tokens.__wrapped__(phrase))


def word_count(text: str) -> int:
    """Words as a listener counts them: "$8,000", "40%" and "don't" are one each."""
    return len(_COUNT_RE.findall(text))


_COUNT_RE = re.compile(r"[\w$€£%][\w'’.,%-]*")


_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*|[$%]")


@lru_cache(maxsize=4096)
def word_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """Lower-cased words (apostrophes unified) with their spans."""
    return tuple(
        (m.group(0).lower().replace("’", "'"), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text)
    )


class Hit:
    """A phrase found in a text; quacks like ``re.Match`` for the rules."""

    __slots__ = ("_end", "_quote", "_start")

    def __init__(self, start: int, end: int, quote: str) -> None:
        self._start, self._end, self._quote = start, end, quote

    def start(self) -> int:
        """Where the phrase starts in the text."""
        return self._start

    def end(self) -> int:
        """Where the phrase ends in the text (exclusive)."""
        return self._end

    def group(self, _: int = 0) -> str:
        """The phrase as written in the text (the argument is ignored)."""
        return self._quote


class PhraseMatcher:
    """Finds every phrase of many named lists in one pass over a text's words.

    Phrases match whole words, ignoring case and spacing. Within one list a match inside a
    longer or earlier match is dropped ("the team was happy" is not also "team was happy").
    """

    def __init__(self, lists: Mapping[str, Iterable[str]], *, stemmed: bool = False) -> None:
        """``stemmed``: match words by their stem, so "customers" finds "customer"."""
        self._stemmed = stemmed
        # A trie over words; the key "" holds the names of the lists whose phrase ends there.
        root: dict[str, Any] = {}
        for name, phrases in lists.items():
            for p in phrases:
                node = root
                for w, _, _ in self._words(p):
                    node = node.setdefault(w, {})
                if node is not root and name not in node.setdefault("", []):
                    node[""].append(name)
        self._root = root

    def _words(self, text: str) -> tuple[tuple[str, int, int], ...]:
        spans = word_spans(text)
        if not self._stemmed:
            return spans
        return tuple((stem(w), a, b) for w, a, b in spans)

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """List name -> the hits of that list's phrases in ``text``, in order."""
        ws = self._words(text)
        n = len(ws)
        out: dict[str, list[Hit]] = {}
        reach: dict[str, int] = {}
        root = self._root
        for i in range(n):
            node = root.get(ws[i][0])
            if node is None:
                continue
            longest: dict[str, int] = {}
            j = i
            while True:
                for name in node.get("", ()):
                    longest[name] = ws[j][2]
                j += 1
                if j >= n:
                    break
                node = node.get(ws[j][0])
                if node is None:
                    break
            start = ws[i][1]
            for name, end in longest.items():
                if reach.get(name, -1) > start:
                    continue  # overlaps an earlier (or longer) match of the same list
                reach[name] = end
                out.setdefault(name, []).append(Hit(start, end, text[start:end]))
        return out
