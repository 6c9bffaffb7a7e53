"""Speak it: say the answer out loud, part by part, and see the real seconds each part took.

``Recorder`` is the microphone (an anywidget: ``recorder.js`` beside this file). ``SpeakIt``
wraps it for a view: the countdown of the level's budget with each part's target, then the
seconds per part against their targets, the long pauses and where they fell, the speaking rate
from the part's text, and each part to play back. The audio stays in this kernel; it is
written to disk (``starkit.practice.recordings``) only when the candidate presses Keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import numpy as np
import traitlets
from ipywidgets.widgets.trait_types import bytes_serialization

from starkit.content.models import SECTIONS, Scenario
from starkit.html import escape as e
from starkit.practice.recordings import KeptRecording, Recordings
from starkit.practice.speech import SpokenTiming, analyse, from_pcm16, part_audio, to_wav
from starkit.scoring import speaking_targets
from starkit.widgets._base import View, guarded

__all__ = ["Recorder", "SpeakIt"]

_CSS = """
.starkit-recorder { display: flex; flex-direction: column; gap: 6px; margin: 4px 0; }
.starkit-recorder .sk-rec-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.starkit-recorder button { font: inherit; padding: 4px 12px; border-radius: 4px;
  border: 1px solid var(--jp-border-color1, #888); background: var(--jp-layout-color1, #fff);
  color: var(--jp-ui-font-color1, #111); cursor: pointer; }
.starkit-recorder button:disabled { opacity: 0.5; cursor: default; }
.starkit-recorder .sk-rec-start { background: #1565c0; color: #fff; border-color: #1565c0; }
.starkit-recorder .sk-rec-meter { display: inline-block; width: 140px; height: 10px;
  border: 1px solid var(--jp-border-color1, #888); border-radius: 5px; overflow: hidden; }
.starkit-recorder .sk-rec-meter span { display: block; height: 100%; width: 0;
  background: #2e7d32; transition: width 0.1s linear; }
.starkit-recorder .sk-rec-part, .starkit-recorder .sk-rec-clock { font-weight: 600;
  font-variant-numeric: tabular-nums; }
.starkit-recorder .sk-rec-over { color: #b3261e; }
.starkit-recorder .sk-rec-problem { color: #b3261e; }
"""


class Recorder(anywidget.AnyWidget):
    """The microphone, in the page. Python reads what it sends when ``status`` is "done":
    ``audio`` (16-bit mono PCM at ``rate`` Hz) and ``marks`` (seconds at each move to the
    next part). ``status``: idle, recording, done, denied, no-device, unavailable or error,
    with ``message`` saying what happened in words."""

    _esm = Path(__file__).with_name("recorder.js")
    _css = _CSS

    parts = traitlets.List(traitlets.Unicode(), list(SECTIONS)).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode(), [s.title() for s in SECTIONS]).tag(sync=True)
    targets = traitlets.List(traitlets.Float(), []).tag(sync=True)
    budget = traitlets.Float(150.0).tag(sync=True)
    status = traitlets.Unicode("idle").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    rate = traitlets.Int(16000).tag(sync=True)
    marks = traitlets.List(traitlets.Float(), []).tag(sync=True)
    audio = traitlets.Bytes(b"").tag(sync=True, **bytes_serialization)


#: Within this many seconds of its target (or 15% of it, if more), a part is on target.
_SLACK_SECONDS = 5.0


def _clock(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


class SpeakIt(View):
    """Speak the answer aloud: the recorder, then real seconds per part, pauses, playback.

    ``timing`` (a trait) is the last recording's ``SpokenTiming`` (None before one), with the
    speaking rate from ``words`` (each part's word count, set by the view that holds the text).
    ``recordings`` is where Keep writes (default: beside the SQLite history).
    """

    css_class = "starkit-speak"

    timing = traitlets.Instance(SpokenTiming, allow_none=True)

    def __init__(self, *, level: str = "SDE2", scenario: Scenario | None = None,
                 recordings: Recordings | None = None, keep: bool = True) -> None:
        """``keep=False`` offers no Keep (a server that is not the candidate's own machine,
        such as a stand-alone workshop's: the audio then lives only in this page's kernel)."""
        super().__init__()
        self.can_keep = keep
        #: Why the microphone could not be used (empty when it could), as the page said it.
        self.problem = ""
        self.recorder = Recorder()
        self.recordings = recordings or Recordings()
        self.words: dict[str, int] = {}
        #: The last recording (float samples, rate), kept in this kernel only.
        self.samples: np.ndarray | None = None
        self.rate = 16000
        #: The recording kept on disk from this view (None when not kept, or deleted).
        self.kept: KeptRecording | None = None
        self.result = w.HTML()
        self.result.add_class("starkit-speak-result")
        self.playback = w.VBox()
        self.playback.add_class("starkit-playback")
        self.keep_button = w.Button(description="Keep this recording", icon="save",
                                    disabled=True,
                                    tooltip="Save the audio on this computer, beside your history")
        self.delete_button = w.Button(description="Delete kept recording", icon="trash",
                                      disabled=True, tooltip="Remove the kept audio from disk",
                                      layout=w.Layout(width="auto"))
        self.keep_button.layout.width = "auto"
        self.kept_status = w.HTML()
        self.keep_button.on_click(self._on_keep)
        self.delete_button.on_click(self._on_delete)
        self.recorder.observe(self._on_status, names="status")
        self.set_level(level, scenario)
        where = ("The recording stays on this computer: it is analysed here, never sent "
                 "anywhere, and kept only if you press <b>Keep</b>." if keep else
                 "The recording is analysed by this workshop's server for this page only and "
                 "never kept: your coach sees your timings, never your audio.")
        intro = w.HTML(
            '<p class="sk-speak-intro">Say your answer out loud, as in the interview. Press '
            "<b>Start speaking</b>, and press <b>space</b> (or <b>Next</b>) each time you move "
            f"on to the next part. Afterwards you see how long each part really took. {where}"
            "</p>")
        keeping = w.HBox([self.keep_button, self.delete_button])
        if not keep:
            keeping.layout.display = "none"
        self.children = [self._style, intro, self.recorder, self.error, self.result,
                         self.playback, keeping, self.kept_status]

    # -- settings from the view that holds the answer ----------------------------------------

    def set_level(self, level: str, scenario: Scenario | None = None) -> None:
        """Count down this level's budget, with each part's target."""
        targets, (_, hi) = speaking_targets(level, scenario)
        wanted = ([targets[s] for s in SECTIONS], float(hi))
        if wanted == (self.recorder.targets, self.recorder.budget):
            return  # the view calls this on every keystroke: nothing changed, nothing to do
        self.recorder.targets, self.recorder.budget = wanted
        if self.timing is not None:
            self._show()

    def set_words(self, words: Mapping[str, int]) -> None:
        """Each part's word count (from the typed or pasted text), for the speaking rate."""
        self.words = {k: int(v) for k, v in words.items() if k in SECTIONS}
        if self.timing is not None:
            self.timing = self.timing.with_words(self.words)
            self._show()

    def reset(self) -> None:
        """Forget the last recording (a fresh attempt); a kept file stays on disk."""
        self.samples = None
        self.kept = None
        self.timing = None
        self.result.value = ""
        self.playback.children = []
        self.keep_button.disabled = True
        self.delete_button.disabled = True
        self.kept_status.value = ""

    # -- callbacks -------------------------------------------------------------------------

    @guarded
    def _on_status(self, change: dict[str, Any]) -> None:
        status = change["new"]
        if status == "done":
            self.load(from_pcm16(bytes(self.recorder.audio)), self.recorder.rate,
                      list(self.recorder.marks))
        elif status in ("denied", "no-device", "unavailable", "error"):
            # the recorder says it beside its buttons; the last timings are not this attempt's
            self.problem = self.recorder.message
            self.reset()
        elif status == "recording":
            self.problem = ""

    def load(self, samples: np.ndarray, rate: int, marks: list[float]) -> SpokenTiming:
        """Analyse a recording (what the recorder sent, or any samples) and show it."""
        self.samples, self.rate = samples, int(rate)
        self.kept = None
        self.kept_status.value = ""
        self.delete_button.disabled = True
        timing = analyse(samples, rate, marks, words=self.words)
        self.timing = timing
        self._show()
        self._play()
        self.keep_button.disabled = not (timing.heard and self.can_keep)
        return timing

    @guarded
    def _on_keep(self, _: Any = None) -> None:
        if self.samples is None or self.timing is None or not self.can_keep:
            return
        self.kept = self.recordings.save(self.samples, self.rate, self.timing)
        self.keep_button.disabled = True
        self.delete_button.disabled = False
        self.kept_status.value = (f"Kept on this computer as <code>{e(str(self.kept.wav))}"
                                  "</code> (only you can read it).")

    @guarded
    def _on_delete(self, _: Any = None) -> None:
        if self.kept is None:
            return
        self.recordings.delete(self.kept.name)
        self.kept = None
        self.delete_button.disabled = True
        self.keep_button.disabled = self.samples is None or not self.can_keep
        self.kept_status.value = "Deleted from disk."

    # -- what the candidate sees ---------------------------------------------------------------

    def _show(self) -> None:
        t = self.timing
        if t is None:
            self.result.value = ""
            return
        if not t.heard:
            self.result.value = ('<div class="sk-problem" role="alert">No speech was heard in '
                                 "the recording. Check the level meter moves when you talk, "
                                 "then record again.</div>")
            return
        targets = dict(zip(SECTIONS, self.recorder.targets, strict=True))
        rows = ["<tr><th>part</th><th>spoken</th><th>target</th><th>words a minute</th>"
                "<th></th></tr>"]
        for p in t.parts:
            target = targets[p.section]
            # a few seconds either way is on target; past that, say by how much
            slack = max(_SLACK_SECONDS, 0.15 * target)
            note = ("not reached" if p.seconds == 0 else
                    f"{p.seconds - target:.0f} s over" if p.seconds > target + slack else
                    f"{target - p.seconds:.0f} s under" if p.seconds < target - slack else "")
            wpm = p.words_per_minute
            rows.append(f'<tr data-part="{p.section}" data-start="{p.start:.2f}" '
                        f'data-seconds="{p.seconds:.2f}"><td>{e(p.section.title())}</td>'
                        f"<td>{p.seconds:.1f} s</td>"
                        f"<td>{target:.0f} s</td><td>{'' if wpm is None else f'{wpm:.0f}'}"
                        f"</td><td>{note}</td></tr>")
        hi = self.recorder.budget
        total = t.total_seconds
        verdict = ("over the budget" if total > hi else "within the budget")
        rows.append(f"<tr><th>Total</th><th>{_clock(total)}</th><th>{_clock(hi)}</th>"
                    f"<th></th><th>{verdict}</th></tr>")
        pauses = "".join(
            f'<li data-start="{pa.start:.2f}" data-end="{pa.end:.2f}">'
            f"{pa.seconds:.1f} s at {_clock(pa.start)}, "
            + (f"between {e(pa.section.title())} and the next part" if pa.between_parts
               else f"in the {e(pa.section.title())}") + "</li>"
            for pa in t.pauses)
        pause_html = (f'<div class="sk-h">Long pauses (2 s or more)</div><ul>{pauses}</ul>'
                      if pauses else "<p>No pause of 2 s or more.</p>")
        self.result.value = ('<div class="sk-h">Your spoken timings</div>'
                             f'<table class="sk-t sk-spoken">{"".join(rows)}</table>'
                             + pause_html)

    def _play(self) -> None:
        t, samples = self.timing, self.samples
        if t is None or samples is None or not t.heard:
            self.playback.children = []
            return
        rows: list[w.Widget] = [w.HTML('<div class="sk-h">Play back a part</div>')]
        for p in t.parts:
            if p.seconds <= 0:
                continue
            clip = to_wav(part_audio(samples, self.rate, p), self.rate)
            audio = w.Audio(value=clip, format="wav", autoplay=False, loop=False,
                            controls=True)
            audio.add_class(f"starkit-play-{p.section}")
            rows.append(w.HBox([w.HTML(f"<b>{e(p.section.title())}</b> ({p.seconds:.0f} s)",
                                       layout=w.Layout(width="11em")), audio]))
        self.playback.children = rows
