"""The principle lexicon: which principle a story's words read as."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from starkit import Answer, score
from starkit._exceptions import DataFileError
from starkit.content.loader import check_paths, load_principles
from starkit.content.models import Scenario
from starkit.scoring.clauses import read
from starkit.scoring.lexicon import (
    MARGIN,
    Lexicon,
    check_lexicon,
    load_lexicon,
    read_answer,
    reads_as,
    sentence_lemmas,
    using,
)

SHIPPED = load_lexicon()
NAMES = tuple(p.name for p in load_principles())


def test_the_shipped_lexicon_is_counted_on_the_tuning_rounds_only() -> None:
    assert SHIPPED.principles == NAMES
    assert "blind22 (" in SHIPPED.source
    assert "blind23" not in SHIPPED.source  # measured once before it may join
    assert all(d >= 60 for d in SHIPPED.documents)
    assert len(SHIPPED.counts) > 800


@pytest.mark.parametrize(("lemma", "principle"), [
    ("cost", "Frugality"), ("mentor", "Hire and Develop the Best"),
    ("customer", "Customer Obsession"), ("hire", "Hire and Develop the Best"),
])
def test_a_principles_own_words_point_to_it(lemma: str, principle: str) -> None:
    row = SHIPPED.weights[lemma]
    assert NAMES[max(range(len(row)), key=row.__getitem__)] == principle


def _two(counts: dict[str, tuple[int, int]]) -> Lexicon:
    return Lexicon(("A", "B"), (10, 10), counts, 1.0)


def test_weights_are_smoothed_log_odds_against_all_stories() -> None:
    lex = _two({"cost": (0, 9)})
    # (c + 1) / (10 + 2) against (9 + 2) / (20 + 4)
    assert lex.weights["cost"][0] == pytest.approx(math.log(1 / 12) - math.log(11 / 24))
    assert lex.weights["cost"][1] == pytest.approx(math.log(10 / 12) - math.log(11 / 24))
    assert lex.evidence(["cost", "cost", "unknown"]) == pytest.approx(
        {"A": lex.weights["cost"][0], "B": lex.weights["cost"][1]})


def test_the_margin_is_per_hundred_words_and_the_line_is_margin() -> None:
    lex = Lexicon(("A", "B"), (100, 100), {"cost": (0, 99)}, 1.0)
    lead = lex.weights["cost"][1] - lex.weights["cost"][0]
    assert lead == pytest.approx(math.log(100))
    got = reads_as(lex, {"cost"}, "A", 20)  # a short answer counts as 50 words
    assert got is not None
    assert got.other == "B"
    assert got.margin == pytest.approx(-lead * 2, abs=0.01)
    # just past the line and just short of it
    words_at_line = lead / MARGIN * 100
    past = reads_as(lex, {"cost"}, "A", int(words_at_line) - 1)
    short = reads_as(lex, {"cost"}, "A", int(words_at_line) + 2)
    assert past is not None
    assert past.dominated
    assert short is not None
    assert not short.dominated
    asked_b = reads_as(lex, {"cost"}, "B", 50)
    assert asked_b is not None
    assert asked_b.margin > 0
    assert not asked_b.dominated
    assert reads_as(lex, {"cost"}, "Nobody", 50) is None


def test_a_principles_name_is_not_evidence() -> None:
    assert sentence_lemmas(read("This shows my customer obsession.")) == frozenset()
    assert sentence_lemmas(read("I called the customer back.")) == {"call", "customer"}
    # either half of a name with a semicolon
    assert "commit" not in sentence_lemmas(read("I had to disagree and commit here."))


def _sixteen(word: str, principle: str) -> Lexicon:
    return Lexicon(NAMES, (50,) * 16, {word: tuple(40 if n == principle else 0 for n in NAMES)})


STORY = Answer.from_mapping({
    "situation": "The warehouse team kept its stock in a shared spreadsheet.",
    "task": "I was asked to tidy the process before the busy season.",
    "action": "I rebuilt the spreadsheet with one tab per site and wrote a check for "
              "duplicate rows.",
    "result": "Duplicate orders fell from twelve a week to one.",
    "reflection": "I now look for the manual step first.",
})


def test_a_story_that_reads_as_another_principle_is_told_so_with_its_sentence() -> None:
    with using(_sixteen("spreadsheet", "Frugality")):
        card = score(STORY, principle="Customer Obsession", level="SDE1")
        same = score(STORY, principle="Frugality", level="SDE1")
    found = [f for f in card.findings if f.kind == "wrong_principle"]
    assert len(found) == 1
    assert found[0].message == (
        "This reads as a Frugality story. For Customer Obsession, the interviewer looks for "
        "someone who starts from what customers need and works backwards, earning and keeping "
        "their loyalty.")
    assert found[0].section == "situation"
    assert found[0].quote == "The warehouse team kept its stock in a shared spreadsheet."
    assert not [f for f in same.findings if f.kind == "wrong_principle"]
    assert card.dimensions["principle_fit"] < same.dimensions["principle_fit"]
    # the shipped lexicon reads this process story as one, not as a customer story
    shipped = score(STORY, principle="Customer Obsession", level="SDE1")
    assert [f.message.split(".")[0] for f in shipped.findings if f.kind == "wrong_principle"] \
        == ["This reads as a Think Big story"]
    # told for the principle it reads as, or for one close behind it, it is not flagged
    # (counted on rounds 1-21, Think Big's words lead Ownership's by 3.27 here)
    for close in ("Think Big", "Ownership"):
        assert not [f for f in score(STORY, principle=close, level="SDE1").findings
                    if f.kind == "wrong_principle"], close


def test_an_before_a_vowel_and_no_flag_when_rehearsing_a_scenarios_own_story(
    reference: Scenario,
) -> None:
    given = Answer(**reference.strong_parts())
    own = score(given, principle=reference.principle, level="SDE2")
    assert [f.message.split(".")[0] for f in own.findings if f.kind == "wrong_principle"] \
        == ["This reads as an Ownership story"]
    rehearsed = score(given, level="SDE2", scenario=reference)
    assert not [f for f in rehearsed.findings if f.kind == "wrong_principle"]


def test_naming_the_asked_principle_does_not_lift_the_flag() -> None:
    lex = _sixteen("spreadsheet", "Frugality")
    named = Answer.from_mapping({**dict(STORY), "reflection": STORY.reflection
                                 + " This shows my customer obsession."})
    with using(lex):
        card = score(named, principle="Customer Obsession", level="SDE1")
    assert [f.kind for f in card.findings].count("wrong_principle") == 1


def test_a_broken_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    good = Path(__file__).resolve().parent.parent / "data" / "principle_lexicon.yaml"
    text = good.read_text(encoding="utf-8")
    p = tmp_path / "principle_lexicon.yaml"
    p.write_text(text.replace("  cost: [", "  cost: [1, "), encoding="utf-8")
    errors = check_lexicon(p)
    assert [(e.key_path, e.problem) for e in errors] == [
        ("lemmas.cost", "expected 16 whole numbers >= 0, one per principle")]
    assert str(errors[0]).startswith(str(p.name)) or p.name in str(errors[0])
    p.write_text(text.replace("alpha: 1.0", "alpha: -1"), encoding="utf-8")
    assert [e.key_path for e in check_lexicon(p)] == ["alpha"]
    p.write_text("principles: [\n", encoding="utf-8")
    (err,) = check_lexicon(p)
    assert err.line == 2
    assert "not readable YAML" in err.problem
    p.write_text(text.replace("alpha: 1.0", "alpha: none"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"principle_lexicon\.yaml: alpha"):
        load_lexicon.__wrapped__(p)
    # and the data validator checks it with the rest of the data
    assert check_paths([p])[1][0].key_path == "alpha"
    assert check_paths([good]) == (1, [])


def test_repeating_sentences_neither_adds_evidence_nor_dilutes_it(reference: Scenario) -> None:
    once = read("I rang the depot and asked for the logs.")
    assert read_answer([once, once]) == read_answer([once]) == (
        frozenset({"ring", "depot", "ask", "log"}), 9)
    given = Answer(**reference.strong_parts())
    doubled = Answer(*(f"{t} {t}" if t else t for _, t in given))
    for answer in (given, doubled):
        card = score(answer, principle=reference.principle, level="SDE2")
        assert [f.kind for f in card.findings].count("wrong_principle") == 1
