"""The throw-away PostgreSQL server the store tests use (``scripts/test.sh`` starts one)."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa


def pg_url() -> str | None:
    """The server's URL (STARKIT_TEST_PG_URL); in CI its absence fails the run."""
    url = os.environ.get("STARKIT_TEST_PG_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("STARKIT_TEST_PG_URL is not set: CI must run the store tests on PostgreSQL")
    return None


def reset_pg(url: str) -> None:
    """Empty the test database: drop and recreate its public schema."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as c:
        c.execute(sa.text("DROP SCHEMA public CASCADE"))
        c.execute(sa.text("CREATE SCHEMA public"))
        # Workshop members' roles (starkit.history.roles) outlive the schema: drop them too.
        for (role,) in c.execute(sa.text("SELECT rolname FROM pg_roles WHERE rolname ~ '^skc?_'")):
            c.execute(sa.text(f'DROP OWNED BY "{role}"'))
            c.execute(sa.text(f'DROP ROLE "{role}"'))
    engine.dispose()
