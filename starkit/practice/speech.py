"""Speak it: how long each STAR part took when the answer was spoken aloud. Pure (numpy).

The recorder sends mono 16-bit PCM and the moments the candidate moved on to the next part
("marks", in seconds from the start of the recording). From the audio alone this finds where
speech was heard (a frame's loudness against the recording's own noise floor), and from that:

- each part's **seconds**: from the moment it began to the moment the next began; the first
  part starts at the first word heard (not when the button was pressed) and the last ends at
  the last word heard. A mark pressed within a second of a pause (people press late, as the next
  part starts) moves to the middle of that pause, so the pause between two parts belongs to
  neither part's speech;
- **long pauses**: silences of at least ``min_pause`` seconds (2 s) between the first and the
  last word, with where they fell;
- **speaking rate** per part: the words of that part's text over its spoken seconds.

No transcription: the words come from what the candidate typed or pasted. A speech recogniser
can fill ``Transcriber`` later (see its docstring); none ships, because none that installs here
gives text good enough to score.
"""

from __future__ import annotations

import io
import itertools
import wave
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np

from starkit.content.models import SECTIONS

__all__ = [
    "FRAME_SECONDS",
    "Pause",
    "SpokenPart",
    "SpokenTiming",
    "Transcriber",
    "analyse",
    "from_pcm16",
    "part_audio",
    "to_wav",
    "voiced",
]

#: Loudness is read in frames of this length.
FRAME_SECONDS = 0.02
#: A silence this long or longer between two words is a long pause.
MIN_PAUSE = 2.0
#: A mark this close after (or inside) a pause moves to the pause's middle.
SNAP_SECONDS = 1.0
#: Silences shorter than this are the gaps inside speech (between words, stops), not pauses.
_GAP_FILL = 0.25
#: Sounds shorter than this are clicks, not speech.
_BLIP = 0.06
#: Speech is this many dB above the noise floor...
_ABOVE_FLOOR_DB = 12.0
#: ...and no more than this many below the loudest speech.
_BELOW_PEAK_DB = 40.0
#: Speech is at least this many dB above the threshold's ceiling below the loudest speech.
_MIN_DYNAMIC_DB = 15.0
#: Below this (dBFS), nothing is speech, however quiet the room.
_SILENCE_DB = -55.0


class Transcriber(Protocol):
    """The seam for a speech recogniser (none ships: see the module docstring).

    ``transcribe`` takes mono float samples in [-1, 1] at ``rate`` Hz and returns the words it
    heard with their start and end times in seconds. An engine that fills it lets the words
    per part come from the audio instead of the typed text; nothing else needs to change.
    """

    def transcribe(self, samples: np.ndarray, rate: int) -> list[tuple[str, float, float]]:
        ...


@dataclass(frozen=True)
class Pause:
    """A silence of at least ``MIN_PAUSE`` seconds between two words."""

    start: float
    end: float
    section: str
    """The part it fell in (where its middle was)."""
    between_parts: bool
    """It holds the move from one part to the next."""

    @property
    def seconds(self) -> float:
        return round(self.end - self.start, 2)


@dataclass(frozen=True)
class SpokenPart:
    """One part as spoken."""

    section: str
    start: float
    end: float
    seconds: float
    voiced_seconds: float
    """Of ``seconds``, how long speech was heard."""
    words: int | None = None
    """The words of the part's text (typed or pasted), when known."""

    @property
    def words_per_minute(self) -> float | None:
        if not self.words or self.seconds <= 0:
            return None
        return round(self.words * 60 / self.seconds, 1)


@dataclass(frozen=True)
class SpokenTiming:
    """What the recording says about time: per part, in total, and the long pauses."""

    parts: tuple[SpokenPart, ...]
    pauses: tuple[Pause, ...]
    duration: float
    """The whole recording, in seconds (with any silence before the first word)."""
    heard: bool
    """Any speech was heard at all."""

    @property
    def total_seconds(self) -> float:
        return round(sum(p.seconds for p in self.parts), 2)

    def seconds(self) -> dict[str, float]:
        """Seconds per part, for ``score(..., spoken=...)``."""
        return {p.section: p.seconds for p in self.parts}

    def part(self, section: str) -> SpokenPart:
        for p in self.parts:
            if p.section == section:
                return p
        raise KeyError(section)

    def with_words(self, words: Mapping[str, int]) -> SpokenTiming:
        """The same timing with each part's word count (for the speaking rate)."""
        parts = tuple(SpokenPart(p.section, p.start, p.end, p.seconds, p.voiced_seconds,
                                 words.get(p.section)) for p in self.parts)
        return SpokenTiming(parts, self.pauses, self.duration, self.heard)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (what an attempt keeps: timings only, never audio)."""
        return {
            "parts": [asdict(p) for p in self.parts],
            "pauses": [asdict(p) for p in self.pauses],
            "duration": self.duration,
            "heard": self.heard,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SpokenTiming:
        return cls(
            parts=tuple(SpokenPart(**p) for p in data["parts"]),
            pauses=tuple(Pause(**p) for p in data["pauses"]),
            duration=float(data["duration"]),
            heard=bool(data["heard"]),
        )


def from_pcm16(data: bytes) -> np.ndarray:
    """Little-endian signed 16-bit mono PCM (what the recorder sends) as floats in [-1, 1]."""
    if len(data) % 2:
        raise ValueError(f"16-bit audio needs an even number of bytes, got {len(data)}")
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def to_wav(samples: np.ndarray, rate: int) -> bytes:
    """Mono float samples as a 16-bit WAV file's bytes (for playback and for keeping)."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(pcm)
    return buf.getvalue()


def part_audio(samples: np.ndarray, rate: int, part: SpokenPart) -> np.ndarray:
    """The samples of one part, to play it back."""
    return samples[round(part.start * rate):round(part.end * rate)]


def _levels(samples: np.ndarray, rate: int) -> np.ndarray:
    """Each frame's loudness in dBFS."""
    n = max(1, round(rate * FRAME_SECONDS))
    frames = len(samples) // n
    if frames == 0:
        return np.zeros(0)
    x = samples[: frames * n].astype(np.float64).reshape(frames, n)
    rms = np.sqrt(np.mean(x * x, axis=1))
    levels: np.ndarray = 20 * np.log10(np.maximum(rms, 1e-10))
    return levels


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) frame index pairs of each run of True."""
    if mask.size == 0:
        return []
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(),
                    strict=True))


def voiced(samples: np.ndarray, rate: int) -> np.ndarray:
    """Per frame of ``FRAME_SECONDS``: was speech heard? The threshold follows the recording:
    some dB above its noise floor (its quietest twentieth) and within some dB of its loudest."""
    levels = _levels(samples, rate)
    if levels.size == 0:
        return np.zeros(0, dtype=bool)
    floor = float(np.percentile(levels, 5))
    peak = float(np.percentile(levels, 99))
    # A recording that is nearly all speech has no quiet tenth to learn the room from: the
    # threshold then stays a little below the speech itself.
    threshold = max(min(max(floor + _ABOVE_FLOOR_DB, peak - _BELOW_PEAK_DB),
                        peak - _MIN_DYNAMIC_DB), _SILENCE_DB)
    mask = levels > threshold
    # close the short gaps inside speech, then drop clicks
    fill, blip = int(_GAP_FILL / FRAME_SECONDS), int(_BLIP / FRAME_SECONDS)
    for start, end in _runs(~mask):
        if end - start < fill and start > 0 and end < mask.size:
            mask[start:end] = True
    for start, end in _runs(mask):
        if end - start < blip:
            mask[start:end] = False
    return mask


def analyse(
    samples: np.ndarray,
    rate: int,
    marks: Sequence[float],
    *,
    sections: Sequence[str] = SECTIONS,
    words: Mapping[str, int] | None = None,
    min_pause: float = MIN_PAUSE,
) -> SpokenTiming:
    """Time each part of a spoken answer.

    ``marks`` are the seconds (from the start of the recording) at which the candidate moved
    to the next part; with fewer marks than parts, the parts after the last one were not
    reached and take 0 s. ``words`` gives each part's word count, for the speaking rate.
    """
    if rate <= 0:
        raise ValueError(f"the sample rate must be positive, got {rate}")
    if len(marks) >= len(sections):
        raise ValueError(f"{len(marks)} moves to a next part for {len(sections)} parts")
    if any(b < a for a, b in itertools.pairwise(marks)):
        raise ValueError("the moves to the next part must be in time order")
    duration = round(len(samples) / rate, 3)
    mask = voiced(np.asarray(samples, dtype=np.float32), rate)
    speech = _runs(mask)
    if not speech:
        parts = tuple(SpokenPart(s, 0.0, 0.0, 0.0, 0.0, (words or {}).get(s))
                      for s in sections)
        return SpokenTiming(parts, (), duration, heard=False)
    first = speech[0][0] * FRAME_SECONDS
    last = speech[-1][1] * FRAME_SECONDS
    silences = [(a * FRAME_SECONDS, b * FRAME_SECONDS) for a, b in _runs(~mask)
                if a * FRAME_SECONDS >= first and b * FRAME_SECONDS <= last]

    def snap(t: float) -> float:
        best = None
        for a, b in silences:
            if b - a < _GAP_FILL:
                continue
            if a <= t <= b + SNAP_SECONDS:
                mid = (a + b) / 2
                if best is None or abs(mid - t) < abs(best - t):
                    best = mid
        return best if best is not None else t

    # Snapping keeps the marks in order: a later mark never reaches a gap before an earlier
    # mark's (a gap is a candidate only up to SNAP_SECONDS after it ends).
    bounds = [first] + [min(max(snap(float(m)), first), last) for m in marks]
    ends = [*bounds[1:], last]
    parts_list = []
    for i, section in enumerate(sections):
        if i < len(bounds):
            start, end = bounds[i], ends[i]
        else:
            start = end = last
        lo, hi = round(start / FRAME_SECONDS), round(end / FRAME_SECONDS)
        parts_list.append(SpokenPart(
            section, round(start, 2), round(end, 2), round(end - start, 2),
            round(float(mask[lo:hi].sum()) * FRAME_SECONDS, 2), (words or {}).get(section)))
    pauses = []
    for a, b in silences:
        if b - a < min_pause:
            continue
        mid = (a + b) / 2
        where = next((p for p in parts_list if p.start <= mid < p.end), parts_list[0])
        holds = any(a < m < b for m in bounds[1:])
        pauses.append(Pause(round(a, 2), round(b, 2), where.section, holds))
    return SpokenTiming(tuple(parts_list), tuple(pauses), duration, heard=True)
