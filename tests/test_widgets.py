"""The views without a browser: set .value, click, and read what they computed."""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as w
import pytest

import starkit
from starkit import Answer, Scenario
from starkit.html import escape as e
from starkit.widgets import App, Compare, LiveEditor, MockInterview, Quiz, Walkthrough

EVIL = '<img src=x onerror=alert(1)><script>alert(2)</script>'


def all_widgets(root: w.Widget) -> list[w.Widget]:
    out, todo = [], [root]
    while todo:
        x = todo.pop()
        out.append(x)
        todo.extend(getattr(x, "children", ()))
    return out


def html_of(root: w.Widget) -> str:
    return "\n".join(x.value for x in all_widgets(root) if isinstance(x, w.HTML))


def test_live_editor_scores_as_you_type(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    assert ed.scorecard.verdict == "No Hire"
    scores = []
    for name, text in reference.strong_parts().items():
        ed.boxes[name].value = text
        scores.append(ed.scorecard.overall)
    assert scores == sorted(scores)
    assert ed.scorecard.verdict in ("Hire", "Strong Hire")
    assert ed.answer == Answer(**reference.strong_parts())
    assert f'class="starkit-overall" data-rev="{ed._rev}"' in ed.panel.value
    assert ed.scorecard.verdict in ed.panel.value
    assert "sk-ownership" in ed.readback.value


def test_a_long_paste_says_it_is_working_then_clears(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    shown: list[str] = []
    ed.working.observe(lambda ch: shown.append(ch["new"]), names="value")
    ed.boxes["action"].value = "I rang the customer and rolled back the release. " * 500
    assert len(shown) == 2
    assert "Reading a long answer (24,499 characters)" in shown[0]
    assert shown[1] == ""
    assert ed.scorecard.overall > 0
    shown.clear()
    ed.boxes["action"].value = "I rang the customer."
    assert shown == []  # short answers score without the note


def test_practice_treats_the_scenario_as_hints(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    ed.boxes["action"].value = "I rang the customer and rolled back the release."
    kinds = {f.kind for f in ed.scorecard.findings}
    assert "key_phrases_missed" not in kinds
    assert "key_phrase_ideas" in kinds
    assert ed.scorecard.scenario_id == reference.id


def test_live_editor_settings_change_the_score(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    ed.set_answer(Answer(**reference.strong_parts()))
    ed.boxes["reflection"].value = reference.reflections.SDE1
    sde2 = ed.scorecard
    ed.level_picker.value = "Senior"
    assert ed.scorecard.level == "Senior"
    assert any(f.kind == "shallow_for_level" for f in ed.scorecard.findings)
    assert ed.scorecard.overall < sde2.overall
    ed.scenario_picker.value = ""
    assert ed.scorecard.scenario_id is None
    ed.principle_picker.value = "Frugality"
    assert ed.scorecard.principle == "Frugality"


def test_hints_toggle(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    assert reference.sections.task.coaching[:20] in ed.hints["task"].value
    ed.hints_toggle.value = False
    assert ed.hints["task"].value == ""


def test_paste_and_split(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    ed.paste.value = "\n".join(f"{k.title()}: {v}" for k, v in reference.strong_parts().items())
    ed.split_button.click()
    assert ed.boxes["result"].value == reference.sections.result.strong_example
    assert ed.paste.value == ""
    assert ed.scorecard.verdict in ("Hire", "Strong Hire")


def test_save_hands_an_attempt_to_the_callback(reference: Scenario) -> None:
    saved: list[Any] = []
    ed = LiveEditor(reference, candidate="ana", on_save=saved.append)
    ed.save_button.click()
    assert saved == []  # nothing to save yet
    assert "Nothing to save" in ed.status.value
    ed.set_answer(Answer(**reference.strong_parts()))
    ed.save_button.click()
    (attempt,) = saved
    assert (attempt.candidate, attempt.mode, attempt.scenario_id) == ("ana", "practice", reference.id)
    assert attempt.overall == ed.scorecard.overall
    assert "Saved" in ed.status.value


def test_errors_show_inline_and_the_view_keeps_working(reference: Scenario,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ed = LiveEditor(reference)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("scorer exploded")

    monkeypatch.setattr("starkit.widgets.live_editor.score", broken)
    ed.boxes["action"].value = "I pulled the logs."
    assert ed.last_error == "Something went wrong: RuntimeError: scorer exploded"
    assert "scorer exploded" in ed.error.value
    assert ed.error.layout.display is None
    monkeypatch.undo()
    ed.boxes["action"].value = "I pulled the logs and traced the failures."
    assert ed.last_error is None
    assert ed.error.layout.display == "none"
    assert ed.scorecard.dimensions["action"] > 10

    def bad_save(attempt: Any) -> None:
        raise OSError("disk full")

    ed.on_save = bad_save
    ed.save_button.click()
    assert ed.last_error == "Something went wrong: OSError: disk full"


def test_user_text_is_escaped_everywhere(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    for box in ed.boxes.values():
        box.value = f"I wrote {EVIL} today."
    html = html_of(ed)
    assert "<img" not in html
    assert "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    cmp = Compare(a=f"Situation: {EVIL}", b="Action: I fixed it.")
    assert "<img" not in html_of(cmp)


def test_every_input_has_a_label(reference: Scenario) -> None:
    for view in (LiveEditor(reference), MockInterview(reference), Compare(reference),
                 Walkthrough(reference), Quiz(reference)):
        for x in all_widgets(view):
            if isinstance(x, (w.Textarea, w.Dropdown, w.ToggleButtons, w.RadioButtons)):
                assert x.description, type(x).__name__
            if isinstance(x, (w.Button, w.ToggleButton)):
                assert x.description or x.tooltip


@pytest.mark.parametrize(("factory", "css"), [
    (lambda s: LiveEditor(s), "starkit-live-editor"),
    (lambda s: Walkthrough(s), "starkit-walkthrough"),
    (lambda s: MockInterview(s), "starkit-mock"),
    (lambda s: Compare(s), "starkit-compare"),
    (lambda s: Quiz(s), "starkit-quiz"),
    (lambda s: App(), "starkit-app"),
])
def test_root_css_classes(reference: Scenario, factory: Any, css: str) -> None:
    view = factory(reference)
    assert css in view._dom_classes
    assert "starkit" in view._dom_classes


def test_walkthrough_level_and_angle(reference: Scenario) -> None:
    view = Walkthrough(reference)
    assert "sk-key_phrase" in view.body.value
    assert view.body.value.count("sk-red_flag") >= len(reference.weak_answer.flagged_phrases)
    view.level_picker.value = "SDE1"
    assert "120 s" in view.body.value
    view.level_picker.value = "Senior"
    assert "150-180 s" in view.body.value
    assert "organizational gap" in view.body.value
    view.angle_picker.value = "Dive Deep"
    angle = reference.angles[2]
    assert "Told for Dive Deep" in view.body.value
    assert angle.emphasize.split(",")[0] in view.body.value


def test_quiz_widget(reference: Scenario) -> None:
    quiz = Quiz(reference)
    item = reference.quiz[0]
    quiz.choices[0].value = item.answer
    assert "✓ Right." in quiz.feedback[0].value
    assert quiz.choices[0].disabled
    wrong = next(o for o in reference.quiz[1].options if o != reference.quiz[1].answer)
    quiz.choices[1].value = wrong
    assert "✗ Not quite." in quiz.feedback[1].value
    assert 'starkit-quiz-tally">1/3' in quiz.tally.value


def test_mock_interview_end_to_end(reference: Scenario) -> None:
    saved: list[Any] = []
    mock = MockInterview(reference, level="SDE1", on_save=saved.append)
    assert mock.remaining == 120
    assert "2:00" in mock.countdown.value
    assert not mock.timer.playing
    assert mock.timer.layout.display == "none"  # the named clock button drives it
    mock.clock_button.click()
    assert mock.timer.playing
    assert mock.clock_button.description == "Pause the clock"
    mock.clock_button.click()
    assert not mock.timer.playing
    assert mock.clock_button.description == "Start the clock"
    mock.boxes["situation"].value = reference.sections.situation.strong_example
    assert mock.timer.playing  # the clock starts with the first keystroke
    mock.timer.value = 30
    assert "1:30" in mock.countdown.value
    for name, text in reference.strong_parts().items():
        mock.boxes[name].value = text
    mock.submit_button.click()
    assert mock.session.stage == "probes"
    assert not mock.timer.playing
    assert mock.clock_button.disabled
    assert reference.follow_ups[0].question in mock.probe.value
    for f in reference.follow_ups:
        mock.reply.value = f.strong.answer
        mock.reply_button.click()
    assert mock.session.stage == "verdict"
    assert "starkit-overall" in mock.verdict.value
    assert "starkit-fixes" in mock.verdict.value
    (attempt,) = saved
    assert attempt.mode == "mock"
    assert attempt.duration_seconds == 30
    assert len(attempt.extra["follow_ups"]) == len(reference.follow_ups)


def test_a_mock_is_saved_with_the_score_it_showed(reference: Scenario) -> None:
    from starkit.history import History

    with History.open(":memory:") as store:
        mock = MockInterview(reference, candidate="ana", on_save=store.save)
        for name, text in reference.strong_parts().items():
            mock.boxes[name].value = text
        mock.submit_button.click()
        for f in reference.follow_ups:  # weak replies pull the verdict below the answer
            mock.reply.value = f.weak.answer
            mock.reply_button.click()
        result = mock.session.result()
        assert result.overall < result.answer_card.overall - 5
        shown = re.search(r"starkit-overall[^>]*>\s*(\d+)", mock.verdict.value)
        assert shown is not None
        assert int(shown.group(1)) == round(result.overall)
        row = store.attempts().iloc[0]
        assert row["overall"] == result.overall
        assert row["verdict"] == result.verdict
        saved = store.attempt(row["id"])
        assert saved.extra["answer_overall"] == result.answer_card.overall
        assert saved.extra["answer_verdict"] == result.answer_card.verdict
        assert [r["overall"] for r in saved.extra["follow_ups"]] == [
            c.overall for c in mock.session.reply_cards]


def test_mock_time_up_and_empty_submit(reference: Scenario) -> None:
    mock = MockInterview(reference)
    mock.submit_button.click()
    assert "Write your answer first" in mock.status.value
    mock.timer.value = mock.timer.max
    assert "Time is up" in mock.countdown.value


def test_compare_widget_live_edit(reference: Scenario) -> None:
    view = Compare(reference)
    assert view.card_a.overall > view.card_b.overall
    assert len(view.diffs) == len(view.card_a.dimensions)
    before = view.card_b.overall
    view.box_b.value = view.box_a.value
    assert view.card_b.overall > before
    assert "level at" in view.diff.value


def test_app_switches_principle_scenario_and_mode() -> None:
    app = App(candidate="ana")
    assert isinstance(app.view, Walkthrough)
    app.principle_picker.value = "Dive Deep"
    assert app.view is not None
    assert app.view.scenario.principle == "Dive Deep"  # type: ignore[attr-defined]
    for mode, cls in (("Practice", LiveEditor), ("Mock", MockInterview), ("Quiz", Quiz),
                      ("Compare", Compare), ("Learn", Walkthrough)):
        app.mode_picker.value = mode
        assert isinstance(app.view, cls)
    assert len(app.principle_picker.options) == 16
    assert starkit.load_library().get(app.scenario_picker.value)


def test_the_app_chooses_in_one_place_and_practice_starts_with_ones_own_story() -> None:
    from starkit.widgets.live_editor import OWN_STORY

    app = App(candidate="ana", principle="Ownership")
    assert OWN_STORY not in [label for label, _ in app.scenario_picker.options]
    learn_on = app.scenario_picker.value
    app.mode_picker.value = "Practice"
    editor = app.view
    assert isinstance(editor, LiveEditor)
    assert app.scenario_picker.options[0] == (OWN_STORY, "")
    assert app.scenario_picker.value == learn_on  # the scenario in view stays chosen
    assert editor.scenario is not None
    assert editor.scenario.id == learn_on
    # the editor's own pickers are hidden: the app's are the only ones on the page
    hidden = [c for c in editor.children if isinstance(c, w.HBox)
              and c.layout.display == "none"]
    assert [h.children[0] for h in hidden] == [editor.scenario_picker, editor.principle_picker]
    app.principle_picker.value = "Frugality"  # a new principle: one's own story first
    assert app.scenario_picker.value == ""
    own = app.view
    assert isinstance(own, LiveEditor)
    assert own.scenario is None
    assert own.principle == "Frugality"
    app.mode_picker.value = "Learn"
    assert app.scenario_picker.value != ""
    assert isinstance(app.view, Walkthrough)


def test_a_draft_survives_switching_views_and_reloading(reference: Scenario) -> None:
    from starkit.history import History

    draft = Answer(situation="Our webhook dropped 0.3% of events.", action="I traced it.")
    with History.open(":memory:") as store:
        app = App(candidate="ana", store=store, principle=reference.principle)
        app.scenario_picker.value = reference.id
        app.mode_picker.value = "Practice"
        app.view.set_answer(draft)  # type: ignore[union-attr]
        app.mode_picker.value = "Learn"
        app.mode_picker.value = "Practice"
        assert app.view.answer == draft  # type: ignore[union-attr]
        assert "draft is back" in app.view.status.value  # type: ignore[union-attr]
        others = [v for _, v in app.scenario_picker.options if v not in ("", reference.id)]
        if others:
            app.scenario_picker.value = others[0]
            assert app.view.answer.is_empty  # type: ignore[union-attr]
            app.scenario_picker.value = reference.id
            assert app.view.answer == draft  # type: ignore[union-attr]
        # one's own story comes back too, after a visit to Learn
        app.scenario_picker.value = ""
        app.view.set_answer(Answer(situation="my own"))  # type: ignore[union-attr]
        app.mode_picker.value = "Learn"
        app.mode_picker.value = "Practice"
        assert app.scenario_picker.value == ""
        assert app.view.answer == Answer(situation="my own")  # type: ignore[union-attr]
        # a reload is a new App on the same store: the draft is there
        again = App(candidate="ana", store=store, principle=reference.principle,
                    mode="Practice")
        again.scenario_picker.value = reference.id
        assert again.view.answer == draft  # type: ignore[union-attr]
        # nobody else's draft
        bo = App(candidate="bo", store=store, principle=reference.principle, mode="Practice")
        bo.scenario_picker.value = reference.id
        assert bo.view.answer.is_empty  # type: ignore[union-attr]
        # Clear empties the boxes and, at the next switch, the stored draft
        again.view.clear_button.click()  # type: ignore[union-attr]
        assert again.view.answer.is_empty  # type: ignore[union-attr]
        again.mode_picker.value = "Learn"
        assert store.draft("ana", again.draft_key()) is None


def test_views_save_to_a_history_store(reference: Scenario) -> None:
    from starkit.history import History

    with History.open(":memory:") as store:
        ed = LiveEditor(reference, candidate="ana", store=store)
        ed.set_answer(Answer(**reference.strong_parts()))
        ed.save_button.click()
        mock = MockInterview(reference, candidate="ana", store=store)
        for name, text in reference.strong_parts().items():
            mock.boxes[name].value = text
        mock.submit_button.click()
        for f in reference.follow_ups:
            mock.reply.value = f.weak.answer
            mock.reply_button.click()
        df = store.attempts(candidate="ana")
        assert sorted(df["mode"].astype(str)) == ["mock", "practice"]
        mock_id = df[df["mode"] == "mock"]["id"].iloc[0]
        assert len(store.attempt(mock_id).extra["follow_ups"]) == len(reference.follow_ups)
        assert "no store connected" not in ed.status.value


def test_workshop_app_shows_only_own_attempts(reference: Scenario) -> None:
    from starkit.history import History

    with History.open(":memory:") as store:
        other = App(candidate="bo", store=store, workshop="w1")
        other.mode_picker.value = "Practice"
        assert isinstance(other.view, LiveEditor)
        other.view.set_answer(Answer(**reference.strong_parts()))
        other.view.save_button.click()

        app = App(candidate="Ana Lima", store=store, workshop="w1")
        assert "Practising as <b>Ana Lima</b> in workshop w1" in app.who.value
        app.mode_picker.value = "Practice"
        assert isinstance(app.view, LiveEditor)
        app.view.set_answer(Answer(**reference.strong_parts()))
        app.view.save_button.click()
        app.mode_picker.value = "My attempts"
        mine = app.view.value  # type: ignore[union-attr]
        assert "My attempts (1)" in mine
        df = store.attempts(workshop="w1")
        assert sorted(df["candidate"].astype(str)) == ["Ana Lima", "bo"]
        assert set(df["workshop"].astype(str)) == {"w1"}


def test_the_app_takes_a_participant_from_their_invite_token(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from starkit.history import History
    from starkit.history.members import invite
    from starkit.widgets import WorkshopDashboard
    from starkit.widgets.app import from_environment

    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "h.sqlite"))
    with History.open() as store:
        alice, bob = invite(store, "spring", ["Alice Doe", "Bob"])
        (coach,) = invite(store, "spring", ["Carol"], kind="coach")
        (elsewhere,) = invite(store, "autumn", ["Dan"])
    ws = {"STARKIT_WORKSHOP": "spring"}
    app = from_environment({**ws, "QUERY_STRING": f"token={alice.token}"})
    assert isinstance(app, App)
    assert (app.candidate, app.workshop) == ("Alice Doe", "spring")
    assert app.keep_recordings is False  # one server for all: Speak it keeps no audio there
    assert from_environment({**ws, "QUERY_STRING": f"x=1&token={bob.token}"}).candidate == "Bob"
    dash = from_environment({**ws, "QUERY_STRING": f"token={coach.token}"})
    assert isinstance(dash, WorkshopDashboard)
    assert dash.workshop == "spring"
    tampered = alice.token[:-1] + ("A" if alice.token[-1] != "A" else "B")
    for query in (f"token={tampered}", "", "token=", f"token={elsewhere.token}",
                  "candidate=Alice+Doe", f"token={alice.token[:20]}"):
        refused = from_environment({**ws, "QUERY_STRING": query})
        assert not isinstance(refused, (App, WorkshopDashboard)), query
        assert "needs your own invite link" in refused.value, query
        assert "<b>spring</b>" in refused.value


def test_an_open_page_stops_saving_when_its_link_is_replaced_or_withdrawn(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch, reference: Scenario) -> None:
    from starkit.history import History
    from starkit.history.members import invite, withdraw
    from starkit.widgets.app import from_environment

    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "h.sqlite"))
    with History.open() as store:
        (alice,) = invite(store, "spring", ["Alice"])
        (bob,) = invite(store, "spring", ["Bob"])
    pages = {who: from_environment({"STARKIT_WORKSHOP": "spring", "QUERY_STRING":
                                    f"token={inv.token}"}) for who, inv in
             (("alice", alice), ("bob", bob))}
    for page in pages.values():
        page.mode_picker.value = "Practice"
        page.view.set_answer(Answer(**reference.strong_parts()))
    pages["alice"].view.save_button.click()
    with History.open() as store:
        assert store.count() == 1
        invite(store, "spring", ["Alice"])  # a new link for Alice: the open page's is old
    pages["alice"].view.save_button.click()
    assert "your invite link was replaced" in pages["alice"].view.error.value
    assert pages["alice"].view.answer == Answer(**reference.strong_parts())  # nothing lost
    pages["bob"].view.save_button.click()
    with History.open() as store:
        assert store.count() == 2
        withdraw(store, "spring")  # the workshop ends
    pages["bob"].view.save_button.click()
    assert "the workshop has ended" in pages["bob"].view.error.value
    with History.open() as store:
        assert store.count() == 2


def test_the_app_under_a_hub_is_the_hub_user(tmp_path: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from starkit.widgets import WorkshopDashboard
    from starkit.widgets.app import from_environment

    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "h.sqlite"))
    hub = {"STARKIT_WORKSHOP": "spring", "JUPYTERHUB_USER": "alice"}
    app = from_environment(hub)
    assert isinstance(app, App)
    assert app.candidate == "alice"
    # a token in the address changes nothing under a hub: the login decides
    app = from_environment({**hub, "STARKIT_CANDIDATE": "Alice Doe", "QUERY_STRING": "token=x"})
    assert app.candidate == "Alice Doe"
    assert isinstance(from_environment({**hub, "STARKIT_MEMBER_KIND": "coach"}),
                      WorkshopDashboard)
    solo = from_environment({})
    assert isinstance(solo, App)
    assert (solo.candidate, solo.workshop) == ("me", None)
    assert from_environment({"STARKIT_CANDIDATE": "Ana"}).candidate == "Ana"


def test_an_unopenable_store_is_a_message_not_a_crash(tmp_path: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from starkit.widgets.app import from_environment

    (tmp_path / "h.sqlite").write_text("not a database")
    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "h.sqlite"))
    shown = from_environment({"STARKIT_WORKSHOP": "spring", "QUERY_STRING": "token=<b>"})
    assert "history store cannot be opened" in shown.value
    assert "not a starkit history store" in shown.value


def test_workshop_dashboard(tmp_path: Any) -> None:
    from starkit.history import History
    from starkit.history.sample import sample_attempts
    from starkit.widgets import WorkshopDashboard

    with History.open(":memory:") as store:
        store.save_many(sample_attempts(seed=2, candidates=3, days=5), workshop="w1")
        store.save_many(sample_attempts(seed=9, candidates=1, days=3), workshop="other")
        dash = WorkshopDashboard(store, workshop="w1", reports_dir=tmp_path)
        assert dash.df.attrs.get("sample") is True  # sample names: charts say "sample data"
        people = list(dash.participant.options)
        assert len(people) == 3
        assert dash.cohort.value[:4] == b"\x89PNG"
        assert "of 3</td>" in dash.findings_html.value
        dash.participant.value = people[1]
        assert people[1] in dash.drill.value
        assert "Spoken aloud" not in dash.drill.value  # nobody spoke an answer yet
        # a spoken attempt: the coach sees its timings, and no recording reaches the store
        from dataclasses import replace

        from starkit.practice.speech import SpokenPart, SpokenTiming

        secs = {"situation": 41.0, "task": 16.0, "action": 94.0, "result": 21.0,
                "reflection": 12.5}
        timing = SpokenTiming(tuple(SpokenPart(k, 0.0, v, v, v) for k, v in secs.items()),
                              (), 184.5, True)
        first = store.attempt(dash.df[dash.df["candidate"] == people[1]]["id"].iloc[-1])
        store.save(replace(first, id="spoken-1", extra={"spoken": timing.to_dict()}),
                   workshop="w1")
        dash.refresh_button.click()
        dash.participant.value = people[0]
        dash.participant.value = people[1]
        assert ("Spoken aloud 1 time; the last: Situation 41 s, Task 16 s, Action 94 s, "
                "Result 21 s, Reflection 12 s (184 s in all, 0 long pauses)") in dash.drill.value
        before = len(dash.df)
        store.save_many(sample_attempts(seed=5, candidates=1, days=2), workshop="w1")
        dash.refresh_button.click()
        assert len(dash.df) > before
        dash.export_button.click()
        files = sorted(p.name for p in (tmp_path / "w1").iterdir())
        assert len(files) == len(dash.participant.options)
        assert dash.export_progress.value == len(files)
        one = (tmp_path / "w1" / files[0]).read_text()
        from starkit.insights.report import report_filename

        assert sorted(report_filename(p) for p in dash.participant.options) == files
        others = [p for p in dash.participant.options if report_filename(p) != files[0]]
        assert not any(f"Rehearsal report: {o}" in one for o in others)


def test_views_expose_answer_level_and_scorecard_as_traits(reference: Scenario) -> None:
    ed = LiveEditor(reference)
    cards: list[Any] = []
    ed.observe(lambda ch: cards.append(ch["new"]), names="scorecard")
    # Setting the answer trait fills the boxes and scores once, not once per box.
    ed.answer = Answer(**reference.strong_parts())
    assert ed.boxes["action"].value == reference.sections.action.strong_example
    assert len(cards) == 1
    assert cards[-1] is ed.scorecard
    assert ed.scorecard.verdict in ("Hire", "Strong Hire")
    # The level trait and the picker are one value, either way round.
    ed.level = "Senior"
    assert ed.level_picker.value == "Senior"
    assert ed.scorecard.level == "Senior"
    ed.level_picker.value = "SDE1"
    assert ed.level == "SDE1"
    assert cards[-1].level == "SDE1"
    assert len(cards) == 3

    mock = MockInterview(reference, level="SDE1")
    assert mock.scorecard is None
    mock.answer = Answer(**reference.strong_parts())
    assert mock.boxes["result"].value == reference.sections.result.strong_example
    mock.submit_button.click()
    assert mock.scorecard is not None
    assert mock.scorecard.level == "SDE1"

    walk = Walkthrough(reference)
    walk.level = "Senior"
    assert walk.level_picker.value == "Senior"
    cmp = Compare(reference)
    cmp.level = "SDE1"
    assert cmp.card_a.level == "SDE1"
    assert cmp.card_b.level == "SDE1"


def test_the_answer_boxes_notify_once_when_filled(reference: Scenario) -> None:
    from starkit.widgets._parts import AnswerBoxes

    parts = AnswerBoxes()
    seen: list[Answer] = []
    parts.observe(lambda ch: seen.append(ch["new"]), names="answer")
    parts.set_answer(Answer(**reference.strong_parts()))
    assert seen == [Answer(**reference.strong_parts())]
    parts.boxes["task"].value = "Mine to fix."
    assert seen[-1].task == "Mine to fix."
    assert len(seen) == 2
    parts.disabled = True
    assert all(b.disabled for b in parts.boxes.values())


def test_app_modes_come_from_one_table() -> None:
    from starkit.widgets.app import MINE, STORIES, VIEWS

    app = App()
    assert list(app.mode_picker.options) == [m for m in VIEWS if m not in (MINE, STORIES)]
    for mode, kind in (("Practice", LiveEditor), ("Mock", MockInterview), ("Quiz", Quiz),
                       ("Compare", Compare), ("Learn", Walkthrough)):
        app.mode_picker.value = mode
        assert isinstance(app.view, kind), mode


def test_times_are_shown_in_local_time(monkeypatch: pytest.MonkeyPatch,
                                       reference: Scenario) -> None:
    import dataclasses
    import time
    from datetime import datetime, timezone

    from starkit.history import History
    from starkit.history.sample import sample_attempts
    from starkit.widgets._parts import local_time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        when = datetime(2026, 11, 27, 0, 30, tzinfo=timezone.utc)
        assert local_time(when) == "09:30:00 JST"
        with History.open(":memory:") as store:
            a = dataclasses.replace(sample_attempts(seed=1, candidates=1, days=2)[0],
                                    candidate="ana", created_at=when)
            store.save(a)
            app = App(candidate="ana", store=store, mode="My attempts")
            assert "<td>2026-11-27 09:30 JST</td>" in app.view.value  # type: ignore[union-attr]
            assert "<th>when</th>" in app.view.value  # type: ignore[union-attr]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_mock_feedback_stays_with_its_probe_and_can_be_tried_again(
        reference: Scenario) -> None:
    saved: list[Any] = []
    mock = MockInterview(reference, on_save=saved.append)
    for name, text in reference.strong_parts().items():
        mock.boxes[name].value = text
    mock.submit_button.click()
    first, *others = reference.follow_ups
    mock.reply.value = first.weak.answer
    mock.reply_button.click()
    # the first follow-up's feedback sits with the first follow-up, above the second question
    shown = mock.answered.value
    assert shown.count("starkit-answered") == 1
    assert "Follow-up 1:" in shown
    assert e(first.question) in shown
    assert e(first.probes) in shown
    if others:
        assert e(others[0].question) in mock.probe.value
        assert e(others[0].question) not in shown
    for f in others:
        mock.reply.value = f.strong.answer
        mock.reply_button.click()
    assert mock.answered.value.count("starkit-answered") == len(reference.follow_ups)
    assert mock.again_button.layout.display is None
    mock.again_button.click()
    assert mock.session.stage == "answer"
    assert mock.answer.is_empty
    assert not mock.submit_button.disabled
    assert mock.remaining == mock.session.budget_seconds
    assert not mock.timer.playing
    assert mock.verdict.value == mock.answered.value == ""
    assert mock.again_button.layout.display == "none"
    assert len(saved) == 1  # the finished mock stays saved


def test_the_quiz_can_be_taken_again(reference: Scenario) -> None:
    quiz = Quiz(reference)
    assert quiz.retake_button.layout.display == "none"
    for radio in quiz.choices:
        radio.value = radio.options[0]
    assert quiz.session.finished
    assert quiz.retake_button.layout.display is None
    quiz.retake_button.click()
    assert quiz.session.answered == 0
    assert all(r.value is None and not r.disabled for r in quiz.choices)
    assert all(f.value == "" for f in quiz.feedback)
    assert "0/" in quiz.tally.value
    quiz.choices[0].value = quiz.choices[0].options[1]
    assert quiz.session.answered == 1


def test_the_story_bank_adds_edits_reangles_and_deletes(reference: Scenario) -> None:
    from starkit.history import History
    from starkit.widgets.app import STORIES
    from starkit.widgets.story_bank import StoryBank

    with History.open(":memory:") as store:
        app = App(candidate="ana", store=store, principle="Ownership")
        app.mode_picker.value = STORIES
        bank = app.view
        assert isinstance(bank, StoryBank)
        assert bank.story is None
        bank.save_button.click()
        assert "title first" in bank.status.value
        bank.title.value = "Webhook drops"
        bank.principles.value = ("Ownership", "Dive Deep")
        bank.parts.set_answer(Answer(**reference.strong_parts()))
        bank.save_button.click()
        (saved,) = store.stories("ana")
        assert saved.title == "Webhook drops"
        assert saved.principles == ("Ownership", "Dive Deep")
        assert saved.answer == Answer(**reference.strong_parts())
        assert bank.picker.value == saved.id
        # re-angle: advice quotes this story, for the principle picked
        bank.target.value = "Dive Deep"
        assert "Told as written" in bank.advice.value
        assert "I pulled the webhook delivery logs" in bank.advice.value
        # edit keeps the same story
        bank.title.value = "Webhook drops, retold"
        bank.save_button.click()
        (edited,) = store.stories("ana")
        assert (edited.id, edited.title) == (saved.id, "Webhook drops, retold")
        assert store.stories("bo") == []  # nobody else's
        bank.delete_button.click()
        assert store.stories("ana") == []
        assert bank.picker.value == ""
    assert STORIES not in App(candidate="me").mode_picker.options  # no store, no bank


def test_the_dashboard_links_each_participants_report(tmp_path: Any) -> None:
    import base64
    import re as _re

    from starkit.history import History
    from starkit.history.sample import sample_attempts
    from starkit.widgets import WorkshopDashboard

    with History.open(":memory:") as store:
        store.save_many(sample_attempts(seed=2, candidates=2, days=5), workshop="w1")
        dash = WorkshopDashboard(store, workshop="w1", reports_dir=tmp_path)
        dash.participant.value = "sample-bo"
        link = _re.search(r'download="([^"]+)"[^>]*href="data:text/html;charset=utf-8;base64,'
                          r'([^"]+)"', dash.drill.value)
        assert link is not None
        assert link.group(1).startswith("sample-bo")
        report = base64.b64decode(link.group(2)).decode()
        assert "sample-bo" in report
        assert "sample-ana" not in report  # that participant's data only


def test_quiz_feedback_reads_cleanly(reference: Scenario) -> None:
    quiz = Quiz(reference)
    item = reference.quiz[0]
    wrong = next(o for o in item.options if o != item.answer)
    quiz.choices[0].value = wrong
    text = quiz.feedback[0].value
    assert f"The answer: {e(item.answer.rstrip('.'))}.</b>" in text
    assert "..</b>" not in text


def test_the_dashboard_names_who_was_invited_but_has_not_started(tmp_path: Any) -> None:
    import dataclasses

    from starkit.history import History
    from starkit.history.members import invite
    from starkit.history.sample import sample_attempts
    from starkit.widgets import WorkshopDashboard

    with History.open(":memory:") as store:
        invite(store, "w1", ["Ana", "Bo", "Chen"])
        invite(store, "w1", ["Coach"], kind="coach")
        a = sample_attempts(seed=2, candidates=1, days=3)[0]
        store.save(dataclasses.replace(a, candidate="Ana"), workshop="w1")
        dash = WorkshopDashboard(store, workshop="w1", reports_dir=tmp_path)
        assert "1 participant, 1 attempt, 1 principle practised." in dash.summary.value
        assert "Invited, no attempt yet (2 of 3): Bo, Chen" in dash.summary.value
        everyone = WorkshopDashboard(store, reports_dir=tmp_path)  # no workshop: no list
        assert "Invited" not in everyone.summary.value
