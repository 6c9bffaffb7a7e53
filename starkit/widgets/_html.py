"""HTML fragments for the views. Pure functions; every user or data string is escaped."""

from __future__ import annotations

import base64

from starkit.content.models import SECTIONS, Scenario
from starkit.html import STYLE
from starkit.html import escape as e
from starkit.html.highlight import LEGEND_HTML, highlight, highlight_findings
from starkit.html.parts import bar, verdict_badge
from starkit.scoring import Scorecard
from starkit.scoring.phrases import phrase_spans
from starkit.scoring.scorecard import Finding

#: The shared stylesheet, as a ``<style>`` element (``starkit/html/starkit.css``).
CSS = STYLE

_SEVERITY_TEXT = {"critical": "✗ critical", "major": "!! major", "minor": "! minor",
                  "info": "i note", "strength": "✓ strength"}


def overall_html(overall: float, verdict: str, rev: int = 0) -> str:
    """The overall score (class ``starkit-overall``) and the verdict (``starkit-verdict``).

    ``rev`` changes on every re-score so a browser can see each update, even when the number
    stays the same.
    """
    return (
        f'<div class="sk-overall-box"><span class="starkit-overall" data-rev="{rev}" '
        f'aria-label="overall score">{overall:.0f}</span><span>/100</span>'
        f"{verdict_badge(verdict)}</div>"
    )


def why_not_full(card: Scorecard, dimension: str) -> str:
    """Why ``dimension`` is below 100, in a few words: its costliest problem's first
    sentence, or that the answer does not show enough for it yet."""
    if card.dimensions.get(dimension, 100.0) >= 100:
        return ""
    problems = sorted((f for f in card.problems if f.dimension == dimension),
                      key=lambda f: f.points)
    if problems:
        return problems[0].message.split(". ")[0].rstrip(".") + "."
    return "Not enough shown for it yet: more of what the strengths below credit."


def dimensions_html(card: Scorecard, *, why: bool = True) -> str:
    """A bar and a number per dimension and, with ``why``, below 100, why."""
    rows = []
    for name, value in card.dimensions.items():
        reason = f'<td class="sk-why">{e(why_not_full(card, name))}</td>' if why else ""
        rows.append(
            f"<tr><th>{e(name.replace('_', ' '))}</th><td>{value:.0f}</td>"
            f"<td>{bar(value)}</td>"
            f"{reason}</tr>"
        )
    return '<table class="sk-t sk-dims">' + "".join(rows) + "</table>"


def why_html(card: Scorecard) -> str:
    """Why each dimension below 100 is not 100: one line per reason, naming every
    dimension it holds back."""
    reasons: dict[str, list[str]] = {}
    for name, value in card.dimensions.items():
        if value < 100:
            reasons.setdefault(why_not_full(card, name), []).append(
                f"{name.replace('_', ' ')} {value:.0f}")
    items = "".join(f"<li><b>{e(', '.join(dims))}</b>: {e(reason)}</li>"
                    for reason, dims in reasons.items())
    return (f'<div class="sk-h">Why not 100</div><ul class="sk-why">{items}</ul>'
            if items else "")


def timing_html(card: Scorecard) -> str:
    """Speaking time per part against its target."""
    spoken = card.timing["total"].measured
    head = "spoken" if spoken else "speaking (est.)"
    rows = [f"<tr><th>part</th><th>{head}</th><th>target</th><th></th></tr>"]
    for name, t in card.timing.items():
        status = ""
        if t.target_seconds and t.seconds > 1.5 * t.target_seconds:
            status = "over"
        elif name != "total" and t.words == 0:
            status = "empty"
        rows.append(
            f"<tr><td>{e(name)}</td><td>{t.seconds:.0f} s</td>"
            f"<td>{t.target_seconds:.0f} s</td><td>{status}</td></tr>"
        )
    return '<table class="sk-t sk-timing">' + "".join(rows) + "</table>"


def download_link(filename: str, text: str, label: str) -> str:
    """A link that opens or downloads ``text`` as the HTML file ``filename``, carried in the
    link itself (nothing to serve, nothing left in a temporary folder)."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a class="starkit-download" download="{e(filename)}" target="_blank" '
            f'href="data:text/html;charset=utf-8;base64,{data}">{e(label)}</a>')


def _grouped(findings: list[Finding]) -> list[tuple[Finding, list[str]]]:
    """Findings with the same message once each, in order, with every quote they cover."""
    groups: dict[str, tuple[Finding, list[str]]] = {}
    for f in findings:
        _first, quotes = groups.setdefault(f.message, (f, []))
        if f.quote and f.quote not in quotes:
            quotes.append(f.quote)
    return list(groups.values())


def _finding_items(groups: list[tuple[Finding, list[str]]]) -> str:
    items = []
    for f, quotes in groups:
        said = ", ".join(f"&ldquo;{e(q)}&rdquo;" for q in quotes[:4])
        more = f" and {len(quotes) - 4} more" if len(quotes) > 4 else ""
        where = f"{e(f.section)} {said}{more}" if said else e(f.section)
        items.append(f"<li><b>[{e(_SEVERITY_TEXT[f.severity])}]</b> {where}: "
                     f"{e(f.message)}</li>")
    return "".join(items)


def findings_html(card: Scorecard, first: int = 3) -> str:
    """What to do next: the ``first`` problems to fix (one per kind), then the rest and the
    strengths folded away; a message shared by several findings is said once, with all its
    quotes."""
    first_messages = [f.message for f in card.top_fixes(first)]
    groups = {g[0].message: g for g in _grouped(card.problems)}
    top = [groups[m] for m in dict.fromkeys(first_messages)]
    rest = [g for m, g in groups.items() if m not in first_messages]
    strengths = _grouped([f for f in card.findings if f.severity == "strength"])
    if top:
        out = [f'<div class="sk-h">Fix these first</div>'
               f'<ol class="sk-findings sk-first">{_finding_items(top)}</ol>']
    else:
        out = ['<div class="sk-h">Nothing to fix</div>']
    if rest:
        out.append(f'<details class="sk-more"><summary>More to fix ({len(rest)})</summary>'
                   f'<ul class="sk-findings">{_finding_items(rest)}</ul></details>')
    if strengths:
        out.append(f'<details class="sk-strengths"><summary>What already works '
                   f'({len(strengths)})</summary>'
                   f'<ul class="sk-findings">{_finding_items(strengths)}</ul></details>')
    return "".join(out)


def scorecard_panel(card: Scorecard, rev: int = 0) -> str:
    """The live score kept in view: overall, verdict and a bar per dimension (``rev`` marks
    each update). ``why_html`` and ``timing_html`` say the rest, below it."""
    return overall_html(card.overall, card.verdict, rev) + dimensions_html(card, why=False)


def readback_html(parts: dict[str, str], card: Scorecard) -> str:
    """The answer read back part by part, with the findings highlighted and a legend."""
    out = [LEGEND_HTML]
    for name in SECTIONS:
        text = parts.get(name, "")
        body = highlight_findings(text, name, card.findings) if text.strip() else (
            "<i>(empty)</i>")
        out.append(f'<div class="sk-part"><div class="sk-label">{e(name)}</div>{body}</div>')
    return "".join(out)


def hint_html(scenario: Scenario | None, section: str) -> str:
    """Coaching for one part: the scenario's key phrases, its advice and the common mistake."""
    if scenario is None:
        return ""
    sec = getattr(scenario.sections, section)
    phrases = "".join(f'<span class="sk-phrase">{e(p)}</span>' for p in sec.key_phrases)
    return (
        f'<div class="sk-note"><b>Target {sec.target_seconds} s.</b> {e(sec.coaching)}<br>'
        f"Key phrases: {phrases}</div>"
    )


def walkthrough_html(scenario: Scenario, level: str, angle: str | None) -> str:
    """A scenario's model answer part by part for ``level``, retold for ``angle`` if given."""
    s = scenario
    v = s.levels.for_level(level)
    budget = f"{v.time_budget_seconds} s"
    if v.time_budget_min_seconds:
        budget = f"{v.time_budget_min_seconds}-{v.time_budget_seconds} s"
    out = [f'<div class="sk-h">{e(s.title)}</div>',
           f"<div><b>Principle:</b> {e(s.principle)} &middot; <b>Level:</b> {e(level)} "
           f"&middot; <b>Time budget:</b> {budget}</div>",
           f"<p>{e(s.overview)}</p>", LEGEND_HTML]
    for name in SECTIONS:
        sec = getattr(s.sections, name)
        text = sec.strong_example
        if name == "reflection":
            text = s.reflections.for_level(level)
        spans = phrase_spans(text, sec.key_phrases, "key_phrase", "key phrase")
        out.append(
            f'<div class="sk-part sk-section-{name}"><div class="sk-label">{e(name)} &middot; '
            f"target {sec.target_seconds} s</div><p>{highlight(text, spans)}</p>"
            f'<div class="sk-note"><b>Coaching:</b> {e(sec.coaching)}</div>'
            f'<div class="sk-warn"><b>Common mistake:</b> {e(sec.common_mistake)}</div></div>'
        )
    out.append(f'<div class="sk-h">At {e(level)}</div>'
               f'<div class="sk-part"><b>Focus:</b> {e(v.focus)}<br><b>Bar:</b> {e(v.bar)}'
               f"<br><b>Reflection:</b> {e(v.reflection)}</div>")
    w = s.weak_answer
    told = []
    for name, text in s.weak_parts().items():
        flags = phrase_spans(text, w.flagged_phrases, "red_flag", "red flag")
        body = highlight(text, flags) if text else "<i>(left out)</i>"
        told.append(f"<p><b>{e(name.capitalize())}:</b> {body}</p>")
    out.append('<div class="sk-h">The weak answer</div>'
               f'<div class="sk-part sk-weak">{"".join(told)}'
               f'<div class="sk-warn"><b>Bar raiser:</b> {e(w.verdict)}</div></div>')
    if angle:
        a = next((x for x in s.angles if x.principle == angle), None)
        if a is not None:
            out.append(f'<div class="sk-h">Told for {e(a.principle)}</div>'
                       f'<div class="sk-part sk-angle"><p>{e(a.lead)}</p>'
                       f"<b>Emphasize:</b> {e(a.emphasize)}<br>"
                       f"<b>Downplay:</b> {e(a.downplay)}</div>")
    return "".join(out)
