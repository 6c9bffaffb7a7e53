"""``score``: an answer in, a scorecard out. Pure, deterministic, cached per part."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from starkit._exceptions import UnknownNameError
from starkit.content.loader import load_principles, load_rubric
from starkit.content.models import LEVELS, SECTIONS, Scenario, closest_principle, resolve_principle
from starkit.content.rubric import DIMENSIONS, Rubric
from starkit.scoring import _messages as msg
from starkit.scoring import clauses, figures, text
from starkit.scoring._compiled import Compiled, compile_rubric
from starkit.scoring.answer import Answer
from starkit.scoring.combination import Combination, load_combination
from starkit.scoring.lexicon import ReadsAs, current, read_answer, reads_as, sentence_lemmas
from starkit.scoring.phrases import key_phrase_hits
from starkit.scoring.rules import (
    DEVELOPING_OTHERS,
    POINTS,
    PartSummary,
    analyse,
    carried_off_across,
    owned_later,
)
from starkit.scoring.scorecard import Finding, PartTiming, Scorecard, Verdict
from starkit.scoring.segment import segment
from starkit.scoring.text import PhraseMatcher

__all__ = ["BASES", "clear_cache", "score", "verdict_for"]

#: Where each dimension starts before findings add or take points.
BASES = {
    "structure": 100.0, "ownership": 50.0, "action": 40.0, "impact": 10.0,
    "reflection": 20.0, "timing": 100.0, "principle_fit": 40.0,
}
_FIT_BASE_WITH_SCENARIO = 20.0
_SIGNAL_POINTS = 15.0
_SIGNAL_POINTS_WITH_SCENARIO = 10.0
_KEY_PHRASE_TOTAL = 50.0
#: Distinct scope words a Senior story needs before it reads as Senior in scope.
_SENIOR_SCOPE = 2
#: Distinct hands-on acts in Action after which a message sent is not escalation.
_HANDS_ON = 3
#: Principles where other people doing the work is the point (a mentee fixing it is no hand-off).
_SCOPE_PENALTY = 20.0
_WRONG_LP = 20.0
#: Distinct signals of another principle (past three times the chosen one's) for it to dominate.
_WRONG_LP_EVIDENCE = 5

#: Words any story and any lesson use: sharing them is no tie between the lesson and the
#: story ("you know, trust is really about communication" shares "know", "real", "thing").
_NOT_DETAIL = frozenset(text.stem(w) for w in (
    "know", "really", "real", "thing", "things", "going", "way", "lot", "kind", "sort", "stuff",
    "actually", "basically", "honestly", "like", "mean", "think", "pretty", "right", "okay",
    "yeah", "well", "time", "times", "good", "better", "best", "bad", "people", "always",
    "never", "every", "everything", "everyone", "something", "someone", "thing", "much",
    "many", "first", "next", "still", "even", "only", "other", "same", "important", "lesson",
    "learn", "learned", "take", "took", "taken", "look", "want", "need", "sure", "help",
))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _spoken_seconds(spoken: Mapping[str, float] | None) -> dict[str, float]:
    """Measured seconds for every part (0 for a part not reached), or {} when not spoken."""
    if not spoken:
        return {}
    unknown = set(spoken) - set(SECTIONS)
    if unknown:
        raise ValueError(f"spoken: unknown part {sorted(unknown)[0]!r}; expected "
                         f"{', '.join(SECTIONS)}")
    out = {}
    for n in SECTIONS:
        v = float(spoken.get(n, 0.0))
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"spoken: {n} must be a number of seconds >= 0, got {v!r}")
        out[n] = round(v, 1)
    return out


def clear_cache() -> None:
    """Forget every cached part (for benchmarks that want cold runs)."""
    analyse.cache_clear()
    clauses.cache_clear()
    figures.figures.cache_clear()
    figures.change.cache_clear()
    key_phrase_hits.cache_clear()
    _all_signal_hits.cache_clear()
    text.sentences.cache_clear()
    text.tokens.cache_clear()


def score(
    answer: Answer | str,
    *,
    principle: str | None = None,
    level: str = "SDE2",
    scenario: Scenario | None = None,
    rubric: Rubric | None = None,
    coverage: Literal["required", "hints"] = "required",
    combination: Combination | Literal[False] | None = None,
    spoken: Mapping[str, float] | None = None,
) -> Scorecard:
    """Judge an answer the way a bar raiser would; every point is backed by a finding.

    ``answer`` is an ``Answer`` or one text (split with ``segment``). ``principle`` is a
    Leadership Principle name or slug (default: the scenario's). ``level`` is SDE1, SDE2 or
    Senior. With a ``scenario``, its timings are used, and its key phrases are ``coverage``:
    ``"required"`` when rehearsing the scenario's own story (Learn, the scenario's Mock), where
    they earn principle fit and missing ones are reported; ``"hints"`` when the candidate tells
    their own story with the scenario beside it (Practice), where only the principle's evidence
    counts and the key phrases are offered as ideas, never as missing coverage.
    ``combination`` is how the findings add up (default: the shipped, fitted one; ``False``:
    the rubric's weighted mean of the dimensions, as the fitting tool reads them).
    ``spoken`` gives the seconds each part took when the answer was spoken aloud (from
    ``starkit.practice.speech``); timing then judges those, not an estimate from the words,
    and its findings say so.
    """
    if isinstance(answer, str):
        answer = segment(answer)
    if not isinstance(answer, Answer):
        raise TypeError(f"score() needs an Answer or text, got {type(answer).__name__}")
    if level not in LEVELS:
        raise UnknownNameError("level", str(level), _closest_level(str(level)))
    if principle is not None:
        official = resolve_principle(principle)
        if official is None:
            raise UnknownNameError("principle", principle, closest_principle(principle))
        principle = official
    elif scenario is not None:
        principle = scenario.principle
    rubric = rubric or load_rubric()
    c = compile_rubric(rubric)
    parts = {name: _CONTROL.sub(" ", text) for name, text in answer}
    _read_ahead(parts)
    summaries = {name: analyse(name, parts[name], c, principle, level) for name in SECTIONS}
    if coverage not in ("required", "hints"):
        raise ValueError(f"coverage must be 'required' or 'hints', got {coverage!r}")
    combo = load_combination() if combination is None else combination or None
    measured = _spoken_seconds(spoken)
    return _combine(parts, summaries, c, principle, level, scenario, coverage == "required",
                    combo, measured)


def _read_ahead(parts: Mapping[str, str]) -> None:
    """Parse every part's new sentences in one batch, as the parser is fastest at, before the
    parts are read one by one (they then find their sentences cached). Not for a paste too
    long for the cache to hold."""
    texts = [s.text for name in SECTIONS for s in text.sentences(parts[name])]
    if len(texts) <= clauses.CACHE_SIZE // 2:
        clauses.read_many(texts)


def _closest_level(level: str) -> str | None:
    for lv in LEVELS:
        if lv.lower() == level.lower().replace(" ", ""):
            return lv
    return None


@dataclass
class _Acc:
    findings: list[Finding]

    def add(self, section: str, kind: str, severity: str, dimension: str, points: float,
            message: str, span: tuple[int, int, str] = (0, 0, ""),
            category: str = "note") -> None:
        self.findings.append(Finding(section, span[0], span[1], kind, severity,  # type: ignore[arg-type]
                                     message, dimension, points, span[2], category))  # type: ignore[arg-type]


def _combine(
    parts: dict[str, str], summaries: dict[str, PartSummary], c: Compiled,
    principle: str | None, level: str, scenario: Scenario | None, required: bool = True,
    combination: Combination | None = None, measured: dict[str, float] | None = None,
) -> Scorecard:
    """``measured``: seconds per part from a recording (every part), or empty."""
    measured = measured or {}
    rubric = c.rubric
    acc = _Acc([])
    present = {n: bool(parts[n].strip()) for n in SECTIONS}
    for name in SECTIONS:
        owned = name != "reflection" and owned_later(
            [summaries[n] for n in SECTIONS[SECTIONS.index(name) + 1:]],
            [summaries[n] for n in SECTIONS[:SECTIONS.index(name)]])
        acc.findings.extend(
            f for f in summaries[name].findings if f.kind != "boundary_span"
            and not (f.kind == "guessing" and owned)
        )

    if not any(present.values()):
        acc.add("answer", "empty", "critical", "structure", -100.0, msg.EMPTY)

    # --- structure --------------------------------------------------------------------
    for name in SECTIONS:
        if not present[name] and any(present.values()):
            sev = "critical" if name in ("action", "result") else "major"
            acc.add(name, "missing_part", sev, "structure", -20.0, msg.MISSING[name])

    # --- timing ---------------------------------------------------------------------------
    wpm = rubric.words_per_minute
    targets, (lo, hi) = speaking_targets(level, scenario, rubric)
    timing = {
        n: PartTiming(n, summaries[n].words, measured[n], targets[n], True) if measured else
        PartTiming(n, summaries[n].words, round(summaries[n].words * 60 / wpm, 1), targets[n])
        for n in SECTIONS
    }
    total_words = sum(s.words for s in summaries.values())
    total = round(sum(measured.values()), 1) if measured else round(total_words * 60 / wpm, 1)
    timing["total"] = PartTiming("total", total_words, total, float(hi), bool(measured))
    # "about 52 s" is estimated from the words; "52 s spoken" was measured from a recording
    said = "{:.0f} s spoken".format if measured else "about {:.0f} s".format
    sit = timing["situation"]
    if sit.seconds > max(45.0, 2 * sit.target_seconds):
        acc.add("situation", "long_setup", "major", "structure", -25.0,
                f"{msg.LONG_SETUP} ({said(sit.seconds)} against a target of "
                f"{sit.target_seconds:.0f} s)")
    for n in ("task", "result", "reflection"):
        t = timing[n]
        if t.seconds > 2.5 * t.target_seconds and t.seconds > t.target_seconds + 20:
            acc.add(n, "long_part", "minor", "structure", -10.0,
                    f"{msg.LONG_PART} ({said(t.seconds)} against {t.target_seconds:.0f} s)")
    if total > hi:
        over = total - hi
        acc.add("answer", "over_budget", "major" if over > 0.25 * hi else "minor", "timing",
                -min(60.0, round(over / hi * 150, 1)),
                f"{msg.OVER_BUDGET} ({said(total)} against {hi} s for {level})")
    elif total < lo and any(present.values()):
        acc.add("answer", "under_budget", "minor", "timing",
                -min(50.0, round((lo - total) / lo * 60, 1)),
                f"{msg.UNDER_BUDGET} ({said(total)}; aim for {lo}-{hi} s at {level})")

    # --- coherence: a pile of phrases is not a story ------------------------------------
    frags = sum(s.fragments for s in summaries.values())
    expected_sentences = max(1.0, total_words / 9)
    fragmented = frags >= 4 and frags / expected_sentences >= 0.8
    if fragmented:
        acc.add("answer", "fragmented", "critical", "structure", -60.0, msg.FRAGMENTED)

    # --- ownership boundary (depends on the principle) -----------------------------------
    needs_boundary = principle is None or principle in rubric.boundary_principles
    spans = [f for n in ("situation", "task") for f in summaries[n].findings
             if f.kind == "boundary_span"]
    has_boundary = summaries["task"].has_boundary or summaries["situation"].has_boundary
    has_goal = summaries["task"].has_personal_task
    if has_boundary or (has_goal and not needs_boundary):
        f = spans[0]
        acc.add(f.section, "boundary_stated", "strength", "ownership", 28.0, msg.BOUNDARY,
                (f.start, f.end, f.quote), "ownership")
    elif has_goal:
        f = spans[0]
        acc.add(f.section, "personal_task", "strength", "ownership", 12.0, msg.BOUNDARY,
                (f.start, f.end, f.quote), "ownership")
        acc.add("task", "no_boundary", "minor", "ownership", 0.0, msg.NO_BOUNDARY)
    elif present["task"] or present["action"]:
        acc.add("task", "no_boundary" if needs_boundary else "no_goal", "major", "ownership",
                0.0, msg.NO_BOUNDARY if needs_boundary else msg.NO_GOAL)

    # --- hand-off and escalation: did the candidate bring the solution? -------------------
    own_fix = any(a for n in ("action", "result") for a in summaries[n].kinds("fix"))
    routed = [(n, a) for n in ("situation", "task", "action", "result")
              for a in summaries[n].kinds("routing")]
    # Things done about the problem itself (not messages about it): with enough of them, a
    # message sent along the way is keeping people informed, not escalating instead.
    hands_on = {a.verb for a in summaries["action"].kinds("concrete") if "routing" not in a.kinds}
    fixed_by_others = [(n, summaries[n].others_fixed) for n in ("task", "action", "result")
                       if summaries[n].others_fixed is not None]
    develops_others = principle in DEVELOPING_OTHERS
    if fixed_by_others and not own_fix and not develops_others:
        n, span = fixed_by_others[0]
        assert span is not None
        acc.add(n, "handoff", "major", "ownership", -30.0, msg.HANDOFF, span, "red_flag")
    elif routed and not own_fix and len(hands_on) < _HANDS_ON:
        n, a = routed[0]
        acc.add(n, "escalation_without_solution", "major", "ownership", -20.0, msg.ESCALATION,
                (a.start, a.end, a.quote), "red_flag")

    # --- a colleague's work told in one part, carried off in the next ---------------------
    if not any(f.kind == "integrity" and f.message == msg.CREDIT for f in acc.findings):
        across = carried_off_across([summaries[n] for n in ("situation", "task", "action")])
        if across is not None:
            n, span = across
            acc.add(n, "integrity", "critical", "ownership", POINTS["integrity"], msg.CREDIT,
                    span, "red_flag")

    # --- told at the end of one part, pushed back at the start of the next ------------------
    # ("My manager told me to leave it." | "But I asked for two days, and she agreed.")
    for f in [f for f in acc.findings if f.kind == "manager_asked"]:
        if _pushed_back_next(f, summaries):
            acc.findings.remove(f)
            acc.add(f.section, "pushed_back", "strength", "ownership", POINTS["pushed_back"],
                    msg.PUSHED_BACK, (f.start, f.end, f.quote), "ownership")

    # --- asked, then went beyond: the ask was only the starting point ----------------------
    # (only when the ask sets the scene and the Task says what nobody asked for)
    asked = [f for f in acc.findings if f.kind == "manager_asked"]
    if asked and all(f.section == "situation" for f in asked) and summaries["task"].has_boundary:
        f = asked[0]
        acc.findings.remove(f)
        acc.add(f.section, "asked_then_beyond", "info", "ownership", -5.0,
                msg.ASKED_BEYOND, (f.start, f.end, f.quote), "note")

    # --- action -------------------------------------------------------------------------
    if present["action"]:
        kinds = {f.kind for f in summaries["action"].findings}
        concrete = len({a.verb for a in summaries["action"].kinds("concrete")})
        if concrete < 3:
            acc.add("action", "few_actions", "major" if concrete < 2 else "minor", "action", 0.0,
                    msg.FEW_ACTIONS)
        if "validation" not in kinds:
            acc.add("action", "no_validation", "minor", "action", 0.0, msg.NO_VALIDATION)

    # --- impact -------------------------------------------------------------------------
    if present["result"]:
        kinds = {f.kind for f in summaries["result"].findings}
        if "number" in kinds and "baseline_outcome" not in kinds:
            acc.add("result", "no_baseline", "minor", "impact", 0.0, msg.NO_BASELINE)
        if "business_value" not in kinds:
            acc.add("result", "no_business_value", "minor", "impact", 0.0, msg.NO_BUSINESS)
        if "second_order" not in kinds:
            acc.add("result", "no_second_order", "info", "impact", 0.0, msg.NO_SECOND_ORDER)

    # --- reflection ---------------------------------------------------------------------
    if present["reflection"]:
        ref = summaries["reflection"]
        story = frozenset().union(*(summaries[n].content for n in SECTIONS if n != "reflection"))
        shared = (ref.content & story) - _NOT_DETAIL
        generic = any(f.kind == "generic_reflection" for f in ref.findings)
        if len(shared) >= 2 and not generic:
            acc.add("reflection", "specific_reflection", "strength", "reflection", 30.0,
                    f"{msg.SPECIFIC} (ties back to: {', '.join(sorted(shared)[:4])})")
        else:
            acc.add("reflection", "not_specific", "minor", "reflection", 0.0, msg.NOT_SPECIFIC)
        if level == "Senior":
            if ref.has_systemic:
                acc.add("reflection", "depth", "strength", "reflection", 35.0, msg.DEPTH)
            else:
                acc.add("reflection", "shallow_for_level", "major", "reflection", 0.0,
                        msg.SHALLOW_SENIOR)
        elif ref.has_learning or ref.has_systemic:
            acc.add("reflection", "depth", "strength", "reflection", 35.0, msg.DEPTH)
        else:
            acc.add("reflection", "shallow_for_level", "minor", "reflection", 0.0, msg.SHALLOW)

    # --- buzzwords instead of acts ------------------------------------------------------
    buzz = sum(summaries[n].buzz for n in SECTIONS if n != "reflection")
    done = len({a.verb for n in SECTIONS if n != "reflection"
                for a in summaries[n].kinds("concrete")})
    buzzy = buzz >= 3 and buzz >= done
    if buzzy:
        acc.add("answer", "buzzwords", "critical", "action", -20.0, msg.BUZZWORDS,
                category="red_flag")

    # --- claims nobody will believe as told ------------------------------------------------
    inflated = frozenset().union(*(summaries[n].inflated for n in SECTIONS))
    implausible = any(f.kind == "implausible" for f in acc.findings)
    too_big = len(inflated) >= 2 or (implausible and len(inflated) >= 1)
    if too_big:
        acc.add("answer", "inflated", "major", "impact", -25.0,
                f"{msg.INFLATED} ({', '.join(sorted(inflated))})", category="red_flag")

    # --- scope against the level ----------------------------------------------------------
    # Scope is what the candidate did and changed, not the background they set the scene with.
    scope = frozenset().union(*(summaries[n].scope for n in SECTIONS if n != "situation"))
    below_scope = level == "Senior" and present["action"] and len(scope) < _SENIOR_SCOPE

    # --- principle fit ------------------------------------------------------------------
    include_fit = principle is not None or scenario is not None
    bases = dict(BASES)
    measures: dict[str, float] = {}
    if include_fit:
        rehearsing = scenario is not None and required
        signal_each = _SIGNAL_POINTS_WITH_SCENARIO if rehearsing else _SIGNAL_POINTS
        signal_max = 30.0 if rehearsing else 60.0
        if rehearsing:
            bases["principle_fit"] = _FIT_BASE_WITH_SCENARIO
        used = 0.0
        seen: set[str] = set()
        if principle is not None and not fragmented:
            for name in SECTIONS:
                for start, end, quote in _signal_hits(parts[name], principle):
                    if not _inside(summaries[name].qualifying, start):
                        continue
                    key = quote.lower()
                    if key in seen or used >= signal_max:
                        continue
                    seen.add(key)
                    pts = min(signal_each, signal_max - used)
                    used += pts
                    acc.add(name, "principle_signal", "strength", "principle_fit", pts,
                            f"{msg.SIGNAL} ({principle})", (start, end, quote), "key_phrase")
            if not seen:
                acc.add("answer", "no_signals", "minor", "principle_fit", 0.0, msg.NO_SIGNALS)
            other = _dominant_other(parts, summaries, principle, len(seen))
            where: tuple[str, tuple[int, int, str]] = ("answer", (0, 0, ""))
            # Rehearsing a scenario's own story, the story is given: its key phrases judge fit.
            if not rehearsing:
                got, sentence = _read_as_other(summaries, principle)
                if got is not None:
                    # how far another principle's words lead the asked one's (0: they don't)
                    measures["reads_as_other"] = round(max(0.0, -got.margin), 2)
                if other is None and got is not None and sentence is not None:
                    other, where = got.other, sentence
            if other is not None:
                acc.add(where[0], "wrong_principle", "major", "principle_fit", -_WRONG_LP,
                        msg.WRONG_PRINCIPLE.format(
                            article="an" if other[0] in "AEIOU" else "a", other=other,
                            principle=principle, description=_described(principle)),
                        where[1], "note")
        if scenario is not None and not required:
            ideas = list(dict.fromkeys(p for _, sec in scenario.sections.items()
                                       for p in sec.key_phrases))
            acc.add("answer", "key_phrase_ideas", "info", "principle_fit", 0.0,
                    f"{msg.KEY_PHRASE_IDEAS} " + "; ".join(f'"{p}"' for p in ideas[:6]))
        elif scenario is not None:
            phrases = tuple(p for _, sec in scenario.sections.items() for p in sec.key_phrases)
            each = _KEY_PHRASE_TOTAL / max(1, len(phrases))
            found: set[str] = set()
            for name in SECTIONS:
                for start, end, quote, phrase in key_phrase_hits(parts[name], phrases):
                    if phrase in found or fragmented or not _inside(
                        summaries[name].qualifying, start
                    ):
                        continue
                    found.add(phrase)
                    acc.add(name, "key_phrase", "strength", "principle_fit", round(each, 2),
                            f'{msg.KEY_PHRASE} ("{phrase}")', (start, end, quote), "key_phrase")
            missed = [p for p in phrases if p not in found]
            if missed:
                acc.add("answer", "key_phrases_missed", "info", "principle_fit", 0.0,
                        f"{msg.KEY_PHRASES_MISSED} Not yet covered: "
                        + "; ".join(f'"{p}"' for p in missed[:6]))

    # --- dimensions, overall, caps ----------------------------------------------------------
    dims = [d for d in DIMENSIONS if d != "principle_fit" or include_fit]
    dimensions = {}
    for d in dims:
        raw = bases[d] + sum(f.points for f in acc.findings if f.dimension == d)
        dimensions[d] = round(min(100.0, max(0.0, raw)), 1)
    if not any(present.values()):
        dimensions = dict.fromkeys(dims, 0.0)
    weights = {d: rubric.weights[d] for d in dims}
    total_w = sum(weights.values()) or 1.0
    uncapped = round(sum(weights[d] * dimensions[d] for d in dims) / total_w, 1)
    rating: float | None = None
    contributions: tuple[tuple[str, float], ...] = ()
    if combination is not None:
        # What the findings are worth together, fitted to raters (combination.py); the
        # scope drop and the caps below still apply.
        inputs = [f.kind for f in acc.findings] + (["scope_below_level"] if below_scope else [])
        contributions = combination.contributions(inputs, dimensions, measures)
        rating = round(sum(p for _, p in contributions), 3)
        share = combination.share
        uncapped = (round(share * combination.to_score(rating) + (1 - share) * uncapped, 1)
                    if any(present.values()) else 0.0)
    overall = uncapped
    if below_scope:
        # At least one verdict band lower, and at least _SCOPE_PENALTY points.
        th = rubric.thresholds
        floor = next((x for x in (th.strong_hire, th.hire, th.lean_no_hire) if overall >= x), None)
        lowered = round(max(0.0, overall - _SCOPE_PENALTY if floor is None
                            else min(overall - _SCOPE_PENALTY, floor - 0.1)), 1)
        acc.add("answer", "scope_below_level", "major", "overall", round(lowered - overall, 1),
                msg.SCOPE_BELOW_LEVEL.format(level=level), category="note")
        overall = lowered
    caps = rubric.caps
    by_kind = {f.kind: f for f in acc.findings}
    rules = [
        (fragmented, caps.fragmented, "it is a list of phrases rather than a story"),
        ("manager_asked" in by_kind and by_kind["manager_asked"].severity == "critical",
         caps.manager_asked, "the action was taken only because someone asked"),
        # (an outcome told inside another part is a Result out of place, not a missing one)
        (not present["result"] and any(present.values())
         and not any(summaries[n].outcomes for n in ("action", "reflection")),
         caps.missing_result,
         "there is no Result"),
        (not present["action"] and any(present.values()), caps.missing_action,
         "there is no Action"),
        ("handoff" in by_kind or "escalation_without_solution" in by_kind, caps.handoff,
         "the problem was handed to someone else"),
        (sum(f.kind == "blame" for f in acc.findings) >= 2, caps.blame,
         "it blames others more than once"),
        (total > 2 * hi, caps.over_time, f"it runs more than twice the {hi} s budget"),
        ("guessing" in by_kind, caps.guessing, "the fix was made on a guess"),
        (buzzy, caps.buzzwords, "it names buzzwords rather than things done"),
        (too_big, caps.inflated, "its claims are bigger than the story can carry"),
        ("integrity" in by_kind, caps.integrity,
         "a safeguard was bypassed, a problem hidden or credit taken"),
    ]
    for applies, cap, why in rules:
        if applies and overall > cap:
            acc.add("answer", "cap", "critical", "overall", round(cap - overall, 1),
                    msg.CAP.format(why=f"{why} (at most {cap:g})"))
            overall = float(cap)
    return Scorecard(
        overall=overall,
        verdict=_verdict(overall, rubric),
        dimensions=dimensions,
        findings=tuple(sorted(acc.findings, key=_order)),
        timing=timing,
        principle=principle,
        level=level,
        scenario_id=scenario.id if scenario else None,
        rubric=f"{rubric.name} ({rubric.fingerprint}"
               + (f", combination {combination.fingerprint})" if combination else ")"),
        bases={d: bases[d] for d in dims},
        weights=weights,
        uncapped=uncapped,
        rating=rating,
        contributions=contributions,
        measures=measures,
    )


def _order(f: Finding) -> tuple[int, int, int]:
    idx = SECTIONS.index(f.section) if f.section in SECTIONS else len(SECTIONS)
    return (idx, f.start, f.end)


def verdict_for(overall: float, rubric: Rubric | None = None) -> Verdict:
    """The verdict an overall score earns under ``rubric`` (the default one if None)."""
    return _verdict(overall, rubric or load_rubric())


def _verdict(overall: float, rubric: Rubric) -> Verdict:
    t = rubric.thresholds
    if overall >= t.strong_hire:
        return "Strong Hire"
    if overall >= t.hire:
        return "Hire"
    if overall >= t.lean_no_hire:
        return "Lean No Hire"
    return "No Hire"


def speaking_targets(
    level: str, scenario: Scenario | None = None, rubric: Rubric | None = None,
) -> tuple[dict[str, float], tuple[int, int]]:
    """The seconds each part should take and the level's (least, most) seconds in all:
    what the timing dimension judges, for a view that counts down while the answer is spoken."""
    if level not in LEVELS:
        raise UnknownNameError("level", str(level), _closest_level(str(level)))
    rubric = rubric or load_rubric()
    targets = {n: float(getattr(scenario.sections, n).target_seconds if scenario else
                        rubric.section_targets[n]) for n in SECTIONS}
    return targets, _budget(rubric, level, scenario)


def _budget(rubric: Rubric, level: str, scenario: Scenario | None) -> tuple[int, int]:
    lt = rubric.levels[level]
    if scenario is not None:
        v = scenario.levels.for_level(level)
        hi = v.time_budget_seconds
        lo = v.time_budget_min_seconds or lt.min_seconds
        return min(lo, hi), hi
    return lt.min_seconds, lt.max_seconds


@lru_cache(maxsize=1)
def _principles() -> tuple[tuple[str, str], ...]:
    """(name, description) of the 16 principles, read once."""
    return tuple((p.name, p.description) for p in load_principles())


@lru_cache(maxsize=1)
def _signal_matcher() -> PhraseMatcher:
    """One matcher for the signal phrases of all 16 principles (one pass per text)."""
    return PhraseMatcher({p.name: p.signals for p in load_principles()}, stemmed=True)


@lru_cache(maxsize=2048)
def _all_signal_hits(text: str) -> dict[str, tuple[tuple[int, int, str], ...]]:
    return {name: tuple((m.start(), m.end(), m.group(0)) for m in hits)
            for name, hits in _signal_matcher().scan(text).items()}


def _signal_hits(text: str, principle: str) -> tuple[tuple[int, int, str], ...]:
    return _all_signal_hits(text).get(principle, ())


def _inside(spans: tuple[tuple[int, int], ...], offset: int) -> bool:
    return any(a <= offset < b for a, b in spans)


def _pushed_back_next(f: Finding, summaries: dict[str, PartSummary]) -> bool:
    """The instruction ends its part and one of the next two parts that say anything opens
    with the candidate pushing back (``analyse`` judges the two within one part)."""
    part = summaries[f.section]
    where = [k for k, s in enumerate(part.sents) if s.start <= f.start < s.end]
    if not where or where[0] != len(part.sents) - 1:
        return False
    later = [n for n in SECTIONS[SECTIONS.index(f.section) + 1:] if summaries[n].sents][:2]
    return any("pushback" in a.kinds and a.sentence == 0
               for n in later for a in summaries[n].acts)


def _described(principle: str) -> str:
    """The principle's description as a clause ("starts from what customers need...")."""
    text = dict(_principles())[principle]
    return text[0].lower() + text[1:]


def _read_as_other(
    summaries: dict[str, PartSummary], principle: str
) -> tuple[ReadsAs | None, tuple[str, tuple[int, int, str]] | None]:
    """What the lexicon reads the story's words as, and, when another principle dominates,
    the sentence that reads most like it: (part, span); None when the asked one holds."""
    lex = current()
    # a sentence that praises the candidate ("this shows my customer obsession") is no
    # evidence of what the story is about
    sents = [(part, s) for part in SECTIONS for s in summaries[part].sents
             if not any(s.start <= at < s.end for at in summaries[part].praised)]
    lemmas, words = read_answer(s.reading for _, s in sents)
    got = reads_as(lex, lemmas, principle, words)
    if got is None or not got.dominated:
        return got, None
    weights = lex.weights
    ko, kp = lex.principles.index(got.other), lex.principles.index(principle)

    def lead(reading: clauses.Reading) -> float:
        return sum(weights[w][ko] - weights[w][kp]
                   for w in sentence_lemmas(reading) if w in weights)

    part, sent = max(sents, key=lambda x: lead(x[1].reading))
    return got, (part, (sent.start, sent.end, sent.reading.text))


def _dominant_other(
    parts: dict[str, str], summaries: dict[str, PartSummary], principle: str, own: int
) -> str | None:
    """Another principle whose signals clearly outnumber the chosen one's, if any."""
    best: tuple[int, str] | None = None
    for name, _ in _principles():
        if name == principle:
            continue
        n = 0
        seen: set[str] = set()
        for part in SECTIONS:
            for start, _, quote in _signal_hits(parts[part], name):
                if _inside(summaries[part].qualifying, start) and quote.lower() not in seen:
                    seen.add(quote.lower())
                    n += 1
        if best is None or n > best[0]:
            best = (n, name)
    if best is not None and best[0] >= 3 * own + _WRONG_LP_EVIDENCE:
        return best[1]
    return None
