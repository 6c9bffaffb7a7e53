"""Recordings the candidate chose to keep: WAV files on their own machine, beside the history.

Nothing is kept unless the candidate asks. A kept recording is two files in one private
folder (``0700``; the files ``0600``): ``<name>.wav`` (16-bit mono) and ``<name>.json`` (when,
which question, and the timings). They are never written to a history database, so a workshop's
shared store holds the timings of an attempt and never its audio. Pure: no widgets.
"""

from __future__ import annotations

import json
import os
import re
import uuid
import wave
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from starkit.practice.speech import SpokenTiming, to_wav

__all__ = ["KeptRecording", "Recordings", "default_recordings_dir"]

_NAME = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")


def default_recordings_dir() -> Path:
    """``recordings/`` beside the default SQLite history (the user's data folder)."""
    return Path(platformdirs.user_data_dir("starkit", appauthor=False)) / "recordings"


@dataclass(frozen=True)
class KeptRecording:
    name: str
    wav: Path
    created_at: datetime
    label: str
    timing: SpokenTiming


class Recordings:
    """The kept recordings in one folder (created private on first save)."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_recordings_dir()

    def save(self, samples: np.ndarray, rate: int, timing: SpokenTiming, *, label: str = "",
             now: datetime | None = None) -> KeptRecording:
        """Write the recording and its timings; return what was kept."""
        when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        name = f"{when:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o700)
        wav = self.directory / f"{name}.wav"
        meta = {"created_at": when.isoformat(), "label": label, "rate": int(rate),
                "timing": timing.to_dict()}
        self._write(wav, to_wav(samples, rate))
        self._write(wav.with_suffix(".json"), json.dumps(meta, indent=1).encode("utf-8"))
        return KeptRecording(name, wav, when, label, timing)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)

    def _path(self, name: str, suffix: str) -> Path:
        if not _NAME.match(name):  # a name is ours, never a path someone typed
            raise ValueError(f"not a recording name: {name!r}")
        return self.directory / f"{name}{suffix}"

    def list(self) -> list[KeptRecording]:
        """Every kept recording, oldest first."""
        if not self.directory.is_dir():
            return []
        return [self.load(p.stem) for p in sorted(self.directory.glob("*.json"))
                if _NAME.match(p.stem) and p.with_suffix(".wav").exists()]

    def load(self, name: str) -> KeptRecording:
        path = self._path(name, ".json")
        try:
            meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            timing = SpokenTiming.from_dict(meta["timing"])
            when = datetime.fromisoformat(meta["created_at"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: cannot read this recording's timings ({exc})") from exc
        return KeptRecording(name, path.with_suffix(".wav"), when, str(meta.get("label", "")),
                             timing)

    def samples(self, name: str) -> tuple[np.ndarray, int]:
        """The kept audio as float samples and its rate."""
        with wave.open(str(self._path(name, ".wav")), "rb") as src:
            rate = src.getframerate()
            data = src.readframes(src.getnframes())
        return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0, rate

    def delete(self, name: str) -> None:
        """Remove the recording and its timings (gone from disk, not hidden)."""
        for suffix in (".wav", ".json"):
            self._path(name, suffix).unlink(missing_ok=True)
