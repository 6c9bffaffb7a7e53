"""What each user-facing notebook leaves behind after Run All, checked from outside.

The notebooks hold no checks of their own (people read them); here each one is executed top
to bottom on a fresh kernel (nbclient), then one extra cell, added by the test and never
saved, asserts on the objects it made. nbval runs them as well (``--nbval-lax``).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

CHECKS = {
    "00_start_here": """
assert len(coverage) == 16
assert "success-and-scale-webhook-drops" in coverage["Success and Scale Bring Broad Responsibility"]
assert parts == ["situation", "task", "action", "result", "reflection"]
assert [s.target_seconds for _, s in scenario.sections.items()] == [30, 20, 90, 20, 15]
assert strong.verdict in ("Hire", "Strong Hire")
assert weak.verdict in ("Lean No Hire", "No Hire")
""",
    "01_learn": """
assert walk.level_picker.value == "Senior"
assert "organizational gap" in walk.body.value
assert "150-180 s" in walk.body.value
assert len(quiz.choices) == len(scenario.quiz)
assert quiz.session.answered == 0
""",
    "02_practice": """
assert card.verdict in ("Lean No Hire", "No Hire")
assert example.scenario.id == "success-and-scale-webhook-drops"
# the candidate's own editor is left as they will find it: empty, on their own story
assert editor.answer.is_empty, editor.answer
assert editor.paste.value == ""
assert example.answer.situation and example.answer.action
assert editor.scenario is None and editor.principle == "Ownership"
assert editor.store is store and example.store is None
assert mock.remaining == scenario.levels.SDE2.time_budget_seconds
assert mock.session.stage == "answer"
""",
    "03_strong_vs_weak": """
# the comparison an instructor projects is still strong against weak
assert demo.box_a.value != demo.box_b.value
assert demo.card_a.verdict in ("Hire", "Strong Hire"), demo.card_a.verdict
assert demo.card_b.verdict in ("Lean No Hire", "No Hire"), demo.card_b.verdict
assert demo.level_picker.value == "SDE2"
assert senior[0] > senior[1]
scores = [p[1] for p in progress]
assert scores == sorted(scores), scores
assert progress[0][2] in ("Lean No Hire", "No Hire")
assert progress[-1][2] in ("Hire", "Strong Hire")
assert walk is not demo
""",
    "04_my_progress": """
assert set(ready["status"]) <= {"Ready", "Almost", "Not yet"}
assert len(upcoming) == 5
assert "Readiness per Leadership Principle" in report
assert "report_path" not in dir()  # a link, not a file in a temporary folder
# no spoken attempts in a fresh history: the speaking-time chart plots sample data, labelled
assert spoken.attrs["sample"] and len(spoken) == 8
assert list(ax.lines[0].get_ydata()) == list(spoken.sort_values("created_at")["situation"])
assert "(sample data)" in ax.get_title(loc="left")
""",
    "05_story_bank": """
assert coverage["stories"].sum() >= 2
assert card.principle == "Customer Obsession"
""",
    "06_workshop_dashboard": """
assert dashboard.participant.options
assert "starkit-common-findings" in dashboard.findings_html.value
""",
}


def test_every_notebook_has_its_checks() -> None:
    assert sorted(CHECKS) == sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHECKS))
def test_a_notebook_run_top_to_bottom_leaves_what_it_says(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARKIT_HISTORY", str(tmp_path / "history.sqlite"))
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert not any("assert " in c.source for c in nb.cells), "checks live in this test"
    nb.cells.append(nbformat.v4.new_code_cell(CHECKS[name]))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except CellExecutionError as e:
        pytest.fail(f"{name}: {e}")
