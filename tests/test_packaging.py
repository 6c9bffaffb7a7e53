"""The package as a user installs it: dependencies, light import, wheel contents."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib
import yaml

import starkit
from tests.conftest import ROOT


def _norm(req: str) -> str:
    # conda-forge's psycopg carries libpq itself, so pip's [binary] extra has no conda twin
    req = re.sub(r"\[[^\]]*\]", "", req)
    name, rest = re.match(r"^([A-Za-z0-9_.\-]+)(.*)$", req.strip()).groups()  # type: ignore[union-attr]
    return re.sub(r"[-_.]+", "-", name).lower() + rest.replace(" ", "")


def test_environment_yml_lists_exactly_the_pyproject_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_norm(r) for r in project["dependencies"]}
    wanted |= {_norm(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_norm(d) for d in env["dependencies"] if isinstance(d, str)}
    conda -= {"pip", f"python>={project['requires-python'].lstrip('>=')}"}
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section[-1] == "-e ."
    from_pip = {_norm(r) for r in pip_section[:-1]}
    assert conda | from_pip == wanted, (sorted(conda - wanted), sorted(wanted - conda - from_pip))
    assert not conda & from_pip
    assert env["channels"] == ["conda-forge"]


def test_import_starkit_stays_light() -> None:
    code = (
        "import sys, starkit; "
        "heavy = [m for m in ('ipywidgets', 'IPython', 'matplotlib', 'pandas', 'spacy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_public_names_are_sorted_and_exported() -> None:
    assert starkit.__all__ == sorted(starkit.__all__, key=lambda n: (not n.isupper(), n))
    for name in starkit.__all__:
        assert hasattr(starkit, name), name


@pytest.mark.slow
def test_built_wheel_ships_the_data_and_loads_it(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    (wheel,) = tmp_path.glob("starkit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert "starkit/_data/principles.yaml" in names
    assert "starkit/_data/scenarios/success-and-scale-webhook-drops.yaml" in names
    code = (
        "import starkit, starkit.content.loader as L; lib = starkit.load_library(); "
        "print(L.data_root()); print(len(lib.principles), len(lib.scenarios))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    ).stdout.split("\n")
    assert out[0] == str(tmp_path / "site" / "starkit" / "_data")
    n_principles, n_scenarios = map(int, out[1].split())
    assert n_principles == 16
    assert n_scenarios == len(list((ROOT / "data" / "scenarios").glob("*.yaml")))
