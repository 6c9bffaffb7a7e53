"""The scenario library agrees with itself and with the scorer."""

from __future__ import annotations

import pytest

import starkit
from starkit import Answer, score, score_reply
from starkit.content.models import PRINCIPLE_NAMES

LIBRARY = starkit.load_library()
SCENARIOS = LIBRARY.scenarios


def test_every_principle_has_a_scenario() -> None:
    coverage = LIBRARY.coverage()
    assert [name for name, found in coverage.items() if not found] == []
    assert len(SCENARIOS) >= 17


def test_ids_and_stories_are_unique() -> None:
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert len({s.title for s in SCENARIOS}) == len(SCENARIOS)
    overviews = [set(s.overview.lower().split()) for s in SCENARIOS]
    for i, a in enumerate(overviews):
        for j in range(i + 1, len(overviews)):
            b = overviews[j]
            assert len(a & b) / len(a | b) < 0.5, (SCENARIOS[i].id, SCENARIOS[j].id)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_scenario_is_complete(scenario: starkit.Scenario) -> None:
    assert len(scenario.follow_ups) >= 4
    assert len(scenario.quiz) >= 3
    assert len(scenario.angles) >= 3
    assert all(a.principle != scenario.principle for a in scenario.angles)
    assert all(a.principle in PRINCIPLE_NAMES for a in scenario.angles)
    assert all(q.answer in q.options for q in scenario.quiz)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_strong_is_hire_and_weak_is_no_hire(scenario: starkit.Scenario) -> None:
    strong = score(Answer(**scenario.strong_parts()), scenario=scenario, level=scenario.role)
    weak = score(scenario.weak_answer.text, scenario=scenario, level=scenario.role)
    assert strong.verdict in ("Hire", "Strong Hire"), [f.kind for f in strong.top_fixes()]
    assert weak.verdict in ("Lean No Hire", "No Hire"), [f.kind for f in weak.top_fixes()]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_follow_up_strong_beats_weak(scenario: starkit.Scenario) -> None:
    for f in scenario.follow_ups:
        kw = {"principle": scenario.principle, "level": scenario.role}
        good = score_reply(f.strong.answer, follow_up=f, **kw)  # type: ignore[arg-type]
        bad = score_reply(f.weak.answer, follow_up=f, **kw)  # type: ignore[arg-type]
        assert good.overall > bad.overall, f.question
        # the rules alone, without the model answers to compare with
        good = score_reply(f.strong.answer, question=f.question, **kw)  # type: ignore[arg-type]
        bad = score_reply(f.weak.answer, question=f.question, **kw)  # type: ignore[arg-type]
        assert good.overall >= bad.overall, f.question
