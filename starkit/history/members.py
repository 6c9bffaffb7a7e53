"""Who belongs to a workshop, and how each proves it: invite tokens.

A coach adds people to a workshop (``invite``). Each gets a random token, carried by their
invite link to the stand-alone app; the store keeps only its SHA-256, so a copy of the
store cannot be turned back into links. ``redeem`` finds the member a token belongs to, or
None for a token that is unknown, tampered with, or withdrawn (``withdraw``). Inviting
someone again issues a new token and the old link stops working.

Names are matched as ``people.same_person`` does (NFKC, case-folded): "alice doe" invited
after "Alice Doe" is the same member, with a new link, not a second person.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, select, update

from starkit._exceptions import DataFileError
from starkit.history import tables
from starkit.history.people import check_name, person_key, same_person

if TYPE_CHECKING:
    from starkit.history.store import History

__all__ = ["KINDS", "Invite", "Member", "check_workshop", "hash_token", "invite", "members",
           "read_roster", "redeem", "withdraw"]

#: What a member can be: a participant rehearses; a coach sees the whole workshop.
KINDS = ("participant", "coach")
#: Roster columns that hold a whole name (the first found is used; any case).
ROSTER_NAME_COLUMNS = ("name", "full name", "participant", "person", "attendee")
#: Header words that show the first row is a header even without a name column.
ROSTER_OTHER_COLUMNS = ("email", "e-mail", "first name", "last name", "surname", "team",
                        "role", "id")
#: Random bytes in a token (a token is their URL-safe base64: 32 characters).
TOKEN_BYTES = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_WORKSHOP = re.compile(r"^[\w][\w .-]{0,59}$", re.UNICODE)


@dataclass(frozen=True)
class Member:
    """One person in one workshop, as a participant or a coach."""

    workshop: str
    person: str
    kind: str = "participant"
    #: Their own PostgreSQL role, once ``roles.grant`` made one.
    db_role: str | None = None

    @property
    def is_coach(self) -> bool:
        """Whether this member coaches the workshop (sees everyone's attempts)."""
        return self.kind == "coach"


@dataclass(frozen=True)
class Invite:
    """A member and their new token (shown once: the store keeps only its hash)."""

    member: Member
    token: str


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as the store keeps it (hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_workshop(name: str) -> str:
    """A workshop name, trimmed; ValueError for one that is empty, too long or odd."""
    name = " ".join(name.split())
    if not _WORKSHOP.match(name):
        raise ValueError(f"workshop name {name!r}: use letters, digits, spaces, . _ -; "
                         "at most 60 characters")
    return name


def invite(store: History, workshop: str, people: Iterable[str], *,
           kind: str = "participant") -> list[Invite]:
    """Add ``people`` to ``workshop`` as ``kind`` (or re-invite them) and return each one's
    new token. Names that are one person (``same_person``) get one invite."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    workshop = check_workshop(workshop)
    names = [check_name(n) for n in people]
    out: list[Invite] = []
    with store.transaction() as tx:
        known = known_members(tx.connection, workshop, kind)
        done: set[str] = set()
        for name in names:
            person = same_person(name, known)
            if person_key(person) in done:
                continue
            done.add(person_key(person))
            token = secrets.token_urlsafe(TOKEN_BYTES)
            set_member(tx.connection, workshop, person, kind, known,
                       token_hash=hash_token(token))
            out.append(Invite(Member(workshop, person, kind), token))
    return out


def known_members(conn: Connection, workshop: str, kind: str) -> list[str]:
    """The names of ``workshop``'s members of ``kind``, as stored."""
    m = tables.members
    return list(conn.execute(select(m.c.person).where(
        and_(m.c.workshop == workshop, m.c.kind == kind))).scalars())


def set_member(conn: Connection, workshop: str, person: str, kind: str, known: list[str],
               **values: str) -> None:
    """Set ``values`` on a member's row, adding the member (and to ``known``) when new."""
    m = tables.members
    if person in known:
        conn.execute(update(m).where(and_(m.c.workshop == workshop, m.c.person == person,
                                          m.c.kind == kind)).values(**values))
    else:
        conn.execute(m.insert().values(workshop=workshop, person=person, kind=kind,
                                       created_at=tables.to_micros(datetime.now(timezone.utc)),
                                       **values))
        known.append(person)


def redeem(store: History, token: str) -> Member | None:
    """The member whose invite carries ``token``; None for any token that is not one."""
    token = (token or "").strip()
    if not _TOKEN.match(token):
        return None
    m = tables.members
    with store.transaction() as tx:
        row = tx.connection.execute(
            select(m.c.workshop, m.c.person, m.c.kind, m.c.db_role)
            .where(m.c.token_hash == hash_token(token))).first()
    return Member(*row) if row is not None else None


def members(store: History, workshop: str | None = None) -> list[Member]:
    """The members (of one workshop, or all), coaches first, then by name."""
    m = tables.members
    stmt = select(m.c.workshop, m.c.person, m.c.kind, m.c.db_role)
    if workshop is not None:
        stmt = stmt.where(m.c.workshop == workshop)
    with store.transaction() as tx:
        rows = list(tx.connection.execute(stmt))
    found = [Member(*r) for r in rows]
    return sorted(found, key=lambda x: (x.workshop, not x.is_coach, person_key(x.person)))


def withdraw(store: History, workshop: str) -> int:
    """Make every invite link of ``workshop`` stop working; return how many there were.
    The members and their attempts stay."""
    m = tables.members
    with store.transaction() as tx:
        done = tx.connection.execute(
            update(m).where(and_(m.c.workshop == workshop, m.c.token_hash.is_not(None)))
            .values(token_hash=None))
    return int(done.rowcount)


def read_roster(path: Path | str) -> list[str]:
    """The names in a roster: a CSV file (comma, semicolon or tab) with a ``name`` column
    (or ``full name``, ``participant``, ...; or ``first name`` and ``last name``), or one
    name per line.

    Blank lines are skipped. A name that is not a name, or that is the same person as an
    earlier line (``same_person``), raises ``DataFileError`` naming the file, line and field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(path, None, "", "not UTF-8 text; save the roster as UTF-8 CSV"
                            ) from None
    except OSError as e:
        raise DataFileError(path, None, "", e.strerror or str(e)) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if any(d in first_line for d in ",;\t") \
        else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    columns, start, field = [0], 0, "column 1"
    header = [" ".join(c.strip().lower().replace("_", " ").split()) for c in rows[0]] \
        if rows else []
    named = [h for h in ROSTER_NAME_COLUMNS if h in header]
    if named:
        columns, start, field = [header.index(named[0])], 1, rows[0][header.index(named[0])]
    elif "first name" in header and ("last name" in header or "surname" in header):
        last = "last name" if "last name" in header else "surname"
        columns, start = [header.index("first name"), header.index(last)], 1
        field = "first name + last name"
    elif any(h in ROSTER_OTHER_COLUMNS for h in header):
        raise DataFileError(path, 1, "", "the header has no name column: call the column "
                            "'name' (or give 'first name' and 'last name' columns)")
    names: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(c.strip() for c in row):
            continue
        raw = " ".join(row[c].strip() for c in columns if c < len(row))
        try:
            name = check_name(raw)
        except ValueError as e:
            raise DataFileError(path, number, field, str(e)) from None
        key = person_key(name)
        if key in seen:
            raise DataFileError(path, number, field, f"{name!r} is the same person as line "
                                f"{seen[key]}; list each person once")
        seen[key] = number
        names.append(name)
    if not names:
        raise DataFileError(path, None, "", "no names: list one person per line, or a CSV "
                            "file with a 'name' column")
    return names
