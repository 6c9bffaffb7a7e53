"""Regenerate the notebooks in notebooks/ (committed without outputs).

Run: python tools/make_notebooks.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import nb
from nb import code, md

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def start_here() -> None:
    nb.write(NOTEBOOKS / "00_start_here.ipynb", [
        md("""
# Start here: starkit

starkit helps you rehearse answers to behavioral interview questions in the **STAR** form
(Situation, Task, Action, Result, plus a Reflection), keyed to Amazon's 16 Leadership Principles.

It offers three ways to prepare:

| mode | what you do | notebook |
|---|---|---|
| **Learn** | walk a model answer part by part: strong example, key phrases, coaching, the common mistake, target time; then the weak answer, the bar raiser's verdict and a quiz | `01_learn.ipynb` |
| **Practice** | write your own answer in five boxes and watch the score, timing and findings update as you type | `02_practice.ipynb` |
| **Mock** | hints hidden, a speaking-time budget, follow-up probes one by one, then a verdict | `02_practice.ipynb` |

Instructors show a strong answer beside a weak one in `03_strong_vs_weak.ipynb`.
This notebook shows what is in the library.
"""),
        code("""
import starkit

library = starkit.load_library()
library
"""),
        md("""
## The library by Leadership Principle

Every principle, in Amazon's order, with the scenarios that teach it.
"""),
        code("""
coverage = {name: [s.id for s in scenarios] for name, scenarios in library.coverage().items()}
covered = [name for name, ids in coverage.items() if ids]
print(f"{len(library)} scenarios cover {len(covered)} of {len(coverage)} Leadership Principles")
for name, ids in coverage.items():
    print(f"{name:48} {len(ids)}")
"""),
        code("""
assert len(coverage) == 16
assert "success-and-scale-webhook-drops" in coverage["Success and Scale Bring Broad Responsibility"]
"""),
        md("""
## One principle

Each principle carries a one-line description and the signal phrases the scorer listens for.
"""),
        code("""
library.principle("Success and Scale Bring Broad Responsibility")
"""),
        md("""
## A whole scenario

Scenarios display themselves: every part of the walkthrough, the reflections per level, the
follow-up probes, the weak answer with its red flags, the quiz, the angles for other principles
and the level variants.
"""),
        code("""
scenario = library.get("success-and-scale-webhook-drops")
scenario
"""),
        code("""
parts = [name for name, section in scenario.sections.items()]
assert parts == ["situation", "task", "action", "result", "reflection"]
assert [s.target_seconds for _, s in scenario.sections.items()] == [30, 20, 90, 20, 15]
"""),
        md("""
## How an answer is scored

`starkit.score` judges an answer the way a bar raiser would and explains every point: each
dimension is its base plus the points of its findings, and each finding quotes the words it
is about. Here is the scenario's strong answer, then its weak one.
"""),
        code("""
strong = starkit.score(starkit.Answer(**scenario.strong_parts()), scenario=scenario, level="SDE2")
strong
"""),
        code("""
weak = starkit.score(scenario.weak_answer.text, scenario=scenario, level="SDE2")
weak
"""),
        code("""
assert strong.verdict in ("Hire", "Strong Hire")
assert weak.verdict in ("Lean No Hire", "No Hire")
[(f.kind, f.quote) for f in weak.top_fixes()]
"""),
        md("""
## Adding your own scenario

Copy a file from `data/scenarios/`, give it a new `id`, and check it:

```bash
starkit validate data
```

Every problem is listed with the file, the line and the key path, for example
`data/scenarios/my-story.yaml:14: sections.result.target_seconds: expected a positive integer, got 'ten'`.
"""),
    ])


if __name__ == "__main__":
    start_here()
