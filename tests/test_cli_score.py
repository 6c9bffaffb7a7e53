"""`starkit score` reads YAML, Markdown and plain text answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import starkit
from starkit import Scenario, cli
from starkit.cli import read_answer_file


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_score_yaml_answer_with_scenario(tmp_path: Path, reference: Scenario,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answer.yaml"
    path.write_text(yaml.safe_dump(reference.strong_parts()))
    code, out, _ = _run(capsys, "score", str(path), "--scenario", reference.id, "--json")
    assert code == 0
    card = json.loads(out)
    assert card["verdict"] in ("Hire", "Strong Hire")
    assert card["scenario_id"] == reference.id


def test_own_story_beside_a_scenario(tmp_path: Path, reference: Scenario,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("At a bank I noticed that 3% of card refunds failed every night. Nobody owned "
                    "the job. I traced the failures to a timeout and wrote a retry with backoff. "
                    "Failures went from 3% to 0.1% within a week. I learned to check the job "
                    "logs before the dashboards.")
    _, required, _ = _run(capsys, "score", str(path), "--scenario", reference.id, "--json")
    _, own, _ = _run(capsys, "score", str(path), "--scenario", reference.id, "--own-story",
                     "--json")
    kinds = {f["kind"] for f in json.loads(required)["findings"]}
    own_kinds = {f["kind"] for f in json.loads(own)["findings"]}
    assert "key_phrases_missed" in kinds
    assert "key_phrases_missed" not in own_kinds
    assert "key_phrase_ideas" in own_kinds


def test_score_markdown_and_text(tmp_path: Path, reference: Scenario,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "answer.md"
    md.write_text("\n".join(f"## {k.title()}\n{v}\n" for k, v in reference.strong_parts().items()))
    code, out, _ = _run(capsys, "score", str(md), "--principle", "ownership", "--level", "Senior")
    assert code == 0
    assert out.startswith("Overall ")
    assert "(Senior, Ownership)" in out.splitlines()[0]
    card = starkit.score(read_answer_file(md), principle="ownership", level="Senior")
    assert card.rating is not None
    assert f"How it adds up: a bar-raiser rating of {card.rating:.2f} of 5, from" in out
    assert f"start {card.contributions[0][1]:+.2f}" in out
    html = card._repr_html_()
    assert "How the score adds up" in html
    label, points = card.contributions[1]
    assert f"<tr><td>{label}</td><td>{points:+.2f}</td></tr>" in html
    txt = tmp_path / "answer.txt"
    txt.write_text(reference.weak_answer.text)
    code, out, _ = _run(capsys, "score", str(txt))
    assert code == 0
    assert "No Hire" in out.splitlines()[0]
    assert "[major]" in out


def test_score_yaml_with_unknown_part_names_the_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answer.yaml"
    path.write_text("situation: I noticed.\nresults: It fell.\n")
    code, _, err = _run(capsys, "score", str(path))
    assert code == 1
    assert "answer.yaml:2: results: unknown part 'results'" in err
