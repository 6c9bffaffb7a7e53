"""Every kind of bad data file gives a message that names the file, line and key path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import starkit
from starkit.content.loader import check_paths
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"

PINNED = {
    "malformed-yaml.yaml": "12: invalid YAML: expected ',' or ']', but got '<scalar>' "
    "(while parsing a flow sequence)",
    "tab-indent.yaml": "12: a tab is used for indentation; YAML indents with spaces only",
    "wrong-type-seconds.yaml": "27: sections.result.target_seconds: "
    "expected a positive integer, got 'ten'",
    "negative-seconds.yaml": "15: sections.task.target_seconds: "
    "expected a positive integer, got -5",
    "missing-key.yaml": "14: sections.task: missing required key 'coaching'",
    "unknown-principle.yaml": "4: principle: unknown principle 'Customer Obsesion' "
    "(did you mean 'Customer Obsession'?); use one of the 16 official names",
    "quiz-answer-not-option.yaml": "55: quiz[0].answer: the answer 'Stating a boundary' is "
    "not one of the options (did you mean 'Stating the boundary'?)",
    "empty.yaml": "1: the file is empty; expected a scenario: a mapping with schema_version, "
    "id, title, ...",
    "not-utf8.yaml": "6: not UTF-8 text: byte 0xe9 at column 24; "
    "save the file with UTF-8 encoding",
    "top-level-list.yaml": "1: expected a scenario: a mapping of keys, got a list",
    "schema-too-new.yaml": "1: schema_version: the file is schema version 2, newer than this "
    "starkit reads (1); upgrade starkit",
    "missing-schema-version.yaml": "1: missing required key 'schema_version'",
    "duplicate-key.yaml": "5: duplicate key 'title' (first written on line 3)",
    "flagged-phrase-missing.yaml": "50: weak_answer.flagged_phrases: flagged phrase "
    "'the team was happy' does not occur in weak_answer.text",
    "title-not-text.yaml": "3: title: expected text, got 42",
    "phrases-not-list.yaml": "23: sections.action.key_phrases: expected a list of phrases, "
    "got a single string 'I traced'",
    "two-documents.yaml": "66: more than one YAML document (a second '---'); "
    "keep one document per file",
    "weak-parts-differ.yaml": "49: weak_answer.parts: the parts, read in order, must be "
    "weak_answer.text word for word; they differ from 'flaky so I told someone and they fixed "
    "it.'",
    "bad-id.yaml": "2: id: expected a kebab-case name (lowercase letters, digits and '-'), "
    "got 'Minimal Ownership'",
}

#: Files with more than one problem: every problem is reported, in line order.
PINNED_MANY = {
    "unknown-key.yaml": [
        "20: sections.action: missing required key 'coaching'",
        "24: sections.action.coachng: unknown key 'coachng' (did you mean 'coaching'?)",
    ],
    "unknown-level.yaml": [
        "62: levels: missing required key 'SDE2'",
        "64: levels.SDE3: unknown key 'SDE3' (did you mean 'SDE2'?)",
    ],
    "two-problems.yaml": [
        "4: principle: unknown principle 'ownership' (did you mean 'Ownership'?); "
        "use one of the 16 official names",
        "21: sections.action.target_seconds: expected a positive integer, got 0",
    ],
}


def _rel(name: str) -> str:
    return f"tests/fixtures/bad/{name}"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent.parent)


@pytest.mark.parametrize(("name", "expected"), sorted(PINNED.items()))
def test_single_problem_message_is_pinned(name: str, expected: str) -> None:
    with pytest.raises(starkit.DataFileError) as info:
        starkit.load_scenario(BAD / name)
    err = info.value
    assert type(err) is starkit.DataFileError
    assert str(err) == f"{_rel(name)}:{expected}"
    assert err.path == BAD / name
    assert err.line == int(expected.split(":")[0])


@pytest.mark.parametrize(("name", "expected"), sorted(PINNED_MANY.items()))
def test_every_problem_in_a_file_is_reported(name: str, expected: list[str]) -> None:
    with pytest.raises(starkit.DataErrors) as info:
        starkit.load_scenario(BAD / name)
    assert [e.message for e in info.value.errors] == [f"{_rel(name)}:{x}" for x in expected]
    assert info.value.line == int(expected[0].split(":")[0])  # the first problem's place


def test_key_path_and_line_are_attributes() -> None:
    with pytest.raises(starkit.DataFileError) as info:
        starkit.load_scenario(BAD / "wrong-type-seconds.yaml")
    assert (info.value.line, info.value.key_path) == (27, "sections.result.target_seconds")
    assert info.value.problem == "expected a positive integer, got 'ten'"
    assert isinstance(info.value, starkit.StarkitError)
    assert isinstance(info.value, ValueError)


def test_duplicate_ids_across_files_are_reported(tmp_path: Path) -> None:
    for name in ("duplicate-id-a.yaml", "duplicate-id-b.yaml"):
        shutil.copy(BAD / name, tmp_path / name)
    _, errors = check_paths([tmp_path])
    assert len(errors) == 1
    assert errors[0].path.name == "duplicate-id-b.yaml"
    assert errors[0].problem.startswith("duplicate scenario id 'shared-id' (also in ")
    assert errors[0].problem.endswith("duplicate-id-a.yaml:2)")


def test_principles_file_must_hold_all_sixteen() -> None:
    with pytest.raises(starkit.DataFileError) as info:
        starkit.load_principles(BAD / "principles-incomplete" / "principles.yaml")
    assert info.value.key_path == "principles"
    assert info.value.problem.startswith(
        "expected all 16 Leadership Principles; missing 'Customer Obsession', "
    )


def test_one_bad_file_never_hides_the_others(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES.parent.parent / "data", data)
    for name in ("wrong-type-seconds.yaml", "empty.yaml", "not-utf8.yaml"):
        shutil.copy(BAD / name, data / "scenarios" / name)
    with pytest.raises(starkit.DataErrors) as info:
        starkit.load_library(data)
    assert sorted(e.path.name for e in info.value.errors) == [
        "empty.yaml", "not-utf8.yaml", "wrong-type-seconds.yaml"]
    assert str(info.value).startswith("3 problems in the data files:\n  ")


def test_the_whole_bad_folder_is_reported_at_once() -> None:
    count, errors = check_paths([BAD])
    files = {e.path.name for e in errors}
    assert count == len(list(BAD.rglob("*.yaml")))
    # every bad fixture yields at least one problem, and there are at least 15 of them
    assert files == {p.name for p in BAD.rglob("*.yaml")} - {"duplicate-id-a.yaml"}
    assert len(files) >= 15


def test_good_fixture_is_good() -> None:
    assert starkit.load_scenario(FIXTURES / "good" / "minimal.yaml").id == "minimal-ownership"
