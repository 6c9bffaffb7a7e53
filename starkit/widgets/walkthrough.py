"""Learn: one scenario part by part, with a level switcher and an angle switcher."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from starkit.content.models import LEVELS, Scenario
from starkit.widgets._base import View, guarded, resolve_scenario
from starkit.widgets._html import walkthrough_html


class Walkthrough(View):
    css_class = "starkit-walkthrough"

    def __init__(self, scenario: Scenario | str, *, level: str | None = None) -> None:
        super().__init__()
        scenario = resolve_scenario(scenario)
        self.scenario = scenario
        self.level_picker = w.ToggleButtons(options=list(LEVELS), value=level or scenario.role,
                                            description="Level")
        self.angle_picker = w.Dropdown(
            options=[("(as told)", "")] + [(a.principle, a.principle) for a in scenario.angles],
            value="", description="Tell it for", style={"description_width": "7em"})
        self.body = w.HTML()
        self.level_picker.observe(self._render, names="value")
        self.angle_picker.observe(self._render, names="value")
        self.children = [self._style, w.HBox([self.level_picker, self.angle_picker]),
                         self.error, self.body]
        self._render()

    @guarded
    def _render(self, change: Any = None) -> None:
        self.body.value = walkthrough_html(self.scenario, str(self.level_picker.value),
                                           self.angle_picker.value or None)
