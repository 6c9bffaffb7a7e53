"""Split a free-text answer into the five parts, sentence by sentence.

Explicit labels ("Situation:", "S:", "**Result**", "## Task") are honoured when there are at
least two of them. Otherwise each sentence is scored for cues of each part and the best
in-order assignment is found by dynamic programming. Labels are dropped; every other
character of the input ends up in some part, in order.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from starkit.content.models import SECTIONS
from starkit.scoring.answer import Answer
from starkit.scoring.clauses import read_many
from starkit.scoring.text import Hit, PhraseMatcher, Sentence, sentences

__all__ = ["segment"]

_NAMES = {
    "situation": "situation", "s": "situation", "context": "situation",
    "background": "situation",
    "task": "task", "t": "task", "goal": "task",
    "action": "action", "actions": "action", "a": "action",
    "result": "result", "results": "result", "r": "result", "outcome": "result",
    "impact": "result",
    "reflection": "reflection", "reflections": "reflection", "learning": "reflection",
    "learnings": "reflection", "lesson": "reflection", "lessons": "reflection",
    "lessons learned": "reflection", "l": "reflection",
}
_WORDS = (r"situation|context|background|task|goal|actions?|results?|outcome|impact"
          r"|reflections?|learnings?|lessons?(?:\s+learned)?")
LABEL_RE = re.compile(
    rf"""(?imx)
    (?:^|(?<=[.!?])[ \t]+)[ \t]*
    (?:
        (?:\#{{1,6}}[ \t]*)?(?:\*\*|__)[ \t]*(?P<bold>{_WORDS}|[star])[ \t]*(?:\*\*|__)
        [ \t]*[:.\-–—]?
      | \#{{1,6}}[ \t]*(?P<head>{_WORDS})[ \t]*[:.\-–—]?[ \t]*$
      | (?P<colon>{_WORDS}|[starl])[ \t]*:
      | (?P<dash>{_WORDS})[ \t]+[\-–—][ \t]
    )
    """
)

_LEVEL_RE = re.compile(r"(?i)\bsde\s?\d")
_CUE_PHRASES = {
    "situation": [
        "while working", "while i was working", "at my last", "at my previous", "when i was",
        "i was working", "in my role", "in my time", "in my last", "in my previous", "back in",
        "our team", "our company", "our service", "there was", "we had", "was dropping",
        "was failing", "was losing", "was growing", "context", "i noticed", "i saw",
    ],
    "task": [
        "my goal", "the goal", "i needed to", "i had to", "i was responsible", "my job",
        "my task", "not my team", "not my team's", "no ticket", "nobody asked", "no one asked",
        "i decided to", "i took ownership", "i set out", "i made it my", "i owned",
        "i wanted to", "i chose to", "i committed", "my responsibility",
    ],
    "result": [
        "as a result", "the result", "end result", "resulted", "in the end", "reduced", "increased",
        "dropped", "fell", "rose", "saved", "recovered", "adopted", "went from", "improved",
        "impact", "outcome", "since then", "revenue", "per week", "per month", "a week",
        "a month", "a year", "$", "%", "no more", "anymore", "any more",
        "was down", "were down", "went down", "went up", "came down", "percent",
    ],
    "reflection": [
        "i learned", "i learnt", "lesson", "lessons", "in hindsight", "looking back",
        "next time", "taught me", "i now", "if i did it again", "i realized", "i realised",
        "what i took away", "takeaway", "i would now", "i would have", "reflect",
        "reflecting",
        "the root cause", "the real cause", "the bigger lesson", "what i took", "going forward",
        "these days", "ever since", "since then", "the lesson", "what i'd do differently",
        "what i would do differently", "if i did it again", "if i had to do it again",
        "in retrospect", "my takeaway", "the takeaway", "i've learned", "i have learned",
        "i still", "i always", "now i always", "i now always", "i realised", "it taught me",
        "it showed me", "i should have", "i'd have", "i would have", "i try to",
        "what i learn", "i learn from", "what i take", "my learning", "my lesson",
    ],
    # Openers that announce the lesson outright ("What I took away is...", "The lesson was..."):
    # they outweigh the acts the lesson goes on to name.
    "lesson_opener": [
        "i learned", "i learnt", "what i learn", "the lesson", "my lesson", "the main lesson",
        "what i took away", "what i took from", "my takeaway", "the takeaway", "it taught me",
        "in hindsight", "looking back", "if i did it again", "the bigger lesson", "my learning",
    ],
}
_CUES = PhraseMatcher(_CUE_PHRASES)
#: The score for moving on to the next part. Negative: a pasted answer usually has all five
#: parts, so a split that visits each is preferred when the cues are weak either way.
_STEP = -0.6
_NOT_ACTS = frozenset({"be", "have", "learn", "realize", "realise", "think", "know", "feel",
                       "see", "notice", "want", "need", "get", "become", "seem"})
_INTENT = frozenset({"want", "decide", "need", "plan", "aim", "set", "try", "have"})


def segment(text: str) -> Answer:
    """Split ``text`` into an Answer (see the module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"segment() needs text, got {type(text).__name__}")
    labelled = _by_labels(text)
    if labelled is not None:
        return labelled
    return _by_cues(text)


def _by_labels(text: str) -> Answer | None:
    marks = []
    for m in LABEL_RE.finditer(text):
        word = next(g for g in m.group("bold", "head", "colon", "dash") if g)
        part = _NAMES.get(" ".join(word.lower().split()))
        if part:
            marks.append((m.start(), m.end(), part))
    if len({p for *_, p in marks}) < 2:
        return None
    chunks: dict[str, list[str]] = {name: [] for name in SECTIONS}
    lead = text[: marks[0][0]].strip()
    if lead:
        chunks[marks[0][2]].append(lead)
    for i, (_, end, part) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body = text[end:stop].strip()
        if body:
            chunks[part].append(body)
    return Answer(**{k: "\n\n".join(v) for k, v in chunks.items()})


def _cue_table(text: str, sents: tuple[Sentence, ...]) -> list[list[float]]:
    """Cue scores per sentence and part. Each cue regex runs once over the whole text."""
    n = len(sents)
    starts = [s.start for s in sents]
    table = [[0.0] * 5 for _ in range(n)]

    def mark(k: int, hits: list[Hit] | list[re.Match[str]], weight: float) -> None:
        last = -1
        for m in hits:
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and i != last and m.start() < sents[i].end:
                table[i][k] += weight
                last = i

    found = _CUES.scan(text)
    for k, name in enumerate(SECTIONS):
        if name != "action":
            mark(k, found.get(name, []), 1.0)
    mark(4, found.get("lesson_opener", []), 1.0)
    # What the parse says about each sentence: who did what, and whether it measures a change.
    readings = read_many([s.text for s in sents])
    for i, r in enumerate(readings):
        mine = [c for c in r.clauses if c.agent == "self" and c.real and c.finite
                and c.complement and c.lemma not in _NOT_ACTS]
        if mine:
            table[i][2] += min(1.6, 0.8 * len(mine))
        if r.change is not None:
            table[i][3] += 1.2
        elif any(f.is_metric for f in r.figures):
            table[i][3] += 0.4
        if any(c.agent == "self" and c.modal in ("would", "will") and not c.negated
               for c in r.clauses) and i > n // 2:
            table[i][4] += 0.6  # "next time I would ..."
        if any(c.agent == "self" and c.dep == "xcomp" and c.governor in _INTENT
               for c in r.clauses):
            table[i][1] += 0.6  # "I wanted to / decided to / needed to ..."
    for i, sent in enumerate(sents):
        if table[i][3] and _LEVEL_RE.search(sent.text[:200]):
            table[i][3] -= 0.6  # "as an SDE2" is not a result
        # Position priors: stories start with context and end with what was learned.
        frac = i / max(1, n - 1)
        table[i][0] += 0.4 * (1 - frac)
        # Figures and lessons early in a story are usually context, not outcome or lesson.
        table[i][3] *= 0.3 + 0.7 * frac
        table[i][4] *= 0.3 + 0.7 * frac
        if table[i][4] > 0:
            table[i][4] += 0.3 * frac
    return table


def _by_cues(text: str) -> Answer:
    sents = sentences(text)
    if not sents:
        return Answer()
    n = len(sents)
    cues = _cue_table(text, sents)
    step = _STEP  # moving on to a later part: its cost (or, below zero, its reward)
    neg = float("-inf")
    best = [[neg] * 5 for _ in range(n)]
    back = [[0] * 5 for _ in range(n)]
    for p in range(5):
        best[0][p] = cues[0][p] - step * p
    for i in range(1, n):
        for p in range(5):
            for q in range(p + 1):
                v = best[i - 1][q] - (step * (p - q))
                if v > best[i][p]:
                    best[i][p], back[i][p] = v, q
            best[i][p] += cues[i][p]
    p = max(range(5), key=lambda k: (best[n - 1][k], -k))
    parts = [0] * n
    for i in range(n - 1, -1, -1):
        parts[i] = p
        p = back[i][p]
    spans: dict[str, list[int]] = {}
    for s, k in zip(sents, parts, strict=True):
        name = SECTIONS[k]
        if name in spans:
            spans[name][1] = s.end
        else:
            spans[name] = [s.start, s.end]
    return Answer(**{name: text[a:b] for name, (a, b) in spans.items()})
