"""Workshop members and their invite tokens, on both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from starkit.history import History
from starkit.history import members as m
from starkit.history.people import check_name


def test_an_invite_token_names_its_member_and_nobody_else(target: str) -> None:
    with History.open(target) as store:
        alice, bob = m.invite(store, "spring", ["Alice Doe", "Bob"])
        (coach,) = m.invite(store, "spring", ["Carol"], kind="coach")
        assert m.redeem(store, alice.token) == m.Member("spring", "Alice Doe", "participant")
        assert m.redeem(store, bob.token) == m.Member("spring", "Bob", "participant")
        found = m.redeem(store, coach.token)
        assert found is not None
        assert found.is_coach
        assert found.person == "Carol"
        assert len(alice.token) == 32
        assert alice.token != bob.token


def test_a_tampered_or_foreign_token_is_refused(target: str) -> None:
    with History.open(target) as store:
        (alice,) = m.invite(store, "spring", ["Alice"])
        t = alice.token
        flipped = t[:-1] + ("A" if t[-1] != "A" else "B")
        for bad in (flipped, t[:-1], t + "x", t.upper() if t.upper() != t else t.lower(),
                    "", " ", "' OR 1=1 --", m.hash_token(t), "x" * 32):
            assert m.redeem(store, bad) is None, bad
        assert m.redeem(store, f"  {t}\n") is not None  # pasted with spaces around


def test_only_the_hash_is_stored(target: str) -> None:
    with History.open(target) as store:
        (alice,) = m.invite(store, "spring", ["Alice"])
        with store.transaction() as tx:
            rows = tx.run("SELECT token_hash FROM members")
    assert rows == [(m.hash_token(alice.token),)]
    assert alice.token not in str(rows)


def test_inviting_again_replaces_the_link_and_look_alikes_are_one_person(target: str) -> None:
    with History.open(target) as store:
        (first,) = m.invite(store, "spring", ["Alice Doe"])
        again = m.invite(store, "spring", ["alice doe", "Ａlice Doe", "ALICE  DOE"])
        assert [i.member.person for i in again] == ["Alice Doe"]
        assert m.redeem(store, first.token) is None
        assert m.redeem(store, again[0].token) is not None
        assert [x.person for x in m.members(store, "spring")] == ["Alice Doe"]
        # the same name in another workshop is another member
        (other,) = m.invite(store, "autumn", ["Alice Doe"])
        assert m.redeem(store, other.token) == m.Member("autumn", "Alice Doe")
        assert m.redeem(store, again[0].token) == m.Member("spring", "Alice Doe")


def test_members_are_listed_coaches_first_and_withdrawn_links_stop(target: str) -> None:
    with History.open(target) as store:
        invites = m.invite(store, "spring", ["zoe", "Bob"])
        m.invite(store, "spring", ["Carol"], kind="coach")
        m.invite(store, "autumn", ["Dan"])
        assert [(x.person, x.kind) for x in m.members(store, "spring")] == [
            ("Carol", "coach"), ("Bob", "participant"), ("zoe", "participant")]
        assert len(m.members(store)) == 4
        assert m.withdraw(store, "spring") == 3
        assert all(m.redeem(store, i.token) is None for i in invites)
        assert len(m.members(store, "spring")) == 3  # they stay members, without links


@pytest.mark.parametrize("bad", ["", "  ", "a" * 61, "<script>", "Bob; DROP", "\u202eBob"])
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="name"):
        check_name(bad)
    with pytest.raises(ValueError, match="workshop name"):
        m.check_workshop(bad if bad.strip() else bad + "\n")


def test_bad_kind_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with History.open(tmp_path / "h.sqlite") as store, pytest.raises(ValueError, match="kind"):
        m.invite(store, "spring", ["Alice"], kind="admin")


def test_a_token_hash_is_unique(target: str) -> None:
    with History.open(target) as store:
        (a,) = m.invite(store, "spring", ["Alice"])
        with pytest.raises(Exception, match=r"members_token_hash|UNIQUE"), \
                store.transaction() as tx:
            tx.run(sa.text("INSERT INTO members VALUES ('x', 'y', 'participant', :h, NULL, 0)"),
                   {"h": m.hash_token(a.token)})


@pytest.mark.parametrize("name", ["Zoë Ångström", "José", "山田 太郎", "やまだ タロウ",
                                  "Дмитрий", "O'Neil-Smith Jr.", "Ａlice Doe", "Nguyễn Văn A"])
def test_names_in_one_alphabet_are_welcome(name: str) -> None:
    assert check_name(name)


@pytest.mark.parametrize("name", ["\u0410lice", "Al\u0456ce Doe", "\u0391lpha Beta",
                                  "Bob \u0411ob"])
def test_a_name_mixing_alphabets_cannot_pass_for_another(tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="mixes"):
        check_name(name)
    with History.open(tmp_path / "h.sqlite") as store:
        m.invite(store, "spring", ["Alice"])
        with pytest.raises(ValueError, match="could pass for someone else"):
            m.invite(store, "spring", [name])
        assert [x.person for x in m.members(store)] == ["Alice"]
