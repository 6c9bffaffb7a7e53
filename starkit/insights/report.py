"""A self-contained progress report for one candidate, to send to a coach.

HTML (the default) or Markdown, with the charts embedded as PNG data, readiness per principle
with its reason, and what to practise next. Holds one candidate's data only.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from starkit._exceptions import UnknownNameError
from starkit._files import write_private
from starkit.history.people import same_person
from starkit.history.sample import SAMPLE_PREFIX
from starkit.html import STYLESHEET
from starkit.html import escape as e
from starkit.html.parts import bar, status_badge
from starkit.insights import progress

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from starkit.history import History

__all__ = ["Report", "build_report", "make_report", "md", "report_filename", "write_report"]

_FORMATS = ("html", "md")


@dataclass(frozen=True)
class Report:
    """A built report: its text and its charts as PNG files.

    HTML embeds the charts; Markdown links them by file name (``images``), to be written
    beside it (``write_report`` does).
    """

    text: str
    fmt: str
    images: dict[str, bytes] = field(default_factory=dict)


def report_filename(candidate: str, fmt: str = "html") -> str:
    """A file name for a candidate's report: a readable slug and a short id of the exact
    name, so "Ana Lima", "Ana.Lima" and "Ana'Lima" never share a file."""
    slug = re.sub(r"[^a-z0-9]+", "-", candidate.lower()).strip("-")[:40] or "candidate"
    tag = hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{tag}.{fmt}"


def _png(ax: Axes) -> bytes:
    # Deliberately lazy, as in make_report: matplotlib only when a chart is drawn.
    from starkit.insights.charts import png_bytes

    return png_bytes(ax)


def build_report(store: History, candidate: str, fmt: str = "html",
                 now: datetime | None = None, *, workshop: str | None = None) -> str:
    """The report's text (HTML with its charts inside, or Markdown linking chart files that
    ``write_report`` writes). Raises ``UnknownNameError`` when the candidate has no attempts.
    ``workshop`` keeps to that workshop's attempts (one name may be in several)."""
    return make_report(store, candidate, fmt, now, workshop=workshop).text


def write_report(store: History, candidate: str, path: Path, fmt: str | None = None,
                 now: datetime | None = None, *, workshop: str | None = None) -> list[Path]:
    """Write the report to ``path`` (the format from its suffix unless ``fmt``), and for
    Markdown its charts beside it; every file atomically and readable by its owner only.
    Returns the paths written, the report first."""
    path = Path(path)
    fmt = fmt or ("md" if path.suffix.lower() in (".md", ".markdown") else "html")
    report = make_report(store, candidate, fmt, now, stem=path.stem, workshop=workshop)
    written = [write_private(path, report.text)]
    written += [write_private(path.with_name(name), png) for name, png in report.images.items()]
    return written


def make_report(store: History, candidate: str, fmt: str = "html",
                now: datetime | None = None, *, stem: str = "report",
                workshop: str | None = None) -> Report:
    """Build the report (of ``workshop``'s attempts only, when given); Markdown names its
    chart files ``<stem>-<n>.png``. A name typed in another case or width ("alice doe") is
    the stored one ("Alice Doe")."""
    if fmt not in _FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected html or md")
    # Deliberately lazy: matplotlib (about a second) only when a report is built.
    from starkit.insights import charts

    known = store.candidates(workshop)
    candidate = same_person(candidate, known)
    df = store.attempts(candidate=candidate, workshop=workshop)
    if df.empty:
        close = difflib.get_close_matches(candidate, known, n=1)
        raise UnknownNameError("candidate", candidate, close[0] if close else None)
    if candidate.startswith(SAMPLE_PREFIX):
        df.attrs["sample"] = True
    now = now or datetime.now(timezone.utc)
    ready = progress.readiness(df)
    nxt = progress.next_to_practise(df, now=now, limit=5)
    stories = store.stories(candidate)
    df.attrs["stories_skipped"] = len(stories.skipped)
    with charts.offscreen():  # the user's backend and pyplot's figures stay as they were
        pngs = {
            "Score over time per principle": _png(charts.plot_principle_trends(df)),
            "Dimensions per principle": _png(charts.plot_readiness_heatmap(df)),
        }
        if stories:
            pngs["Story bank coverage"] = _png(charts.plot_coverage(stories, df))
        spoken = store.spoken(candidate, workshop=workshop)
        if not spoken.empty:  # answers said aloud with Speak it: seconds per part
            spoken.attrs.update(df.attrs)
            pngs["Speaking time per part (spoken attempts)"] = _png(
                charts.plot_spoken_times(spoken))
    if fmt == "md":
        files = {title: f"{stem}-{i}.png" for i, title in enumerate(pngs, 1)}
        return Report(_markdown(candidate, df, ready, nxt, files, now), fmt,
                      {files[t]: png for t, png in pngs.items()})
    inline = {t: base64.b64encode(png).decode("ascii") for t, png in pngs.items()}
    return Report(_html(candidate, df, ready, nxt, inline, now), fmt)


def _summary(df: pd.DataFrame) -> str:
    first, last = df["created_at"].min(), df["created_at"].max()
    skipped = df.attrs.get("stories_skipped", 0)
    note = (f" {skipped} stor{'y' if skipped == 1 else 'ies'} could not be read and "
            f"{'is' if skipped == 1 else 'are'} left out." if skipped else "")
    return (f"{len(df)} attempts from {first:%Y-%m-%d} to {last:%Y-%m-%d}, "
            f"{df['principle'].nunique()} principles practised, best {df['overall'].max():.0f}."
            f"{note}")


def _html(candidate: str, df: pd.DataFrame, ready: pd.DataFrame, nxt: pd.DataFrame,
          images: dict[str, str], now: datetime) -> str:
    sample = " (sample data)" if df.attrs.get("sample") else ""
    rows = "".join(
        f"<tr><td>{e(str(r.principle))}</td><td>{status_badge(str(r.status))}</td>"
        f'<td>{r.attempts}</td><td class="sk-num">{mean:.0f} {bar(mean)}</td>'
        f"<td>{r.best:.0f}</td>"
        f"<td>{e(str(r.reason))}</td></tr>"
        for r, mean in zip(ready.itertuples(), ready["recent_mean"].astype(float).tolist(),
                           strict=True))
    todo = "".join(f"<li><b>{e(str(r.principle))}</b>: {e(str(r.reason))}</li>"
                   for r in nxt.itertuples())
    figs = "".join(f'<h2>{e(t)}</h2><img alt="{e(t)}" src="data:image/png;base64,{b}">'
                   for t, b in images.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>starkit report: {e(candidate)}</title>
<style>
{STYLESHEET}</style></head><body class="starkit-report">
<h1>Rehearsal report: {e(candidate)}{sample}</h1>
<p>{e(_summary(df))} Generated {now:%Y-%m-%d %H:%M} UTC.</p>
<h2>Readiness per Leadership Principle</h2>
<table><tr><th>principle</th><th>status</th><th>attempts</th><th>last 3 mean</th><th>best</th>
<th>why</th></tr>{rows}</table>
<p><i>{e(progress.READINESS_RULE)}</i></p>
<h2>What to practise next</h2><ol>{todo}</ol>
{figs}
</body></html>
"""


_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    """Text for Markdown as written: every ASCII punctuation mark backslash-escaped (so no
    markup, HTML or table cell break survives), and line breaks as spaces."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _markdown(candidate: str, df: pd.DataFrame, ready: pd.DataFrame, nxt: pd.DataFrame,
              files: dict[str, str], now: datetime) -> str:
    sample = " (sample data)" if df.attrs.get("sample") else ""
    lines = [f"# Rehearsal report: {md(candidate)}{sample}", "",
             f"{md(_summary(df))} Generated {now:%Y-%m-%d %H:%M} UTC.", "",
             "## Readiness per Leadership Principle", "",
             "| principle | status | attempts | last 3 mean | best | why |",
             "|---|---|---|---|---|---|"]
    for r in ready.itertuples():
        lines.append(f"| {md(r.principle)} | **{md(r.status)}** | {r.attempts} | "
                     f"{r.recent_mean:.0f} | {r.best:.0f} | {md(r.reason)} |")
    lines += ["", f"_{md(progress.READINESS_RULE)}_", "", "## What to practise next", ""]
    lines += [f"{i}. **{md(r.principle)}**: {md(r.reason)}"
              for i, r in enumerate(nxt.itertuples(), 1)]
    for title, name in files.items():
        lines += ["", f"## {title}", "", f"![{title}]({name})"]
    return "\n".join(lines) + "\n"
