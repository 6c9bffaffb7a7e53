"""The calibration set: every labelled ordering and verdict band holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from starkit.scoring.calibration import load_cases

FOLDER = Path(__file__).parent / "calibration"
PAIRS, BANDS = load_cases(FOLDER)


def test_the_set_is_big_enough_and_ids_are_unique() -> None:
    ids = [p.id for p in PAIRS] + [b.id for b in BANDS]
    assert len(ids) == len(set(ids))
    assert 2 * len(PAIRS) + len(BANDS) >= 60
    for kind in ("i-vs-we", "numbers-vs-vague", "specific-vs-generic-reflection",
                 "result-present-vs-missing", "concise-vs-rambling-setup", "fix-vs-message"):
        assert sum(p.kind == kind for p in PAIRS) >= 6, kind
    for kind in ("keyword-salad", "long-vague", "hypothetical", "blame", "manager-assigned"):
        assert sum(b.kind == kind for b in BANDS) >= 4, kind


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.id)
def test_better_outscores_worse(pair) -> None:  # type: ignore[no-untyped-def]
    better, worse = pair.scores()
    assert better.overall > worse.overall, (
        f"{pair.kind}: {better.overall} ({better.verdict}) <= {worse.overall} ({worse.verdict})"
    )


@pytest.mark.parametrize("band", BANDS, ids=lambda b: b.id)
def test_verdict_is_in_band(band) -> None:  # type: ignore[no-untyped-def]
    card = band.card()
    assert card.verdict in band.expect, (
        f"{band.kind}: {card.overall} {card.verdict}; problems: "
        f"{[f.kind for f in card.top_fixes(5)]}"
    )


@pytest.mark.parametrize(
    "pair", [p for p in PAIRS if p.kind in ("fix-vs-message", "validated-vs-guessed")],
    ids=lambda p: p.id,
)
def test_handing_off_or_guessing_is_below_hire(pair) -> None:  # type: ignore[no-untyped-def]
    # The reference page: a message sent is routing, not ownership; a guess is unprofessional.
    better, worse = pair.scores()
    assert worse.verdict in ("Lean No Hire", "No Hire")
    assert better.verdict in ("Hire", "Strong Hire")
