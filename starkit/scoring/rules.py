"""The rules: each looks at one part of an answer and returns findings with points.

A rule never reads another part, so a part's findings can be cached and an edit to one
box re-scores only that box. Cross-part judgements (reflection specificity, principle fit,
timing, caps) are made in ``engine`` from small per-part summaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from starkit.scoring import _messages as msg
from starkit.scoring._compiled import Compiled
from starkit.scoring.scorecard import Category, Finding, Severity
from starkit.scoring.text import (
    NUMBER_RE,
    Hit,
    Sentence,
    canonical_number,
    sentences,
    stem,
    tokens,
    word_count,
)

#: Points per rule. The dimension bases live in ``engine.BASES``.
POINTS = {
    "first_person_action": 8.0, "first_person_action_max": 32.0,
    "we_language": -10.0, "we_language_max": -40.0,
    "boundary_stated": 28.0, "personal_task": 28.0, "personal_task_partial": 12.0,
    "handoff": -30.0, "escalation_without_solution": -20.0,
    "manager_asked": -30.0, "blame": -20.0, "blame_max": -40.0, "vague_motivation": -15.0,
    "concrete_action": 13.0, "concrete_action_max": 78.0, "validation": 12.0,
    "guessing": -25.0, "weak_verb": -6.0, "weak_verb_max": -18.0,
    "hypothetical": -12.0, "hypothetical_max": -36.0,
    "number": 15.0, "number_max": 30.0, "baseline_outcome": 30.0, "business_value": 20.0,
    "second_order": 20.0, "vague_result": -20.0, "vague_result_max": -40.0,
    "suspicious_precision": -8.0,
    "reflection_present": 35.0, "generic_reflection": -30.0, "generic_reflection_max": -45.0,
    "filler": -3.0, "filler_max": -15.0,
}

_CLAUSE_RE = re.compile(r"[.,;:!?\n]+")
_FROM_TO = re.compile(
    r"\bfrom\b[^.;]{0,60}?\d[^.;]{0,40}?\bto\b[^.;]{0,30}?(\d|zero|none|nothing)"
    r"|\d[\d.,]*\s?%?[^.;]{0,40}?\b(?:to|->|→)\s+(?:\$?\d|zero|none|nothing)"
    r"|\b(?:halved|doubled|tripled|cut in half)\b"
    r"|\bby\s+\d[\d.,]*\s?%",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PartSummary:
    """What the engine needs to know about one part, computed once per text."""

    section: str
    findings: tuple[Finding, ...]
    words: int
    content: frozenset[str]
    fragments: int
    has_escalation: bool
    has_solution: bool
    has_systemic: bool
    has_learning: bool
    has_boundary: bool
    has_personal_task: bool


def _f(
    section: str, m: re.Match[str] | Hit | tuple[int, int, str], kind: str, severity: Severity,
    dimension: str, points: float, category: Category, message: str,
) -> Finding:
    if isinstance(m, tuple):
        start, end, quote = m
    else:
        start, end, quote = m.start(), m.end(), m.group(0)
    return Finding(section, start, end, kind, severity, message, dimension, points, quote,
                   category)


def _capped(findings: list[Finding], kind: str, each: float, limit: float) -> list[Finding]:
    """Give ``each`` points to findings of one kind until ``limit`` is used up; rest 0."""
    used = 0.0
    out = []
    for f in findings:
        room = limit - used
        p = each if abs(room) >= abs(each) else room
        used += p
        out.append(Finding(f.section, f.start, f.end, kind, f.severity, f.message, f.dimension,
                           p, f.quote, f.category))
    return out


def _unique(matches: list[Hit]) -> list[Hit]:
    """One match per normalised phrase: a repeated phrase counts once."""
    seen: set[str] = set()
    out = []
    for m in matches:
        key = " ".join(m.group(0).lower().split())
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


@lru_cache(maxsize=2048)
def analyse(section: str, text: str, c: Compiled, principle: str | None, level: str) -> PartSummary:
    """Every per-part finding for one part's text."""
    findings: list[Finding] = []
    sents = sentences(text)
    hits = c.matcher.scan(text)

    def found(name: str) -> list[Hit]:
        return hits.get(name, [])

    # --- tells that count anywhere --------------------------------------------------------
    if section != "reflection":
        hyp = [_f(section, m, "hypothetical", "major", "action", 0, "red_flag", msg.HYPOTHETICAL)
               for m in found("hypothetical")]
        findings += _capped(hyp, "hypothetical", POINTS["hypothetical"],
                            POINTS["hypothetical_max"])
    blame = [_f(section, m, "blame", "major", "ownership", 0, "red_flag", msg.BLAME)
             for m in _unique(found("blame"))]
    findings += _capped(blame, "blame", POINTS["blame"], POINTS["blame_max"])
    for m in _unique(found("vague_motivation"))[:1]:
        findings.append(_f(section, m, "vague_motivation", "major", "ownership",
                           POINTS["vague_motivation"], "red_flag", msg.VAGUE_MOTIVATION))
    filler = [_f(section, m, "filler", "minor", "structure", 0, "red_flag", msg.FILLER)
              for m in found("filler")]
    findings += _capped(filler, "filler", POINTS["filler"], POINTS["filler_max"])
    for m in _unique(found("handoff"))[:1]:
        findings.append(_f(section, m, "handoff", "major", "ownership", POINTS["handoff"],
                           "red_flag", msg.HANDOFF))
    manager = found("manager_asked")[:1]
    for m in manager:
        ownership_lp = principle is None or principle in c.rubric.boundary_principles
        findings.append(_f(section, m, "manager_asked", "critical" if ownership_lp else "major",
                           "ownership", POINTS["manager_asked"], "red_flag", msg.MANAGER_ASKED))
    has_escalation = bool(found("escalation"))
    has_solution = bool(found("solution"))

    # --- first person and concrete actions ------------------------------------------------
    if section == "action":
        fp: list[Finding] = []
        concrete: list[Finding] = []
        seen_verbs: set[str] = set()
        escalations = found("escalation")
        for s in sents:
            if _in(escalations, s):
                continue  # a message sent is not an action taken on the problem
            for im in c.i_verb_re.finditer(s.text):
                verb = im.group("verb").split()[0]
                v = stem(verb)
                tail = s.text[im.end():]
                nxt = re.search(r"\bI\s", tail)
                obj_words = word_count(tail[: nxt.start()] if nxt else tail)
                if obj_words < 2:
                    continue  # "I pulled I traced": a verb with nothing done
                span = (s.start + im.start(), s.start + im.end(), im.group(0))
                is_concrete = v in c.concrete_stems or (
                    verb.lower().endswith("ed") and len(verb) > 4
                )
                if not is_concrete:
                    continue
                fp.append(_f(section, span, "first_person_action", "strength", "ownership", 0,
                             "ownership", msg.FIRST_PERSON))
                if v not in seen_verbs:
                    seen_verbs.add(v)
                    concrete.append(_f(section, span, "concrete_action", "strength", "action",
                                       0, "ownership", msg.CONCRETE_ACTION))
        findings += _capped(fp, "first_person_action", POINTS["first_person_action"],
                            POINTS["first_person_action_max"])
        findings += _capped(concrete, "concrete_action", POINTS["concrete_action"],
                            POINTS["concrete_action_max"])
        we = [_f(section, m, "we_language", "major", "ownership", 0, "red_flag", msg.WE)
              for m in found("we_language")]
        findings += _capped(we, "we_language", POINTS["we_language"], POINTS["we_language_max"])
        weak = [_f(section, m, "weak_verb", "minor", "action", 0, "red_flag", msg.WEAK_VERB)
                for m in found("weak_verbs_i")]
        findings += _capped(weak, "weak_verb", POINTS["weak_verb"], POINTS["weak_verb_max"])
        for m in found("validation")[:1]:
            findings.append(_f(section, m, "validation", "strength", "action",
                               POINTS["validation"], "ownership", msg.VALIDATION))
        for m in found("guessing")[:1]:
            findings.append(_f(section, m, "guessing", "major", "action", POINTS["guessing"],
                               "red_flag", msg.GUESSING))

    # --- ownership boundary ---------------------------------------------------------------
    boundary = found("boundary") if section in (
        "situation", "task") else []
    personal = found("personal_task") if section == "task" else []

    # --- numbers and impact ---------------------------------------------------------------
    nums = [m for m in NUMBER_RE.finditer(text) if not _is_year_or_level(text, m)]
    if section == "result":
        seen_nums: set[str] = set()
        numf = []
        for nm in nums:
            key = canonical_number(nm)
            if key in seen_nums:
                continue
            seen_nums.add(key)
            numf.append(_f(section, nm, "number", "strength", "impact", 0, "number", msg.NUMBER))
        findings += _capped(numf, "number", POINTS["number"], POINTS["number_max"])
        base: re.Match[str] | Hit | None = _FROM_TO.search(text)
        if base is None:
            for s in sents:
                if sum(1 for _ in NUMBER_RE.finditer(s.text)) >= 2 and _in(found("baseline"), s):
                    base = Hit(s.start, s.end, s.text)
                    break
        if base is not None:
            findings.append(_f(section, base, "baseline_outcome", "strength", "impact",
                               POINTS["baseline_outcome"], "number", msg.BASELINE))
        elif nums:
            for nm in nums:
                if re.search(r"\.\d{2,}", nm.group(0)) or re.search(r"\d{3,}\.\d", nm.group(0)):
                    findings.append(_f(section, nm, "suspicious_precision", "minor", "impact",
                                       POINTS["suspicious_precision"], "red_flag",
                                       msg.PRECISION))
                    break
        if nums or base is not None:
            for m in found("business_value")[:1]:
                findings.append(_f(section, m, "business_value", "strength", "impact",
                                   POINTS["business_value"], "key_phrase", msg.BUSINESS))
        for m in found("second_order")[:1]:
            findings.append(_f(section, m, "second_order", "strength", "impact",
                               POINTS["second_order"], "key_phrase", msg.SECOND_ORDER))
        vague = [_f(section, m, "vague_result", "major", "impact", 0, "red_flag", msg.VAGUE)
                 for m in _unique(found("vague_result"))]
        findings += _capped(vague, "vague_result", POINTS["vague_result"],
                            POINTS["vague_result_max"])
        if not nums and text.strip():
            findings.append(_f(section, (0, 0, ""), "no_numbers", "major", "impact", 0,
                               "note", msg.NO_NUMBERS))

    # --- reflection -----------------------------------------------------------------------
    if section == "reflection" and text.strip():
        if word_count(text) >= 8:
            findings.append(_f(section, (0, 0, ""), "reflection_present", "strength",
                               "reflection", POINTS["reflection_present"], "note",
                               msg.REFLECTION_PRESENT))
        gen = [_f(section, m, "generic_reflection", "major", "reflection", 0, "red_flag",
                  msg.GENERIC)
               for m in _unique(found("generic_reflection"))]
        findings += _capped(gen, "generic_reflection", POINTS["generic_reflection"],
                            POINTS["generic_reflection_max"])

    marker = (boundary or personal)[:1]
    for m in marker:
        # The points depend on the principle and are given by the engine; the span is
        # recorded here so views can highlight it.
        findings.append(_f(section, m, "boundary_span", "strength", "ownership", 0,
                           "ownership", msg.BOUNDARY))
    frags = sum(1 for s in sents if len(s.text.split()) < 4)
    clause_frags = sum(1 for cl in _CLAUSE_RE.split(text) if 0 < len(cl.split()) < 3)
    return PartSummary(
        section=section,
        findings=tuple(findings),
        words=word_count(text),
        content=frozenset(t for s in sents for t in tokens(s.text)
                          if len(t) >= 4 and not t[0].isdigit()),
        fragments=frags + clause_frags,
        has_escalation=has_escalation,
        has_solution=has_solution,
        has_systemic=bool(found("systemic")),
        has_learning=bool(found("learning")),
        has_boundary=bool(boundary),
        has_personal_task=bool(personal),
    )


def _in(found: list[Hit], s: Sentence) -> bool:
    return any(s.start <= h.start() < s.end for h in found)


def _is_year_or_level(text: str, m: re.Match[str]) -> bool:
    raw = m.group(0).strip()
    if re.fullmatch(r"(19|20)\d\d", raw):
        return True
    before = text[max(0, m.start() - 4): m.start()]
    return bool(re.search(r"(?i)(sde|l|v)\s?$", before))
