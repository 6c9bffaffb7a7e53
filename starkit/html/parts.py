"""The pieces every starkit page shares: the verdict badge, a status badge and a score bar.

The app, the notebook cards and the progress report draw a verdict, a readiness status and
a 0-100 bar with these functions and the classes of ``starkit.css``, so all three look and
read alike. Words always carry the meaning; colour only repeats it.
"""

from __future__ import annotations

from starkit.html import escape as e

__all__ = ["STATUS_TONE", "bar", "status_badge", "verdict_badge"]

#: A readiness status's tone (the colour class it gets, ``sk-tone-...``).
STATUS_TONE = {"Ready": "good", "Almost": "warn", "Not yet": "bad"}


def verdict_badge(verdict: str) -> str:
    """The verdict as a badge: its words, with a colour class that is never the only signal."""
    css = "sk-v-" + verdict.lower().replace(" ", "-")
    return f'<span class="starkit-verdict {css}">{e(verdict)}</span>'


def status_badge(status: str) -> str:
    """A readiness status ("Ready", "Almost", "Not yet") as a badge like the verdict's."""
    tone = STATUS_TONE.get(status, "none")
    return f'<span class="starkit-verdict sk-tone-{tone}">{e(status)}</span>'


def bar(value: float) -> str:
    """A 0-100 bar, labelled with its value for screen readers."""
    width = max(0.0, min(100.0, value))
    return (f'<span class="sk-bar" role="img" aria-label="{value:.0f} of 100">'
            f'<span style="width:{width:.0f}%"></span></span>')
