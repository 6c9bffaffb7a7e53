"""Each workshop member's own PostgreSQL role, under row-level security.

The store's owner (who created it and runs its migrations) calls ``grant`` for a member:
it makes the member's role if it is new, gives it a new random password, and grants it
exactly what its kind needs. The database then holds each role to its rows (the policies
are in ``migrations.py``):

- a participant reads and adds only their own attempts in their workshop, and reads,
  adds, changes and deletes only their own stories and drafts; they can change or delete no attempt
  at all, and see nobody else's rows;
- a coach reads every attempt of their workshops (and their participants' stories) and
  writes nothing.

The password is sent to the server as a SCRAM-SHA-256 verifier, so it never appears in the
server's logs, and is returned once, in ``Login``, for the member's server to use from its
environment (``PGPASSWORD``) or a pgpass file; it is stored nowhere else. ``revoke`` drops a
workshop's roles when it ends (the attempts stay).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, func, make_url, select, update

from starkit._exceptions import HistoryError
from starkit.history import tables
from starkit.history.members import KINDS, Member, check_workshop, known_members, set_member
from starkit.history.people import check_name, person_key, same_person

if TYPE_CHECKING:
    from starkit.history.store import History

__all__ = ["Login", "grant", "pgpass_line", "revoke", "role_name", "scram_verifier"]

#: Advisory-lock key held while roles are made, so two spawns at once make one role.
ROLES_LOCK = 0x5354_524F
#: Connections one member's role may hold at once (a few browser tabs' kernels).
CONNECTION_LIMIT = 20
_GRANTS = {
    "participant": ("GRANT SELECT, INSERT ON attempts, attempt_details TO {role}",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON stories, drafts TO {role}"),
    "coach": ("GRANT SELECT ON attempts, attempt_details, stories TO {role}",),
}


@dataclass(frozen=True)
class Login:
    """How one member connects: their role, a new password, and the store's URL with that
    role in it and no password (give the password through ``PGPASSWORD``)."""

    member: Member
    role: str
    password: str = ""
    url: str = ""

    def __repr__(self) -> str:  # never print the password
        return f"Login(role={self.role!r}, url={self.url!r})"


def pgpass_line(login: Login) -> str:
    """The line of a pgpass file (``host:port:database:user:password``) for ``login``."""
    address = make_url(login.url)

    def esc(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace(":", "\\:")

    return ":".join(esc(v) for v in (address.host or "localhost", address.port or 5432,
                                      address.database or "*", login.role, login.password))


def role_name(workshop: str, person: str, kind: str = "participant") -> str:
    """The member's role: ``sk_`` + readable parts + a hash that keeps it unique (at most
    63 characters, lower-case letters, digits and ``_`` only)."""
    digest = hashlib.sha256(
        f"{kind}\0{person_key(workshop)}\0{person_key(person)}".encode()).hexdigest()[:10]

    def part(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "_", person_key(text).encode("ascii", "ignore")
                      .decode()).strip("_")[:18] or "x"

    head = "skc" if kind == "coach" else "sk"
    return f"{head}_{part(workshop)}_{part(person)}_{digest}"


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677)."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _needs_postgres(store: History) -> None:
    if store.dialect != "postgresql":
        raise HistoryError(f"{store.where}: members' own database roles need a PostgreSQL "
                           "store; a SQLite store is one person's file")


def grant(store: History, workshop: str, person: str, *,
          kind: str = "participant") -> Login:
    """Make (or refresh) ``person``'s own role in ``workshop`` and return a Login with a new
    password; adds them to the workshop when they are new. Run as the store's owner."""
    _needs_postgres(store)
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    workshop = check_workshop(workshop)
    password = secrets.token_urlsafe(24)
    with store.transaction() as tx:
        conn = tx.connection
        conn.execute(select(func.pg_advisory_xact_lock(ROLES_LOCK)))
        known = known_members(conn, workshop, kind)
        person = same_person(check_name(person), known)
        role = role_name(workshop, person, kind)
        set_member(conn, workshop, person, kind, known, db_role=role)
        _make_role(conn, role, kind, scram_verifier(password))
        url = conn.engine.url.set(drivername="postgresql", username=role, password=None)
    return Login(Member(workshop, person, kind, role), role, password,
                 url.render_as_string(hide_password=False))


def _make_role(conn: Connection, role: str, kind: str, verifier: str) -> None:
    """Create ``role`` if it is new, set its password and its grants (nothing more)."""
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role}).first()
    verb = "ALTER" if exists else "CREATE"
    # The role name is ours ([a-z0-9_]) and the verifier base64: neither needs escaping.
    conn.exec_driver_sql(
        f"{verb} ROLE {role} LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE "
        f"NOREPLICATION CONNECTION LIMIT {CONNECTION_LIMIT} PASSWORD '{verifier}'")
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}')
    conn.exec_driver_sql(f"GRANT SELECT ON meta TO {role}")
    for statement in _GRANTS[kind]:
        conn.exec_driver_sql(statement.format(role=role))


def revoke(store: History, workshop: str) -> list[str]:
    """Drop the roles of ``workshop``'s members (their attempts stay, read by the owner);
    return the roles dropped. Run as the store's owner."""
    _needs_postgres(store)
    m = tables.members
    with store.transaction() as tx:
        conn = tx.connection
        roles = list(conn.execute(select(m.c.db_role).where(
            and_(m.c.workshop == workshop, m.c.db_role.is_not(None)))).scalars())
        for role in roles:
            if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s",
                                    {"r": role}).first():
                conn.exec_driver_sql(f"DROP OWNED BY {role}")
                conn.exec_driver_sql(f"DROP ROLE {role}")
        conn.execute(update(m).where(m.c.workshop == workshop).values(db_role=None))
    return roles
