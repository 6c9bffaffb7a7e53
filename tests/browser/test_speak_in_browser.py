"""Speak it in a real browser: Voila serves the editor, Chromium's fake microphone plays an
answer spoken by espeak-ng with known gaps and a known long pause, and the page's own
recorder (recorder.js) records it while the test presses space between the parts.

The truth is built with the audio: each part's speech is trimmed to where espeak-ng's samples
start and end, parts are 1.2 s apart, and the Action holds a 2.5 s pause. Measured seconds
must be within 0.5 s of it (boundaries at the middle of each gap, the first part from the
first word, the last to the last word).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    SHOTS,
    _unavailable,
    chromium,
    open_view,
    served,
    watched_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RATE = 22050
LEAD, GAP, PAUSE, TAIL = 1.0, 1.2, 2.5, 1.5
SPEECH = {
    "situation": ["Last spring our checkout service started dropping about three percent "
                  "of card payments after a release."],
    "task": ["I owned the payments client, so finding the cause was my job."],
    "action": ["I pulled the logs for the failed payments and reproduced the timeout on my "
               "laptop.",
               "Then I fixed the retry logic, added a test for the slow response, and shipped "
               "it behind a flag."],
    "result": ["Dropped payments went from three percent to a tenth of a percent within a "
               "day."],
    "reflection": ["I learned to reproduce a timeout before I touch any retry code."],
}


def _say(text: str, tmp: Path) -> np.ndarray:
    out = tmp / "say.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(out), text], check=True)
    with wave.open(str(out), "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (RATE, 1, 2)
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(x) > 0.01)
    return x[loud[0]:loud[-1] + 1]  # the speech itself, edges trimmed


def _room(seconds: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 1e-4, round(seconds * RATE)).astype(
        np.float32)


def build_answer(tmp: Path) -> tuple[Path, dict[str, float], list[float], tuple[float, float]]:
    """The WAV, each part's true seconds, the gap middles (file time) and the long pause's
    (start, end) in file time."""
    chunks = [_room(LEAD, 0)]
    at = LEAD
    spans: dict[str, tuple[float, float]] = {}
    pause: tuple[float, float] = (0.0, 0.0)
    for i, (part, sentences) in enumerate(SPEECH.items()):
        if i:
            chunks.append(_room(GAP, i))
            at += GAP
        start = at
        for j, sentence in enumerate(sentences):
            if j:
                chunks.append(_room(PAUSE, 10 + i))
                pause = (at, at + PAUSE)
                at += PAUSE
            said = _say(sentence, tmp)
            chunks.append(said)
            at += len(said) / RATE
        spans[part] = (start, at)
    chunks.append(_room(TAIL, 99))
    parts = list(spans.values())
    middles = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(parts)]
    bounds = [parts[0][0], *middles, parts[-1][1]]
    truth = {p: bounds[i + 1] - bounds[i] for i, p in enumerate(SPEECH)}
    x = np.concatenate(chunks)
    path = tmp / "answer.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return path, truth, middles, pause


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float],
                                                              list[float], tuple[float, float]]:
    if shutil.which("espeak-ng") is None:
        _unavailable("espeak-ng is not installed (apt-get install espeak-ng)")
    return build_answer(tmp_path_factory.mktemp("speech"))


def _launch(browser: Any, extra: list[str]) -> Iterator[Any]:
    """A page of a second Chromium with these flags (microphone flags are per browser),
    launched by the session's Playwright (a second Playwright cannot start beside it)."""
    b = browser.browser_type.launch(executable_path=chromium(), args=CHROMIUM_ARGS + extra)
    try:
        yield from watched_page(b, height=2000)
    finally:
        b.close()


@pytest.fixture
def mic_page(browser: Any, speech: tuple[Path, Any, Any, Any]) -> Iterator[Any]:
    """Chromium whose microphone plays the spoken answer once, permission granted."""
    yield from _launch(browser, ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                        f"--use-file-for-fake-audio-capture={speech[0]}%noloop",
                        "--autoplay-policy=no-user-gesture-required"])


TYPED = {
    "situation": " ".join(SPEECH["situation"]),
    "task": " ".join(SPEECH["task"]),
    "action": " ".join(SPEECH["action"]),
    "result": " ".join(SPEECH["result"]),
    "reflection": " ".join(SPEECH["reflection"]),
}


def test_spoken_seconds_per_part_pauses_and_playback(voila: str, mic_page: Any,
                                                     speech: Any) -> None:
    _, truth, middles, (pause_start, pause_end) = speech
    page = mic_page
    open_view(page, voila, "speak.ipynb", ".starkit-recorder .sk-rec-start")
    for part, text in TYPED.items():
        page.fill(f".starkit-box-{part} textarea", text)
    page.click(".sk-rec-start")
    page.wait_for_selector(".sk-rec-status.sk-rec-live", timeout=20_000)
    t0 = time.monotonic()
    shot = False
    for i, middle in enumerate(middles):
        time.sleep(max(0.0, t0 + middle - time.monotonic()))
        page.keyboard.press("Space")
        if i == 1 and not shot:  # while speaking the Action
            time.sleep(1.0)
            assert "Action:" in page.inner_text(".sk-rec-part")
            page.locator(".starkit-speak").first.screenshot(path=str(SHOTS / "speak-recording.png"))
            shot = True
    end = LEAD + sum(truth.values()) + 0.6
    time.sleep(max(0.0, t0 + end - time.monotonic()))
    page.keyboard.press("Space")  # the last part: Finish
    page.wait_for_selector(".starkit-speak-result table.sk-spoken", timeout=30_000)
    rows = page.locator(".starkit-speak-result tr[data-part]")
    measured = {rows.nth(i).get_attribute("data-part"): float(
        rows.nth(i).get_attribute("data-seconds")) for i in range(rows.count())}
    starts = {rows.nth(i).get_attribute("data-part"): float(
        rows.nth(i).get_attribute("data-start")) for i in range(rows.count())}
    assert set(measured) == set(truth)
    for part, seconds in truth.items():
        assert abs(measured[part] - seconds) <= 0.5, (part, measured[part], seconds)
    # the long pause, where it was put: in the Action, as far into it as it was placed
    pauses = page.locator(".starkit-speak-result li[data-start]")
    assert pauses.count() == 1
    assert "in the Action" in pauses.first.inner_text()
    p_start = float(pauses.first.get_attribute("data-start"))
    p_end = float(pauses.first.get_attribute("data-end"))
    assert abs((p_end - p_start) - (pause_end - pause_start)) <= 0.5
    action_start_true = LEAD + truth["situation"] + truth["task"]
    assert abs((p_start - starts["action"]) - (pause_start - action_start_true)) <= 0.5
    # the scorecard says it judged spoken seconds
    assert "spoken" in page.inner_text(".sk-timing")
    # playback: one player per part, each as long as its part, and it plays
    players = page.locator(".starkit-playback audio")
    assert players.count() == 5
    page.wait_for_function(
        "() => [...document.querySelectorAll('.starkit-playback audio')]"
        ".every(a => a.readyState >= 1)", timeout=20_000)
    durations = players.evaluate_all("els => els.map(a => a.duration)")
    for part, d in zip(truth, durations, strict=True):
        assert abs(d - measured[part]) <= 0.05, (part, d, measured[part])
    task = players.nth(1)
    task.evaluate("a => { a.muted = true; return a.play(); }")
    page.wait_for_function(
        "() => document.querySelectorAll('.starkit-playback audio')[1].currentTime > 0.5",
        timeout=10_000)
    assert not task.evaluate("a => a.paused")
    page.locator(".starkit-speak").first.screenshot(path=str(SHOTS / "speak-result.png"))
    assert page.errors == []


def _denied_page(browser: Any) -> Iterator[Any]:
    # a device exists but nobody grants it: headless Chromium refuses the prompt
    yield from _launch(browser, ["--use-fake-device-for-media-stream"])


def _no_device_page(browser: Any) -> Iterator[Any]:
    # permission is granted, but the machine has no microphone at all
    yield from _launch(browser, ["--use-fake-ui-for-media-stream"])


@pytest.mark.parametrize(("launch", "words", "shot"), [
    (_denied_page, "did not allow the microphone", "speak-denied.png"),
    (_no_device_page, "No microphone was found", "speak-no-device.png"),
])
def test_without_a_microphone_the_step_says_so_and_typing_still_scores(
        voila: str, browser: Any, launch: Any, words: str, shot: str) -> None:
    for page in launch(browser):
        open_view(page, voila, "speak.ipynb", ".starkit-recorder .sk-rec-start")
        page.click(".sk-rec-start")
        page.wait_for_selector(".sk-rec-status.sk-rec-problem", timeout=20_000)
        assert words in page.inner_text(".sk-rec-status")
        assert page.get_attribute(".sk-rec-status", "role") == "status"
        assert page.is_enabled(".sk-rec-start")
        assert not page.is_enabled(".sk-rec-next")
        page.fill(".starkit-box-action textarea", "I pulled the logs and fixed the retry.")
        page.wait_for_function(
            "() => /\\d+/.test(document.querySelector('.starkit-overall')?.textContent || '')",
            timeout=20_000)
        assert re.search(r"speaking \(est\.\)", page.inner_text(".sk-timing"))
        page.locator(".starkit-speak").first.screenshot(path=str(SHOTS / shot))
        assert page.errors == []


@pytest.fixture(scope="module")
def speak_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """``starkit app --workshop speak-room`` with one participant: (base, token, store). Its
    own room, so the other workshop tests count only their own participants' saves."""
    from starkit.cli import app_notebook
    from starkit.history import History
    from starkit.history.members import invite

    store = tmp_path_factory.mktemp("speak-room") / "history.sqlite"
    with History.open(store) as s:
        (cy,) = invite(s, "speak-room", ["Cy Speaker"])
    env = {"STARKIT_WORKSHOP": "speak-room", "STARKIT_HISTORY": str(store)}
    with served(app_notebook(), env=env) as base:
        yield base, cy.token, store


def test_in_a_workshop_the_coach_gets_timings_and_the_server_keeps_no_audio(
        speak_room: tuple[str, str, Path], browser: Any, speech: Any) -> None:
    """A participant, by their own invite link on the shared workshop server, speaks an
    answer in Practice: Keep is not offered, and what reaches the shared store is timings
    only."""
    from starkit.history import History

    base, token, room_store = speak_room

    for page in _launch(browser, ["--use-fake-ui-for-media-stream",
                                  "--use-fake-device-for-media-stream",
                                  f"--use-file-for-fake-audio-capture={speech[0]}%noloop"]):
        page.goto(f"{base}/?token={token}")
        page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=90_000)
        page.get_by_role("button", name="Practice").click()
        page.wait_for_selector(".starkit-speak-box", timeout=20_000)
        page.get_by_text("Speak it: say your answer out loud, timed per part").click()
        page.wait_for_selector(".sk-rec-start", state="visible", timeout=20_000)
        intro = page.inner_text(".sk-speak-intro")
        assert "never kept" in intro
        assert "your coach sees your timings, never your audio" in intro
        assert not page.get_by_role("button", name="Keep this recording").is_visible()
        for part, text in TYPED.items():
            page.fill(f".starkit-app .starkit-box-{part} textarea", text)
        page.click(".sk-rec-start")
        page.wait_for_selector(".sk-rec-status.sk-rec-live", timeout=20_000)
        for _ in range(4):
            page.wait_for_timeout(1500)
            page.keyboard.press("Space")
        page.wait_for_timeout(1500)
        page.click(".sk-rec-stop")
        page.wait_for_selector(".starkit-speak-result table.sk-spoken", timeout=30_000)
        page.get_by_role("button", name="Save attempt").click()
        page.wait_for_function(
            "() => /Saved/.test(document.querySelector('.starkit-app').innerText)",
            timeout=20_000)
        assert page.errors == []
    with History.open(room_store, create=False) as store:
        spoken = store.spoken("Cy Speaker", workshop="speak-room")
        assert len(spoken) == 1
        assert float(spoken["total"].iloc[0]) > 5.0
        attempt = store.attempt(str(spoken["id"].iloc[0]))
    assert set(attempt.extra["spoken"]) == {"parts", "pauses", "duration", "heard"}
    assert attempt.scorecard["timing"]["total"]["measured"] is True
    assert "audio" not in str(attempt.to_dict()).lower()
