"""Each notebook and its text twin (jupytext, percent format) say the same thing.

Edit either: JupyterLab with jupytext keeps them in sync, or run
``jupytext --sync notebooks/*.ipynb``. This test fails when one was changed alone.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PAIRS = sorted(NOTEBOOKS.glob("*.ipynb"))


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_every_notebook_has_a_text_twin_and_nothing_else_is_there() -> None:
    assert len(PAIRS) >= 7
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.py")) == [p.stem for p in PAIRS]


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.stem)
def test_the_pair_is_in_sync(path: Path) -> None:
    ipynb = nbformat.read(path, as_version=4)
    text = jupytext.read(path.with_suffix(".py"))
    assert _cells(ipynb) == _cells(text), (
        f"{path.name} and {path.with_suffix('.py').name} differ: run "
        f"'jupytext --sync {path}'")
    assert all(not c.get("outputs") for c in ipynb.cells if c.cell_type == "code"), (
        f"{path.name} is committed with outputs")


def test_the_pairing_is_configured_for_jupyterlab() -> None:
    config = (NOTEBOOKS.parent / "jupytext.toml").read_text()
    assert 'formats = "notebooks///ipynb,notebooks///py:percent"' in config
