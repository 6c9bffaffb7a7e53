"""Mock: hints hidden, a countdown, then the follow-up probes one by one, then the verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets

from starkit.content.models import Scenario
from starkit.history.attempts import Attempt, make_attempt
from starkit.html import escape as e
from starkit.practice.mock_session import MockResult, MockSession
from starkit.scoring import Answer, Scorecard
from starkit.widgets._base import View, guarded, resolve_scenario, textarea
from starkit.widgets._html import overall_html
from starkit.widgets._parts import AnswerBoxes, SaveCallback, Saver, level_picker
from starkit.widgets.speak import SpeakIt

if TYPE_CHECKING:
    from starkit.history import History
    from starkit.practice.recordings import Recordings


def _clock(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    s = abs(round(seconds))
    return f"{sign}{s // 60}:{s % 60:02d}"


class MockInterview(View):
    """A timed answer, the probes one at a time, then a verdict with three things to fix.

    The countdown is an ``ipywidgets.Play`` timer: it ticks in the browser, so it runs the
    same in JupyterLab and in Voila. ``.session`` holds the pure state; ``answer``,
    ``level`` and ``scorecard`` (the submitted answer's, None before) are traits.
    ``autostart`` starts the clock on the first keystroke.
    """

    css_class = "starkit-mock"

    answer = traitlets.Instance(Answer)
    level = traitlets.Unicode("SDE2")
    scorecard = traitlets.Instance(Scorecard, allow_none=True)

    def __init__(
        self,
        scenario: Scenario | str,
        *,
        level: str | None = None,
        candidate: str = "me",
        on_save: SaveCallback | None = None,
        store: History | None = None,
        autostart: bool = True,
        recordings: Recordings | None = None,
        keep_recordings: bool = True,
    ) -> None:
        super().__init__()
        scenario = resolve_scenario(scenario)
        self.scenario = scenario
        self.candidate = candidate
        self.store = store
        self.level_picker = level_picker(level or scenario.role)
        self.level = str(self.level_picker.value)
        traitlets.link((self.level_picker, "value"), (self, "level"))
        self.session = MockSession(scenario, self.level)
        # The browser's Play view starts its clock only on a change of ``playing``, so the
        # clock starts on the first keystroke (or with the clock button), not at creation.
        self.autostart = autostart
        # The Play widget is the clock (it ticks in the browser); its icon-only buttons have
        # no names a screen reader can say, so it is hidden and a named button drives it.
        self.timer = w.Play(value=0, min=0, max=self.session.budget_seconds, step=1,
                            interval=1000, playing=False, show_repeat=False,
                            description="Timer", layout=w.Layout(display="none"))
        self.clock_button = w.Button(description="Start the clock", icon="play",
                                     tooltip="Start or pause the countdown")
        self.clock_button.add_class("starkit-clock")
        self.countdown = w.HTML()
        self.parts = AnswerBoxes()
        self.boxes = self.parts.boxes
        self.answer = Answer()
        traitlets.link((self.parts, "answer"), (self, "answer"))
        self.submit_button = w.Button(description="Submit answer", button_style="primary",
                                      icon="check")
        self.probe = w.HTML()
        self.reply = textarea("Your reply", rows=3)
        self.reply_button = w.Button(description="Answer", icon="reply")
        self.submit_button.add_class("starkit-submit")
        self.reply_button.add_class("starkit-reply")
        self.probe_feedback = w.HTML()
        #: The follow-ups answered so far, each with its reply and how it went.
        self.answered = w.HTML()
        self.verdict = w.HTML()
        self.again_button = w.Button(description="Try again", icon="repeat",
                                     tooltip="The same question, a fresh clock and empty boxes",
                                     layout=w.Layout(display="none"))
        self.again_button.add_class("starkit-again")
        # The verdict above already says how it went; the line only confirms the save.
        self.saver = Saver(on_save=on_save, store=store, button=False, said="Attempt saved",
                           with_score=False)
        self.status = self.saver.status

        self.timer.observe(self._tick, names="value")
        self.timer.observe(self._on_playing, names="playing")
        self.clock_button.on_click(self._toggle_clock)
        self.observe(self._start_clock, names="answer")
        self.observe(self._on_level, names="level")
        self.submit_button.on_click(self._submit)
        self.reply_button.on_click(self._answer_probe)
        self.again_button.on_click(self._again)

        # Speak it: the answer said aloud, timed per part; its seconds are what timing judges.
        self.speak = SpeakIt(level=self.level, scenario=scenario, recordings=recordings,
                             keep=keep_recordings)
        self.speak_box = w.Accordion(children=[self.speak], selected_index=None)
        self.speak_box.set_title(0, "Speak it: say your answer out loud, timed per part")
        self.speak_box.add_class("starkit-speak-box")
        self.observe(self._words, names="answer")

        self.parts.layout.width = "100%"
        self.answer_stage = w.VBox([w.HBox([self.timer, self.clock_button, self.countdown]),
                                    self.parts, self.speak_box, self.submit_button],
                                   layout=w.Layout(width="100%"))
        self.probe_stage = w.VBox([self.answered, self.probe, self.reply, self.reply_button,
                                   self.probe_feedback],
                                  layout=w.Layout(display="none", width="100%"))
        self.children = [
            self._style,
            w.HTML(f'<div class="sk-h">{e(scenario.title)}</div>'
                   f"<div>{e(scenario.principle)} &middot; hints are hidden in a mock.</div>"),
            self.level_picker, self.error, self.answer_stage, self.probe_stage,
            self.verdict, self.saver, self.again_button,
        ]
        self._tick()

    @property
    def on_save(self) -> SaveCallback | None:
        """Where the finished attempt goes (the store's save when a store was given)."""
        return self.saver.on_save

    @property
    def saved(self) -> list[Attempt]:
        """The attempt saved when the mock finished (empty before)."""
        return self.saver.saved

    @property
    def remaining(self) -> int:
        """Seconds left on the clock (negative once over time)."""
        return int(self.timer.max) - int(self.timer.value)

    @guarded
    def _tick(self, change: Any = None) -> None:
        left = self.remaining
        note = " Time is up: finish your sentence and submit." if left <= 0 else ""
        self.countdown.value = (
            f'<span class="starkit-countdown" role="timer" aria-live="off">'
            f"{_clock(left)}</span> left of {_clock(self.timer.max)}{note}"
            + ("" if self.timer.playing or self.timer.value else
               " <i>The clock starts when you start typing, or with Start the clock.</i>")
        )

    @guarded
    def _words(self, change: Any = None) -> None:
        self.speak.set_words({n: len(t.split()) for n, t in self.answer})

    @guarded
    def _toggle_clock(self, _: Any = None) -> None:
        self.timer.playing = not self.timer.playing

    @guarded
    def _on_playing(self, change: Any = None) -> None:
        running = bool(self.timer.playing)
        self.clock_button.description = "Pause the clock" if running else "Start the clock"
        self.clock_button.icon = "pause" if running else "play"
        self.clock_button.disabled = self.session.stage != "answer"
        self._tick()

    @guarded
    def _start_clock(self, change: Any = None) -> None:
        if self.autostart and self.session.stage == "answer" and not self.timer.playing \
                and self.timer.value == 0:
            self.timer.playing = True

    @guarded
    def _on_level(self, change: Any) -> None:
        if self.session.stage != "answer":
            return
        self.session = MockSession(self.scenario, str(change["new"]))
        self.speak.set_level(self.session.level, self.scenario)
        self.timer.max = self.session.budget_seconds
        self.timer.value = 0
        self._tick()

    @guarded
    def _submit(self, _: Any = None) -> None:
        if self.answer.is_empty:
            self.status.value = "<i>Write your answer first.</i>"
            return
        self.timer.playing = False
        t = self.speak.timing
        self.scorecard = self.session.submit(
            self.answer, elapsed_seconds=float(self.timer.value),
            spoken=t.seconds() if t is not None and t.heard else None)
        self.parts.disabled = True
        self.submit_button.disabled = True
        self.clock_button.disabled = True
        self.level_picker.disabled = True
        self.status.value = ""
        if self.session.stage == "probes":
            self.probe_stage.layout.display = None
            self._show_probe()
        else:
            self._finish()

    def _show_probe(self) -> None:
        i = self.session.probe_index
        n = len(self.scenario.follow_ups)
        self.probe.value = (f'<div class="sk-h starkit-probe">Follow-up {i + 1} of {n}</div>'
                            f"<p>{e(self.session.current_probe)}</p>")
        self.reply.value = ""

    @guarded
    def _answer_probe(self, _: Any = None) -> None:
        if self.session.stage != "probes":
            return
        if not self.reply.value.strip():
            self.probe_feedback.value = "<i>Say something first: even a short answer.</i>"
            return
        i = self.session.probe_index
        probe = self.scenario.follow_ups[i]
        reply = self.reply.value
        card = self.session.reply(reply)
        # Each follow-up's feedback stays with it, above the next question.
        self.answered.value += (
            f'<div class="sk-part starkit-answered"><b>Follow-up {i + 1}:</b> '
            f"{e(probe.question)}<br><i>You said:</i> {e(reply)}<br>"
            f"<b>{card.overall:.0f}/100 ({e(card.verdict)}).</b> It was probing: "
            f"{e(probe.probes)}<br>A strong reply: {e(probe.strong.key_phrase)}</div>")
        self.probe_feedback.value = ""
        if self.session.probe_index < len(self.scenario.follow_ups):
            self._show_probe()
        else:
            self._finish()

    def _finish(self) -> None:
        self.probe_stage.layout.display = "none"
        result = self.session.result()
        fixes = "".join(f"<li>{e(x)}</li>" for x in result.fixes) or "<li>Nothing major.</li>"
        probes = "".join(
            f"<li>{e(f.question)}: {c.overall:.0f}/100 ({e(c.verdict)})</li>"
            for f, c in zip(self.scenario.follow_ups, result.probe_cards, strict=False)
        )
        self.verdict.value = (
            '<div class="sk-h">Verdict</div>' + overall_html(result.overall, result.verdict)
            + f"<p>Answer {result.answer_card.overall:.0f}/100 ({e(result.answer_card.verdict)})"
            f", follow-ups below.</p><ul>{probes}</ul>"
            f'<div class="sk-h">Fix these first</div><ol class="starkit-fixes">{fixes}</ol>'
        )
        self._save(result)
        self.again_button.layout.display = None

    @guarded
    def _again(self, _: Any = None) -> None:
        """The same question again: a fresh session and clock, empty boxes."""
        self.session = MockSession(self.scenario, self.level)
        self.parts.set_answer(Answer())
        self.parts.disabled = False
        self.submit_button.disabled = False
        self.clock_button.disabled = False
        self.level_picker.disabled = False
        self.timer.playing = False
        self.timer.max = self.session.budget_seconds
        self.timer.value = 0
        self.answered.value = self.verdict.value = self.probe_feedback.value = ""
        self.speak.reset()
        self.probe_stage.layout.display = "none"
        self.again_button.layout.display = "none"
        self.status.value = ""
        self._tick()

    def _save(self, result: MockResult) -> None:
        assert self.session.answer is not None
        # Saved as shown: the mock's verdict (the answer and the follow-ups together) is the
        # attempt's score; the main answer's own score is kept beside the replies'.
        extra: dict[str, Any] = {
            "answer_overall": result.answer_card.overall,
            "answer_verdict": result.answer_card.verdict,
            "follow_ups": [
                {"question": f.question, "reply": r, "overall": c.overall, "verdict": c.verdict}
                for f, r, c in zip(self.scenario.follow_ups, self.session.replies,
                                   self.session.reply_cards, strict=False)
            ],
        }
        t = self.speak.timing
        if t is not None and t.heard and result.answer_card.timing["total"].measured:
            extra["spoken"] = t.to_dict()  # the timings travel with the attempt; audio never
        attempt = make_attempt(self.session.answer, result.answer_card,
                               candidate=self.candidate, mode="mock",
                               duration_seconds=self.session.elapsed_seconds,
                               scenario_id=self.scenario.id, extra=extra,
                               overall=result.overall, verdict=result.verdict)
        self.saver.save(attempt)
