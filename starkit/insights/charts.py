"""Charts of progress: matplotlib, a DataFrame and an Axes in, the Axes out.

Nothing here calls ``plt.show()``. Colours are colour-blind safe (Okabe-Ito lines, the
cividis colormap) and every chart is titled and labelled; frames marked as sample data
(``df.attrs["sample"]``) say so in the title.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from starkit.content.loader import load_rubric
from starkit.content.models import PRINCIPLE_NAMES, SECTIONS
from starkit.content.rubric import DIMENSIONS
from starkit.history.stories import Story
from starkit.insights import progress

__all__ = ["heatmap_size", "offscreen", "plain", "plot_cohort_heatmap", "plot_coverage",
           "plot_principle_trends", "plot_readiness_heatmap", "plot_spoken_times", "png_bytes",
           "save_png",
           "trends_size"]

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
CMAP = "cividis"


#: Set by ``offscreen()``: new charts go on figures pyplot does not know about.
_OFFSCREEN: ContextVar[bool] = ContextVar("starkit_offscreen_charts", default=False)


@contextmanager
def offscreen() -> Iterator[None]:
    """Draw the charts made inside on plain ``Figure`` objects, which no backend shows and
    pyplot does not track: for reports, which must not touch the user's backend or figures."""
    token = _OFFSCREEN.set(True)
    try:
        yield
    finally:
        _OFFSCREEN.reset(token)


def _ax(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        if _OFFSCREEN.get():
            return Figure(figsize=size).add_subplot()
        _, ax = plt.subplots(figsize=size)
    return ax


def plain(text: str) -> str:
    """Text for matplotlib as written: a ``$`` is a dollar sign, never the start of maths
    (a name like "Cost $}$ x" would otherwise fail to draw)."""
    return text.replace("$", r"\$")


def _title(ax: Axes, text: str, df: pd.DataFrame) -> None:
    if df.attrs.get("sample"):
        text += " (sample data)"
    ax.set_title(plain(text), fontsize=11, loc="left")


def _short(principle: str) -> str:
    text = principle if len(principle) <= 28 else principle[:26] + "…"
    return plain(text)


def plot_principle_trends(df: pd.DataFrame, ax: Axes | None = None, *, cols: int = 4) -> Axes:
    """Small multiples, one per principle practised: best and mean per day, the Hire line.
    A new figure is sized to the panels it holds (one principle: one small panel)."""
    data = progress.trends(df)
    names = [p for p in PRINCIPLE_NAMES if p in set(data["principle"])]
    cols = max(1, min(cols, len(names)))
    ax = _ax(ax, trends_size(len(names), cols))
    _title(ax, "Score over time per Leadership Principle", df)
    ax.set_axis_off()
    if not names:
        ax.text(0.5, 0.5, "No attempts yet", ha="center", va="center", transform=ax.transAxes)
        return ax
    hire = load_rubric().thresholds.hire
    rows = -(-len(names) // cols)
    gap_x, gap_y = 0.06, 0.12
    w = (1 - gap_x * (cols - 1)) / cols
    h = (1 - gap_y * rows) / rows
    for i, name in enumerate(names):
        r, c = divmod(i, cols)
        sub = ax.inset_axes((c * (w + gap_x), 1 - (r + 1) * (h + gap_y) + gap_y * 0.2, w, h))
        d = data[data["principle"] == name]
        sub.plot(d["period"], d["best"], marker="o", ms=3, lw=1.5, color=OKABE_ITO[0],
                 label="best")
        sub.plot(d["period"], d["mean"], marker="s", ms=3, lw=1.2, ls="--", color=OKABE_ITO[1],
                 label="mean")
        sub.axhline(hire, color=OKABE_ITO[2], lw=1, ls=":", label=f"Hire ({hire:g})")
        sub.set_ylim(0, 100)
        if len(d) == 1:  # one day: keep a readable date range around it
            day = d["period"].iloc[0]
            sub.set_xlim(day - pd.Timedelta(days=2), day + pd.Timedelta(days=2))
        sub.set_title(_short(name), fontsize=8)
        sub.tick_params(labelsize=6)
        sub.set_ylabel("score", fontsize=7)
        for label in sub.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
        sub.xaxis.set_major_locator(MaxNLocator(3))
        if i == 0:
            sub.legend(fontsize=6, loc="lower right")
    return ax


def trends_size(panels: int, cols: int = 4) -> tuple[float, float]:
    """Figure inches for ``panels`` small multiples, ``cols`` to a row."""
    cols = max(1, min(cols, panels))
    rows = max(1, -(-panels // cols))
    return (round(3.2 * cols + 0.6, 2), round(2.7 * rows + 0.9, 2))


def heatmap_size(rows: int, cols: int) -> tuple[float, float]:
    """Figure inches for a ``rows`` x ``cols`` heatmap: room for every label, no more."""
    return (round(max(5.0, 3.0 + 0.75 * cols), 2), round(max(3.0, 1.9 + 0.42 * rows), 2))


def _heatmap(ax: Axes, matrix: pd.DataFrame, *, xlabel: str, ylabel: str, vmax: float = 100,
             fmt: str = "{:.0f}", cbar_label: str = "score") -> None:
    values = matrix.to_numpy(dtype=float)
    im = ax.imshow(values, cmap=CMAP, vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [plain(str(c).replace("_", " "))
                                           for c in matrix.columns],
                  rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), [_short(str(i)) for i in matrix.index], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if values.size <= 400:
        for (y, x), v in np.ndenumerate(values):
            if not np.isnan(v):
                ax.text(x, y, fmt.format(v), ha="center", va="center", fontsize=7,
                        color="white" if v < vmax * 0.55 else "black")
    figure_of(ax).colorbar(im, ax=ax, label=cbar_label, fraction=0.04)


def plot_spoken_times(spoken: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Measured speaking time per part over the attempts spoken aloud (``History.spoken``):
    one line per part (attempt 1, 2, ... in time order), each part's target dotted in its
    colour. The first five lines are the parts, in STAR order."""
    ax = _ax(ax, (7.0, 3.6))
    _title(ax, "Speaking time per part, attempts spoken aloud", spoken)
    if spoken.empty:
        ax.text(0.5, 0.5, "No spoken attempts yet: try Speak it in Practice or Mock",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    d = spoken.sort_values(["created_at", "id"])
    x = np.arange(1, len(d) + 1)
    targets = load_rubric().section_targets
    for i, part in enumerate(SECTIONS):
        ax.plot(x, d[part].to_numpy(dtype=float), marker="o", ms=4, lw=1.6,
                color=OKABE_ITO[i], label=f"{part.title()} (target {targets[part]:.0f} s)")
    for i, part in enumerate(SECTIONS):
        ax.axhline(targets[part], color=OKABE_ITO[i], lw=0.9, ls=":")
    ax.set_xlabel("spoken attempt")
    ax.set_ylabel("seconds")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def plot_readiness_heatmap(df: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Principle x dimension: the recent mean of each dimension."""
    profile = progress.dimension_profile(df)
    ax = _ax(ax, heatmap_size(max(1, len(profile)), len(DIMENSIONS)))
    _title(ax, "Where each principle stands, by dimension (last 5 attempts)", df)
    if profile.empty:
        ax.text(0.5, 0.5, "No attempts yet", ha="center", va="center", transform=ax.transAxes)
        return ax
    order = [p for p in PRINCIPLE_NAMES if p in profile.index]
    _heatmap(ax, profile.loc[order, [d for d in DIMENSIONS if d in profile.columns]],
             xlabel="dimension", ylabel="Leadership Principle")
    return ax


def plot_coverage(stories: Sequence[Story], df: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stories x principles: which story is planned for which principle, with best scores."""
    ax = _ax(ax, (11, max(2.5, 0.5 * len(stories) + 2)))
    _title(ax, "Story bank coverage: best score per story and principle", df)
    if not stories:
        ax.text(0.5, 0.5, "No stories yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    matrix = pd.DataFrame(np.nan, index=[s.title for s in stories], columns=PRINCIPLE_NAMES)
    for s in stories:
        for p in s.principles:
            hits = df[(df["story_id"] == s.id) & (df["principle"].astype(str) == p)] if len(
                df) else df
            matrix.loc[s.title, p] = float(hits["overall"].max()) if len(hits) else -1.0
    planned = matrix == -1.0
    _heatmap(ax, matrix.mask(planned), xlabel="Leadership Principle", ylabel="story")
    for y, x in zip(*np.nonzero(planned.to_numpy()), strict=True):
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, hatch="///",
                               edgecolor="0.5", lw=0))
        # The label sits on its own white patch so the hatching never crosses the word.
        ax.text(x, y, "planned", ha="center", va="center", fontsize=8, color="black",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "0.5",
                      "linewidth": 0.5})
    if planned.to_numpy().any():
        ax.set_xlabel("Leadership Principle\n(hatched 'planned': planned for that principle, "
                      "no attempt scored yet)")
    return ax


def plot_cohort_heatmap(df: pd.DataFrame, ax: Axes | None = None, *, stat: str = "max") -> Axes:
    """Candidate x principle for a coach: each candidate's best (or mean) score."""
    practised = df["principle"].dropna().nunique() if len(df) else 1
    ax = _ax(ax, heatmap_size(max(1, df["candidate"].nunique() if len(df) else 1),
                              max(1, practised)))
    word = {"max": "best", "mean": "mean"}.get(stat, stat)
    _title(ax, f"Cohort: {word} score per candidate and principle", df)
    d = df[df["principle"].notna()] if len(df) else df
    if d.empty:
        ax.text(0.5, 0.5, "No attempts yet", ha="center", va="center", transform=ax.transAxes)
        return ax
    table = d.pivot_table(index=d["candidate"].astype(str), columns=d["principle"].astype(str),
                          values="overall", aggfunc=stat, observed=True)  # type: ignore[arg-type]
    table = table.reindex(columns=[p for p in PRINCIPLE_NAMES if p in table.columns])
    _heatmap(ax, table, xlabel="Leadership Principle", ylabel="candidate")
    return ax


def figure_of(ax: Axes) -> Figure:
    """The top-level figure that holds ``ax``."""
    fig = ax.figure
    while not isinstance(fig, Figure):
        fig = fig.figure
    return fig


def png_bytes(ax: Axes, dpi: int = 110) -> bytes:
    """The figure holding ``ax`` as PNG bytes; the figure is closed afterwards."""
    fig = figure_of(ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def save_png(ax: Axes, path: str, dpi: int = 120) -> str:
    """Save the figure holding ``ax`` as a PNG and return the path."""
    figure_of(ax).savefig(path, dpi=dpi, bbox_inches="tight")
    return path
