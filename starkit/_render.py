"""HTML for models and results shown in a notebook. Everything user-written is escaped.

Colours are translucent so the same markup reads in JupyterLab's light and dark themes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from starkit.models import SECTIONS, Principle, Scenario

if TYPE_CHECKING:
    from starkit.loader import Library

STYLE = """<style>
.starkit-card{font-family:var(--jp-ui-font-family,system-ui,sans-serif);line-height:1.45;
  max-width:60em;color:inherit}
.starkit-card h3,.starkit-card h4{margin:.6em 0 .3em}
.starkit-card .sk-part{border-left:4px solid rgba(90,120,200,.6);padding:.2em .8em;margin:.6em 0}
.starkit-card .sk-label{font-weight:600;text-transform:uppercase;font-size:.8em;
  letter-spacing:.05em;opacity:.8}
.starkit-card .sk-phrase{display:inline-block;border:1px solid rgba(90,120,200,.6);
  border-radius:1em;padding:0 .5em;margin:.1em .2em;font-size:.9em}
.starkit-card .sk-note{background:rgba(90,160,90,.15);padding:.3em .6em;border-radius:4px}
.starkit-card .sk-warn{background:rgba(220,140,40,.18);padding:.3em .6em;border-radius:4px}
.starkit-card table{border-collapse:collapse}
.starkit-card td,.starkit-card th{padding:.2em .6em;border-bottom:1px solid rgba(128,128,128,.3);
  text-align:left;vertical-align:top}
</style>"""


def e(text: Any) -> str:
    """Escape anything for HTML text and attribute values."""
    return escape(str(text), quote=True)


def phrases(items: list[str]) -> str:
    return "".join(f'<span class="sk-phrase">{e(p)}</span>' for p in items)


def scenario_html(s: Scenario) -> str:
    out = [STYLE, '<div class="starkit-card starkit-scenario">']
    out.append(f"<h3>{e(s.title)}</h3>")
    out.append(f"<p><b>Principle:</b> {e(s.principle)} &middot; <b>told at:</b> {e(s.role)}</p>")
    out.append(f"<p>{e(s.summary)}</p>")
    out.append(f"<h4>Overview</h4><p>{e(s.overview)}</p>")
    for name in SECTIONS:
        sec = getattr(s.sections, name)
        out.append('<div class="sk-part">')
        out.append(
            f'<div class="sk-label">{e(name.title())} &middot; target {sec.target_seconds} s</div>'
        )
        out.append(f"<p>{e(sec.strong_example)}</p><p>{phrases(sec.key_phrases)}</p>")
        out.append(f'<p class="sk-note"><b>Coaching:</b> {e(sec.coaching)}</p>')
        out.append(f'<p class="sk-warn"><b>Common mistake:</b> {e(sec.common_mistake)}</p>')
        out.append("</div>")
    out.append("<h4>Reflection by level</h4><table>")
    for lvl in ("SDE1", "SDE2", "Senior"):
        out.append(f"<tr><th>{lvl}</th><td>{e(s.reflections.for_level(lvl))}</td></tr>")
    out.append("</table><h4>Follow-up probes</h4>")
    for f in s.follow_ups:
        out.append('<div class="sk-part">')
        out.append(f"<p><b>{e(f.question)}</b><br><i>Probes:</i> {e(f.probes)}</p>")
        out.append(
            f'<p class="sk-warn"><b>Weak:</b> {e(f.weak.answer)}<br>'
            f"<i>Why it fails:</i> {e(f.weak.why)}</p>"
        )
        out.append(
            f'<p class="sk-note"><b>Strong:</b> {e(f.strong.answer)}<br>'
            f"<i>Key phrase:</i> {e(f.strong.key_phrase)}</p>"
        )
        out.append("</div>")
    w = s.weak_answer
    out.append("<h4>Weak answer</h4>")
    out.append(f"<p>{e(w.text)}</p><p><b>Red flags:</b> {phrases(w.flagged_phrases)}</p>")
    out.append(f'<p class="sk-warn"><b>Bar raiser:</b> {e(w.verdict)}</p>')
    out.append("<h4>Quiz</h4><ol>")
    for q in s.quiz:
        opts = "".join(
            f"<li>{e(o)}{' &#10003; (answer)' if o == q.answer else ''}</li>" for o in q.options
        )
        out.append(f"<li>{e(q.question)}<ul>{opts}</ul><i>{e(q.explanation)}</i></li>")
    out.append("</ol>")
    if s.angles:
        out.append("<h4>Telling it for another principle</h4><table>")
        out.append("<tr><th>Principle</th><th>Lead</th><th>Emphasize</th><th>Downplay</th></tr>")
        for a in s.angles:
            out.append(
                f"<tr><td>{e(a.principle)}</td><td>{e(a.lead)}</td>"
                f"<td>{e(a.emphasize)}</td><td>{e(a.downplay)}</td></tr>"
            )
        out.append("</table>")
    out.append("<h4>Levels</h4><table>")
    out.append("<tr><th>Level</th><th>Focus</th><th>Bar</th><th>Time budget</th></tr>")
    for lvl in ("SDE1", "SDE2", "Senior"):
        v = s.levels.for_level(lvl)
        budget = f"{v.time_budget_seconds} s"
        if v.time_budget_min_seconds:
            budget = f"{v.time_budget_min_seconds}-{v.time_budget_seconds} s"
        out.append(
            f"<tr><th>{lvl}</th><td>{e(v.focus)}</td><td>{e(v.bar)}</td><td>{budget}</td></tr>"
        )
    out.append("</table></div>")
    return "".join(out)


def principle_html(p: Principle) -> str:
    return (
        f'{STYLE}<div class="starkit-card"><h4>{e(p.name)}</h4><p>{e(p.description)}</p>'
        f"<p>{phrases(p.signals)}</p></div>"
    )


def model_html(model: Any) -> str:
    if isinstance(model, Scenario):
        return scenario_html(model)
    if isinstance(model, Principle):
        return principle_html(model)
    rows = "".join(
        f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in model.model_dump().items()
    )
    return f'{STYLE}<div class="starkit-card"><table>{rows}</table></div>'


def library_html(lib: Library) -> str:
    out = [STYLE, '<div class="starkit-card starkit-library"><table>']
    out.append("<tr><th>#</th><th>Leadership Principle</th><th>Scenarios</th></tr>")
    for i, (name, scenarios) in enumerate(lib.coverage().items(), 1):
        cell = "<br>".join(f"<code>{e(s.id)}</code> {e(s.title)}" for s in scenarios)
        out.append(f"<tr><td>{i}</td><td>{e(name)}</td><td>{cell or '<i>none yet</i>'}</td></tr>")
    out.append("</table></div>")
    return "".join(out)
