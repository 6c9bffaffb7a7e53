"""The whole practice app in one place: principle, then scenario, then mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from starkit.loader import Library, load_library
from starkit.widgets._base import View, guarded
from starkit.widgets.compare import Compare
from starkit.widgets.live_editor import LiveEditor, SaveCallback
from starkit.widgets.mock import MockInterview
from starkit.widgets.quiz import Quiz
from starkit.widgets.walkthrough import Walkthrough

if TYPE_CHECKING:
    from starkit.history import History

MODES = ("Learn", "Practice", "Mock", "Quiz", "Compare")


class App(View):
    css_class = "starkit-app"

    def __init__(
        self,
        *,
        library: Library | None = None,
        candidate: str = "me",
        on_save: SaveCallback | None = None,
        store: History | None = None,
        principle: str | None = None,
        mode: str = "Learn",
    ) -> None:
        super().__init__()
        self.library = library or load_library()
        self.candidate = candidate
        self.store = store
        self.on_save = on_save or (store.save if store is not None else None)
        covered = [p.name for p in self.library.principles if self.library.by_principle(p.name)]
        self.principle_picker = w.Dropdown(options=covered,
                                           value=principle or covered[0],
                                           description="Principle",
                                           style={"description_width": "7em"},
                                           layout=w.Layout(width="34em"))
        self.scenario_picker = w.Dropdown(description="Scenario",
                                          style={"description_width": "7em"},
                                          layout=w.Layout(width="100%"))
        self.mode_picker = w.ToggleButtons(options=list(MODES), value=mode, description="Mode")
        self.stage = w.VBox()
        self.view: View | None = None
        self.principle_picker.observe(self._on_principle, names="value")
        self.scenario_picker.observe(self._on_change, names="value")
        self.mode_picker.observe(self._on_change, names="value")
        self.children = [self._style, w.HTML('<div class="sk-h">starkit practice</div>'),
                         self.principle_picker, self.scenario_picker, self.mode_picker,
                         self.error, self.stage]
        self._on_principle()

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
        if not sid:
            return
        scenario = self.library.get(sid)
        mode = self.mode_picker.value
        view: View
        if mode == "Learn":
            view = Walkthrough(scenario)
        elif mode == "Practice":
            view = LiveEditor(scenario, library=self.library, candidate=self.candidate,
                              on_save=self.on_save, level=scenario.role)
        elif mode == "Mock":
            view = MockInterview(scenario, candidate=self.candidate, on_save=self.on_save)
        elif mode == "Quiz":
            view = Quiz(scenario)
        else:
            view = Compare(scenario)
        if self.view is not None:
            self.view.close()
        self.view = view
        self.stage.children = [view]
