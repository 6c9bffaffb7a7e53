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


def learn() -> None:
    nb.write(NOTEBOOKS / "01_learn.ipynb", [
        md("""
# Learn a model answer

Walk a scenario part by part: the strong example with its key phrases highlighted, the coaching,
the common mistake and the target time for each part; then the weak answer with its red flags and
the bar raiser's verdict. Switch the level to see how the bar moves, and the angle to see how the
same story is told for another Leadership Principle. Then take the quiz.
"""),
        code("""
import starkit
from starkit.widgets import Quiz, Walkthrough

library = starkit.load_library()
scenario = library.get("success-and-scale-webhook-drops")   # try any id from `starkit list`
walk = Walkthrough(scenario)
walk
"""),
        code("""
# The level switcher changes focus, reflection, bar and time budget.
walk.level_picker.value = "Senior"
assert "organizational gap" in walk.body.value
assert "150-180 s" in walk.body.value
walk.level_picker.value = scenario.role
"""),
        md("""
## Quiz

Pick an option: you see at once whether it was right, and why. The running score is at the end.
"""),
        code("""
quiz = Quiz(scenario)
quiz
"""),
        code("""
assert len(quiz.choices) == len(scenario.quiz)
assert quiz.session.answered == 0
"""),
    ])


def practice() -> None:
    nb.write(NOTEBOOKS / "02_practice.ipynb", [
        md("""
# Practice: draft your own answer with live coaching

Pick a scenario (or keep *my own story*), a principle and a level, then write in the five boxes.
The score, the speaking time per part and the findings update as you type; the read-back shows
your answer with ownership, numbers, red flags and key phrases highlighted. Paste a whole answer
into *Paste* and press *Split into parts* to fill the boxes. *Save attempt* writes the attempt
to your history, where `04_my_progress.ipynb` charts it.
"""),
        code("""
import starkit
from starkit.history import History
from starkit.widgets import LiveEditor, MockInterview

CANDIDATE = "me"                   # the name your attempts are saved under
library = starkit.load_library()
store = History.open()             # your history: STARKIT_HISTORY or the user data folder
editor = LiveEditor(library=library, principle="Ownership", candidate=CANDIDATE, store=store)
editor
"""),
        md("""
The editor is an ordinary object too: this cell pastes the reference page's weak answer, splits
it, and shows what the scorer found.
"""),
        code("""
scenario = library.get("success-and-scale-webhook-drops")
editor.paste.value = scenario.weak_answer.text
editor.split_button.click()
card = editor.scorecard
print(card.verdict, card.overall)
for finding in card.top_fixes():
    print("-", finding.section, repr(finding.quote), finding.kind)
"""),
        code("""
assert card.verdict in ("Lean No Hire", "No Hire")
assert editor.store is store       # Save attempt writes to your history (see 04_my_progress)
"""),
        md("""
# Mock interview

Hints are hidden. The countdown starts at the level's time budget. Submit your answer, then
answer the follow-up probes one at a time; the verdict lists the three things to fix first,
and the attempt is saved.
"""),
        code("""
mock = MockInterview(scenario, level="SDE2", candidate=CANDIDATE, store=store)
mock
"""),
        code("""
assert mock.remaining == scenario.levels.SDE2.time_budget_seconds
assert mock.session.stage == "answer"
"""),
    ])


def strong_vs_weak() -> None:
    nb.write(NOTEBOOKS / "03_strong_vs_weak.ipynb", [
        md("""
# Strong vs weak: an instructor demo

Project this notebook. The scenario's strong and weak answers stand side by side, highlighted
the same way, and every dimension's difference is explained in one line. Edit either box and
both scores update. Then switch the level, and finally turn the weak answer into a strong one,
one fix at a time.
"""),
        code("""
import starkit
from starkit.widgets import Compare
from starkit.widgets.compare import labelled

library = starkit.load_library()
scenario = library.get("success-and-scale-webhook-drops")
demo = Compare(scenario)
demo
"""),
        code("""
for line in demo.diffs:
    print(line)
assert demo.card_a.overall > demo.card_b.overall
"""),
        md("""
## The same pair at Senior level

At Senior the reflection must name a systemic cause and the time budget is 150-180 seconds.
"""),
        code("""
demo.level_picker.value = "Senior"
senior = (demo.card_a.overall, demo.card_b.overall)
demo.level_picker.value = "SDE2"
senior
"""),
        md("""
## From weak to strong, one fix at a time

Each step replaces one part of the weak answer with a better telling and re-scores it live in
the right-hand box. Watch which findings disappear.
"""),
        code("""
weak = starkit.segment(scenario.weak_answer.text)
strong = scenario.strong_parts()
steps = [
    ("the weak answer", weak),
    ("state the ownership boundary", starkit.Answer(**{**weak.parts(), "task": strong["task"]})),
]
steps.append(("own the actions with I + verbs",
              starkit.Answer(**{**steps[-1][1].parts(), "action": strong["action"]})))
steps.append(("quantify the result",
              starkit.Answer(**{**steps[-1][1].parts(), "result": strong["result"]})))
steps.append(("add a specific reflection",
              starkit.Answer(**{**steps[-1][1].parts(), "reflection": strong["reflection"],
                                "situation": strong["situation"]})))
progress = []
for name, answer in steps:
    demo.box_b.value = labelled(answer)          # the live edit, as if typed
    progress.append((name, demo.card_b.overall, demo.card_b.verdict))
for row in progress:
    print(f"{row[0]:34} {row[1]:5.1f}  {row[2]}")
"""),
        code("""
scores = [p[1] for p in progress]
assert scores == sorted(scores), scores
assert progress[0][2] in ("Lean No Hire", "No Hire")
assert progress[-1][2] in ("Hire", "Strong Hire")
"""),
    ])


def my_progress() -> None:
    nb.write(NOTEBOOKS / "04_my_progress.ipynb", [
        md("""
# My progress

Your rehearsal history, per Leadership Principle: how your scores move over time, where each
principle stands by dimension, which principles are ready for the interview, what to practise
next, and a report to send to your coach. Attempts you save in the Practice and Mock views
land in your history store (`STARKIT_HISTORY`, or `history.sqlite` in your user data folder).
If it is still empty, this notebook shows **sample data** and says so.
"""),
        code("""
import matplotlib.pyplot as plt

from starkit.insights import charts, progress
from starkit.history.sample import sample_attempts
from starkit.history import History

CANDIDATE = "me"                      # the name your attempts are saved under

store = History.open()
if len(store.attempts(candidate=CANDIDATE)):
    source, who = store, CANDIDATE
    print(f"Your history: {store.where}")
else:
    source = History.open(":memory:")
    source.save_many(sample_attempts(seed=11, candidates=1, days=28))
    who = source.candidates()[0]
    print(f"No attempts for {CANDIDATE!r} in {store.where} yet: showing SAMPLE DATA for {who}.")
df = source.attempts(candidate=who)
if who.startswith("sample-"):
    df.attrs["sample"] = True
print(f"{len(df)} attempts, {df['principle'].nunique()} principles practised")
"""),
        code("""
fig, ax = plt.subplots(figsize=(12, 7))
charts.plot_principle_trends(df, ax)
plt.show()
"""),
        code("""
fig, ax = plt.subplots(figsize=(9, 5))
charts.plot_readiness_heatmap(df, ax)
plt.show()
"""),
        md("""
## Ready for the interview?
"""),
        code("""
print(progress.READINESS_RULE)
ready = progress.readiness(df)
ready[["principle", "status", "attempts", "recent_mean", "best", "reason"]]
"""),
        code("""
upcoming = progress.next_to_practise(df, limit=5)
upcoming
"""),
        code("""
assert set(ready["status"]) <= {"Ready", "Almost", "Not yet"}
assert len(upcoming) == 5
"""),
        md("""
## A report for your coach

A single self-contained HTML file, charts included. From a terminal:
`starkit report me --out report.html`.
"""),
        code("""
import tempfile
from pathlib import Path

from starkit.insights.report import report_filename, write_report

report_path = Path(tempfile.mkdtemp()) / report_filename(who)
write_report(source, who, report_path)
print(f"wrote {report_path} ({report_path.stat().st_size // 1024} KB)")
"""),
        code("""
assert "Readiness per Leadership Principle" in report_path.read_text()
"""),
    ])


def story_bank() -> None:
    nb.write(NOTEBOOKS / "05_story_bank.ipynb", [
        md("""
# My story bank

Interviewers ask about several principles in one loop; a handful of your own stories has to
cover all sixteen, and no story should be stretched over too many. Keep your stories here,
each planned for the principles it can serve, then see the coverage, the warnings, and how a
story scores when told for another principle.
"""),
        code("""
import matplotlib.pyplot as plt

import starkit
from starkit import Answer
from starkit.insights import charts, progress
from starkit.history import History
from starkit.history.stories import make_story

library = starkit.load_library()
CANDIDATE = "me"
store = History.open()
stories = store.stories(CANDIDATE)
if stories:
    print(f"{len(stories)} stories in {store.where}")
else:
    print("No stories yet: showing an EXAMPLE bank (kept in memory, not saved). "
          "Add yours with store.save_story(make_story(...)).")
    store = History.open(":memory:")
    webhook = library.get("success-and-scale-webhook-drops")
    cost = library.get("frugality-cloud-cost-cut")
    store.save_story(make_story(CANDIDATE, "Webhook drops nobody owned",
                                Answer(**webhook.strong_parts()),
                                principles=("Ownership", "Dive Deep",
                                            "Success and Scale Bring Broad Responsibility"),
                                tags=("payments", "cross-team")))
    store.save_story(make_story(CANDIDATE, "Cutting the video bill",
                                Answer(**cost.strong_parts()),
                                principles=("Frugality", "Invent and Simplify")))
    stories = store.stories(CANDIDATE)
[(s.title, s.principles) for s in stories]
"""),
        code("""
df = store.attempts(candidate=CANDIDATE)
coverage = progress.coverage(stories, df)
coverage[coverage["stories"] > 0]
"""),
        code("""
for warning in progress.story_warnings(stories):
    print("!", warning)
"""),
        code("""
fig, ax = plt.subplots(figsize=(11, 3))
charts.plot_coverage(stories, df, ax)
plt.show()
"""),
        md("""
## Re-angle a story

Pick a story and a target principle: the checklist says what to bring forward and what to say
less about (from the library's angles for that principle), and the scorer says how the story,
as written, fares when told for it.
"""),
        code("""
angle = progress.reangle(stories[0], "Customer Obsession", library)
print(angle["principle"], "-", angle["description"])
print("Emphasize:", *angle["emphasize"][:3], sep="\\n  - ")
print("Downplay:", *angle["downplay"][:3], sep="\\n  - ")
card = angle["scorecard"]
print(f"Told as written: {card.overall:.0f}/100 ({card.verdict}) for {card.principle}")
"""),
        code("""
assert coverage["stories"].sum() >= 2
assert card.principle == "Customer Obsession"
"""),
    ])


def workshop_dashboard() -> None:
    nb.write(NOTEBOOKS / "06_workshop_dashboard.ipynb", [
        md("""
# Workshop dashboard (for the coach)

Participants practise in the app (`starkit app --workshop NAME --store URL`); every attempt
lands in one shared store. This dashboard reads that store: the cohort by principle, the
findings that come up most across the room, one participant at a time, and a report per
participant. Press **Refresh** during the session to see new attempts.

Set `STARKIT_HISTORY` to the store (a PostgreSQL URL for a workshop) and `STARKIT_WORKSHOP`
to the workshop name before starting JupyterLab, or edit the two lines below. With an empty
store the dashboard shows **sample data** and says so.
"""),
        code("""
import os
import tempfile

from starkit import HistoryError
from starkit.history.sample import sample_attempts
from starkit.history import History
from starkit.widgets import WorkshopDashboard

WORKSHOP = os.environ.get("STARKIT_WORKSHOP") or None   # None: every attempt in the store
try:
    store = History.open(create=False)                   # STARKIT_HISTORY: a file or a URL
except HistoryError as e:                                # reading never creates a store
    print(e)
    store = None
if store is None or store.count(workshop=WORKSHOP) == 0:
    print("No attempts yet: showing SAMPLE DATA for 6 participants.")
    store = History.open(":memory:")
    WORKSHOP = "sample-workshop"
    store.save_many(sample_attempts(seed=21, candidates=6, days=10), workshop=WORKSHOP)
reports = tempfile.mkdtemp(prefix="starkit-reports-") if WORKSHOP == "sample-workshop" else "reports"
dashboard = WorkshopDashboard(store, workshop=WORKSHOP, reports_dir=reports)
dashboard
"""),
        code("""
assert dashboard.participant.options
assert "starkit-common-findings" in dashboard.findings_html.value
"""),
        md("""
## Privacy

A report holds one participant only. To remove a participant entirely (every attempt and
story): `store.delete("their name")`.
"""),
    ])


def app() -> None:
    nb.write(Path(__file__).resolve().parent.parent / "starkit" / "_app" / "app.ipynb", [
        code("""
import os

from starkit.history import History
from starkit.widgets import App

# STARKIT_HISTORY (a file or a database URL), or history.sqlite in the user data folder
store = History.open()
workshop = os.environ.get("STARKIT_WORKSHOP") or None
# In a workshop each participant enters a name; alone, STARKIT_CANDIDATE or "me".
candidate = os.environ.get("STARKIT_CANDIDATE") or (None if workshop else "me")
App(candidate=candidate, store=store, workshop=workshop)
"""),
    ])


def browser_fixtures() -> None:
    """One small notebook per view, served by Voila in tests/browser."""
    folder = Path(__file__).resolve().parent.parent / "tests" / "browser" / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    views = {
        "live.ipynb": "LiveEditor('success-and-scale-webhook-drops')",
        "walkthrough.ipynb": "Walkthrough('success-and-scale-webhook-drops')",
        "quiz.ipynb": "Quiz('success-and-scale-webhook-drops')",
        "mock.ipynb": "MockInterview('success-and-scale-webhook-drops', level='SDE1')",
        "compare.ipynb": "Compare('success-and-scale-webhook-drops')",
    }
    for name, view in views.items():
        nb.write(folder / name, [code(f"from starkit.widgets import *\n\n{view}")])


if __name__ == "__main__":
    browser_fixtures()
    start_here()
    learn()
    practice()
    strong_vs_weak()
    my_progress()
    story_bank()
    workshop_dashboard()
    app()
