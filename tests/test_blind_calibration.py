"""The blind corpus: answers written and rated by people who never saw the scorer.

The held-out part is measured here and never tuned on; its figures are pinned just under what
was measured when tuning stopped, so a change that makes the scorer worse fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from starkit.scoring import score
from starkit.scoring.blind import Figures, load_blind, measure, part, spearman

ROOT = Path(__file__).parent / "calibration"
ANSWERS, SPLIT = load_blind(ROOT / "blind")
ROUND2, _ = load_blind(ROOT / "blind2")
ROUND3, SPLIT3 = load_blind(ROOT / "blind3")
ROUND4, SPLIT4 = load_blind(ROOT / "blind4")
ROUND5, SPLIT5 = load_blind(ROOT / "blind5")
ROUND6, SPLIT6 = load_blind(ROOT / "blind6")
ROUND7, SPLIT7 = load_blind(ROOT / "blind7")
ROUND8, SPLIT8 = load_blind(ROOT / "blind8")
ROUND9, SPLIT9 = load_blind(ROOT / "blind9")
ROUND10, SPLIT10 = load_blind(ROOT / "blind10")
ROUND11, SPLIT11 = load_blind(ROOT / "blind11")
ROUND12, SPLIT12 = load_blind(ROOT / "blind12")
ROUND13, SPLIT13 = load_blind(ROOT / "blind13")
ROUND14, SPLIT14 = load_blind(ROOT / "blind14")
ROUND15, SPLIT15 = load_blind(ROOT / "blind15")
ROUND16, SPLIT16 = load_blind(ROOT / "blind16")
ROUND17, SPLIT17 = load_blind(ROOT / "blind17")
ROUND18, SPLIT18 = load_blind(ROOT / "blind18")
#: Twelve principles' answers (96) were rated first and tuned on; the other four's (32),
#: written late, were measured once with the state fitted on rounds 1-19's first 96.
ROUND19, SPLIT19 = load_blind(ROOT / "blind19")
#: Rated in packets as their authors finished; measured once with the state fitted on rounds
#: 1-19 (88 answers, then all 128 on the same scorer).
ROUND20, SPLIT20 = load_blind(ROOT / "blind20")
#: Written blind by eight new authors, rated in three packets; measured once with the state
#: fitted on rounds 1-20 and never tuned on.
ROUND21, SPLIT21 = load_blind(ROOT / "blind21")
#: Rated in three packets; measured once with the state fitted on rounds 1-21 (96 answers,
#: then all 128 on the same scorer) and never tuned on.
ROUND22, SPLIT22 = load_blind(ROOT / "blind22")
#: Written blind by eight new authors, rated in three packets; measured once with the state
#: fitted on rounds 1-22 (15a79f8) and never tuned on.
ROUND23, SPLIT23 = load_blind(ROOT / "blind23")
#: Written blind by eight more authors, rated in three packets; measured once with the same
#: state as round 23 and never tuned on.
ROUND24, SPLIT24 = load_blind(ROOT / "blind24")
EVERY = (ANSWERS + ROUND2 + ROUND3 + ROUND4 + ROUND5 + ROUND6 + ROUND7 + ROUND8 + ROUND9
         + ROUND10 + ROUND11 + ROUND12 + ROUND13 + ROUND14 + ROUND15 + ROUND16 + ROUND17 + ROUND18
         + ROUND19 + ROUND20 + ROUND21 + ROUND22 + ROUND23 + ROUND24)


@pytest.fixture(scope="module")
def held_out() -> Figures:
    return measure(part(ANSWERS, SPLIT, "held_out"))


@pytest.mark.parametrize("answers", [ANSWERS, ROUND2, ROUND3, ROUND4, ROUND5, ROUND6, ROUND7,
                                     ROUND8, ROUND9, ROUND10, ROUND11, ROUND12, ROUND13,
                                     ROUND14, ROUND15, ROUND16, ROUND17, ROUND18, ROUND19,
                                     ROUND20, ROUND21, ROUND22, ROUND23, ROUND24],
                         ids=["round1", "round2", "round3", "round4", "round5", "round6",
                              "round7", "round8", "round9", "round10", "round11", "round12",
                              "round13", "round14", "round15", "round16", "round17", "round18",
                              "round19", "round20", "round21", "round22", "round23",
                              "round24"])
def test_each_round_covers_every_principle_level_and_voice(answers: list) -> None:  # type: ignore[type-arg]
    assert len(answers) >= 128
    assert len({a.principle for a in answers}) == 16
    assert {a.level for a in answers} == {"SDE1", "SDE2", "Senior"}
    assert len({a.voice for a in answers}) >= 10
    assert len({a.id for a in EVERY}) == len(EVERY)


def test_the_split_is_by_story_and_sixty_forty() -> None:
    dev, held = set(SPLIT["dev"]), set(SPLIT["held_out"])
    assert not dev & held
    assert dev | held == {a.story for a in ANSWERS}
    assert 0.35 <= len(held) / (len(dev) + len(held)) <= 0.45


@pytest.mark.parametrize("answers", [ANSWERS, ROUND2, ROUND3, ROUND4, ROUND5, ROUND6, ROUND7,
                                     ROUND8, ROUND9, ROUND10, ROUND11, ROUND12, ROUND13,
                                     ROUND14, ROUND15, ROUND16, ROUND17, ROUND18, ROUND19,
                                     ROUND20, ROUND21, ROUND22, ROUND23, ROUND24],
                         ids=["round1", "round2", "round3", "round4", "round5", "round6",
                              "round7", "round8", "round9", "round10", "round11", "round12",
                              "round13", "round14", "round15", "round16", "round17", "round18",
                              "round19", "round20", "round21", "round22", "round23",
                              "round24"])
def test_two_independent_raters_agree(answers: list) -> None:  # type: ignore[type-arg]
    r1 = [float(a.ratings["rater_1"]) for a in answers]
    r2 = [float(a.ratings["rater_2"]) for a in answers]
    assert spearman(r1, r2) >= 0.9
    assert all(1 <= a.ratings[k] <= 5 for a in answers for k in ("author", "rater_1", "rater_2"))


def test_round_one_held_out_figures(held_out: Figures) -> None:
    # Measured once after the first tuning round: pairs 82%, bands 84%, AUC 0.94, Spearman
    # 0.70 (word count 79%, -, 0.93, 0.68). Later rounds tuned on it, so only floors here.
    assert held_out.pairs_right >= 0.80
    assert held_out.bands_right >= 0.80
    assert held_out.auc >= 0.92
    assert held_out.spearman >= 0.66
    assert held_out.pairs_right > held_out.wc_pairs_right
    assert held_out.auc > held_out.wc_auc
    assert held_out.spearman > held_out.wc_spearman


#: Floors just under what each later round measured (pairs, bands, AUC, Spearman). Round 3
#: (82%, 80%, 0.94, 0.75; word count 83%, -, 0.95, 0.73) and round 4 (77%, 86%, 0.93, 0.67;
#: word count 82%, -, 0.97, 0.71) were each measured once and then tuned on, so their floors
#: only guard against a regression. Round 5 is the held-out measure of the scorer as shipped:
#: 79%, 78%, 0.90, 0.61 (word count 86%, -, 0.96, 0.70): the targets are not met and a word
#: count does better there. Round 6, written after the last change and measured once:
#: 80%, 80%, 0.95, 0.70 (word count 82%, -, 0.93, 0.67). Round 7, written after the context
#: rules and measured once: 90%, 88%, 0.99, 0.82 (word count 80%, -, 0.95, 0.73), every target.
#: Round 8, written after the whose-work rules and measured once: 77%, 81%, 0.93, 0.72 (word
#: count 78%, -, 0.96, 0.76): below the targets and below the word count, like rounds 5 and 6.
#: Round 9, written while round 8's false red flags were fixed and measured once after: 81%,
#: 84%, 0.94, 0.71 (word count 87%, -, 0.96, 0.74).
#: Round 10, written after the rounds 1-9 were all tuned on and measured once with the fitted
#: combination (data/combination.yaml, fitted on rounds 1-9 only): 85%, 88%, 1.00, 0.76 (word
#: count 82%, -, 0.95, 0.70); the rules alone 81%, 82%, 0.98, 0.73. Round 11, written after
#: the combination was refitted on rounds 1-10, measured once with it: 87%, 89%, 0.98, 0.79
#: (word count 91%, -, 0.96, 0.68); the rules alone 82%, 85%, 0.95, 0.74. Round 12, written
#: after the combination was refitted on rounds 1-11, measured once with it: 90% (115 of 128),
#: 95%, 0.98, 0.85 (word count 81%, -, 0.94, 0.68); the rules alone 88%, 87%, 0.96, 0.80.
#: Round 13, written after the refit on rounds 1-12, measured once with it: 90% (115 of 128),
#: 88%, 1.00, 0.85 (word count 80%, -, 0.96, 0.74); the rules alone 88%, 84%, 1.00, 0.83.
#: Round 14, written after the refit on rounds 1-13, measured once with it: 86%, 89%, 0.99,
#: 0.79 (word count 77%, -, 0.94, 0.65); the rules alone 85%, 87%, 0.98, 0.78.
#: The floors are the shipped combination's figures less a margin.
FLOORS = [
    ("round3", ROUND3, SPLIT3, (0.80, 0.78, 0.92, 0.73)),
    ("round4", ROUND4, SPLIT4, (0.80, 0.85, 0.95, 0.73)),
    ("round5", ROUND5, SPLIT5, (0.77, 0.76, 0.88, 0.58)),
    ("round6", ROUND6, SPLIT6, (0.78, 0.78, 0.93, 0.67)),
    ("round7", ROUND7, SPLIT7, (0.88, 0.86, 0.97, 0.80)),
    ("round8", ROUND8, SPLIT8, (0.76, 0.81, 0.92, 0.72)),
    ("round9", ROUND9, SPLIT9, (0.80, 0.83, 0.93, 0.70)),
    ("round10", ROUND10, SPLIT10, (0.84, 0.87, 0.99, 0.75)),
    ("round11", ROUND11, SPLIT11, (0.85, 0.89, 0.97, 0.79)),
    ("round12", ROUND12, SPLIT12, (0.89, 0.93, 0.97, 0.84)),
    ("round13", ROUND13, SPLIT13, (0.89, 0.88, 0.99, 0.85)),
    ("round14", ROUND14, SPLIT14, (0.85, 0.89, 0.99, 0.78)),
    # measured once: 84.4%, 90.6%, 0.972, 0.757 (the rules then changed; see MEASUREMENTS.md)
    ("round15", ROUND15, SPLIT15, (0.84, 0.90, 0.97, 0.75)),
    # measured once: 85.9%, 90.6%, 0.987, 0.831
    ("round16", ROUND16, SPLIT16, (0.85, 0.90, 0.98, 0.83)),
    # measured once: 89.8%, 93.0%, 0.998, 0.822 (word count 84.4%, -, 1.000, 0.807)
    ("round17", ROUND17, SPLIT17, (0.87, 0.90, 0.98, 0.80)),
    # measured once: 85.2%, 89.8%, 0.980, 0.810 (word count 76.6%, -, 0.941, 0.697)
    ("round18", ROUND18, SPLIT18, (0.83, 0.87, 0.96, 0.78)),
    # measured once (96 answers): 85.4%, 86.5%, 0.980, 0.800 (word count 83.3%, -, 0.950, 0.770),
    # then tuned on; the late 32 measured once: 93.8%, 93.8%, 1.000, 0.883 (word count 84.4%,
    # -, 0.938, 0.691); all 128 now 93.8%, 93.8%, 0.998, 0.882
    ("round19", ROUND19, SPLIT19, (0.92, 0.92, 0.99, 0.86)),
    # measured once (88 answers): 88.6%, 90.9%, 0.978, 0.805 (word count 85.2%, -, 0.964, 0.725);
    # all 128 on the same scorer: 87.5%, 89.8%, 0.981, 0.798 (word count 82.0%, -, 0.950, 0.694)
    ("round20", ROUND20, SPLIT20, (0.87, 0.89, 0.98, 0.79)),
    # measured once: 89.1%, 90.6%, 0.976, 0.830 (word count 82.0%, -, 0.973, 0.710)
    ("round21", ROUND21, SPLIT21, (0.89, 0.90, 0.97, 0.82)),
    # measured once (96 answers): 93.8%, 89.6%, 1.000, 0.863 (word count 85.4%, -, 0.972, 0.736);
    # all 128 on the same scorer: 89.8%, 89.8%, 0.984, 0.820 (word count 86.7%, -, 0.966, 0.731)
    ("round22", ROUND22, SPLIT22, (0.89, 0.89, 0.98, 0.81)),
    # measured once (96 answers): 93.8%, 91.7%, 0.998, 0.846 (word count 83.3%, -, 0.972,
    # 0.725); all 128 on the same scorer: 93.0%, 93.0%, 0.999, 0.860 (word count 85.2%, -,
    # 0.982, 0.712)
    ("round23", ROUND23, SPLIT23, (0.92, 0.92, 0.99, 0.85)),
    # measured once on the same state as round 23: 89.8%, 91.4%, 1.000, 0.818 (word count
    # 82.8%, -, 0.963, 0.696); rounds 23 and 24 together (256 answers): 91.4%, 92.2%, 1.000,
    # 0.839 (word count 84.0%, -, 0.974, 0.704)
    ("round24", ROUND24, SPLIT24, (0.89, 0.91, 0.99, 0.81)),
]


@pytest.mark.parametrize(("name", "answers", "split", "floors"), FLOORS,
                         ids=[f[0] for f in FLOORS])
def test_later_rounds_stay_above_their_floors(name: str, answers: list, split: dict,  # type: ignore[type-arg]
                                              floors: tuple[float, float, float, float]) -> None:
    fig = measure(part(answers, split, "held_out"))
    assert fig.answers == {"round9": 136}.get(name, 128)
    got = (fig.pairs_right, fig.bands_right, fig.auc, fig.spearman)
    assert all(g >= f for g, f in zip(got, floors, strict=True)), (name, got)
    if name in ("round3", "round6", "round7", "round10", "round11", "round12", "round13",
                "round14", "round15", "round16", "round17", "round18", "round19", "round20",
                "round21", "round22", "round23", "round24"):
        assert fig.spearman > fig.wc_spearman
    if name in ("round10", "round12", "round13", "round14", "round15", "round16", "round17",
                "round18", "round19", "round20", "round21", "round22", "round23",
                "round24"):
        assert fig.pairs_right > fig.wc_pairs_right  # (not on round 11: 87% against 91%)
    if name in ("round10", "round11", "round12", "round13", "round14", "round15",
                "round16", "round17", "round18", "round19", "round20", "round21",
                "round22", "round23", "round24"):
        # the rules alone, measured on the same answers at the same time
        rules = measure(part(answers, split, "held_out"), lambda a: score(
            a.answer, principle=a.principle, level=a.level, combination=False).overall)
        assert (rules.pairs_right, rules.bands_right) < (fig.pairs_right, fig.bands_right)
        assert rules.spearman < fig.spearman


def test_buzzwords_lose_and_plain_strong_answers_win() -> None:
    # The bar: every buzzword-stuffed *weak* answer below Hire.
    buzz = [a for a in EVERY if a.quality == "weak"
            and ("buzz" in a.flaw.lower() or "keyword" in a.flaw.lower())]
    plain = [a for a in EVERY if a.quality == "strong" and "plain" in a.voice]
    assert len(buzz) >= 6
    assert len(plain) >= 5
    for a in buzz:
        v = score(a.answer, principle=a.principle, level=a.level).verdict
        assert v in ("Lean No Hire", "No Hire"), a.id
    for a in plain:
        v = score(a.answer, principle=a.principle, level=a.level).verdict
        assert v in ("Hire", "Strong Hire"), a.id


def test_a_pasted_paragraph_scores_close_to_the_same_answer_in_boxes() -> None:
    # Round 3, measured once: mean |gap| 4.4 points, median 2.0, 75% within 5.
    gaps = []
    for a in ROUND3:
        if isinstance(a.answer, str):
            continue
        boxed = score(a.answer, principle=a.principle, level=a.level).overall
        pasted = score(" ".join(t for _, t in a.answer if t), principle=a.principle,
                       level=a.level).overall
        gaps.append(abs(boxed - pasted))
    assert len(gaps) >= 100
    assert sum(gaps) / len(gaps) <= 5.5
    assert sum(g <= 5 for g in gaps) / len(gaps) >= 0.70
