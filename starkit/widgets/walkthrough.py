"""Learn: one scenario part by part, with a level switcher and an angle switcher."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets

from starkit.content.models import Scenario
from starkit.widgets._base import View, guarded, resolve_scenario
from starkit.widgets._html import walkthrough_html
from starkit.widgets._parts import level_picker


class Walkthrough(View):
    """A scenario's model answer, part by part, with its coaching, for the chosen ``level``
    (a trait) and, optionally, retold for another principle (an angle)."""

    css_class = "starkit-walkthrough"

    level = traitlets.Unicode("SDE2")

    def __init__(self, scenario: Scenario | str, *, level: str | None = None) -> None:
        super().__init__()
        scenario = resolve_scenario(scenario)
        self.scenario = scenario
        self.level_picker = level_picker(level or scenario.role)
        self.level = str(self.level_picker.value)
        traitlets.link((self.level_picker, "value"), (self, "level"))
        self.angle_picker = w.Dropdown(
            options=[("(as told)", "")] + [(a.principle, a.principle) for a in scenario.angles],
            value="", description="Tell it for", style={"description_width": "7em"})
        self.body = w.HTML()
        self.observe(self._render, names="level")
        self.angle_picker.observe(self._render, names="value")
        self.children = [self._style, w.HBox([self.level_picker, self.angle_picker]),
                         self.error, self.body]
        self._render()

    @guarded
    def _render(self, change: Any = None) -> None:
        self.body.value = walkthrough_html(self.scenario, self.level,
                                           self.angle_picker.value or None)
