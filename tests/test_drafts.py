"""Drafts: an unsaved answer kept per candidate and place, on both databases, and under
row-level security only its owner's."""

from __future__ import annotations

import pytest

from starkit.history import History
from starkit.history import roles as r
from starkit.scoring import Answer
from tests.pg import pg_url, reset_pg

TEXT = Answer(situation="Ünïcode & <tags> survive", task="t", action="a'\"b", result="",
              reflection="r" * 5000)


def test_a_draft_round_trips_and_an_empty_one_is_forgotten(target: str) -> None:
    with History.open(target) as store:
        assert store.draft("ana", "w|Ownership|x") is None
        store.save_draft("ana", "w|Ownership|x", TEXT)
        store.save_draft("ana", "w|Ownership|y", Answer(situation="other"))
        store.save_draft("bo", "w|Ownership|x", Answer(situation="bo's"))
        assert store.draft("ana", "w|Ownership|x") == TEXT
        store.save_draft("ana", "w|Ownership|x", Answer(situation="edited"))
        assert store.draft("ana", "w|Ownership|x") == Answer(situation="edited")
        store.save_draft("ana", "w|Ownership|x", Answer())
        assert store.draft("ana", "w|Ownership|x") is None
        assert store.draft("bo", "w|Ownership|x") == Answer(situation="bo's")
        store.delete("bo")  # deleting a person deletes their drafts too
        assert store.draft("bo", "w|Ownership|x") is None
        assert store.draft("ana", "w|Ownership|y") == Answer(situation="other")


def test_drafts_are_their_owners_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    with History.open(url) as owner:
        alice = r.grant(owner, "spring", "Alice")
        carol = r.grant(owner, "spring", "Carol", kind="coach")
        owner.save_draft("Bob", "spring|x|y", Answer(situation="Bob's secret draft"))
    monkeypatch.setenv("PGPASSWORD", alice.password)
    with History.open(alice.url) as mine:
        mine.save_draft("Alice", "spring|x|y", TEXT)
        assert mine.draft("Alice", "spring|x|y") == TEXT
        assert mine.draft("Bob", "spring|x|y") is None
        mine.delete_draft("Bob", "spring|x|y")  # no row she may see: nothing happens
        with pytest.raises(Exception, match="row-level security"):
            mine.save_draft("Bob", "spring|x|z", Answer(situation="forged"))
    monkeypatch.setenv("PGPASSWORD", carol.password)
    with History.open(carol.url) as coach, pytest.raises(Exception, match="permission denied"):
        coach.draft("Alice", "spring|x|y")
    with History.open(url) as owner:
        assert owner.draft("Bob", "spring|x|y") == Answer(situation="Bob's secret draft")
