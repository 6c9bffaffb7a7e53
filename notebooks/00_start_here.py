# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Start here: starkit
#
# starkit helps you rehearse answers to behavioral interview questions in the **STAR** form
# (Situation, Task, Action, Result, plus a Reflection), keyed to Amazon's 16 Leadership Principles.
#
# It offers three ways to prepare:
#
# | mode | what you do | notebook |
# |---|---|---|
# | **Learn** | walk a model answer part by part: strong example, key phrases, coaching, the common mistake, target time; then the weak answer, the bar raiser's verdict and a quiz | `01_learn.ipynb` |
# | **Practice** | write your own answer in five boxes and watch the score, timing and findings update as you type | `02_practice.ipynb` |
# | **Mock** | hints hidden, a speaking-time budget, follow-up probes one by one, then a verdict | `02_practice.ipynb` |
#
# Instructors show a strong answer beside a weak one in `03_strong_vs_weak.ipynb`.
# This notebook shows what is in the library.

# %%
import starkit

library = starkit.load_library()
library

# %% [markdown]
# ## The library by Leadership Principle
#
# Every principle, in Amazon's order, with the scenarios that teach it.

# %%
coverage = {name: [s.id for s in scenarios] for name, scenarios in library.coverage().items()}
covered = [name for name, ids in coverage.items() if ids]
print(f"{len(library)} scenarios cover {len(covered)} of {len(coverage)} Leadership Principles")
for name, ids in coverage.items():
    print(f"{name:48} {len(ids)}")

# %% [markdown]
# ## One principle
#
# Each principle carries a one-line description and the signal phrases the scorer listens for.

# %%
library.principle("Success and Scale Bring Broad Responsibility")

# %% [markdown]
# ## A whole scenario
#
# Scenarios display themselves: every part of the walkthrough, the reflections per level, the
# follow-up probes, the weak answer with its red flags, the quiz, the angles for other principles
# and the level variants.

# %%
scenario = library.get("success-and-scale-webhook-drops")
scenario

# %%
parts = [name for name, section in scenario.sections.items()]

# %% [markdown]
# ## How an answer is scored
#
# `starkit.score` judges an answer the way a bar raiser would and explains every point: each
# dimension is its base plus the points of its findings, and each finding quotes the words it
# is about. Here is the scenario's strong answer, then its weak one.

# %%
strong = starkit.score(starkit.Answer(**scenario.strong_parts()), scenario=scenario, level="SDE2")
strong

# %%
weak = starkit.score(scenario.weak_answer.text, scenario=scenario, level="SDE2")
weak

# %%
[(f.kind, f.quote) for f in weak.top_fixes()]

# %% [markdown]
# ## Adding your own scenario
#
# Copy a file from `data/scenarios/`, give it a new `id`, and check it:
#
# ```bash
# starkit validate data
# ```
#
# Every problem is listed with the file, the line and the key path, for example
# `data/scenarios/my-story.yaml:14: sections.result.target_seconds: expected a positive integer, got 'ten'`.
