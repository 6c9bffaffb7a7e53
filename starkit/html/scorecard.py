"""A scorecard as HTML for notebooks. Quotes are escaped; colour is never the only signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starkit.html import NO_MATHS, STYLE
from starkit.html import escape as e
from starkit.html.parts import bar, verdict_badge

if TYPE_CHECKING:
    from starkit.scoring.scorecard import Scorecard

__all__ = ["scorecard_html"]

_ICON = {"strength": "✓", "info": "i", "minor": "!", "major": "!!", "critical": "✗"}


def scorecard_html(card: Scorecard) -> str:
    """The overall score and verdict, every dimension, the speaking time and every finding."""
    out = [STYLE, f'<div class="{NO_MATHS} starkit-card starkit-scorecard">']
    out.append(
        f'<p><span class="starkit-overall" style="font-size:1.8em;font-weight:700">'
        f"{card.overall:.0f}</span>/100 "
        f"{verdict_badge(card.verdict)}"
        f" &middot; {e(card.level)}"
        f"{' &middot; ' + e(card.principle) if card.principle else ''}</p>"
    )
    out.append("<table>")
    for name, value in card.dimensions.items():
        out.append(
            f"<tr><th>{e(name.replace('_', ' '))}</th><td>{value:.0f}</td>"
            f"<td>{bar(value)}</td></tr>"
        )
    how = "measured from the recording" if card.timing["total"].measured else (
        "estimated from the words")
    out.append(f"</table><h4>Speaking time ({how})</h4><table><tr><th>part</th>"
               "<th>seconds</th><th>target</th></tr>")
    for name, t in card.timing.items():
        out.append(f"<tr><td>{e(name)}</td><td>{t.seconds:.0f}</td>"
                   f"<td>{t.target_seconds:.0f}</td></tr>")
    out.append("</table>")
    if card.rating is not None:
        out.append(f"<h4>How the score adds up</h4><p>A bar-raiser rating of "
                   f"{card.rating:.2f} of 5, fitted to independent raters:</p>"
                   '<table class="sk-contributions">')
        for label, points in card.contributions:
            out.append(f"<tr><td>{e(label)}</td><td>{points:+.2f}</td></tr>")
        out.append("</table>")
    out.append("<h4>Findings</h4><ul>")
    for f in sorted(card.findings, key=lambda f: (f.severity == "strength", -abs(f.points))):
        quote = f" &ldquo;{e(f.quote)}&rdquo;" if f.quote else ""
        pts = f" ({f.points:+g} {e(f.dimension)})" if f.points else ""
        out.append(
            f"<li><b>[{_ICON[f.severity]} {e(f.severity)}]</b> {e(f.section)}{quote}: "
            f"{e(f.message)}{pts}</li>"
        )
    out.append("</ul></div>")
    return "".join(out)
