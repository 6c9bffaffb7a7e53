"""Figures in a sentence, written in digits or in words, each with its kind.

A bar raiser hears "about forty a day", "half", "three times faster" and "$8K" as numbers,
and hears "at 3 a.m.", "in 2021", "v2.3", "an L5" and "SDE2" as none. ``figures`` finds both
kinds and says which is which; ``change`` finds a before-and-after (both ends) or a relative
claim ("by 40%", "halved") in one sentence and quotes whole figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = ["METRIC_KINDS", "Change", "Figure", "change", "figures"]

Kind = Literal["money", "percent", "duration", "multiple", "count",
               "clock", "date", "version", "level", "ordinal"]
METRIC_KINDS: frozenset[str] = frozenset({"money", "percent", "duration", "multiple", "count"})


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure: its span in the sentence, its value when known, and its kind."""

    start: int
    end: int
    text: str
    value: float | None
    kind: Kind

    @property
    def is_metric(self) -> bool:
        """True when it measures something (money, percent, duration, multiple, count)."""
        return self.kind in METRIC_KINDS


@dataclass(frozen=True, slots=True)
class Change:
    """A change stated in one sentence: both ends (``before_after``) or relative only."""

    start: int
    end: int
    text: str
    kind: Literal["before_after", "relative"]


_UNITS = {
    "money": r"dollars?|usd|euros?|pounds?|bucks",
    "percent": r"%|percent|per\s?cent|percentage\s+points?|pp\b|pts\b",
    "duration": r"ms\b|milliseconds?|s\b|secs?\b|seconds?|mins?\b|minutes?|h\b|hrs?\b|hours?"
                r"|days?|weeks?|months?|years?|sprints?|quarters?",
    "multiple": r"x\b|×|times\b|fold\b",
}
_UNIT_RE = "|".join(f"(?P<{k}>{v})" for k, v in _UNITS.items())
_UNIT_ANY = "|".join(_UNITS.values())
_UNIT_KIND: list[tuple[Kind, re.Pattern[str]]] = [
    ("money", re.compile(rf"(?i)^(?:{_UNITS['money']})$")),
    ("percent", re.compile(rf"(?i)^(?:{_UNITS['percent']})$")),
    ("duration", re.compile(rf"(?i)^(?:{_UNITS['duration']})$")),
    ("multiple", re.compile(rf"(?i)^(?:{_UNITS['multiple']})$")),
]
_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "bn": 1e9,
         "b": 1e9, "billion": 1e9, "hundred": 1e2, "dozen": 12.0}

_DIGITS = re.compile(
    rf"""(?ix)
    (?<![\w.,])(?P<cur>[$€£])?\s?
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:\s?(?P<mult>k|mm|m|bn|b|thousand|million|billion|hundred)\b)?
    (?:\s?-?\s?(?:{_UNIT_RE}))?
    """
)

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "thirds": 2 / 3, "quarters": 0.75}
_MULTIPLES = {"twice": 2.0, "double": 2.0, "doubled": 2.0, "triple": 3.0, "tripled": 3.0,
              "quadrupled": 4.0, "halved": 0.5}
_NUMWORD = "|".join([*_ONES, *_TENS, "hundred", "thousand", "million", "billion", "dozen"])
_WORDS = re.compile(
    rf"""(?ix)
    \b(?P<words>(?:(?:{_NUMWORD})(?:[\s-]+(?:and\s+)?(?={_NUMWORD}))?)+)
    (?:\s+(?:{_UNIT_RE}))?
    | \b(?P<frac>(?:a|one|two)[\s-]+(?:half|third|thirds|quarter|quarters))\b
    | \b(?P<vague>(?:several|a\s+few|a\s+couple\s+of|many|multiple)\s+(?:hundred|thousand|million|billion))
      (?:\s+(?P<vunit>{_UNIT_ANY}))?
    | \b(?P<half>half)\b
    | \b(?P<mword>twice|doubled|tripled|quadrupled|halved)\b
    """
)

# Non-metrics: spans that hold digits but are no measure of impact.
_NON_METRIC = [
    ("clock", re.compile(r"(?i)\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b\d{1,2}:\d{2}\b")),
    ("date", re.compile(
        r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
        r"(?:st|nd|rd|th)?\b|\bq[1-4]\b|\b(?:in|since|of|by|until|during|early|late|mid|from)"
        r"\s+(?:19|20)\d{2}\b|\b(?:19|20)\d{2}(?=\s*[,.;)]|\s*$)|\bfy\s?\d{2,4}\b")),
    ("version", re.compile(
        r"(?i)\bv\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b|\b(?:python|java|ios|android|node|php|"
        r"version|release|api|windows|ubuntu|postgres(?:ql)?|mysql|angular|react|rails|"
        r"kubernetes|spark|gpt|java\s?se)[\s-]?\d+(?:\.\d+)*\b")),
    ("level", re.compile(r"(?i)\b(?:sde|sdm|l|p|e|ic|tpm|sev|sev-)\s?-?\d\b")),
    ("ordinal", re.compile(r"(?i)\b\d+(?:st|nd|rd|th)\b")),
    ("version", re.compile(r"\b[A-Za-z]+\d+[A-Za-z\d]*\b")),  # EC2, S3, H100: names
]


def _word_value(words: str) -> float | None:
    total = 0.0
    current = 0.0
    seen = False
    for w in re.split(r"[\s-]+", words.lower()):
        if w == "and" or not w:
            continue
        if w in _ONES:
            current += _ONES[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in ("hundred", "dozen"):
            current = (current or 1) * _MULT[w]
        elif w in ("thousand", "million", "billion"):
            total += (current or 1) * _MULT[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_METRIC_UNITS: tuple[Kind, ...] = ("money", "percent", "duration", "multiple")
_NON_METRIC_KINDS: dict[str, Kind] = {"clock": "clock", "date": "date", "version": "version",
                                      "level": "level", "ordinal": "ordinal"}


def _kind_of(m: re.Match[str], unit: str | None = None) -> Kind:
    if unit is not None:
        return next((k for k, rx in _UNIT_KIND if rx.match(unit)), "count")
    for k in _METRIC_UNITS:
        if m.groupdict().get(k):
            return k
    return "count"


@lru_cache(maxsize=16384)
def figures(sentence: str) -> tuple[Figure, ...]:
    """Every figure in ``sentence``, in order, metrics and non-metrics alike."""
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for name, rx in _NON_METRIC:
        for m in rx.finditer(sentence):
            if free(m.start(), m.end()) and any(ch.isdigit() for ch in m.group(0)):
                taken.append((m.start(), m.end()))
                out.append(Figure(m.start(), m.end(), m.group(0), None, _NON_METRIC_KINDS[name]))
    for m in _DIGITS.finditer(sentence):
        a, b = m.start("num") if not m.group("cur") else m.start(), m.end()
        while b > a and sentence[b - 1].isspace():
            b -= 1
        if not free(a, b):
            continue
        value = float(m.group("num").replace(",", ""))
        if m.group("mult"):
            value *= _MULT[m.group("mult").lower()]
        taken.append((a, b))
        out.append(Figure(a, b, sentence[a:b], value,
                          "money" if m.group("cur") else _kind_of(m)))
    kind: Kind
    for m in _WORDS.finditer(sentence):
        a, b = m.start(), m.end()
        while b > a and sentence[b - 1].isspace():
            b -= 1
        if not free(a, b):
            continue
        if m.group("words"):
            words = m.group("words").strip()
            val = _word_value(words)
            low = words.lower()
            unit_given = any(m.groupdict().get(k) for k in _UNITS)
            # "one of them", "no one", "at one point": "one" alone is rarely a measure.
            if val is None or (low == "one" and not unit_given):
                continue
            kind = _kind_of(m)
            if low == "zero":
                kind = "count"
        elif m.group("frac"):
            parts = m.group("frac").lower().split()
            val = _FRACTIONS.get(parts[-1], 0.0) * (2.0 if parts[0] == "two" else 1.0)
            kind = "multiple"
        elif m.group("vague"):
            val = 3.0 * _MULT[m.group("vague").split()[-1].lower()]
            unit = m.group("vunit") or ""
            kind = _kind_of(m, unit)
        elif m.group("half"):
            val, kind = 0.5, "multiple"
        else:
            val, kind = _MULTIPLES[m.group("mword").lower()], "multiple"
        taken.append((a, b))
        out.append(Figure(a, b, sentence[a:b], val, kind))
    return tuple(sorted(out, key=lambda f: f.start))


_QUAL = (r"(?:about|around|roughly|nearly|almost|over|under|just|only|some|approximately|~|"
         r"less\s+than|more\s+than|below|above|a|an|basically|practically|virtually|"
         r"essentially|effectively|close\s+to|well\s+under|well\s+over)\s+")
_END_WORD = r"(?:zero|none|nothing|nil|no\s+\w+)"
_CHANGE_VERB = (r"(?:dropp|dropped|drop|fell|fall|went|go|cut|reduc|brought|bring|increas|grew|grow|"
                r"rose|rise|climb|shrank|shrunk|improv|lower|rais|sped|slash|trimm|dipp|jump|"
                r"moved|move|came|down|up|decreas|halv|doubl|tripl)\w*")
#: Figures are marked in a sentence's skeleton by one private-use character each.
_MARK0, _MARKS = 0xE000, 256


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written with "§" for a marked figure ("[^§]": anything else)."""
    return re.compile(pattern.replace("[^§]", "[^\ue000-\ue0ff]").replace("§", "[\ue000-\ue0ff]"))


_PATTERNS = [
    _rx(rf"(?i)\bfrom\s+(?:{_QUAL})?(?P<a>§).{{0,80}}?\bto\s+(?:{_QUAL})?(?P<b>§|{_END_WORD})"),
    _rx(rf"(?i)(?P<a>§).{{0,60}}?\b{_CHANGE_VERB}\b.{{0,30}}?\bto\s+(?:{_QUAL})?(?P<b>§|{_END_WORD})"),
    _rx(rf"(?i)(?P<b>§|{_END_WORD}\b).{{0,50}}?\b(?:down|up)\s+from\s+(?:{_QUAL})?(?P<a>§)"),
    _rx(r"(?i)(?P<a>§)\s*(?:→|->|=>|to)\s*(?P<b>§)"),
    _rx(rf"(?i)(?P<a>§)[^§]{{0,60}}?,?\s+(?:and\s+)?now\b[^§]{{0,30}}?(?P<b>§|{_END_WORD})"),
    _rx(r"(?i)(?P<a>§)[^§]{0,60}\bbefore\b[^§]{0,60}?(?P<b>§)"),
    _rx(rf"(?i)\b(?:was|were|had been|used to (?:be|take))\s+(?:{_QUAL})?(?P<a>§).{{0,80}}?\b(?:now|after|today|is|are|takes)\b.{{0,30}}?(?P<b>§)"),
]
_RELATIVE = [
    _rx(r"(?i)\bby\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|over\s+|almost\s+)?(?P<a>§)"),
    _rx(r"(?i)(?P<a>§)\s+(?:faster|slower|fewer|less|more|cheaper|quicker|smaller|bigger|lower|higher)"),
    _rx(rf"(?i)\b{_CHANGE_VERB}\s+(?:by\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|over\s+|almost\s+)?(?P<a>§)"),
]


@lru_cache(maxsize=16384)
def change(sentence: str) -> Change | None:
    """The sentence's before-and-after (preferred) or relative claim, or None."""
    figs = [f for f in figures(sentence) if f.is_metric]
    if not figs:
        return None
    # A skeleton with each metric figure replaced by one marker character (padded to the
    # figure's length), so the patterns see figures as units ("5" as well as "9,000") and
    # offsets stay those of the sentence.
    chars = list(sentence)
    marks: dict[str, Figure] = {}
    for i, f in enumerate(figs[:_MARKS]):
        tag = chr(_MARK0 + i)
        chars[f.start:f.end] = [tag] + [" "] * (f.end - f.start - 1)
        marks[tag] = f
    skel = "".join(chars)
    for rx in _PATTERNS:
        for m in rx.finditer(skel):
            a, b = m.group("a"), m.group("b")
            if a not in marks:
                continue
            fa = marks[a]
            if b in marks and marks[b] is fa:
                continue
            lo = min(fa.start, marks[b].start if b in marks else m.start("b"))
            hi = max(fa.end, marks[b].end if b in marks else m.end("b"))
            return Change(lo, hi, sentence[lo:hi], "before_after")
    for f in figs:  # "halved", "twice as fast", "three times", "cut in half"
        if f.kind == "multiple":
            return Change(f.start, f.end, f.text, "relative")
    for rx in _RELATIVE:
        found = rx.search(skel)
        if found is None:
            continue
        rel = marks.get(found.group("a"))
        if rel is not None and rel.kind in ("percent", "multiple"):
            return Change(rel.start, rel.end, rel.text, "relative")
    return None
