from __future__ import annotations

from pathlib import Path

import pytest

import starkit
from tests.pg import pg_url, reset_pg

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def library() -> starkit.Library:
    return starkit.load_library()


@pytest.fixture(scope="session")
def reference(library: starkit.Library) -> starkit.Scenario:
    return library.get("success-and-scale-webhook-drops")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a SQLite file path, or a freshly emptied PostgreSQL
    database (skipped without a server, failed in CI)."""
    if request.param == "sqlite":
        return str(tmp_path / "h.sqlite")
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    return url
