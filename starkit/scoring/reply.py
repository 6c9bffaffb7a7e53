"""``score_reply``: judge a short answer to one follow-up probe.

A reply is not a whole STAR answer, so structure, timing and reflection are not judged;
the same rules find first-person actions, validation, hand-offs, escalation without a
solution, vague results, blame, hypotheticals and filler. With the ``FollowUp`` it answers,
the reply is also compared with the probe's strong and weak answers (``probe_fit``).
"""

from __future__ import annotations

import dataclasses
import re

from starkit._exceptions import UnknownNameError
from starkit.content.loader import load_rubric
from starkit.content.models import LEVELS, FollowUp, closest_principle, resolve_principle
from starkit.content.rubric import Rubric
from starkit.scoring._compiled import compile_rubric
from starkit.scoring.engine import verdict_for
from starkit.scoring.rules import analyse
from starkit.scoring.scorecard import Finding, PartTiming, Scorecard
from starkit.scoring.text import tokens, word_count

__all__ = ["score_reply"]

REPLY_BASES = {"ownership": 50.0, "action": 30.0, "probe_fit": 50.0}
_FORWARD = re.compile(r"(?i)\b(would you|next time|differently|again|in future|going forward)\b")
_IMPACT_KINDS = {"number", "baseline_outcome", "business_value", "second_order",
                 "vague_result", "suspicious_precision"}
_SKIP = {"boundary_span", "no_numbers", "reflection_present", "generic_reflection"}


def score_reply(
    reply: str,
    *,
    follow_up: FollowUp | None = None,
    question: str | None = None,
    principle: str | None = None,
    level: str = "SDE2",
    rubric: Rubric | None = None,
) -> Scorecard:
    """Score a spoken reply to a follow-up question (see the module docstring)."""
    if not isinstance(reply, str):
        raise TypeError(f"score_reply() needs text, got {type(reply).__name__}")
    if level not in LEVELS:
        raise UnknownNameError("level", str(level))
    if principle is not None:
        official = resolve_principle(principle)
        if official is None:
            raise UnknownNameError("principle", principle, closest_principle(principle))
        principle = official
    c = compile_rubric(rubric or load_rubric())
    q = follow_up.question if follow_up else (question or "")
    # "What would you do differently?" invites the conditional; elsewhere it is a dodge.
    section = "reflection" if _FORWARD.search(q) else "action"
    found: list[Finding] = []
    for f in analyse(section, reply, c, principle, level).findings:
        if f.kind not in _SKIP:
            found.append(dataclasses.replace(f, section="answer"))
    for f in analyse("result", reply, c, principle, level).findings:
        if f.kind in _IMPACT_KINDS:
            found.append(dataclasses.replace(f, section="answer", dimension="action",
                                             points=f.points / 2))
    if section == "reflection":  # first-person actions are only read in Action
        summary = analyse("reflection", reply, c, principle, level)
        for f in summary.findings:
            if f.kind == "generic_reflection":
                found.append(dataclasses.replace(f, section="answer", dimension="action"))
        if summary.has_systemic:
            found.append(Finding("answer", 0, 0, "systemic", "strength",
                                 "Names a systemic fix, not only a personal one.", "action",
                                 15.0))
        for f in analyse("action", reply, c, principle, level).findings:
            if f.kind in ("first_person_action", "concrete_action", "validation", "we_language"):
                found.append(dataclasses.replace(f, section="answer"))
    if not reply.strip():
        found.append(Finding("answer", 0, 0, "empty", "critical", "The reply is empty.",
                             "ownership", -50.0))
    dims = ["ownership", "action"]
    if follow_up is not None:
        dims.append("probe_fit")
        found.append(_probe_fit(reply, follow_up))
    dimensions = {
        d: round(min(100.0, max(0.0, REPLY_BASES[d] + sum(f.points for f in found
                                                            if f.dimension == d))), 1)
        for d in dims
    }
    overall = round(sum(dimensions.values()) / len(dimensions), 1)
    rb = c.rubric
    words = word_count(reply)
    return Scorecard(
        overall=overall,
        verdict=verdict_for(overall, rb),
        dimensions=dimensions,
        findings=tuple(sorted(found, key=lambda f: (f.start, f.end))),
        timing={"total": PartTiming("total", words,
                                    round(words * 60 / rb.words_per_minute, 1), 30.0)},
        principle=principle,
        level=level,
        rubric=f"{rb.name} ({rb.fingerprint})",
        bases={d: REPLY_BASES[d] for d in dims},
        weights=dict.fromkeys(dims, 1.0),
        uncapped=overall,
    )


def _probe_fit(reply: str, follow_up: FollowUp) -> Finding:
    have = set(tokens(reply))
    strong = set(tokens(follow_up.strong.answer + " " + follow_up.strong.key_phrase))
    weak = set(tokens(follow_up.weak.answer))
    s = len(have & strong) / max(1, len(strong))
    w = len(have & weak) / max(1, len(weak))
    points = round(max(-50.0, min(50.0, 80 * (s - w))), 1)
    if points >= 20:
        message = (f"Covers {s:.0%} of what a strong reply to this probe says "
                   f"({follow_up.strong.key_phrase!r}).")
        severity = "strength"
    elif points >= 0:
        message = (f"Covers only {s:.0%} of what a strong reply to this probe says. "
                   f"It was probing: {follow_up.probes} Aim for: {follow_up.strong.key_phrase!r}")
        severity = "minor"
    else:
        message = (f"Sounds closer to the weak reply than the strong one: {follow_up.weak.why} "
                   f"Aim for: {follow_up.strong.key_phrase!r}")
        severity = "major"
    return Finding("answer", 0, 0, "probe_fit", severity, message, "probe_fit",  # type: ignore[arg-type]
                   points)
