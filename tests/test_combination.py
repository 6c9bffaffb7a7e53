"""The fitted combination: how findings add up to the overall score, read from data."""

from __future__ import annotations

from pathlib import Path

import pytest

import starkit
from starkit import Answer, score
from starkit._exceptions import DataFileError
from starkit.scoring.combination import Combination, load_combination, read_combination
from starkit.scoring.engine import verdict_for

SHIPPED = load_combination()


def test_the_shipped_file_is_fitted_on_the_tuning_rounds_only() -> None:
    assert "blind22 (" in SHIPPED.source  # round 22 joined after its one measurement
    assert "blind23" not in SHIPPED.source  # a later round is held out and measured once
    assert SHIPPED.share == 0.7
    assert SHIPPED.edges == (1.35, 3.0, 4.7)


def test_strengths_only_add_and_problems_only_take_away() -> None:
    strengths = {"validation", "specific_reflection", "number", "pushed_back",
                 "first_person_action", "concrete_action", "reflection_present"}
    problems = {"integrity", "inflated", "buzzwords", "guessing", "blame", "unverified",
                "manager_asked", "wrong_principle", "hypothetical", "scope_below_level"}
    assert all(SHIPPED.kinds[k] > 0 for k in strengths)
    assert all(SHIPPED.kinds[k] < 0 for k in problems)
    assert all(w >= 0 for w in SHIPPED.dimensions.values())
    assert "cap" not in SHIPPED.kinds
    assert SHIPPED.measures["reads_as_other"] < 0  # the further it strays, the lower


@pytest.mark.parametrize(("rating", "expected"), [
    (0.5, 0.0), (1.0, 0.0), (1.35, 40.0), (3.0, 65.0), (4.7, 80.0), (5.0, 100.0), (6.0, 100.0),
    (2.175, 52.5), (4.85, 90.0),
])
def test_a_rating_reads_on_the_verdict_scale_through_the_edges(rating: float,
                                                               expected: float) -> None:
    assert SHIPPED.to_score(rating) == expected


def test_just_above_and_below_each_verdict_line() -> None:
    lnh, hire, strong = SHIPPED.edges
    for edge, below, at in ((lnh, "No Hire", "Lean No Hire"), (hire, "Lean No Hire", "Hire"),
                            (strong, "Hire", "Strong Hire")):
        assert verdict_for(SHIPPED.to_score(edge - 0.01)) == below
        assert verdict_for(SHIPPED.to_score(edge)) == at


def test_contributions_add_up_and_name_their_inputs() -> None:
    kinds = ["validation", "blame", "blame", "number", "cap", "never_seen"]
    dims = {"impact": 50.0}
    parts = dict(SHIPPED.contributions(kinds, dims))
    assert parts["start"] == round(SHIPPED.intercept, 3)
    assert parts["blame x2"] == round(2 * SHIPPED.kinds["blame"], 3)
    assert parts["validation x1"] == round(SHIPPED.kinds["validation"], 3)
    assert parts["impact 50"] == round(0.5 * SHIPPED.dimensions["impact"], 3)
    assert not any(k.startswith(("cap", "never_seen")) for k in parts)
    assert SHIPPED.rating(kinds, dims) == pytest.approx(sum(parts.values()))
    # a measure counts as given, by its own weight
    graded = dict(SHIPPED.contributions([], {}, {"reads_as_other": 12.5}))
    assert graded["reads as other 12.5"] == round(12.5 * SHIPPED.measures["reads_as_other"], 3)
    assert not any(k.startswith("reads as") for k, _ in SHIPPED.contributions(
        [], {}, {"reads_as_other": 0}))
    assert SHIPPED.rating([], {}, {"reads_as_other": 12.5}) == pytest.approx(
        SHIPPED.rating([], {}) + 12.5 * SHIPPED.measures["reads_as_other"], abs=0.001)
    # a kind counts at most max_count times
    many = dict(SHIPPED.contributions(["number"] * 9, {}))
    assert many["number x5"] == round(5 * SHIPPED.kinds["number"], 3)


def test_the_scorecard_is_the_share_of_the_rating_and_the_weighted_mean(
        reference: starkit.Scenario) -> None:
    answer = Answer(**reference.strong_parts())
    fitted = score(answer, scenario=reference)
    rules = score(answer, scenario=reference, combination=False)
    assert rules.rating is None
    assert rules.contributions == ()
    assert fitted.rating is not None
    expected = SHIPPED.share * SHIPPED.to_score(fitted.rating) + (1 - SHIPPED.share) * (
        rules.uncapped)
    assert fitted.uncapped == pytest.approx(expected, abs=0.11)
    assert "combination " + SHIPPED.fingerprint in fitted.rubric
    assert fitted.to_dict()["contributions"][0] == ["start", round(SHIPPED.intercept, 3)]


def test_a_cap_still_bounds_the_fitted_score() -> None:
    rubric = starkit.load_rubric()
    answer = Answer(
        situation="Our checkout service dropped about 3% of card payments after a release.",
        task="I owned the payments client, so fixing it was mine.",
        action="I pulled the logs and reproduced the timeout locally. I fixed the retry, and I "
               "skipped the security review to make the date. I deployed it that evening.",
        result="Dropped payments went from 3% to 0.1% within a day.",
        reflection="I learned to reproduce a timeout before touching retry code.")
    card = score(answer, principle="Ownership", level="SDE2")
    assert card.overall <= rubric.caps.integrity
    assert card.uncapped > card.overall


def test_a_broken_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    good = SHIPPED.to_yaml()
    p = tmp_path / "combination.yaml"
    p.write_text(good.replace("edges:\n- 1.35\n- 3.0\n- 4.7",
                              "edges:\n- 3.0\n- 1.35\n- 4.7"), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_combination(p)
    assert str(err.value).endswith(
        "combination.yaml: edges: expected three rising ratings between 1 and 5")
    p.write_text(good.replace("share: 0.7", "share: 1.5"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"combination.yaml: share: expected 0 to 1"):
        read_combination(p)
    p.write_text(good.replace("  reads_as_other: ", "  reads_as_other: lots #"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"combination.yaml: measures: expected a mapping"):
        read_combination(p)
    p.write_text(good.replace("intercept: ", "intercept: lots #"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"combination.yaml: intercept: expected a number"):
        read_combination(p)
    # and the validator checks it with the rest of the data
    from starkit.content.loader import check_paths

    count, errors = check_paths([p])
    assert count == 1
    assert [e.key_path for e in errors] == ["intercept"]


def test_the_file_round_trips() -> None:
    again = read_combination_text(SHIPPED.to_yaml())
    assert again == SHIPPED
    assert again.measures == SHIPPED.measures != {}
    bare = Combination(SHIPPED.intercept, SHIPPED.kinds, SHIPPED.dimensions, SHIPPED.defaults,
                       SHIPPED.edges, SHIPPED.max_count, SHIPPED.share, SHIPPED.source)
    assert "measures" not in bare.to_yaml()
    assert read_combination_text(bare.to_yaml()).measures == {}
    assert bare.fingerprint != SHIPPED.fingerprint


def test_how_far_a_story_reads_as_another_principle_is_weighed(library: starkit.Library) -> None:
    story = Answer(**library.get("frugality-cloud-cost-cut").strong_parts())
    own = score(story, principle="Frugality", level="SDE2")
    other = score(story, principle="Customer Obsession", level="SDE2")
    assert own.measures == {"reads_as_other": 0.0}
    assert other.measures == {"reads_as_other": 13.94}
    assert dict(other.contributions)["reads as other 13.94"] == round(
        13.94 * SHIPPED.measures["reads_as_other"], 3)
    assert other.to_dict()["measures"] == {"reads_as_other": 13.94}
    assert [f.kind for f in other.findings].count("wrong_principle") == 1
    # rehearsing the scenario's own story, the scenario fixes the story: nothing is measured
    assert score(story, scenario=library.get("frugality-cloud-cost-cut")).measures == {}


def read_combination_text(text: str) -> Combination:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "combination.yaml"
        p.write_text(text, encoding="utf-8")
        return read_combination(p)
