"""Least privilege on a shared PostgreSQL store: each workshop member logs in as their own
role, and the database itself (row-level security) holds them to their rows.

Every test here runs against the throw-away server ``scripts/test.sh`` starts, whose
``pg_hba.conf`` asks every role but the owner for its password, as a real server does.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import sqlalchemy as sa

from starkit._exceptions import HistoryError, UnknownNameError
from starkit.history import History, Story
from starkit.history import roles as r
from starkit.history.sample import sample_attempts
from starkit.scoring import Answer
from tests.pg import pg_url, reset_pg


@pytest.fixture
def owner() -> Iterator[History]:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    with History.open(url) as store:
        yield store


def _as(login: r.Login, monkeypatch: pytest.MonkeyPatch) -> History:
    """The store opened as ``login``'s role, its password given as PGPASSWORD."""
    monkeypatch.setenv("PGPASSWORD", login.password)
    return History.open(login.url)


def _attempt(candidate: str, seed: int = 1):  # type: ignore[no-untyped-def]
    a = sample_attempts(seed=seed, candidates=1, days=3)[0]
    return dataclasses.replace(a, id=str(uuid.uuid4()), candidate=candidate)


def _engine(login: r.Login) -> sa.Engine:
    url = sa.make_url(login.url).set(drivername="postgresql+psycopg", password=login.password)
    return sa.create_engine(url)


@pytest.fixture
def room(owner: History) -> dict[str, r.Login]:
    """Workshop "spring": Alice and Bob participate, Carol coaches; Dan is in "autumn"."""
    return {"alice": r.grant(owner, "spring", "Alice Doe"),
            "bob": r.grant(owner, "spring", "Bob"),
            "carol": r.grant(owner, "spring", "Carol", kind="coach"),
            "dan": r.grant(owner, "autumn", "Dan")}


def test_a_participant_reads_and_adds_only_their_own_attempts(
        owner: History, room: dict[str, r.Login], monkeypatch: pytest.MonkeyPatch) -> None:
    bobs = _attempt("Bob", seed=2)
    owner.save(bobs, workshop="spring")
    owner.save(_attempt("Dan", seed=3), workshop="autumn")
    with _as(room["alice"], monkeypatch) as alice:
        mine = _attempt("Alice Doe")
        alice.save(mine, workshop="spring")
        assert alice.count() == 1
        assert list(alice.attempts()["candidate"]) == ["Alice Doe"]
        assert alice.candidates() == ["Alice Doe"]
        assert alice.attempt(mine.id).situation == mine.situation
        with pytest.raises(UnknownNameError):
            alice.attempt(bobs.id)
        assert alice.findings(candidate="Bob").empty
        # Forging: an attempt under Bob's name, or in another workshop, is refused.
        with pytest.raises(HistoryError, match="row-level security"):
            alice.save(_attempt("Bob", seed=4), workshop="spring")
        with pytest.raises(HistoryError, match="row-level security"):
            alice.save(_attempt("Alice Doe", seed=5), workshop="autumn")
        with pytest.raises(HistoryError, match="row-level security"):
            alice.save(_attempt("Alice Doe", seed=6))  # no workshop: not hers either
    assert owner.count() == 3  # Bob's, Dan's and Alice's one real save


@pytest.mark.parametrize("statement", [
    "UPDATE attempts SET overall = 100",
    "DELETE FROM attempts",
    "DELETE FROM attempt_details",
    "UPDATE attempt_details SET situation = 'x'",
    "SELECT * FROM members",
    "UPDATE members SET person = 'Bob'",
    "DROP TABLE attempts",
    "TRUNCATE attempts",
    "ALTER TABLE attempts DISABLE ROW LEVEL SECURITY",
    "UPDATE meta SET value = '99'",
    "CREATE TABLE mine (x int)",
    "SET ROLE {carol}",
    "GRANT {carol} TO {alice}",
])
def test_a_participant_with_their_own_password_changes_nothing_of_anyone_elses(
        owner: History, room: dict[str, r.Login], statement: str) -> None:
    """What a participant could type into a notebook cell with their own credentials."""
    owner.save(_attempt("Bob", seed=2), workshop="spring")
    engine = _engine(room["alice"])
    with pytest.raises(sa.exc.DBAPIError) as caught, engine.begin() as conn:
        conn.execute(sa.text(statement.format(carol=room["carol"].role,
                                              alice=room["alice"].role)))
    engine.dispose()
    assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege)
    assert owner.count() == 1
    assert owner.attempts()["overall"].iloc[0] < 100


def test_stories_are_their_owners_alone(
        owner: History, room: dict[str, r.Login], monkeypatch: pytest.MonkeyPatch) -> None:
    answer = Answer("s", "t", "a", "r", "x")
    owner.save_story(Story("bob-1", "Bob", "Bob's outage", answer))
    with _as(room["alice"], monkeypatch) as alice:
        alice.save_story(Story("al-1", "Alice Doe", "Mine", answer))
        alice.save_story(Story("al-1", "Alice Doe", "Mine, renamed", answer))
        assert [s.title for s in alice.stories()] == ["Mine, renamed"]
        alice.delete_story("bob-1")  # matches no row she may see: nothing happens
        with pytest.raises(HistoryError, match="row-level security"):
            alice.save_story(Story("al-2", "Bob", "forged", answer))
        with pytest.raises(HistoryError, match="row-level security"):
            alice.save_story(Story("bob-1", "Alice Doe", "taken over", answer))
        alice.delete_story("al-1")
        assert list(alice.stories()) == []
    assert [s.title for s in owner.stories()] == ["Bob's outage"]


def test_a_coach_reads_their_workshop_and_writes_nothing(
        owner: History, room: dict[str, r.Login], monkeypatch: pytest.MonkeyPatch) -> None:
    owner.save(_attempt("Alice Doe", 1), workshop="spring")
    owner.save(_attempt("Bob", 2), workshop="spring")
    owner.save(_attempt("Dan", 3), workshop="autumn")
    owner.save_story(Story("bob-1", "Bob", "Bob's outage", Answer("s", "t", "a", "r", "x")))
    owner.save_story(Story("dan-1", "Dan", "Dan's", Answer("s", "t", "a", "r", "x")))
    with _as(room["carol"], monkeypatch) as carol:
        assert carol.candidates() == ["Alice Doe", "Bob"]
        assert carol.count() == 2
        assert carol.attempts(texts=True)["situation_text"].str.len().gt(0).all()
        assert [s.id for s in carol.stories()] == ["bob-1"]
        with pytest.raises(HistoryError, match="permission denied"):
            carol.save(_attempt("Carol", 4), workshop="spring")
    engine = _engine(room["carol"])
    with pytest.raises(sa.exc.DBAPIError, match="permission denied"), engine.begin() as c:
        c.execute(sa.text("DELETE FROM attempts"))
    engine.dispose()
    assert owner.count() == 3


def test_passwords_are_checked_rotated_and_revoked(
        owner: History, room: dict[str, r.Login], monkeypatch: pytest.MonkeyPatch) -> None:
    alice = room["alice"]
    monkeypatch.setenv("PGPASSWORD", "not-her-password")
    with pytest.raises(HistoryError, match="password authentication failed"):
        History.open(alice.url)
    again = r.grant(owner, "spring", "alice doe")  # the same person, a new password
    assert again.role == alice.role
    assert again.member.person == "Alice Doe"
    assert again.password != alice.password
    monkeypatch.setenv("PGPASSWORD", alice.password)
    with pytest.raises(HistoryError, match="password authentication failed"):
        History.open(alice.url)
    _as(again, monkeypatch).close()
    assert sorted(r.revoke(owner, "spring")) == sorted(
        x.role for k, x in room.items() if k != "dan")
    with pytest.raises(HistoryError, match=r"password authentication failed|does not exist"):
        _as(again, monkeypatch)
    _as(room["dan"], monkeypatch).close()  # another workshop's roles stay


def test_the_password_never_shows() -> None:
    from starkit.history.members import Member
    login = r.Login(Member("spring", "Alice"), "sk_x", "s3cret-pw", "postgresql://sk_x@h/db")
    assert "s3cret" not in repr(login)
    assert "s3cret" not in str(login)
    assert "s3cret" not in r.scram_verifier("s3cret-pw")


def test_role_names_are_stable_distinct_and_safe() -> None:
    assert r.role_name("spring", "Alice Doe") == r.role_name("Spring", "ALICE  doe")
    names = {r.role_name("spring", "Alice Doe"), r.role_name("spring", "Alice Doe", "coach"),
             r.role_name("autumn", "Alice Doe"), r.role_name("spring", "Alicé Doe"),
             r.role_name("spring", "李雷")}
    assert len(names) == 5
    for name in names:
        assert len(name) <= 63
        assert sa.sql.compiler.RESERVED_WORDS.isdisjoint({name})
        assert name.replace("_", "").isalnum()
        assert name.isascii()
        assert name == name.lower()


def test_roles_need_postgres(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with History.open(tmp_path / "h.sqlite") as store, \
            pytest.raises(HistoryError, match="need a PostgreSQL store"):
        r.grant(store, "spring", "Alice")
