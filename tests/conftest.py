from __future__ import annotations

from pathlib import Path

import pytest

import starkit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def library() -> starkit.Library:
    return starkit.load_library()


@pytest.fixture(scope="session")
def reference(library: starkit.Library) -> starkit.Scenario:
    return library.get("success-and-scale-webhook-drops")
