"""The library, the scenario model and the reference scenario."""

from __future__ import annotations

import json

import pytest
import yaml
from pydantic import ValidationError

import starkit
from starkit.content.models import PRINCIPLE_NAMES, Scenario
from tests.conftest import ROOT


def test_principles_are_the_sixteen_official_ones(library: starkit.Library) -> None:
    assert [p.name for p in library.principles] == list(PRINCIPLE_NAMES)
    assert len({p.slug for p in library.principles}) == 16
    for p in library.principles:
        assert len(p.signals) >= 5, p.name
        assert all(s == s.lower() for s in p.signals), p.name


def test_library_lookups(library: starkit.Library, reference: Scenario) -> None:
    assert reference in library.scenarios
    assert "success-and-scale-webhook-drops" in library
    for key in ("Success and Scale Bring Broad Responsibility",
                "success-and-scale-bring-broad-responsibility",
                "success and scale bring broad responsibility"):
        assert reference in library.by_principle(key)
    assert library.principle("are-right-a-lot").name == "Are Right, A Lot"


def test_unknown_names_suggest_the_closest(library: starkit.Library) -> None:
    with pytest.raises(starkit.UnknownNameError) as info:
        library.get("success-and-scale-webhook-drop")
    assert str(info.value) == (
        "unknown scenario 'success-and-scale-webhook-drop' "
        "(did you mean 'success-and-scale-webhook-drops'?)"
    )
    with pytest.raises(starkit.UnknownNameError, match="did you mean 'Dive Deep'"):
        library.by_principle("Dive Deeper")
    assert isinstance(info.value, KeyError)


def test_scenarios_are_frozen(reference: Scenario) -> None:
    with pytest.raises(ValidationError):
        reference.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "scenarios").glob("*.yaml")), ids=str)
def test_every_scenario_round_trips(path) -> None:  # type: ignore[no-untyped-def]
    scenario = starkit.load_scenario(path)
    dumped = scenario.model_dump(mode="json", exclude_none=True)
    assert Scenario.model_validate(json.loads(json.dumps(dumped))) == scenario
    assert Scenario.model_validate(yaml.safe_load(yaml.safe_dump(dumped))) == scenario


def test_reference_scenario_keeps_every_fact_of_the_page(reference: Scenario) -> None:
    s = reference
    assert s.principle == "Success and Scale Bring Broad Responsibility"
    assert s.role == "SDE2"
    targets = [getattr(s.sections, n).target_seconds for n in starkit.SECTIONS]
    assert targets == [30, 20, 90, 20, 15]
    everything = json.dumps(s.model_dump(mode="json")).lower()
    for fact in ("0.3%", "race condition", "retry logic", "dead-letter", "$8,000",
                 "platform team", "sprint planning", "pull request", "template",
                 "cross-team", "shared accountability", "organizational gap",
                 "slack", "the team was happy"):
        assert fact in everything, fact
    action = s.sections.action
    assert [p.split()[1] for p in action.key_phrases] == [
        "pulled", "traced", "reproduced", "wrote", "added", "submitted"]
    assert len(s.follow_ups) == 4
    assert len(s.quiz) == 3
    assert all(3 <= len(q.options) <= 4 and q.answer in q.options for q in s.quiz)
    assert [a.principle for a in s.angles] == ["Customer Obsession", "Ownership", "Dive Deep"]
    assert s.levels.SDE1.time_budget_seconds == 120
    assert (s.levels.Senior.time_budget_min_seconds, s.levels.Senior.time_budget_seconds) == (150, 180)
    assert "no hire" in s.weak_answer.verdict.lower()
    assert len(s.weak_answer.flagged_phrases) == 5


def test_reference_scenario_is_in_our_own_words(reference: Scenario) -> None:
    page = (ROOT.parent / "shared" / "seed" / "walkthrough-success-and-scale.txt")
    if not page.exists():
        pytest.skip(f"reference page not found at {page}")
    sentences = [x.strip() for x in page.read_text().replace("\n", " ").split(".")]
    long_ones = {x for x in sentences if len(x.split()) >= 8}
    ours = json.dumps(reference.model_dump(mode="json"))
    copied = [x for x in long_ones if x in ours]
    assert copied == []


def test_html_escapes_user_text(reference: Scenario) -> None:
    evil = reference.model_copy(update={"title": "<script>alert(1)</script>"})
    html = evil._repr_html_()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_weak_answers_are_stored_and_shown_in_parts(library: starkit.Library) -> None:
    from starkit.widgets import Compare, Walkthrough

    for s in library.scenarios:
        parts = s.weak_parts()
        assert " ".join(" ".join(parts.values()).split()) == " ".join(s.weak_answer.text.split())
        assert parts["action"], s.id  # every weak answer says something it did
    ref = library.get("success-and-scale-webhook-drops")
    assert ref.weak_parts()["task"] == ""
    assert ref.weak_parts()["reflection"] == ""
    compare = Compare(ref)
    assert starkit.segment(compare.box_b.value).parts() == ref.weak_parts()  # as stored
    walk = Walkthrough(ref)
    assert "<b>Task:</b> <i>(left out)</i>" in walk.body.value
    assert "<b>Situation:</b>" in walk.body.value
