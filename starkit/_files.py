"""Writing a file so that nothing is half-written and nobody else can read it.

``write_private`` writes to a temporary file in the same folder (created 0600), flushes it
to disk and renames it over the target in one step: a failure at any point leaves the old
file as it was and no leftovers, and the new file is readable by its owner only. Reports,
exports and backups of a candidate's history are personal data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from starkit._exceptions import StarkitError

__all__ = ["FileWriteError", "write_private"]


class FileWriteError(StarkitError):
    """A file could not be written; the message names the path and what to do."""


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically, mode 0600; return the path.

    Raises ``FileWriteError`` (the old file untouched) when the folder is missing, is not
    writable, the path is a folder, or the disk is full.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise FileWriteError(f"{path}: a folder; give a file name to write to")
    if not folder.is_dir():
        raise FileWriteError(f"{path}: the folder {folder} does not exist; create it first")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as e:
        raise FileWriteError(f"{path}: cannot write in {folder}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except OSError as e:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise FileWriteError(f"{path}: cannot write: {e.strerror}") from None
    return path
