"""Practice: write an answer in five boxes and see it scored as you type."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from starkit.content.loader import Library, load_library
from starkit.content.models import SECTIONS, Scenario
from starkit.history.attempts import Attempt, make_attempt
from starkit.scoring import Answer, Scorecard, score, segment
from starkit.widgets._base import View, guarded, textarea
from starkit.widgets._html import (
    findings_html,
    hint_html,
    readback_html,
    scorecard_panel,
    timing_html,
    why_html,
)
from starkit.widgets._parts import AnswerBoxes, SaveCallback, Saver, level_picker
from starkit.widgets.speak import SpeakIt

if TYPE_CHECKING:
    from starkit.history import History
    from starkit.practice.recordings import Recordings

__all__ = ["LONG_ANSWER", "OWN_STORY", "LiveEditor", "SaveCallback"]

OWN_STORY = "(my own story)"
#: Above this many characters the editor says it is working before it scores.
LONG_ANSWER = 20_000


class LiveEditor(View):
    """Five boxes, a live scorecard, highlighted read-back, hints, paste-and-split, save.

    ``answer``, ``scorecard`` and ``level`` are traits: they always hold the current answer,
    its scorecard and the level, and a notebook can ``observe`` them (or set ``answer`` and
    ``level``). Save writes the attempt to ``store`` (a ``History``), or hands it to
    ``on_save``; ``principle`` preselects a principle when no scenario is given.
    """

    css_class = "starkit-live-editor"
    mode = "practice"

    answer = traitlets.Instance(Answer)
    scorecard = traitlets.Instance(Scorecard)
    level = traitlets.Unicode("SDE2")

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        *,
        library: Library | None = None,
        principle: str | None = None,
        level: str = "SDE2",
        candidate: str = "me",
        on_save: SaveCallback | None = None,
        store: History | None = None,
        hints: bool = True,
        pickers: bool = True,
        speak: bool = True,
        recordings: Recordings | None = None,
        keep_recordings: bool = True,
    ) -> None:
        """``pickers=False`` hides the scenario and principle pickers, for a page that
        chooses them itself (the app). ``speak`` offers Speak it (the answer said aloud,
        timed per part; ``recordings`` is where a kept recording goes)."""
        super().__init__()
        self.library = library or load_library()
        if isinstance(scenario, str):
            scenario = self.library.get(scenario)  # this view's own library, not the default
        self.store = store
        self.candidate = candidate
        self._rev = 0
        self._started: float | None = None

        self.scenario_picker = w.Dropdown(
            options=[(OWN_STORY, "")] + [(f"{s.principle}: {s.title}", s.id)
                                         for s in self.library.scenarios],
            value=scenario.id if scenario else "",
            description="Scenario",
            layout=w.Layout(width="100%"),
            style={"description_width": "7em"},
        )
        self.principle_picker = w.Dropdown(
            options=[("(none)", "")] + [(p.name, p.name) for p in self.library.principles],
            value=(scenario.principle if scenario else (
                self.library.principle(principle).name if principle else "")),
            description="Principle",
            style={"description_width": "7em"},
            layout=w.Layout(width="32em"),
        )
        self.level_picker = level_picker(level)
        self.hints_toggle = w.ToggleButton(value=hints, description="Hints",
                                           tooltip="Show coaching and key phrases per part",
                                           icon="lightbulb-o")
        self.parts = AnswerBoxes(hints=True)
        self.boxes = self.parts.boxes
        self.hints = self.parts.hints
        self.paste = textarea("Paste", rows=3,
                              placeholder="Paste a whole answer here, then split it into parts")
        self.split_button = w.Button(description="Split into parts", icon="scissors",
                                     tooltip="Split the pasted answer into the five boxes")
        self.panel = w.HTML()
        self.panel.add_class("starkit-scorecard")
        self.working = w.HTML()
        self.findings = w.HTML()
        self.readback = w.HTML()
        self.saver = Saver(on_save=on_save, store=store)
        self.save_button, self.status = self.saver.button, self.saver.status
        self.clear_button = w.Button(description="Clear answer", icon="eraser",
                                     tooltip="Empty the five boxes to start this answer again")
        self.clear_button.add_class("starkit-clear")

        self.speak = SpeakIt(level=level, scenario=scenario, recordings=recordings,
                             keep=keep_recordings)
        self.speak.observe(self._on_spoken, names="timing")
        self.speak_box = w.Accordion(children=[self.speak], selected_index=None)
        self.speak_box.set_title(0, "Speak it: say your answer out loud, timed per part")
        self.speak_box.add_class("starkit-speak-box")
        if not speak:
            self.speak_box.layout.display = "none"

        self.answer = Answer()
        self.level = level
        traitlets.link((self.parts, "answer"), (self, "answer"))
        traitlets.link((self.level_picker, "value"), (self, "level"))
        self.observe(self._on_edit, names="answer")
        self.observe(self._on_settings, names="level")
        self.principle_picker.observe(self._on_settings, names="value")
        self.scenario_picker.observe(self._on_scenario, names="value")
        self.hints_toggle.observe(self._on_settings, names="value")
        self.split_button.on_click(self._on_split)
        self.save_button.on_click(self._on_save)
        self.clear_button.on_click(self._on_clear)

        editor = w.VBox([
            w.HTML('<div class="sk-h">Your answer</div>'),
            w.HBox([self.paste, self.split_button], layout=w.Layout(width="100%")),
            self.parts,
            self.speak_box,
            self.saver,
            self.clear_button,
        ], layout=w.Layout(flex="3 1 0", min_width="560px"))
        editor.add_class("sk-answer")
        # The score stays in view while the answer scrolls: the column runs the answer's
        # whole height and the score inside it is sticky (starkit.css); the findings scroll
        # on below it. The two columns become one below about 1000 px.
        score = w.VBox([w.HTML('<div class="sk-h">Live score</div>'), self.working, self.panel])
        score.add_class("sk-sticky")
        self.detail = w.HTML()
        side = w.VBox([score, self.detail, self.findings],
                      layout=w.Layout(flex="2 1 0", min_width="380px"))
        side.add_class("sk-side")
        choose = [w.HBox([self.scenario_picker]), w.HBox([self.principle_picker])]
        if not pickers:
            for row in choose:
                row.layout.display = "none"
        self.children = [
            self._style,
            *choose,
            w.HBox([self.level_picker, self.hints_toggle]),
            self.error,
            w.HBox([editor, side], layout=w.Layout(width="100%", flex_flow="row wrap")),
            w.HTML('<div class="sk-h">Read-back</div>'),
            self.readback,
        ]
        self._refresh()

    # -- what the view computes ----------------------------------------------------------

    @property
    def scenario(self) -> Scenario | None:
        """The scenario picked beside the answer (None for one's own story)."""
        sid = self.scenario_picker.value
        return self.library.get(sid) if sid else None

    @property
    def principle(self) -> str | None:
        """The principle the answer is judged for (None when none is picked)."""
        return self.principle_picker.value or None

    @property
    def on_save(self) -> SaveCallback | None:
        """Where Save hands the attempt (the store's save when a store was given)."""
        return self.saver.on_save

    @on_save.setter
    def on_save(self, callback: SaveCallback | None) -> None:
        self.saver.on_save = callback

    @property
    def saved(self) -> list[Attempt]:
        """Every attempt saved from this editor, newest last."""
        return self.saver.saved

    def set_answer(self, answer: Answer) -> None:
        """Fill the five boxes (one re-score at the end)."""
        self.parts.set_answer(answer)

    # -- callbacks -------------------------------------------------------------------------

    @guarded
    def _on_edit(self, change: dict[str, Any]) -> None:
        if self._started is None:
            self._started = time.monotonic()
        self._refresh()

    @guarded
    def _on_settings(self, change: dict[str, Any]) -> None:
        self._refresh()

    @guarded
    def _on_spoken(self, change: dict[str, Any]) -> None:
        old, new = change["old"], change["new"]
        if old is not None and new is not None and old.seconds() == new.seconds():
            return  # only the words (the speaking rate) changed: the score has not
        self._refresh()

    @property
    def spoken(self) -> dict[str, float] | None:
        """Seconds per part from the last Speak it recording (None when none was heard)."""
        t = self.speak.timing
        return t.seconds() if t is not None and t.heard else None

    @guarded
    def _on_scenario(self, change: dict[str, Any]) -> None:
        scenario = self.scenario
        if scenario is not None:
            self.principle_picker.value = scenario.principle
        self._refresh()

    @guarded
    def _on_split(self, _: Any = None) -> None:
        text = self.paste.value
        if not text.strip():
            self.status.value = "<i>Paste an answer first.</i>"
            return
        self.set_answer(segment(text))
        self.paste.value = ""
        self.status.value = "Split into the five parts: check each box."

    @guarded
    def _on_clear(self, _: Any = None) -> None:
        self.set_answer(Answer())
        self.paste.value = ""
        self._started = None
        self.status.value = "Cleared: start again."

    @guarded
    def _on_save(self, _: Any = None) -> None:
        if self.answer.is_empty:
            self.status.value = "<i>Nothing to save yet.</i>"
            return
        duration = time.monotonic() - self._started if self._started else 0.0
        # the timings of a spoken answer travel with the attempt; its audio never does
        t = self.speak.timing
        extra = {"spoken": t.to_dict()} if t is not None and t.heard else None
        self.saver.save(make_attempt(self.answer, self.scorecard, candidate=self.candidate,
                                     mode=self.mode, duration_seconds=duration,
                                     scenario_id=self.scenario.id if self.scenario else None,
                                     extra=extra))

    def _refresh(self) -> None:
        size = len(self.answer.text)
        if size > LONG_ANSWER:
            # Widget updates reach the page as they are made, so this shows while it works.
            self.working.value = (f'<div class="starkit-working" role="status">Reading a long '
                                  f'answer ({size:,} characters): a few seconds...</div>')
        # Practice is the candidate's own story: the scenario's key phrases are hints.
        self.scorecard = score(self.answer, principle=self.principle, level=self.level,
                               scenario=self.scenario, coverage="hints", spoken=self.spoken)
        self.speak.set_level(self.level, self.scenario)
        self.speak.set_words({n: self.scorecard.timing[n].words for n in SECTIONS})
        self._rev += 1
        self.panel.value = scorecard_panel(self.scorecard, self._rev)
        self.detail.value = why_html(self.scorecard) + timing_html(self.scorecard)
        self.findings.value = findings_html(self.scorecard)
        self.readback.value = readback_html(self.answer.parts(), self.scorecard)
        show = self.hints_toggle.value
        for name in SECTIONS:
            self.hints[name].value = hint_html(self.scenario, name) if show else ""
        self.working.value = ""
