"""HTML cards for the content models (scenarios, principles, the library) in a notebook.

Everything user-written is escaped. The models call these from their ``_repr_html_``; the
model types are imported for type checking only, so content can import this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starkit.html import NO_MATHS, STYLE
from starkit.html import escape as e
from starkit.vocabulary import LEVELS, SECTIONS

if TYPE_CHECKING:
    from starkit.content.loader import Library
    from starkit.content.models import Principle, Scenario

__all__ = ["library_html", "model_html", "principle_html", "scenario_html"]


def phrases(items: list[str]) -> str:
    """Phrases as chips."""
    return "".join(f'<span class="sk-phrase">{e(p)}</span>' for p in items)


def scenario_html(s: Scenario) -> str:
    """A scenario walked through: every part, its coaching, the reflections and levels."""
    out = [STYLE, f'<div class="{NO_MATHS} starkit-card starkit-scenario">']
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
    for lvl in LEVELS:
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
    out.append("<ul>" + "".join(
        f"<li><b>{e(name.capitalize())}:</b> {e(text) if text else '<i>(left out)</i>'}</li>"
        for name, text in s.weak_parts().items()) + "</ul>")
    out.append(f"<p><b>Red flags:</b> {phrases(w.flagged_phrases)}</p>")
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
    for lvl in LEVELS:
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
    """A principle: its name, description and the signals the scorer listens for."""
    return (
        f'{STYLE}<div class="{NO_MATHS} starkit-card"><h4>{e(p.name)}</h4>'
        f"<p>{e(p.description)}</p>"
        f"<p>{phrases(p.signals)}</p></div>"
    )


def model_html(fields: dict[str, Any]) -> str:
    """Any other model, as a table of its fields."""
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in fields.items())
    return f'{STYLE}<div class="{NO_MATHS} starkit-card"><table>{rows}</table></div>'


def library_html(lib: Library) -> str:
    """The library: every principle with the scenarios that cover it."""
    out = [STYLE, f'<div class="{NO_MATHS} starkit-card starkit-library"><table>']
    out.append("<tr><th>#</th><th>Leadership Principle</th><th>Scenarios</th></tr>")
    for i, (name, scenarios) in enumerate(lib.coverage().items(), 1):
        cell = "<br>".join(f"<code>{e(s.id)}</code> {e(s.title)}" for s in scenarios)
        out.append(f"<tr><td>{i}</td><td>{e(name)}</td><td>{cell or '<i>none yet</i>'}</td></tr>")
    out.append("</table></div>")
    return "".join(out)
