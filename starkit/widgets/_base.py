"""What every view shares: its CSS class, the stylesheet, and errors shown inline."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w

from starkit.content.loader import load_library
from starkit.content.models import Scenario
from starkit.html import NO_MATHS
from starkit.html import escape as e
from starkit.widgets._html import CSS

log = logging.getLogger("starkit.widgets")
F = TypeVar("F", bound=Callable[..., Any])


class View(w.VBox):  # type: ignore[misc]
    """A box with the class ``starkit starkit-<view>`` and an inline error area."""

    css_class = "starkit-view"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("starkit")
        for name in NO_MATHS.split():  # a "$" in an answer is money, not maths
            self.add_class(name)
        self.add_class(self.css_class)
        self._style = w.HTML(CSS)
        self.error = w.HTML(layout=w.Layout(display="none"))
        self.error.add_class("starkit-error")
        #: The last error shown inline (None when the view is fine).
        self.last_error: str | None = None

    def show_error(self, message: str) -> None:
        """Show ``message`` in the view's alert area (escaped) and remember it in ``last_error``."""
        self.last_error = message
        self.error.value = f'<div class="sk-error" role="alert">{e(message)}</div>'
        self.error.layout.display = None

    def clear_error(self) -> None:
        """Hide the alert area."""
        self.last_error = None
        self.error.value = ""
        self.error.layout.display = "none"


def guarded(method: F) -> F:
    """Run a callback; on an exception show it inline in the view and keep working."""

    @functools.wraps(method)
    def run(self: View, *args: Any, **kwargs: Any) -> Any:
        if self.last_error is not None:
            self.clear_error()
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # a notebook view must never die on a callback
            log.debug("starkit view callback failed\n%s", traceback.format_exc())
            self.show_error(f"Something went wrong: {type(exc).__name__}: {exc}")
            return None

    return run  # type: ignore[return-value]


def resolve_scenario(scenario: Scenario | str) -> Scenario:
    """Views take a Scenario or its id."""
    if isinstance(scenario, str):
        return load_library().get(scenario)
    return scenario


def textarea(label: str, rows: int = 3, placeholder: str = "") -> w.Textarea:
    """A full-width, labelled text box that reports every keystroke, with a class per label."""
    box = w.Textarea(
        description=label,
        placeholder=placeholder,
        continuous_update=True,
        rows=rows,
        layout=w.Layout(width="100%"),
        style={"description_width": "7em"},
    )
    box.add_class(f"starkit-box-{label.lower().replace(' ', '-')}")
    return box
