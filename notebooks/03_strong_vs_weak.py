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
# # Strong vs weak: an instructor demo
#
# Project this notebook. The scenario's strong and weak answers stand side by side, highlighted
# the same way, and every dimension's difference is explained in one line. Edit either box and
# both scores update. Then switch the level, and finally turn the weak answer into a strong one,
# one fix at a time.

# %%
import starkit
from starkit.widgets import Compare
from starkit.widgets.compare import labelled

library = starkit.load_library()
scenario = library.get("success-and-scale-webhook-drops")
demo = Compare(scenario)
demo

# %%
for line in demo.diffs:
    print(line)

# %% [markdown]
# ## The same pair at Senior level
#
# At Senior the reflection must name a systemic cause and the time budget is 150-180 seconds.

# %%
demo.level_picker.value = "Senior"
senior = (demo.card_a.overall, demo.card_b.overall)
demo.level_picker.value = "SDE2"
senior

# %% [markdown]
# ## From weak to strong, one fix at a time
#
# A second comparison for this walk, so the one at the top stays strong against weak. Each step
# replaces one part of the weak answer with a better telling and re-scores it live in its
# right-hand box. Watch which findings disappear.

# %%
walk = Compare(scenario)
walk

# %%
weak = starkit.Answer(**scenario.weak_parts())
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
    walk.box_b.value = labelled(answer)          # the live edit, as if typed
    progress.append((name, walk.card_b.overall, walk.card_b.verdict))
for row in progress:
    print(f"{row[0]:34} {row[1]:5.1f}  {row[2]}")

# %%
scores = [p[1] for p in progress]
