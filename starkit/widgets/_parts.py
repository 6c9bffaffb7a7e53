"""Parts the views share: the level picker, the five answer boxes and the saver.

Each part is a widget with traits, so a view (or a notebook) observes it instead of
reaching into its children: ``AnswerBoxes.answer`` is the ``Answer`` the boxes hold, and
filling all five boxes at once notifies once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from starkit.content.models import LEVELS, SECTIONS
from starkit.history.attempts import Attempt
from starkit.html import escape as e
from starkit.scoring import Answer
from starkit.widgets._base import textarea

if TYPE_CHECKING:
    from starkit.history import History

SaveCallback = Callable[[Attempt], Any]

_LEVEL_TIPS = ["Software Dev Engineer I", "Software Dev Engineer II", "Senior engineer"]


def local_time(when: datetime, fmt: str = "%H:%M:%S") -> str:
    """A stored UTC time as this machine's local time, with its zone ("14:05:09 CET")."""
    local = datetime.fromtimestamp(when.timestamp(), tz=timezone.utc).astimezone()
    return f"{local.strftime(fmt)} {local.tzname() or ''}".strip()


def level_picker(value: str) -> w.ToggleButtons:
    """The level switch every view shows: SDE1, SDE2, Senior."""
    return w.ToggleButtons(options=list(LEVELS), value=value, description="Level",
                           tooltips=_LEVEL_TIPS)


class AnswerBoxes(w.VBox):  # type: ignore[misc]
    """Five boxes, one per part of the answer, each with an optional hint below it.

    ``answer`` (a trait) is the ``Answer`` the boxes hold: typing in a box updates it, and
    setting it (or ``set_answer``) fills every box with one notification.
    """

    answer = traitlets.Instance(Answer)

    def __init__(self, *, hints: bool = False) -> None:
        super().__init__()
        self.boxes = {name: textarea(name.title(), rows=5 if name == "action" else 3)
                      for name in SECTIONS}
        #: An HTML area under each box for coaching (empty when ``hints`` is off).
        self.hints = {name: w.HTML() for name in SECTIONS} if hints else {}
        children: list[w.Widget] = []
        for name in SECTIONS:
            children.append(self.boxes[name])
            if hints:
                children.append(self.hints[name])
        self.children = children
        self._filling = False
        self.answer = Answer()
        for box in self.boxes.values():
            box.observe(self._on_box, names="value")

    def set_answer(self, answer: Answer) -> None:
        """Fill the five boxes; observers of ``answer`` hear once."""
        self.answer = answer

    @property
    def disabled(self) -> bool:
        """Whether the boxes are read-only."""
        return all(b.disabled for b in self.boxes.values())

    @disabled.setter
    def disabled(self, value: bool) -> None:
        for box in self.boxes.values():
            box.disabled = value

    def _on_box(self, change: Any) -> None:
        if not self._filling:  # a keystroke, not the boxes being filled from ``answer``
            self.answer = Answer(**{n: b.value for n, b in self.boxes.items()})

    @traitlets.observe("answer")
    def _fill(self, change: Any) -> None:
        self._filling = True
        try:
            for name, text in change["new"]:
                if self.boxes[name].value != text:
                    self.boxes[name].value = text
        finally:
            self._filling = False


class Saver(w.HBox):  # type: ignore[misc]
    """Where an attempt goes: ``on_save`` (or the ``store``'s save), and the view's own list.

    The view wires ``button`` to its own (guarded) handler, which builds the attempt and
    calls ``save``; a view with no button (the mock) calls ``save`` itself. ``said`` starts
    the line that confirms it, followed by the saved verdict and score when ``with_score``.
    """

    def __init__(
        self,
        *,
        on_save: SaveCallback | None = None,
        store: History | None = None,
        button: bool = True,
        said: str = "Saved",
        with_score: bool = True,
    ) -> None:
        super().__init__()
        self.said = said
        self.with_score = with_score
        self.on_save = on_save or (store.save if store is not None else None)
        #: Every attempt saved from this view, newest last.
        self.saved: list[Attempt] = []
        self.status = w.HTML()
        self.button = w.Button(description="Save attempt", icon="save", button_style="primary")
        self.children = [self.button, self.status] if button else [self.status]

    def save(self, attempt: Attempt) -> None:
        """Hand the attempt on, keep it, and say where it went."""
        if self.on_save is not None:
            self.on_save(attempt)
        self.saved.append(attempt)
        where = "" if self.on_save else " (kept in this view only: no store connected)"
        score = f": {e(attempt.verdict)}, {attempt.overall:.0f}/100" if self.with_score else ""
        self.status.value = (f"{e(self.said)}{score} at {e(local_time(attempt.created_at))}"
                             f"{e(where)}.")
