"""Speak it in the views, driven as the page drives them: the recorder's traits are set as
its browser side sets them (audio, marks, status), with no browser."""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from starkit import Scenario
from starkit.practice.recordings import Recordings
from starkit.widgets import LiveEditor, MockInterview
from starkit.widgets.app import App, from_environment
from starkit.widgets.speak import Recorder, SpeakIt
from tests.test_speech import ANSWER

RATE = 16000


def tone(seconds: float) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def quiet(seconds: float) -> np.ndarray:
    return np.random.default_rng(0).normal(0, 0.001, round(seconds * RATE)).astype(
        np.float32)


def spoken_answer() -> np.ndarray:
    """Speech 1-41 (the Situation), 42-57, 58-108, a 3 s pause, 111-151, 152-172, 173-185."""
    return np.concatenate([quiet(1), tone(40), quiet(1), tone(15), quiet(1), tone(50),
                           quiet(3), tone(40), quiet(1), tone(20), quiet(1), tone(12),
                           quiet(1)])


MARKS = [41.5, 57.5, 151.5, 172.5]
SECONDS = {"situation": 40.5, "task": 16.0, "action": 94.0, "result": 21.0, "reflection": 12.5}


def send(recorder: Recorder, samples: np.ndarray, marks: list[float]) -> None:
    """What recorder.js sends on Stop, through the same deserialiser the comm uses."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    recorder.set_state({"rate": RATE, "marks": marks, "audio": memoryview(pcm),
                        "status": "done"})




def test_the_recorder_counts_down_the_levels_budget_with_each_parts_target() -> None:
    speak = SpeakIt(level="Senior")
    assert speak.recorder.budget == 180.0
    assert speak.recorder.targets == [30.0, 20.0, 90.0, 20.0, 15.0]
    assert speak.recorder.parts == ["situation", "task", "action", "result", "reflection"]
    speak.set_level("SDE1")
    assert speak.recorder.budget == 120.0


def test_practice_scores_the_measured_seconds_and_shows_them(tmp_path: Path) -> None:
    ed = LiveEditor(principle="Ownership", level="SDE2", recordings=Recordings(tmp_path))
    ed.set_answer(ANSWER)
    estimated = ed.scorecard
    assert not estimated.timing["total"].measured
    send(ed.speak.recorder, spoken_answer(), MARKS)
    assert ed.speak.timing is not None
    assert ed.speak.timing.seconds() == pytest.approx(SECONDS, abs=0.05)
    card = ed.scorecard
    assert card.timing["total"].measured
    assert card.timing["situation"].seconds == 40.5
    (over,) = [f for f in card.findings if f.kind == "over_budget"]
    assert "184 s spoken against 150 s for SDE2" in over.message
    assert "spoken" in ed.detail.value
    assert "184 s" in ed.detail.value
    html = ed.speak.result.value
    assert "<td>Situation</td><td>40.5 s</td><td>30 s</td><td>16</td><td>10 s over</td>" in html
    assert '<tr data-part="situation" data-start="1.00" data-seconds="40.50">' in html
    assert "<td>Action</td><td>94.0 s</td><td>90 s</td><td>8</td><td></td>" in html  # on target
    assert "<td>Task</td><td>16.0 s</td><td>20 s</td><td>" in html
    assert "over the budget" in html
    assert "3.0 s at 1:48, in the Action" in html
    # each part to play back, as WAV of that part's length
    plays = [c.children[1] for c in ed.speak.playback.children[1:]]
    assert len(plays) == 5
    with wave.open(io.BytesIO(plays[0].value), "rb") as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(40.5, abs=0.05)
    with wave.open(io.BytesIO(plays[2].value), "rb") as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(94.0, abs=0.05)


def test_the_rate_follows_the_typed_words_without_rescoring() -> None:
    ed = LiveEditor(principle="Ownership", level="SDE2")
    send(ed.speak.recorder, spoken_answer(), MARKS)
    ed.set_answer(ANSWER)
    assert ed.speak.timing is not None
    sit = ed.speak.timing.part("situation")
    assert sit.words == ed.scorecard.timing["situation"].words == 11
    assert sit.words_per_minute == pytest.approx(11 * 60 / 40.5, abs=0.1)


def test_a_saved_attempt_carries_the_timings_and_never_the_audio(tmp_path: Path) -> None:
    saved: list[Any] = []
    ed = LiveEditor(principle="Ownership", level="SDE2", on_save=saved.append,
                    recordings=Recordings(tmp_path))
    ed.set_answer(ANSWER)
    send(ed.speak.recorder, spoken_answer(), MARKS)
    ed.save_button.click()
    (attempt,) = saved
    spoken = attempt.extra["spoken"]
    assert [p["seconds"] for p in spoken["parts"]] == pytest.approx(list(SECONDS.values()),
                                                                   abs=0.05)
    assert spoken["pauses"][0]["section"] == "action"
    assert "audio" not in str(attempt.to_dict()).lower()
    assert attempt.scorecard["timing"]["total"]["measured"] is True
    assert list(tmp_path.iterdir()) == []  # nothing written: Keep was not pressed


def test_keep_writes_the_recording_and_delete_removes_it(tmp_path: Path) -> None:
    ed = LiveEditor(principle="Ownership", recordings=Recordings(tmp_path / "rec"))
    assert ed.speak.keep_button.disabled
    send(ed.speak.recorder, spoken_answer(), MARKS)
    assert not ed.speak.keep_button.disabled
    ed.speak.keep_button.click()
    kept = ed.speak.kept
    assert kept is not None
    assert kept.wav.exists()
    assert str(kept.wav) in ed.speak.kept_status.value
    (listed,) = Recordings(tmp_path / "rec").list()
    assert listed.timing == ed.speak.timing
    ed.speak.delete_button.click()
    assert not kept.wav.exists()
    assert not kept.wav.with_suffix(".json").exists()
    assert ed.speak.kept_status.value == "Deleted from disk."


@pytest.mark.parametrize(("status", "words"), [
    ("denied", "did not allow the microphone"),
    ("no-device", "No microphone was found"),
])
def test_no_microphone_says_so_and_typing_still_scores(status: str, words: str) -> None:
    ed = LiveEditor(principle="Ownership")
    message = {"denied": "The browser did not allow the microphone, so nothing is recorded.",
               "no-device": "No microphone was found, so nothing is recorded."}[status]
    send(ed.speak.recorder, spoken_answer(), MARKS)  # an earlier recording...
    ed.speak.recorder.set_state({"status": status, "message": message})
    assert words in ed.speak.problem  # (the page says it beside the recorder's buttons)
    assert ed.speak.timing is None  # ...is not taken for this one
    assert ed.speak.result.value == ""
    ed.set_answer(ANSWER)
    assert ed.scorecard.overall > 0
    assert not ed.scorecard.timing["total"].measured


def test_a_recording_with_no_speech_says_so_and_keeps_the_estimate() -> None:
    ed = LiveEditor(principle="Ownership")
    ed.set_answer(ANSWER)
    send(ed.speak.recorder, quiet(5), [1.0])
    assert "No speech was heard" in ed.speak.result.value
    assert not ed.scorecard.timing["total"].measured
    assert ed.speak.keep_button.disabled


def test_the_mock_judges_the_spoken_seconds_and_saves_them(reference: Scenario) -> None:
    saved: list[Any] = []
    mock = MockInterview(reference, level="SDE2", on_save=saved.append)
    for name, text in reference.strong_parts().items():
        mock.boxes[name].value = text
    send(mock.speak.recorder, spoken_answer(), MARKS)
    mock.submit_button.click()
    assert mock.scorecard is not None
    assert mock.scorecard.timing["total"].measured
    assert mock.scorecard.timing["action"].seconds == 94.0
    for f in reference.follow_ups:
        mock.reply.value = f.strong.answer
        mock.reply_button.click()
    (attempt,) = saved
    assert next(p["seconds"] for p in attempt.extra["spoken"]["parts"]) == pytest.approx(40.5)
    mock.again_button.click()
    assert mock.speak.timing is None
    assert mock.speak.playback.children == ()


def test_a_stand_alone_workshop_keeps_no_recording(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = App(keep_recordings=False, mode="Practice")
    view = app.view
    assert isinstance(view, LiveEditor)
    assert not view.speak.can_keep
    send(view.speak.recorder, spoken_answer(), MARKS)
    assert view.speak.keep_button.disabled
    view.speak.keep_button.disabled = False
    view.speak.keep_button.click()  # even forced, nothing is written
    assert view.speak.kept is None
    assert "never kept" in view.speak.children[1].value
    app.mode_picker.value = "Mock"
    assert isinstance(app.view, MockInterview)
    assert not app.view.speak.can_keep
    # the workshop app decides it from how the server was started
    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "h.sqlite"))
    assert from_environment({"STARKIT_CANDIDATE": "ana"}).keep_recordings is True
