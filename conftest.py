"""Test-run settings shared by every tier: notebooks and views write to a temporary store."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Set before any kernel starts, so notebooks executed by nbval inherit it and never touch
# the user's own rehearsal history.
if os.environ.get("STARKIT_TEST_KEEP_HISTORY") != "1":
    os.environ["STARKIT_HISTORY"] = str(
        Path(tempfile.mkdtemp(prefix="starkit-tests-")) / "history.sqlite")
os.environ.setdefault("MPLBACKEND", "Agg")
