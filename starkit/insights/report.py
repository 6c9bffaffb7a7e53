"""A self-contained progress report for one candidate, to send to a coach.

HTML (the default) or Markdown, with the charts embedded as PNG data, readiness per principle
with its reason, and what to practise next. Holds one candidate's data only.
"""

from __future__ import annotations

import base64
import difflib
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from starkit._exceptions import UnknownNameError
from starkit.history.sample import SAMPLE_PREFIX
from starkit.html import STYLESHEET
from starkit.html import escape as e
from starkit.insights import progress

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from starkit.history import History

__all__ = ["build_report"]


def _png(ax: Axes) -> str:
    # Deliberately lazy, as in build_report: matplotlib only when a chart is drawn.
    from starkit.insights.charts import png_bytes

    return base64.b64encode(png_bytes(ax)).decode("ascii")


def build_report(store: History, candidate: str, fmt: str = "html",
                 now: datetime | None = None) -> str:
    """The report text. Raises ``UnknownNameError`` when the candidate has no attempts."""
    # Deliberately lazy: matplotlib (about a second) only when a report is built.
    import matplotlib

    matplotlib.use("Agg", force=False)
    from starkit.insights import charts  # lazy: matplotlib, as above

    df = store.attempts(candidate=candidate)
    if df.empty:
        close = difflib.get_close_matches(candidate, store.candidates(), n=1)
        raise UnknownNameError("candidate", candidate, close[0] if close else None)
    if candidate.startswith(SAMPLE_PREFIX):
        df.attrs["sample"] = True
    now = now or datetime.now(timezone.utc)
    ready = progress.readiness(df)
    nxt = progress.next_to_practise(df, now=now, limit=5)
    stories = store.stories(candidate)
    images = {
        "Score over time per principle": _png(charts.plot_principle_trends(df)),
        "Dimensions per principle": _png(charts.plot_readiness_heatmap(df)),
    }
    if stories:
        images["Story bank coverage"] = _png(charts.plot_coverage(stories, df))
    if fmt == "md":
        return _markdown(candidate, df, ready, nxt, images, now)
    if fmt != "html":
        raise ValueError(f"unknown report format {fmt!r}; expected html or md")
    return _html(candidate, df, ready, nxt, images, now)


def _summary(df: pd.DataFrame) -> str:
    first, last = df["created_at"].min(), df["created_at"].max()
    return (f"{len(df)} attempts from {first:%Y-%m-%d} to {last:%Y-%m-%d}, "
            f"{df['principle'].nunique()} principles practised, best {df['overall'].max():.0f}.")


def _html(candidate: str, df: pd.DataFrame, ready: pd.DataFrame, nxt: pd.DataFrame,
          images: dict[str, str], now: datetime) -> str:
    sample = " (sample data)" if df.attrs.get("sample") else ""
    rows = "".join(
        f"<tr><td>{e(str(r.principle))}</td><td><b>{e(str(r.status))}</b></td>"
        f"<td>{r.attempts}</td><td>{r.recent_mean:.0f}</td><td>{r.best:.0f}</td>"
        f"<td>{e(str(r.reason))}</td></tr>"
        for r in ready.itertuples())
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


def _markdown(candidate: str, df: pd.DataFrame, ready: pd.DataFrame, nxt: pd.DataFrame,
              images: dict[str, str], now: datetime) -> str:
    sample = " (sample data)" if df.attrs.get("sample") else ""
    lines = [f"# Rehearsal report: {candidate}{sample}", "",
             f"{_summary(df)} Generated {now:%Y-%m-%d %H:%M} UTC.", "",
             "## Readiness per Leadership Principle", "",
             "| principle | status | attempts | last 3 mean | best | why |",
             "|---|---|---|---|---|---|"]
    for r in ready.itertuples():
        lines.append(f"| {r.principle} | **{r.status}** | {r.attempts} | {r.recent_mean:.0f} | "
                     f"{r.best:.0f} | {r.reason} |")
    lines += ["", f"_{progress.READINESS_RULE}_", "", "## What to practise next", ""]
    lines += [f"{i}. **{r.principle}**: {r.reason}" for i, r in enumerate(nxt.itertuples(), 1)]
    for title, b64 in images.items():
        lines += ["", f"## {title}", "", f"![{title}](data:image/png;base64,{b64})"]
    return "\n".join(lines) + "\n"
