"""The exported JSON Schema and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from starkit import cli
from starkit.content.schema import render_schemas
from tests.conftest import FIXTURES, ROOT


def test_json_schema_files_are_current() -> None:
    for name, text in render_schemas().items():
        path = ROOT / "data" / "schema" / name
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run `starkit schema` and commit the result"
        )


def test_schema_rejects_unknown_keys_and_lists_principles() -> None:
    schema = json.loads((ROOT / "data" / "schema" / "scenario.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert len(schema["properties"]["principle"]["enum"]) == 16
    assert {"sections", "follow_ups", "weak_answer", "quiz", "angles", "levels"} <= set(
        schema["required"] + list(schema["properties"]))


def test_validate_shipped_data_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(ROOT / "data")]) == 0
    assert "no problems" in capsys.readouterr().out


def test_validate_bad_folder_lists_every_error_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["validate", str(FIXTURES / "bad")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) >= 20
    assert any("wrong-type-seconds.yaml:27: sections.result.target_seconds" in x for x in lines)
    assert "problems" in captured.err


def test_list_shows_the_first_scenario_under_its_principle(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    block = out.split("Success and Scale Bring Broad Responsibility (")[1]
    assert "success-and-scale-webhook-drops" in block
    assert cli.main(["list", "--principle", "dive-deep"]) == 0
    assert capsys.readouterr().out.startswith("Dive Deep (")


def test_show_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", "success-and-scale-webhook-drops"]) == 0
    text = capsys.readouterr().out
    for heading in ("SITUATION  (target 30 s)", "FOLLOW-UP PROBES", "WEAK ANSWER", "QUIZ",
                    "ANGLES", "LEVELS", "Senior (budget 150-180 s)"):
        assert heading in text
    assert cli.main(["show", "success-and-scale-webhook-drops", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"id", "title", "principle", "summary", "overview", "sections", "reflections",
            "follow_ups", "weak_answer", "quiz", "angles", "levels"} <= set(data)
    assert set(data["sections"]["result"]) == {
        "target_seconds", "strong_example", "key_phrases", "coaching", "common_mistake"}


def test_show_unknown_id_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", "nope-not-here"]) == 1
    assert "unknown scenario 'nope-not-here'" in capsys.readouterr().err


def test_served_kernels_talk_over_private_socket_files_not_tcp_ports() -> None:
    cmd = cli.voila_command(Path("app.ipynb"), 8866)
    assert "--KernelManager.transport=ipc" in cmd
    assert "--Voila.ip=127.0.0.1" in cmd
