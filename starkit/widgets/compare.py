"""Instructor view: two answers side by side, highlighted the same way, differences explained."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets

from starkit.content.models import Scenario
from starkit.html import escape as e
from starkit.practice.comparison import compare
from starkit.scoring import Answer, Scorecard, score, segment
from starkit.widgets._base import View, guarded, resolve_scenario, textarea
from starkit.widgets._html import overall_html, readback_html
from starkit.widgets._parts import level_picker


def labelled(answer: Answer) -> str:
    """An answer as one text with 'Situation:' style labels (segment honours them)."""
    return "\n\n".join(f"{n.title()}: {t}" for n, t in answer if t.strip())


class Compare(View):
    """Two answers side by side, scored and highlighted the same way, with a line per
    dimension on why one scores higher. ``a`` and ``b`` default to the scenario's strong and
    weak answers; ``level`` is a trait."""

    css_class = "starkit-compare"

    level = traitlets.Unicode("SDE2")

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        *,
        a: str | Answer | None = None,
        b: str | Answer | None = None,
        names: tuple[str, str] = ("Strong", "Weak"),
        level: str | None = None,
    ) -> None:
        super().__init__()
        if scenario is not None:
            scenario = resolve_scenario(scenario)
        self.scenario = scenario
        self.names = names
        if a is None and scenario is not None:
            a = Answer(**scenario.strong_parts())
        if b is None and scenario is not None:
            b = Answer(**scenario.weak_parts())
        self.box_a = textarea(names[0], rows=8)
        self.box_b = textarea(names[1], rows=8)
        self.box_a.value = labelled(a) if isinstance(a, Answer) else (a or "")
        self.box_b.value = labelled(b) if isinstance(b, Answer) else (b or "")
        self.level_picker = level_picker(level or (scenario.role if scenario else "SDE2"))
        self.level = str(self.level_picker.value)
        traitlets.link((self.level_picker, "value"), (self, "level"))
        self.head_a, self.head_b = w.HTML(), w.HTML()
        self.read_a, self.read_b = w.HTML(), w.HTML()
        self.diff = w.HTML()
        self.diff.add_class("starkit-compare-diff")
        for widget in (self.box_a, self.box_b):
            widget.observe(self._refresh, names="value")
        self.observe(self._refresh, names="level")
        col = {"flex": "1 1 0", "min_width": "20em"}
        self.children = [
            self._style, self.level_picker, self.error,
            w.HBox([w.VBox([self.head_a, self.box_a, self.read_a], layout=w.Layout(**col)),
                    w.VBox([self.head_b, self.box_b, self.read_b], layout=w.Layout(**col))],
                   layout=w.Layout(width="100%", flex_flow="row wrap")),
            self.diff,
        ]
        self.card_a: Scorecard
        self.card_b: Scorecard
        self._refresh()

    @guarded
    def _refresh(self, change: Any = None) -> None:
        level = self.level
        ans_a, ans_b = segment(self.box_a.value), segment(self.box_b.value)
        self.card_a = score(ans_a, scenario=self.scenario, level=level)
        self.card_b = score(ans_b, scenario=self.scenario, level=level)
        na, nb = self.names
        for head, name, card in ((self.head_a, na, self.card_a), (self.head_b, nb, self.card_b)):
            head.value = f'<div class="sk-h">{e(name)}</div>' + overall_html(card.overall,
                                                                              card.verdict)
        self.read_a.value = readback_html(ans_a.parts(), self.card_a)
        self.read_b.value = readback_html(ans_b.parts(), self.card_b)
        lines = "".join(f"<li>{e(d.line)}</li>" for d in compare(self.card_a, self.card_b,
                                                                  self.names))
        gap = self.card_a.overall - self.card_b.overall
        self.diff.value = (f'<div class="sk-h">Why they differ ({e(na)} {gap:+.0f})</div>'
                           f"<ul>{lines}</ul>")

    @property
    def diffs(self) -> list[str]:
        """One line per dimension on why the two answers score differently."""
        return [d.line for d in compare(self.card_a, self.card_b, self.names)]
