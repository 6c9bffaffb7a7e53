"""Opening a store safely: refuse what is not ours or is newer, back up, then migrate.

The guarantees, on both databases:

- a file or database that is not a starkit store is refused and never written to;
- a store written by a newer starkit is refused (``StoreVersionError``);
- an older store with data is copied before it is migrated (a ``.v<N>.bak`` file beside a
  SQLite store, ``<table>_v<N>_backup`` tables on PostgreSQL);
- each migration runs in one transaction, one migrator at a time, so a store is never left
  half migrated and two processes opening it at once migrate it once.

The steps below are the store's history and never change once released; ``tables.py``
declares where they lead, and a test checks both agree.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy import inspect as sa_inspect

from starkit._exceptions import HistoryError, StoreNotFoundError, StoreVersionError
from starkit.content.models import SECTIONS
from starkit.history.backends import Backend
from starkit.history.tables import DIM_COLUMNS, meta, metadata

__all__ = ["STORE_VERSION", "migrate", "migration", "prepare"]

#: The store layout this starkit writes. See ``_MIGRATIONS``.
STORE_VERSION = 4

# Each step takes the store from version i to i + 1, inside one transaction. ``{real}`` and
# ``{bigint}`` are filled in per database (PostgreSQL's REAL is single precision).
_MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first release: attempts and their texts and scorecards.
    f"""
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('application', 'starkit');
    CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        candidate TEXT NOT NULL,
        created_at {{bigint}} NOT NULL,
        scenario_id TEXT, story_id TEXT, principle TEXT,
        level TEXT NOT NULL, mode TEXT NOT NULL,
        overall {{real}} NOT NULL, verdict TEXT NOT NULL,
        {", ".join(f"{c} {{real}}" for c in DIM_COLUMNS)},
        duration_seconds {{real}} NOT NULL DEFAULT 0,
        starkit_version TEXT NOT NULL, rubric TEXT NOT NULL
    );
    CREATE TABLE attempt_details (
        id TEXT PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        {", ".join(f"{s} TEXT NOT NULL" for s in SECTIONS)},
        dimensions TEXT NOT NULL, scorecard TEXT NOT NULL, extra TEXT NOT NULL
    );
    CREATE INDEX attempts_candidate ON attempts(candidate, created_at);
    CREATE INDEX attempts_principle ON attempts(principle, created_at)
    """,
    # 1 -> 2: workshops tag attempts; the story bank.
    """
    ALTER TABLE attempts ADD COLUMN workshop TEXT;
    CREATE INDEX attempts_workshop ON attempts(workshop, candidate);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        candidate TEXT NOT NULL,
        title TEXT NOT NULL,
        situation TEXT NOT NULL, task TEXT NOT NULL, action TEXT NOT NULL,
        result TEXT NOT NULL, reflection TEXT NOT NULL,
        principles TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at {bigint} NOT NULL
    );
    CREATE INDEX stories_candidate ON stories(candidate)
    """,
    # 2 -> 3: workshop members: invite-token hashes and per-person database roles.
    """
    CREATE TABLE members (
        workshop TEXT NOT NULL,
        person TEXT NOT NULL,
        kind TEXT NOT NULL,
        token_hash TEXT,
        db_role TEXT,
        created_at {bigint} NOT NULL,
        PRIMARY KEY (workshop, person, kind)
    );
    CREATE UNIQUE INDEX members_token_hash ON members(token_hash);
    CREATE UNIQUE INDEX members_db_role ON members(db_role)
    """,
    # 3 -> 4: drafts, so an unsaved answer survives a view switch and a page reload.
    """
    CREATE TABLE drafts (
        candidate TEXT NOT NULL,
        key TEXT NOT NULL,
        situation TEXT NOT NULL, task TEXT NOT NULL, action TEXT NOT NULL,
        result TEXT NOT NULL, reflection TEXT NOT NULL,
        updated_at {bigint} NOT NULL,
        PRIMARY KEY (candidate, key)
    )
    """,
)
# On PostgreSQL, step 2 -> 3 also turns on row-level security. The table owner (who runs
# migrations) is exempt; a member's own role (``roles.py``) sees and adds only the rows its
# ``members`` entry allows: a participant their own attempts and stories in their workshop,
# a coach every row of their workshops. Two SECURITY DEFINER functions list what a role may
# see (``starkit_mine``: its own workshop and name, what it may add; ``starkit_readable``:
# that and, for a coach, the participants of the workshops it coaches), so a member needs no
# access to ``members`` itself; each takes ``current_user`` from the caller. The policies
# compare rows with those lists in uncorrelated subqueries, which PostgreSQL runs once per
# statement, not once per row, and the functions are PL/pgSQL, whose plans are kept for the
# session. A detail row is visible
# (and may be added) exactly when its attempt is: one look-up by key, under the attempts'
# own policy.
# Step 3 -> 4 holds drafts to their owner the same way (a coach reads none).
_POSTGRES_ONLY: dict[int, str] = {2: """
    CREATE FUNCTION starkit_mine(who TEXT) RETURNS TABLE (workshop TEXT, person TEXT)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT
        AS $$ BEGIN
            RETURN QUERY SELECT m.workshop, m.person FROM members m
                WHERE m.db_role = who AND m.kind = 'participant';
        END $$;
    CREATE FUNCTION starkit_readable(who TEXT) RETURNS TABLE (workshop TEXT, person TEXT)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT
        AS $$ BEGIN
            RETURN QUERY SELECT m.workshop, m.person FROM members m
                WHERE m.db_role = who AND m.kind = 'participant'
            UNION
            SELECT p.workshop, p.person FROM members c
                JOIN members p ON p.workshop = c.workshop AND p.kind = 'participant'
                WHERE c.db_role = who AND c.kind = 'coach';
        END $$;
    ALTER TABLE members ENABLE ROW LEVEL SECURITY;
    ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY member_reads ON attempts FOR SELECT USING (
        (workshop, candidate) IN (SELECT * FROM starkit_readable(current_user)));
    CREATE POLICY member_adds ON attempts FOR INSERT WITH CHECK (
        (workshop, candidate) IN (SELECT * FROM starkit_mine(current_user)));
    ALTER TABLE attempt_details ENABLE ROW LEVEL SECURITY;
    CREATE POLICY member_reads ON attempt_details FOR SELECT
        USING (EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_details.id));
    CREATE POLICY member_adds ON attempt_details FOR INSERT
        WITH CHECK (EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_details.id));
    ALTER TABLE stories ENABLE ROW LEVEL SECURITY;
    CREATE POLICY member_reads ON stories FOR SELECT USING (
        candidate IN (SELECT person FROM starkit_readable(current_user)));
    CREATE POLICY member_adds ON stories FOR INSERT
        WITH CHECK (candidate IN (SELECT person FROM starkit_mine(current_user)));
    CREATE POLICY member_changes ON stories FOR UPDATE
        USING (candidate IN (SELECT person FROM starkit_mine(current_user)))
        WITH CHECK (candidate IN (SELECT person FROM starkit_mine(current_user)));
    CREATE POLICY member_removes ON stories FOR DELETE
        USING (candidate IN (SELECT person FROM starkit_mine(current_user)))
    """, 3: """
    ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own_drafts ON drafts FOR ALL
        USING (candidate IN (SELECT person FROM starkit_mine(current_user)))
        WITH CHECK (candidate IN (SELECT person FROM starkit_mine(current_user)))
    """}
assert len(_MIGRATIONS) == STORE_VERSION
_TYPES = {"sqlite": {"real": "REAL", "bigint": "INTEGER"},
          "postgresql": {"real": "DOUBLE PRECISION", "bigint": "BIGINT"}}


def migration(step: int, dialect: str) -> list[str]:
    """The statements that take a store from version ``step`` to ``step + 1`` on
    ``dialect`` ("sqlite" or "postgresql")."""
    script = _MIGRATIONS[step].format(**_TYPES[dialect])
    if dialect == "postgresql" and step in _POSTGRES_ONLY:
        script += ";" + _POSTGRES_ONLY[step]
    return [x.strip() for x in _statements(script) if x.strip()]


def _statements(script: str) -> list[str]:
    """``script`` split at each ``;`` that is not inside a ``$$ ... $$`` function body."""
    out, current = [], ""
    for i, piece in enumerate(script.split("$$")):
        if i % 2:  # inside a body: kept whole
            current += "$$" + piece + "$$"
            continue
        first, *rest = piece.split(";")
        if rest:
            out.append(current + first)
            out += rest[:-1]
            current = rest[-1]
        else:
            current += first
    return [*out, current]


def prepare(backend: Backend, *, create: bool = True) -> Path | str | None:
    """Make the store in ``backend`` ready to use, or refuse it without writing to it.

    Without ``create`` an empty database is refused (``StoreNotFoundError``) instead of
    being made a store. Returns where the pre-migration backup went, when an older store
    with data was migrated; else None.
    """
    with backend.connect("open the history store", "it was left untouched") as conn:
        tables = set(sa_inspect(conn).get_table_names())
        version = backend.version(conn)
        _check_ours(backend, conn, tables)
        if not tables and not create:
            raise StoreNotFoundError(backend.where, hint=(
                f"it is {backend.kind} without tables; a store is created by the first "
                "save (the app, or 'starkit import')"))
        if version > STORE_VERSION:
            raise StoreVersionError(
                f"{backend.where} was written by a newer starkit (store version {version}; "
                f"this starkit reads up to {STORE_VERSION}): upgrade starkit to open it")
        backend.make_ready(conn)
    if version < STORE_VERSION:
        return migrate(backend, version, has_data=bool(tables & set(metadata.tables)))
    return None


def _check_ours(backend: Backend, conn: Connection, tables: set[str]) -> None:
    if tables and "meta" not in tables:
        raise HistoryError(f"{backend.where} is {backend.kind} but not a starkit history "
                           "store; it was left untouched (choose another path)")
    if "meta" in tables:
        app = conn.execute(select(meta.c.value).where(meta.c.key == "application")).scalar()
        if app != "starkit":
            raise HistoryError(f"{backend.where} is not a starkit history store; it was left "
                               "untouched")


def migrate(backend: Backend, version: int, *, has_data: bool) -> Path | str | None:
    """Take the store from ``version`` to ``STORE_VERSION`` in one transaction, after a
    backup when it holds data; return where the backup went."""
    backup = backend.backup(version) if version > 0 and has_data else None
    with backend.begin("migrate the history store") as conn:
        backend.lock_for_migration(conn)
        for step in range(backend.version(conn), STORE_VERSION):  # another may have migrated
            for statement in migration(step, backend.name):
                conn.exec_driver_sql(statement)
            backend.stamp(conn, step + 1)
    return backup
