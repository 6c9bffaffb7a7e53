"""Which principle a story reads as: a lexicon of the words each principle's stories use.

The principles' signal phrases (``principles.yaml``) say what a story *for* a principle
tends to contain, but a story told for another principle rarely trips them, and a strong story
for the asked principle misses them about a quarter of the time. So the evidence that a story
belongs to another principle is read from the words themselves: for every content word (noun,
verb or adjective, by lemma), how often the blind corpus's stories for each principle use it.
``tools/fit_lexicon.py`` counts that from the tuning rounds (strong, medium and twin answers
told for their own principle; never an answer whose flaw is the wrong principle) and writes
``data/principle_lexicon.yaml``.

An answer's evidence for a principle is the sum, over the distinct lexicon words it uses, of
the log-odds that a story for that principle uses the word, against all stories (add-alpha
smoothed). ``reads_as`` compares the asked principle with the best other one, per 100 words:
when another leads by more than ``MARGIN``, the story reads as that principle's. Words inside
a principle's name ("this shows my customer obsession") are not evidence: naming a principle
earns nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from starkit._exceptions import DataFileError
from starkit.content.loader import FILE_CHECKS, data_root, load_principles
from starkit.scoring.clauses import Reading as Sentence

__all__ = ["KEEP_POS", "MARGIN", "STOP", "Lexicon", "ReadsAs", "check_lexicon", "content_lemmas",
           "current", "load_lexicon", "read_answer", "reads_as", "sentence_lemmas", "using"]

#: Parts of speech whose lemmas are evidence.
KEEP_POS = frozenset({"NOUN", "VERB", "ADJ"})
#: Lemmas too common in every story to say anything about its principle.
STOP = frozenset({
    "be", "have", "do", "say", "get", "go", "make", "take", "know", "think", "want", "need",
    "thing", "way", "time", "lot", "also", "just", "really", "very", "so", "then", "there",
    "here", "well", "show", "demonstrate",
})
#: How far (log-odds per 100 words) another principle must lead for the story to read as it.
#: Leave-one-round-out on rounds 1-16 (``tools/fit_lexicon.py --check``): at 6 it flags 57% of
#: the answers written for the wrong principle, 3% of strong and 7% of medium ones.
MARGIN = 6.0
#: Fewer words than this are scaled as this many (a terse answer is not judged on three words).
_MIN_WORDS = 50


def content_lemmas(lemmas: Sequence[str], pos: Sequence[str],
                   skip: Iterable[int] = ()) -> frozenset[str]:
    """The lemmas that count as evidence, leaving out tokens at the indices in ``skip``."""
    skipped = set(skip)
    return frozenset(
        lem for i, (lem, p) in enumerate(zip(lemmas, pos, strict=True))
        if p in KEEP_POS and len(lem) > 2 and lem.isalpha() and lem not in STOP
        and i not in skipped
    )


@lru_cache(maxsize=1)
def _principle_names() -> re.Pattern[str]:
    """Any principle's name, or either half of one with a semicolon, as written."""
    names = {h.strip() for p in load_principles() for h in p.name.split(";")}
    alts = sorted((r"\s+".join(map(re.escape, n.split())) for n in names), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


def sentence_lemmas(sentence: Sentence) -> frozenset[str]:
    """A read sentence's evidence lemmas, leaving out the words of any principle's name."""
    named = [(m.start(), m.end()) for m in _principle_names().finditer(sentence.text)]
    skip = [i for i, (a, _) in enumerate(sentence.spans) if any(x <= a < y for x, y in named)]
    return content_lemmas(sentence.lemmas, sentence.pos, skip)


def read_answer(sentences: Iterable[Sentence]) -> tuple[frozenset[str], int]:
    """An answer's evidence lemmas and its words, each distinct sentence counted once (so
    that repeating a sentence neither adds evidence nor dilutes it)."""
    distinct = {s.text: s for s in sentences}.values()
    lemmas = frozenset().union(*(sentence_lemmas(s) for s in distinct))
    return lemmas, sum(len(s.text.split()) for s in distinct)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Per lemma, how many tuning stories of each principle use it."""

    principles: tuple[str, ...]
    documents: tuple[int, ...]
    """Answers counted per principle, in ``principles`` order."""
    counts: Mapping[str, tuple[int, ...]]
    alpha: float = 1.0
    source: str = ""

    @cached_property
    def weights(self) -> Mapping[str, tuple[float, ...]]:
        """Per lemma, the log-odds that a story for each principle uses it, against all."""
        a = self.alpha
        n_all = sum(self.documents)
        k = len(self.principles)
        out = {}
        for lem, row in self.counts.items():
            base = math.log((sum(row) + k * a) / (n_all + 2 * k * a))
            out[lem] = tuple(math.log((c + a) / (d + 2 * a)) - base
                             for c, d in zip(row, self.documents, strict=True))
        return out

    def evidence(self, lemmas: Iterable[str]) -> dict[str, float]:
        """Log-odds evidence for every principle from a set of content lemmas."""
        w = self.weights
        out = [0.0] * len(self.principles)
        for lem in set(lemmas):
            row = w.get(lem)
            if row is not None:
                for k, v in enumerate(row):
                    out[k] += v
        return dict(zip(self.principles, out, strict=True))


@dataclass(frozen=True)
class ReadsAs:
    """What the lexicon says of one answer for the asked principle."""

    other: str
    """The best other principle."""
    margin: float
    """Asked minus best other, log-odds per 100 words (negative: the other leads)."""
    dominated: bool
    """The other leads by more than ``MARGIN``."""


def reads_as(lex: Lexicon, lemmas: Iterable[str], principle: str, words: int) -> ReadsAs | None:
    """The best other principle and the asked one's margin over it (None: unknown principle)."""
    ev = lex.evidence(lemmas)
    if principle not in ev:
        return None
    other = max((p for p in lex.principles if p != principle), key=lambda p: ev[p])
    margin = (ev[principle] - ev[other]) / (max(words, _MIN_WORDS) / 100)
    return ReadsAs(other, round(margin, 2), margin < -MARGIN)


def _problems(path: Path) -> tuple[Lexicon | None, list[DataFileError]]:
    def err(field: str, message: str) -> DataFileError:
        return DataFileError(path, None, field, message)

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        return None, [DataFileError(path, None if line is None else line + 1, "",
                                    f"not readable YAML: {e}")]
    if not isinstance(raw, dict):
        return None, [err("", "expected a mapping with principles, documents and lemmas")]
    errors = []
    principles = raw.get("principles")
    documents = raw.get("documents")
    lemmas = raw.get("lemmas")
    alpha = raw.get("alpha", 1.0)
    if not (isinstance(principles, list) and principles
            and all(isinstance(p, str) for p in principles)):
        errors.append(err("principles", "expected a list of principle names"))
        return None, errors
    n = len(principles)
    if not (isinstance(documents, list) and len(documents) == n
            and all(isinstance(d, int) and d > 0 for d in documents)):
        errors.append(err("documents", f"expected {n} positive whole numbers, one per principle"))
    if not (isinstance(alpha, (int, float)) and alpha > 0):
        errors.append(err("alpha", f"expected a number above 0, got {alpha!r}"))
    if not isinstance(lemmas, dict):
        errors.append(err("lemmas", "expected a mapping from lemma to counts"))
    else:
        for lem, row in lemmas.items():
            if not (isinstance(row, list) and len(row) == n
                    and all(isinstance(c, int) and c >= 0 for c in row)):
                errors.append(err(f"lemmas.{lem}",
                                  f"expected {n} whole numbers >= 0, one per principle"))
                break
    if errors:
        return None, errors
    assert isinstance(lemmas, dict)
    assert isinstance(documents, list)
    return Lexicon(tuple(principles), tuple(documents),
                   {str(k): tuple(v) for k, v in lemmas.items()}, float(alpha),
                   str(raw.get("source", ""))), []


def check_lexicon(path: Path) -> list[DataFileError]:
    """Every problem in a lexicon file (empty when it is good)."""
    return _problems(path)[1]


FILE_CHECKS["principle_lexicon.yaml"] = check_lexicon


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The shipped lexicon (or the one at ``path``); a bad file raises ``DataFileError``."""
    p = path or data_root() / "principle_lexicon.yaml"
    lex, errors = _problems(p)
    if errors:
        raise errors[0]
    if lex is None:  # pragma: no cover - _problems returns errors whenever it has no lexicon
        raise DataFileError(p, None, "", "unreadable")
    return lex


_USING: ContextVar[Lexicon | None] = ContextVar("starkit_lexicon", default=None)


@contextmanager
def using(lex: Lexicon) -> Iterator[Lexicon]:
    """Score with another lexicon inside the block (``tools/fit_combination.py`` scores each
    calibration round with a lexicon counted without it)."""
    token = _USING.set(lex)
    try:
        yield lex
    finally:
        _USING.reset(token)


def current() -> Lexicon:
    """The lexicon in use: the one set by ``using``, else the shipped one."""
    return _USING.get() or load_lexicon()
