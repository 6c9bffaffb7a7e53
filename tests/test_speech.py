"""Speak it, the pure layer: timing a spoken answer from synthetic audio of known lengths,
the scorer judging measured seconds, kept recordings, spoken timings in the history, and
the chart of speaking time per part."""

from __future__ import annotations

import io
import itertools
import stat
import wave
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starkit import Answer, History, score
from starkit.history.attempts import Attempt, make_attempt
from starkit.practice.recordings import Recordings
from starkit.practice.speech import (
    Pause,
    SpokenPart,
    SpokenTiming,
    analyse,
    from_pcm16,
    part_audio,
    to_wav,
)

RATE = 16000


def tone(seconds: float, level: float = 0.3, freq: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    # a voice-like sound: a tone whose loudness wobbles at syllable rate
    return (level * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t) ** 2)
            * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def quiet(seconds: float, level: float = 0.001, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, level, round(seconds * RATE)).astype(
        np.float32)


def answer_audio() -> np.ndarray:
    """1 s of room, Situation 5 s, gap 1 s, Task 3 s, gap 1 s, Action 4 s + a 2.5 s pause +
    4 s, gap 1 s, Result 3 s, gap 1 s, Reflection 2 s, 1 s of room: speech from 1.0 to 28.5."""
    return np.concatenate([quiet(1), tone(5), quiet(1), tone(3), quiet(1), tone(4),
                           quiet(2.5), tone(4), quiet(1), tone(3), quiet(1), tone(2), quiet(1)])


# Gaps between parts: 6-7, 10-11, 21.5-22.5, 25.5-26.5 (their middles 6.5, 10.5, 22, 26).
TRUTH = {"situation": 5.5, "task": 4.0, "action": 11.5, "result": 4.0, "reflection": 2.5}


def test_each_part_takes_from_its_start_to_the_next_and_the_edges_are_the_first_and_last_word(
) -> None:
    t = analyse(answer_audio(), RATE, [6.5, 10.5, 22.0, 26.0])
    assert t.heard
    assert t.seconds() == pytest.approx(TRUTH, abs=0.05)
    assert t.part("situation").start == pytest.approx(1.0, abs=0.03)
    assert t.part("reflection").end == pytest.approx(28.5, abs=0.03)
    assert t.total_seconds == pytest.approx(27.5, abs=0.05)
    assert t.duration == pytest.approx(29.5, abs=0.001)
    # speech heard inside each part (the Action's pause and the gaps are not speech)
    assert t.part("action").voiced_seconds == pytest.approx(8.0, abs=0.1)
    assert t.part("situation").voiced_seconds == pytest.approx(5.0, abs=0.1)


def test_a_mark_pressed_late_or_early_inside_a_gap_moves_to_the_gap_middle() -> None:
    late = analyse(answer_audio(), RATE, [7.6, 11.3, 22.9, 26.8])  # within 1 s after the gap
    inside = analyse(answer_audio(), RATE, [6.1, 10.9, 21.6, 25.6])
    assert late.seconds() == pytest.approx(TRUTH, abs=0.05)
    assert inside.seconds() == pytest.approx(TRUTH, abs=0.05)


def test_a_mark_far_from_any_gap_stays_where_it_was_pressed() -> None:
    t = analyse(answer_audio(), RATE, [3.0, 10.5, 22.0, 26.0])  # mid-Situation
    assert t.part("situation").seconds == pytest.approx(2.0, abs=0.03)
    assert t.part("task").seconds == pytest.approx(7.5, abs=0.05)


def test_the_long_pause_is_found_where_it_was_put_and_short_gaps_are_not_pauses() -> None:
    t = analyse(answer_audio(), RATE, [6.5, 10.5, 22.0, 26.0])
    assert len(t.pauses) == 1
    (p,) = t.pauses
    assert (p.start, p.end) == pytest.approx((15.0, 17.5), abs=0.03)
    assert p.seconds == pytest.approx(2.5, abs=0.05)
    assert p.section == "action"
    assert not p.between_parts


def test_a_pause_just_under_two_seconds_is_not_long_and_one_just_over_is() -> None:
    def with_pause(seconds: float) -> SpokenTiming:
        x = np.concatenate([quiet(0.5), tone(3), quiet(seconds), tone(3), quiet(0.5)])
        return analyse(x, RATE, [])

    assert with_pause(1.85).pauses == ()
    assert len(with_pause(2.15).pauses) == 1


def test_a_long_silence_between_two_parts_is_a_pause_between_them() -> None:
    x = np.concatenate([quiet(0.5), tone(4), quiet(3), tone(4), quiet(0.5)])
    t = analyse(x, RATE, [5.6], sections=("situation", "task"))
    (p,) = t.pauses
    assert p.between_parts
    assert t.seconds() == pytest.approx({"situation": 5.5, "task": 5.5}, abs=0.05)


def test_parts_not_reached_take_no_time() -> None:
    t = analyse(answer_audio(), RATE, [6.5])
    assert t.part("situation").seconds == pytest.approx(5.5, abs=0.05)
    assert t.part("task").seconds == pytest.approx(22.0, abs=0.05)
    assert [t.part(s).seconds for s in ("action", "result", "reflection")] == [0.0, 0.0, 0.0]


def test_silence_alone_is_heard_as_nothing() -> None:
    t = analyse(quiet(5), RATE, [1.0, 2.0])
    assert not t.heard
    assert t.total_seconds == 0.0
    assert t.pauses == ()


def test_a_recording_that_is_all_speech_is_all_heard() -> None:
    t = analyse(tone(10), RATE, [5.0])
    assert t.heard
    assert t.total_seconds == pytest.approx(10.0, abs=0.05)


def test_quiet_speech_over_room_noise_is_found_against_the_recordings_own_floor() -> None:
    x = np.concatenate([quiet(1, level=0.002), tone(4, level=0.03), quiet(1, level=0.002, seed=1),
                        tone(4, level=0.03), quiet(1, level=0.002, seed=2)])
    t = analyse(x, RATE, [5.5], sections=("situation", "task"))
    assert t.seconds() == pytest.approx({"situation": 4.5, "task": 4.5}, abs=0.05)


def test_speaking_rate_is_the_parts_words_over_its_spoken_seconds() -> None:
    t = analyse(answer_audio(), RATE, [6.5, 10.5, 22.0, 26.0],
                words={"situation": 11, "action": 23})
    assert t.part("situation").words_per_minute == pytest.approx(120.0, abs=1.5)
    assert t.part("action").words_per_minute == pytest.approx(120.0, abs=1.0)
    assert t.part("task").words_per_minute is None
    assert t.with_words({"task": 8}).part("task").words_per_minute == pytest.approx(120.0, 1)


@pytest.mark.parametrize(("marks", "message"), [
    ([1.0, 2.0, 3.0, 4.0, 5.0], "5 moves to a next part for 5 parts"),
    ([6.5, 4.0], "in time order"),
])
def test_impossible_marks_are_refused_with_a_reason(marks: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        analyse(answer_audio(), RATE, marks)


def test_timings_go_through_a_dict_and_back_with_every_field() -> None:
    t = analyse(answer_audio(), RATE, [6.5, 10.5, 22.0, 26.0], words={"task": 9})
    back = SpokenTiming.from_dict(t.to_dict())
    assert back == t
    assert back.pauses[0] == Pause(t.pauses[0].start, t.pauses[0].end, "action", False)
    assert back.part("task") == SpokenPart("task", t.part("task").start, t.part("task").end,
                                           t.part("task").seconds,
                                           t.part("task").voiced_seconds, 9)


def test_pcm_from_the_recorder_and_wav_for_playback() -> None:
    x = tone(1.5)
    pcm = (x * 32767).astype("<i2").tobytes()
    back = from_pcm16(pcm)
    assert back.shape == (24000,)
    assert np.max(np.abs(back - x)) < 1e-4
    with pytest.raises(ValueError, match="even number of bytes"):
        from_pcm16(pcm[:-1])
    with wave.open(io.BytesIO(to_wav(x, RATE)), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (
            1, 2, RATE, 24000)


def test_playback_of_a_part_is_that_parts_samples() -> None:
    x = answer_audio()
    t = analyse(x, RATE, [6.5, 10.5, 22.0, 26.0])
    clip = part_audio(x, RATE, t.part("task"))
    assert len(clip) / RATE == pytest.approx(4.0, abs=0.02)
    assert np.array_equal(clip, x[int(6.5 * RATE):int(10.5 * RATE)])


def test_three_minutes_of_speech_in_parts_are_all_heard() -> None:
    x = np.concatenate([np.concatenate([tone(8), quiet(0.6, seed=i)]) for i in range(21)])
    t = analyse(x, RATE, [30.0, 60.2, 150.5, 170.8])
    assert t.heard
    assert t.total_seconds == pytest.approx(21 * 8.6 - 0.6, abs=0.1)
    assert t.pauses == ()


# -- the scorer judges measured seconds --------------------------------------------------------

ANSWER = Answer(
    situation="Our checkout dropped about 3% of card payments after a release.",
    task="I owned the payments client, so fixing it was mine.",
    action="I pulled the logs and reproduced the timeout locally. I fixed the retry.",
    result="Dropped payments went from 3% to 0.1% within a day.",
    reflection="I learned to reproduce a timeout before touching retry code.")


def spoken(total: float) -> dict[str, float]:
    shares = {"situation": 0.2, "task": 0.13, "action": 0.5, "result": 0.1, "reflection": 0.07}
    return {k: round(v * total, 1) for k, v in shares.items()}


def test_measured_seconds_replace_the_estimate_and_say_so() -> None:
    est = score(ANSWER, principle="Ownership", level="SDE2")
    said = score(ANSWER, principle="Ownership", level="SDE2", spoken=spoken(120))
    assert not est.timing["total"].measured
    assert est.timing["total"].seconds == pytest.approx(est.timing["total"].words * 60 / 150,
                                                        abs=0.1)
    assert said.timing["total"].measured
    assert said.timing["situation"].seconds == 24.0
    assert said.timing["total"].seconds == 120.0
    assert said.to_dict()["timing"]["action"]["measured"] is True
    # 55 words estimated at about 22 s is under the SDE2 budget; 120 s spoken is within it
    assert est.dimensions["timing"] < 100.0
    assert said.dimensions["timing"] == 100.0


def test_over_the_budget_when_spoken_costs_timing_points_and_names_the_seconds() -> None:
    just_in = score(ANSWER, principle="Ownership", level="SDE2", spoken=spoken(150))
    over = score(ANSWER, principle="Ownership", level="SDE2", spoken=spoken(180))
    assert just_in.dimensions["timing"] == 100.0
    assert not any(f.kind == "over_budget" for f in just_in.findings)
    (f,) = [f for f in over.findings if f.kind == "over_budget"]
    assert f.points == -30.0  # 30 s over a 150 s budget: 30/150 x 150
    assert "180 s spoken against 150 s for SDE2" in f.message
    assert over.dimensions["timing"] == 70.0


def test_a_long_spoken_situation_is_a_long_setup() -> None:
    long = dict(spoken(120), situation=61.0)
    card = score(ANSWER, principle="Ownership", level="SDE2", spoken=long)
    (f,) = [f for f in card.findings if f.kind == "long_setup"]
    assert "61 s spoken against a target of 30 s" in f.message
    assert not any(f.kind == "long_setup" for f in score(
        ANSWER, principle="Ownership", level="SDE2",
        spoken=dict(spoken(120), situation=60.0)).findings)


@pytest.mark.parametrize(("bad", "message"), [
    ({"summary": 3.0}, "unknown part 'summary'"),
    ({"task": -1.0}, "task must be a number of seconds >= 0"),
    ({"task": float("nan")}, "task must be a number of seconds >= 0"),
])
def test_bad_spoken_seconds_are_refused_by_name(bad: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score(ANSWER, principle="Ownership", spoken=bad)


# -- kept recordings ----------------------------------------------------------------------------


def test_a_kept_recording_is_private_listed_loaded_and_deleted(tmp_path: Path) -> None:
    store = Recordings(tmp_path / "recordings")
    x = answer_audio()
    t = analyse(x, RATE, [6.5, 10.5, 22.0, 26.0])
    kept = store.save(x, RATE, t, label="Ownership, SDE2",
                      now=datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc))
    assert kept.wav.exists()
    assert kept.wav.with_suffix(".json").exists()
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(kept.wav.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.wav.with_suffix(".json").stat().st_mode) == 0o600
    (listed,) = store.list()
    assert listed.name == kept.name
    assert listed.timing == t
    assert listed.label == "Ownership, SDE2"
    assert listed.created_at == datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc)
    samples, rate = store.samples(kept.name)
    assert rate == RATE
    assert len(samples) == len(x)
    store.delete(kept.name)
    assert store.list() == []
    assert list(store.directory.iterdir()) == []


@pytest.mark.parametrize("name", ["../history", "/etc/passwd", "20261127T093000Z-zzzz"])
def test_a_recording_name_is_never_a_path(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a recording name"):
        Recordings(tmp_path).delete(name)


# -- timings in the history, and the chart -----------------------------------------------------


def _spoken_attempt(situation: float, action: float, day: int) -> Attempt:
    secs = {"situation": situation, "task": 20.0, "action": action, "result": 18.0,
            "reflection": 12.0}
    t = SpokenTiming(tuple(SpokenPart(k, 0.0, v, v, v * 0.9) for k, v in secs.items()),
                     (Pause(3.0, 5.5, "situation", False),), sum(secs.values()), True)
    card = score(ANSWER, principle="Ownership", spoken=t.seconds())
    return make_attempt(ANSWER, card, candidate="ana", mode="practice",
                        extra={"spoken": t.to_dict()},
                        now=datetime(2026, 11, 1, tzinfo=timezone.utc) + timedelta(days=day))


def test_spoken_timings_come_back_from_the_history_and_typed_answers_do_not(
        target: str) -> None:
    h = History.open(target)
    for day, (s, a) in enumerate([(55.0, 70.0), (44.0, 80.0), (32.0, 92.0)]):
        h.save(_spoken_attempt(s, a, day))
    h.save(make_attempt(ANSWER, score(ANSWER, principle="Ownership"), candidate="ana",
                        mode="practice"))
    h.save(replace(_spoken_attempt(40.0, 60.0, 9), candidate="ben", id="other"))
    df = h.spoken("ana")
    assert list(df["situation"]) == [55.0, 44.0, 32.0]
    assert list(df["action"]) == [70.0, 80.0, 92.0]
    assert list(df["total"]) == [175.0, 174.0, 174.0]
    assert list(df["pauses"]) == [1, 1, 1]
    assert set(df["candidate"]) == {"ana"}
    assert str(df["created_at"].dt.tz) == "UTC"
    assert len(h.spoken()) == 4
    h.close()


def test_the_chart_plots_each_parts_measured_seconds_in_attempt_order(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from starkit.insights.charts import plot_spoken_times, save_png

    h = History.open(tmp_path / "h.sqlite")
    for day, (s, a) in enumerate([(55.0, 70.0), (44.0, 80.0), (32.0, 92.0)]):
        h.save(_spoken_attempt(s, a, day))
    ax = plot_spoken_times(h.spoken("ana"))
    assert list(ax.lines[0].get_ydata()) == [55.0, 44.0, 32.0]
    assert list(ax.lines[2].get_ydata()) == [70.0, 80.0, 92.0]
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    assert ax.lines[5].get_ydata()[0] == 30.0  # the Situation's target, dotted
    assert ax.lines[7].get_ydata()[0] == 90.0  # the Action's
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "Situation (target 30 s)"
    save_png(ax, str(tmp_path / "spoken.png"))
    empty = plot_spoken_times(h.spoken("nobody"))
    assert "No spoken attempts yet" in empty.texts[0].get_text()
    h.close()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.3, 3.0), st.floats(0.05, 2.6)), min_size=2, max_size=8),
       st.lists(st.floats(0.0, 1.0), min_size=0, max_size=4))
def test_any_marks_in_order_give_parts_in_order_that_add_up(
        pieces: list[tuple[float, float]], where: list[float]) -> None:
    x = np.concatenate([quiet(0.5)] + [np.concatenate([tone(s), quiet(g)]) for s, g in pieces])
    marks = sorted(w * len(x) / RATE for w in where)
    t = analyse(x, RATE, marks)
    assert all(p.seconds >= 0 for p in t.parts)
    assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(t.parts))
    assert t.total_seconds == pytest.approx(t.parts[-1].end - t.parts[0].start, abs=0.05)


def test_a_report_charts_speaking_time_only_when_answers_were_spoken(tmp_path: Path) -> None:
    from starkit.insights.report import make_report

    h = History.open(tmp_path / "h.sqlite")
    h.save(make_attempt(ANSWER, score(ANSWER, principle="Ownership"), candidate="ana",
                        mode="practice"))
    assert "Speaking time per part" not in make_report(h, "ana").text
    h.save(_spoken_attempt(55.0, 70.0, 1))
    report = make_report(h, "ana")
    assert '<h2>Speaking time per part (spoken attempts)</h2><img alt="Speaking time' in (
        report.text)
    md = make_report(h, "ana", fmt="md")
    assert len(md.images) == 3
    h.close()
