"""The coach's dashboard for a workshop: the cohort, the common findings, one participant,
and every participant's report, over the shared store.

The dashboard only reads the store: given a path or URL it opens it with ``create=False``,
so a mistyped one fails with the nearest store instead of showing an empty room. A record
whose stored scorecard cannot be read is skipped, and a line says how many and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from starkit._exceptions import StarkitError
from starkit.content.models import SECTIONS
from starkit.history import History
from starkit.history.members import members
from starkit.history.sample import SAMPLE_PREFIX
from starkit.html import escape as e
from starkit.insights import progress
from starkit.insights.report import build_report, report_filename, write_report
from starkit.widgets._base import View, guarded
from starkit.widgets._html import download_link

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def _count(n: int, word: str) -> str:
    """"1 participant", "3 participants"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _png(ax: Axes) -> bytes:
    # Deliberately lazy (here and below): matplotlib loads when a dashboard draws, not when
    # ``starkit.widgets`` is imported by the candidate's app.
    from starkit.insights.charts import png_bytes

    return png_bytes(ax, dpi=90)


class WorkshopDashboard(View):
    """Refresh to re-read the store; pick a participant to drill down; export all reports."""

    css_class = "starkit-dashboard"

    def __init__(self, store: History | str | Path, *, workshop: str | None = None,
                 reports_dir: str | Path = "reports") -> None:
        """Show the store (a ``History``, or a path or URL opened to read only) for one
        workshop (None: every attempt); reports are exported under ``reports_dir``."""
        super().__init__()
        if not isinstance(store, History):
            store = History.open(store, create=False)
        self.store = store
        self.workshop = workshop
        self.reports_dir = Path(reports_dir)
        self.refresh_button = w.Button(description="Refresh", icon="refresh",
                                       tooltip="Read the shared store again")
        self.summary = w.HTML()
        self.skipped = w.HTML(layout=w.Layout(display="none"))
        self.skipped.add_class("starkit-skipped")
        self.cohort = w.Image(format="png")
        self.cohort.add_class("starkit-cohort")
        self.findings_html = w.HTML()
        self.participant = w.Dropdown(description="Participant", options=[],
                                      style={"description_width": "7em"})
        self.drill = w.HTML()
        self.drill_chart = w.Image(format="png")
        self.export_button = w.Button(description="Export every participant's report",
                                      icon="download", layout=w.Layout(width="auto"))
        self.export_progress = w.IntProgress(value=0, min=0, max=1, description="Reports",
                                             layout=w.Layout(display="none"))
        self.export_status = w.HTML()
        self.refresh_button.on_click(self._refresh)
        self.participant.observe(self._drill, names="value")
        self.export_button.on_click(self._export)
        title = f"Workshop {e(workshop)}" if workshop else "All attempts"
        self.children = [
            self._style, w.HTML(f'<div class="sk-h">{title}</div>'),
            w.HBox([self.refresh_button, self.summary]), self.skipped, self.error,
            w.HTML('<div class="sk-h">Cohort by principle</div>'), self.cohort,
            w.HTML('<div class="sk-h">Most common findings across the room</div>'),
            self.findings_html,
            w.HTML('<div class="sk-h">One participant</div>'), self.participant, self.drill,
            self.drill_chart,
            w.HTML('<div class="sk-h">Reports</div>'),
            w.HBox([self.export_button, self.export_progress]), self.export_status,
        ]
        self.df: pd.DataFrame
        self._refresh()

    @guarded
    def _refresh(self, _: Any = None) -> None:
        from starkit.insights import charts  # lazy: matplotlib (see _png)

        self.df = self.store.attempts(workshop=self.workshop)
        people = sorted(self.df["candidate"].astype(str).unique()) if len(self.df) else []
        if people and all(p.startswith(SAMPLE_PREFIX) for p in people):
            self.df.attrs["sample"] = True  # say so on every chart
        n = self.df["principle"].nunique() if len(self.df) else 0
        self.summary.value = (f"&nbsp;{_count(len(people), 'participant')}, "
                              f"{_count(len(self.df), 'attempt')}, "
                              f"{_count(n, 'principle')} practised.{self._not_started(people)}")
        self.cohort.value = _png(charts.plot_cohort_heatmap(self.df))
        findings = self.store.findings(workshop=self.workshop)
        self._show_skipped(findings.attrs.get("skipped", []))
        common = progress.common_findings(findings)
        rows = "".join(
            f"<tr><td>{e(r.kind)}</td><td>{r.participants} of {len(people)}</td>"
            f"<td>{r.count}</td><td>{e(r.example)}</td></tr>" for r in common.itertuples())
        self.findings_html.value = (
            '<table class="sk-t starkit-common-findings"><tr><th>finding</th>'
            "<th>participants</th><th>times</th><th>what it says</th></tr>"
            f"{rows}</table>" if rows else "<p>No findings yet.</p>")
        current = self.participant.value
        self.participant.options = people
        if people:
            self.participant.value = current if current in people else people[0]
            self._drill()

    def _not_started(self, people: list[str]) -> str:
        """Invited participants with no attempt yet, when the store lets this reader see who
        was invited (a coach's own database role reads attempts, not the member list)."""
        if not self.workshop:
            return ""
        try:
            invited = [m.person for m in members(self.store, self.workshop) if not m.is_coach]
        except StarkitError:
            return ""
        waiting = [p for p in invited if p not in people]
        if not waiting:
            return ""
        return (f'<div class="starkit-not-started">Invited, no attempt yet '
                f"({len(waiting)} of {len(invited)}): {e(', '.join(waiting))}</div>")

    def _show_skipped(self, skipped: list[tuple[str, str]]) -> None:
        """Say how many records were left out, and why (the first few, by attempt id)."""
        if not skipped:
            self.skipped.value = ""
            self.skipped.layout.display = "none"
            return
        n = len(skipped)
        shown = "; ".join(f"{reason} (attempt {ident})" for ident, reason in skipped[:3])
        more = f"; and {n - 3} more" if n > 3 else ""
        self.skipped.value = (f'<div class="sk-note" role="status">{n} record'
                              f"{'s' if n != 1 else ''} skipped: {e(shown)}{more}</div>")
        self.skipped.layout.display = None

    @guarded
    def _drill(self, change: Any = None) -> None:
        from starkit.insights import charts  # lazy: matplotlib (see _png)

        who = self.participant.value
        if not who:
            return
        df = self.df[self.df["candidate"].astype(str) == who]
        df.attrs.update(self.df.attrs)
        ready = progress.readiness(df)
        items = "".join(f"<li>{e(r.principle)}: <b>{e(r.status)}</b> ({e(r.reason)})</li>"
                        for r in ready.itertuples())
        nxt = progress.next_to_practise(df, limit=3)
        todo = ", ".join(e(p) for p in nxt["principle"])
        report = build_report(self.store, who)
        link = download_link(report_filename(who), report, f"Open or download {who}'s report")
        self.drill.value = (f'<div class="starkit-drill"><b>{e(who)}</b>: {len(df)} attempts.'
                            f"<ul>{items}</ul>Practise next: {todo}.<br>"
                            f"{self._spoken(who)}{link}</div>")
        self.drill_chart.value = _png(charts.plot_principle_trends(df))

    def _spoken(self, who: str) -> str:
        """The participant's Speak it timings: what a coach sees of a spoken answer (the
        recording itself never reaches the store)."""
        spoken = self.store.spoken(who, workshop=self.workshop)
        if spoken.empty:
            return ""
        last = spoken.iloc[-1]
        parts = ", ".join(f"{s.title()} {float(last[s]):.0f} s" for s in SECTIONS)
        return (f'<p class="starkit-drill-spoken">Spoken aloud {_count(len(spoken), "time")}; '
                f"the last: {parts} ({float(last['total']):.0f} s in all, "
                f"{_count(int(last['pauses']), 'long pause')}). Timings only: recordings "
                "stay with the participant.</p>")

    @guarded
    def _export(self, _: Any = None) -> None:
        people = list(self.participant.options)
        folder = self.reports_dir / (self.workshop or "all")
        folder.mkdir(parents=True, exist_ok=True)
        bar = self.export_progress
        bar.max, bar.value = max(1, len(people)), 0
        bar.layout.display = None
        for who in people:
            write_report(self.store, who, folder / report_filename(who))
            bar.value += 1
        self.export_status.value = (f"Wrote {len(people)} reports to "
                                    f"<code>{e(str(folder))}</code>, one per participant.")
