"""HTML fragments for the views. Pure functions; every user or data string is escaped."""

from __future__ import annotations

from html import escape

from starkit.highlight import LEGEND_HTML, highlight, highlight_findings, phrase_spans
from starkit.models import SECTIONS, Scenario
from starkit.scoring import Scorecard

CSS = """<style>
.starkit{font-family:var(--jp-ui-font-family,system-ui,sans-serif);
  color:var(--jp-ui-font-color1,inherit);line-height:1.45;max-width:72em}
.starkit .sk-h{font-weight:600;font-size:1.05em;margin:.4em 0 .2em}
.starkit .sk-overall-box{display:flex;align-items:baseline;gap:.6em;flex-wrap:wrap}
.starkit .starkit-overall{font-size:2em;font-weight:700}
.starkit .starkit-verdict{border:2px solid currentColor;border-radius:1em;padding:0 .6em;
  font-weight:600}
.starkit .sk-v-strong-hire,.starkit .sk-v-hire{background:rgba(60,160,90,.18)}
.starkit .sk-v-lean-no-hire{background:rgba(230,160,40,.2)}
.starkit .sk-v-no-hire{background:rgba(220,60,60,.18)}
.starkit table.sk-t{border-collapse:collapse;margin:.3em 0}
.starkit table.sk-t td,.starkit table.sk-t th{padding:.15em .5em;text-align:left;
  border-bottom:1px solid rgba(128,128,128,.3);vertical-align:top}
.starkit .sk-bar{display:inline-block;width:10em;height:.7em;border:1px solid rgba(128,128,128,.7);
  vertical-align:middle}
.starkit .sk-bar>span{display:block;height:100%;background:rgba(80,120,210,.75)}
.starkit .sk-hl{color:inherit;background:transparent;padding:0 1px;border-radius:2px}
.starkit .sk-ownership{text-decoration:underline solid 2px;text-underline-offset:3px;
  font-weight:600;background:rgba(60,160,90,.16)}
.starkit .sk-number{border:1px solid rgba(80,120,210,.9);background:rgba(80,120,210,.14)}
.starkit .sk-red_flag{text-decoration:underline wavy rgba(220,60,60,.95) 1.5px;
  text-underline-offset:3px;background:rgba(220,60,60,.14)}
.starkit .sk-key_phrase{text-decoration:underline dotted 2px;text-underline-offset:3px;
  background:rgba(200,160,40,.12)}
.starkit .sk-marker{font-size:.8em;margin-right:1px}
.starkit .sk-legend{font-size:.85em;margin:.3em 0}
.starkit .sk-legend mark{margin-right:.6em}
.starkit .sk-note{background:rgba(60,160,90,.12);padding:.3em .6em;border-radius:4px;margin:.2em 0}
.starkit .sk-warn{background:rgba(230,140,40,.16);padding:.3em .6em;border-radius:4px;
  margin:.2em 0}
.starkit .sk-error{background:rgba(220,60,60,.18);border-left:4px solid rgba(220,60,60,.9);
  padding:.3em .6em;margin:.3em 0}
.starkit .sk-part{border-left:3px solid rgba(80,120,210,.6);padding:.1em .7em;margin:.5em 0}
.starkit .sk-label{font-weight:600;text-transform:uppercase;font-size:.8em;letter-spacing:.05em}
.starkit .sk-phrase{display:inline-block;border:1px solid rgba(128,128,128,.7);
  border-radius:1em;padding:0 .5em;margin:.1em .2em;font-size:.9em}
.starkit .sk-findings li{margin:.15em 0}
.starkit .starkit-countdown{font-size:1.4em;font-weight:700;font-variant-numeric:tabular-nums}
.starkit textarea{font-family:inherit}
</style>"""

_SEVERITY_TEXT = {"critical": "✗ critical", "major": "!! major", "minor": "! minor",
                  "info": "i note", "strength": "✓ strength"}


def e(text: object) -> str:
    return escape(str(text), quote=True)


def verdict_badge(verdict: str) -> str:
    css = "sk-v-" + verdict.lower().replace(" ", "-")
    return f'<span class="starkit-verdict {css}">{e(verdict)}</span>'


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


def dimensions_html(card: Scorecard) -> str:
    rows = []
    for name, value in card.dimensions.items():
        rows.append(
            f"<tr><th>{e(name.replace('_', ' '))}</th><td>{value:.0f}</td>"
            f'<td><span class="sk-bar" role="img" aria-label="{value:.0f} of 100">'
            f'<span style="width:{max(0.0, min(100.0, value)):.0f}%"></span></span></td></tr>'
        )
    return '<table class="sk-t sk-dims">' + "".join(rows) + "</table>"


def timing_html(card: Scorecard) -> str:
    rows = ["<tr><th>part</th><th>speaking</th><th>target</th><th></th></tr>"]
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


def findings_html(card: Scorecard, limit: int = 12) -> str:
    items = []
    for f in card.problems[:limit]:
        quote = f" &ldquo;{e(f.quote)}&rdquo;" if f.quote else ""
        items.append(
            f"<li><b>[{e(_SEVERITY_TEXT[f.severity])}]</b> {e(f.section)}{quote}: "
            f"{e(f.message)}</li>"
        )
    strengths = [f for f in card.findings if f.severity == "strength"]
    head = (f'<div class="sk-h">What to fix ({len(card.problems)})</div>' if items
            else '<div class="sk-h">Nothing to fix</div>')
    body = f'<ul class="sk-findings">{"".join(items)}</ul>'
    return head + body + f"<div>{len(strengths)} strengths credited.</div>"


def scorecard_panel(card: Scorecard, rev: int = 0) -> str:
    return overall_html(card.overall, card.verdict, rev) + dimensions_html(card) + timing_html(card)


def readback_html(parts: dict[str, str], card: Scorecard) -> str:
    out = [LEGEND_HTML]
    for name in SECTIONS:
        text = parts.get(name, "")
        body = highlight_findings(text, name, card.findings) if text.strip() else (
            "<i>(empty)</i>")
        out.append(f'<div class="sk-part"><div class="sk-label">{e(name)}</div>{body}</div>')
    return "".join(out)


def hint_html(scenario: Scenario | None, section: str) -> str:
    if scenario is None:
        return ""
    sec = getattr(scenario.sections, section)
    phrases = "".join(f'<span class="sk-phrase">{e(p)}</span>' for p in sec.key_phrases)
    return (
        f'<div class="sk-note"><b>Target {sec.target_seconds} s.</b> {e(sec.coaching)}<br>'
        f"Key phrases: {phrases}</div>"
    )


def walkthrough_html(scenario: Scenario, level: str, angle: str | None) -> str:
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
    flags = phrase_spans(w.text, w.flagged_phrases, "red_flag", "red flag")
    out.append('<div class="sk-h">The weak answer</div>'
               f'<div class="sk-part sk-weak"><p>{highlight(w.text, flags)}</p>'
               f'<div class="sk-warn"><b>Bar raiser:</b> {e(w.verdict)}</div></div>')
    if angle:
        a = next((x for x in s.angles if x.principle == angle), None)
        if a is not None:
            out.append(f'<div class="sk-h">Told for {e(a.principle)}</div>'
                       f'<div class="sk-part sk-angle"><p>{e(a.lead)}</p>'
                       f"<b>Emphasize:</b> {e(a.emphasize)}<br>"
                       f"<b>Downplay:</b> {e(a.downplay)}</div>")
    return "".join(out)
