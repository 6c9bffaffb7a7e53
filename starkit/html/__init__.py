"""HTML for everything starkit shows: one escaper and one stylesheet.

Views, notebook cards and reports all escape with ``escape`` and style with
``starkit.css`` (``STYLE`` is it wrapped in a ``<style>`` tag). This package is the
lowest layer: it imports nothing else of starkit at run time, so content models and
scorecards can render themselves through it without an import cycle.
"""

from __future__ import annotations

from html import escape as _escape
from importlib.resources import files

__all__ = ["NO_INVITE", "NO_MATHS", "STYLE", "STYLESHEET", "escape"]

#: The stylesheet's text (``starkit/html/starkit.css``).
STYLESHEET: str = files("starkit.html").joinpath("starkit.css").read_text(encoding="utf-8")

#: Classes that keep MathJax off starkit's markup, so a "$" in an answer stays a dollar sign
#: (MathJax 3, in JupyterLab and Voila, skips ``mathjax_ignore``; MathJax 2 ``tex2jax_ignore``).
NO_MATHS = "mathjax_ignore tex2jax_ignore"

#: The stylesheet as a ``<style>`` element, to put before any starkit markup.
STYLE: str = f"<style>\n{STYLESHEET}</style>"


#: What a workshop page without a valid invite says (``{workshop}``: its name, escaped), from
#: the server before any kernel starts and, should a page get that far, from the app itself.
NO_INVITE = (
    "<p>Each participant in workshop <b>{workshop}</b> has a personal link from the coach. "
    "Open yours, the whole link as it was sent. A link that was changed, replaced by a newer "
    "one, or belongs to a workshop that has ended does not open the app.</p>")


def escape(text: object) -> str:
    """Escape anything for HTML text and attribute values (quotes included)."""
    return _escape(str(text), quote=True)
