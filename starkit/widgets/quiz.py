"""The scenario's quiz: pick an option, see at once whether it was right, and why."""

from __future__ import annotations

import ipywidgets as w

from starkit.content.models import Scenario
from starkit.html import escape as e
from starkit.practice.quiz_session import QuizSession
from starkit.widgets._base import View, guarded, resolve_scenario


class Quiz(View):
    """The scenario's quiz: each answer is marked at once, with why; ``.session`` keeps the
    tally."""

    css_class = "starkit-quiz"

    def __init__(self, scenario: Scenario | str) -> None:
        super().__init__()
        scenario = resolve_scenario(scenario)
        self.scenario = scenario
        self.session = QuizSession(list(scenario.quiz))
        self.choices: list[w.RadioButtons] = []
        self.feedback: list[w.HTML] = []
        self.tally = w.HTML()
        self.tally.add_class("starkit-quiz-score")
        rows: list[w.Widget] = [self._style, self.error]
        for i, item in enumerate(scenario.quiz):
            radio = w.RadioButtons(options=list(item.options), value=None,
                                   description=f"Q{i + 1}", layout=w.Layout(width="100%"))
            radio.add_class(f"starkit-quiz-q{i + 1}")
            note = w.HTML()
            radio.observe(lambda change, i=i: self._answer(i, change["new"]), names="value")
            self.choices.append(radio)
            self.feedback.append(note)
            rows += [w.HTML(f'<div class="sk-h">{i + 1}. {e(item.question)}</div>'), radio, note]
        self.retake_button = w.Button(description="Take the quiz again", icon="repeat",
                                      layout=w.Layout(display="none", width="auto"))
        self.retake_button.add_class("starkit-quiz-retake")
        self.retake_button.on_click(self._retake)
        self.children = [*rows, self.tally, self.retake_button]
        self._tally()

    @guarded
    def _retake(self, _: object = None) -> None:
        """Every question unanswered again, the tally at zero."""
        self.session = QuizSession(list(self.scenario.quiz))
        for radio, note in zip(self.choices, self.feedback, strict=True):
            radio.disabled = False
            radio.value = None
            note.value = ""
        self._tally()

    @guarded
    def _answer(self, index: int, option: str | None) -> None:
        if option is None or index in self.session.results:
            return
        result = self.session.answer(index, option)
        self.choices[index].disabled = True
        mark = "✓ Right." if result.correct else (
            f"✗ Not quite. The answer: {e(result.answer.rstrip('.'))}.")
        css = "sk-note" if result.correct else "sk-warn"
        self.feedback[index].value = (f'<div class="{css} starkit-quiz-feedback">'
                                      f"<b>{mark}</b> {e(result.explanation)}</div>")
        self._tally()

    def _tally(self) -> None:
        s = self.session
        done = " Quiz complete." if s.finished else ""
        self.tally.value = (f'<div class="sk-h">Score: <span class="starkit-quiz-tally">'
                            f"{s.correct}/{len(s.items)}</span> ({s.answered} answered).{done}"
                            "</div>")
        self.retake_button.layout.display = None if s.answered else "none"
