"""Answer text as HTML with the scorer's findings highlighted. Pure: no widget imports.

User text is escaped first; only then is highlight markup added around escaped runs, so
nothing typed can become markup. Each category has its own text marker and line style, so
colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from starkit.html import escape

if TYPE_CHECKING:
    from starkit.scoring.scorecard import Finding

__all__ = ["CATEGORIES", "LEGEND_HTML", "Span", "highlight", "highlight_findings"]

#: Highlight categories, highest priority first (a red flag inside a key-phrase sentence wins).
CATEGORIES: tuple[str, ...] = ("red_flag", "ownership", "number", "key_phrase")
_LABEL = {
    "red_flag": "red flag",
    "ownership": "ownership",
    "number": "number",
    "key_phrase": "key phrase",
}
_MARK = {"red_flag": "⚑", "ownership": "", "number": "", "key_phrase": ""}

Span = tuple[int, int, str, str]  # start, end, category, title


def highlight(text: str, spans: Iterable[Span]) -> str:
    """Escape ``text`` and wrap each highlighted run in ``<mark class="sk-hl sk-CAT">``."""
    cat = [-1] * len(text)
    title: list[str] = [""] * len(text)
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    for start, end, category, note in spans:
        r = rank.get(category)
        if r is None:
            continue
        for i in range(max(0, start), min(len(text), end)):
            if cat[i] == -1 or r < cat[i]:
                cat[i], title[i] = r, note
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and cat[j] == cat[i] and title[j] == title[i]:
            j += 1
        chunk = escape(text[i:j])
        if cat[i] == -1:
            out.append(chunk)
        else:
            c = CATEGORIES[cat[i]]
            marker = f'<span class="sk-marker" aria-hidden="true">{_MARK[c]}</span>' if (
                _MARK[c] and (i == 0 or cat[i - 1] != cat[i])) else ""
            out.append(
                f'<mark class="sk-hl sk-{c}" title="{escape(_LABEL[c] + ": " + title[i])}">'
                f"{marker}{chunk}</mark>"
            )
        i = j
    return "".join(out).replace("\n", "<br>")


def highlight_findings(text: str, section: str, findings: Sequence[Finding]) -> str:
    """One part of an answer with the findings about that part highlighted."""
    spans = [
        (f.start, f.end, f.category, f.message)
        for f in findings
        if f.section == section and f.end > f.start and f.category in CATEGORIES
    ]
    return highlight(text, spans)


LEGEND_HTML = (
    '<div class="sk-legend" role="note" aria-label="Highlight legend">'
    + " ".join(
        f'<mark class="sk-hl sk-{c}">{_MARK[c]}{escape(_LABEL[c])}</mark>' for c in CATEGORIES
    )
    + "</div>"
)
