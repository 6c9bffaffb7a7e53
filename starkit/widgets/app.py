"""The whole practice app in one place: principle, then scenario, then mode.

In a workshop (``workshop="name"``) each participant enters their name once; their attempts
are saved to the shared store tagged with the workshop, and *My attempts* shows only theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from starkit.content.loader import Library, load_library
from starkit.content.models import Scenario
from starkit.history.attempts import Attempt
from starkit.history.people import same_person
from starkit.html import escape as e
from starkit.insights import progress
from starkit.widgets._base import View, guarded
from starkit.widgets._parts import SaveCallback
from starkit.widgets.compare import Compare
from starkit.widgets.live_editor import LiveEditor
from starkit.widgets.mock import MockInterview
from starkit.widgets.quiz import Quiz
from starkit.widgets.walkthrough import Walkthrough

if TYPE_CHECKING:
    from starkit.history import History

MINE = "My attempts"
_NAME = re.compile(r"^[\w][\w .'-]{0,59}$", re.UNICODE)


class App(View):
    """The practice app: pick a principle, a scenario and a mode (``VIEWS``).

    With ``candidate=None`` it asks for the participant's name first; with a ``store`` it
    saves there (tagged with ``workshop``) and adds *My attempts*, which shows only the
    participant's own. ``on_save`` also receives every saved attempt.
    """

    css_class = "starkit-app"
    library: Library
    candidate: str | None

    def __init__(
        self,
        *,
        library: Library | None = None,
        candidate: str | None = "me",
        on_save: SaveCallback | None = None,
        store: History | None = None,
        workshop: str | None = None,
        principle: str | None = None,
        mode: str = "Learn",
    ) -> None:
        super().__init__()
        self.library = library or load_library()
        self.candidate = candidate
        self.store = store
        self.workshop = workshop
        self._on_save = on_save
        covered = [p.name for p in self.library.principles if self.library.by_principle(p.name)]
        self.principle_picker = w.Dropdown(options=covered,
                                           value=principle or covered[0],
                                           description="Principle",
                                           style={"description_width": "7em"},
                                           layout=w.Layout(width="34em"))
        self.scenario_picker = w.Dropdown(description="Scenario",
                                          style={"description_width": "7em"},
                                          layout=w.Layout(width="100%"))
        modes = [m for m in VIEWS if m != MINE or store is not None]
        self.mode_picker = w.ToggleButtons(options=modes, value=mode, description="Mode")
        self.stage = w.VBox()
        self.view: w.Widget | None = None
        self.principle_picker.observe(self._on_principle, names="value")
        self.scenario_picker.observe(self._on_change, names="value")
        self.mode_picker.observe(self._on_change, names="value")
        title = "starkit practice" + (f" &middot; workshop {e(workshop)}" if workshop else "")
        self.header = w.HTML(f'<div class="sk-h">{title}</div>')
        self.who = w.HTML()
        self.main = w.VBox([self.principle_picker, self.scenario_picker, self.mode_picker,
                            self.stage])
        self.name_box = w.Text(description="Your name", placeholder="as the coach knows you",
                               style={"description_width": "7em"})
        self.name_box.add_class("starkit-name")
        self.start_button = w.Button(description="Start", button_style="primary")
        self.start_button.add_class("starkit-start")
        self.start_button.on_click(self._start)
        self.name_prompt = w.VBox([
            w.HTML("<p>Enter your name once: your attempts are saved under it"
                   f"{' for this workshop' if workshop else ''}, and only you see them.</p>"),
            w.HBox([self.name_box, self.start_button])])
        self.children = [self._style, self.header, self.who, self.error, self.name_prompt,
                         self.main]
        if candidate:
            self._begin(candidate)
        else:
            self.main.layout.display = "none"

    # -- who is practising -----------------------------------------------------------------

    @guarded
    def _start(self, _: Any = None) -> None:
        known = self.store.candidates(self.workshop) if self.store is not None else []
        name = same_person(self.name_box.value, known)  # "alice doe" is "Alice Doe"
        if not _NAME.match(name):
            self.show_error("Please enter your name (letters, digits, spaces, . ' -; "
                            "at most 60 characters).")
            return
        self._begin(name)

    def _begin(self, name: str) -> None:
        self.candidate = name
        self.name_prompt.layout.display = "none"
        self.main.layout.display = None
        where = f" in workshop {e(self.workshop)}" if self.workshop else ""
        self.who.value = f"<div>Practising as <b>{e(name)}</b>{where}.</div>"
        self._on_principle()

    @property
    def saver(self) -> SaveCallback | None:
        """What the views' Save calls: ``save``, or None when there is nowhere to save."""
        return self.save if (self.store is not None or self._on_save) else None

    def save(self, attempt: Attempt) -> None:
        """Where the views' Save goes: the store (tagged with the workshop) and/or on_save."""
        if self.store is not None:
            self.store.save(attempt, workshop=self.workshop)
        if self._on_save is not None:
            self._on_save(attempt)

    # -- navigation ------------------------------------------------------------------------

    @guarded
    def _on_principle(self, change: Any = None) -> None:
        scenarios = self.library.by_principle(self.principle_picker.value)
        self.scenario_picker.options = [(s.title, s.id) for s in scenarios]
        self.scenario_picker.value = scenarios[0].id
        self._show()

    @guarded
    def _on_change(self, change: Any = None) -> None:
        self._show()

    def _show(self) -> None:
        sid = self.scenario_picker.value
        if not sid or not self.candidate:
            return
        view = VIEWS[self.mode_picker.value](self, self.library.get(sid))
        if self.view is not None:
            self.view.close()
        self.view = view
        self.stage.children = [view]

    def _mine(self) -> w.Widget:
        """The participant's own attempts, and nobody else's."""
        assert self.store is not None
        assert self.candidate
        df = self.store.attempts(candidate=self.candidate, workshop=self.workshop)
        if df.empty:
            return w.HTML("<p>No saved attempts yet: save one in Practice or Mock.</p>")
        rows = "".join(
            f"<tr><td>{r.created_at:%Y-%m-%d %H:%M}</td><td>{e(r.principle)}</td>"
            f"<td>{e(r.mode)}</td><td>{r.overall:.0f}</td><td>{e(r.verdict)}</td></tr>"
            for r in df.sort_values("created_at", ascending=False).head(50).itertuples())
        ready = progress.readiness(df)
        status = "".join(f"<li>{e(r.principle)}: <b>{e(r.status)}</b> ({e(r.reason)})</li>"
                         for r in ready.itertuples())
        return w.HTML(
            f'<div class="sk-h">My attempts ({len(df)})</div><ul>{status}</ul>'
            '<table class="sk-t starkit-mine"><tr><th>when (UTC)</th><th>principle</th>'
            f"<th>mode</th><th>score</th><th>verdict</th></tr>{rows}</table>")


#: Each mode, in the order the app shows them, and how it builds its view for a scenario.
VIEWS: Mapping[str, Callable[[App, Scenario], w.Widget]] = MappingProxyType({
    "Learn": lambda app, s: Walkthrough(s),
    "Practice": lambda app, s: LiveEditor(s, library=app.library, candidate=app.candidate or "",
                                          on_save=app.saver, level=s.role),
    "Mock": lambda app, s: MockInterview(s, candidate=app.candidate or "", on_save=app.saver),
    "Quiz": lambda app, s: Quiz(s),
    "Compare": lambda app, s: Compare(s),
    MINE: lambda app, s: app._mine(),
})
#: The modes' names.
MODES: tuple[str, ...] = tuple(VIEWS)
