"""Bad input at the command line: one clear line on stderr, a non-zero exit, no traceback,
and nothing read without bound."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from starkit import Scenario, cli
from starkit.content._yaml import MAX_BYTES, MAX_DEPTH


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = _run(capsys, *args)
    assert code == 1, (out, err)
    assert err.count("\n") == 1, err
    assert err.startswith("starkit: "), err
    assert "Traceback" not in err
    return err.strip()


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = _one_line_error(capsys, "score", str(tmp_path / "nosuch.txt"))
    assert err == f"starkit: {tmp_path / 'nosuch.txt'}: no such file; check the path"


def test_a_folder_a_device_and_a_fifo_are_refused(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    assert _one_line_error(capsys, "score", str(tmp_path)).endswith(
        "a folder, not a file; give the path of a file")
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    assert _one_line_error(capsys, "score", str(zero)).endswith(
        "not a regular file (a device or a pipe); give the path of a text file")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _one_line_error(capsys, "score", str(fifo)).endswith(
        "not a regular file (a device or a pipe); give the path of a text file")


def test_binary_large_and_empty_answers(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"I fixed it.\n\x00\x01\x02")
    assert _one_line_error(capsys, "score", str(binary)) == (
        f"starkit: {binary}:2: binary data (a NUL byte), not text")
    big = tmp_path / "big.txt"
    big.write_bytes(b"I fixed it. " * (MAX_BYTES // 12 + 1))
    assert _one_line_error(capsys, "score", str(big)).endswith(
        "larger than 2 MB; starkit reads answers and data files up to that size")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n")
    assert _one_line_error(capsys, "score", str(empty)) == (
        f"starkit: {empty}: the answer is empty; write at least one part")


def test_yaml_aliases_and_deep_nesting_are_refused(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\n'
                    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
                    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
                    'situation: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n')
    assert _one_line_error(capsys, "score", str(bomb)) == (
        f"starkit: {bomb}:2: an alias (*name) is not allowed; write the value out")
    deep = tmp_path / "deep.yaml"
    deep.write_text("situation: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert _one_line_error(capsys, "score", str(deep)) == (
        f"starkit: {deep}:1: nested deeper than {MAX_DEPTH} levels")


def test_standard_input_is_an_answer(monkeypatch: pytest.MonkeyPatch, reference: Scenario,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = reference.weak_answer.text.encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, _ = _run(capsys, "score", "-", "--json")
    assert code == 0
    assert json.loads(out)["verdict"] in ("Lean No Hire", "No Hire")


def test_the_level_in_any_case(tmp_path: Path, reference: Scenario,
                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(reference.strong_parts()))
    code, out, _ = _run(capsys, "score", str(path), "--level", "senior", "--json")
    assert code == 0
    assert json.loads(out)["level"] == "Senior"
    with pytest.raises(SystemExit) as exc:
        cli.main(["score", str(path), "--level", "staff"])
    assert exc.value.code == 2
    assert "unknown level 'staff'; expected one of SDE1, SDE2, Senior" in capsys.readouterr().err


def test_an_unknown_scenario_points_to_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert _one_line_error(capsys, "show", "xyz") == (
        "starkit: unknown scenario 'xyz'; 'starkit list' shows every scenario id")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    missing = str(tmp_path / "nosuch.txt")
    plain = subprocess.run([sys.executable, "-m", "starkit.cli", "score", missing],
                           capture_output=True, text=True)
    debug = subprocess.run([sys.executable, "-m", "starkit.cli", "--debug", "score", missing],
                           capture_output=True, text=True)
    assert plain.returncode == 1
    assert "Traceback" not in plain.stderr
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr
    assert "DataFileError" in debug.stderr


def test_an_absolute_venv_path_works_for_the_two_commands() -> None:
    venv = Path(sys.prefix)
    stamp = venv / ".starkit-installed-test"
    root = Path(__file__).resolve().parents[2]
    if not stamp.exists() or (root / "pyproject.toml").stat().st_mtime > stamp.stat().st_mtime:
        pytest.skip("needs the venv scripts/test.sh made (it would install otherwise)")
    out = subprocess.run(["bash", "-c", "source scripts/_setup.sh test; command -v python"],
                         cwd=root, env={**os.environ, "STARKIT_VENV": str(venv)},
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(venv / "bin" / "python")
