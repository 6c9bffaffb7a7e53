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
# # Learn a model answer
#
# Walk a scenario part by part: the strong example with its key phrases highlighted, the coaching,
# the common mistake and the target time for each part; then the weak answer with its red flags and
# the bar raiser's verdict. Switch the level to see how the bar moves, and the angle to see how the
# same story is told for another Leadership Principle. Then take the quiz.

# %%
import starkit
from starkit.widgets import Quiz, Walkthrough

library = starkit.load_library()
scenario = library.get("success-and-scale-webhook-drops")   # try any id from `starkit list`
walk = Walkthrough(scenario)
walk

# %%
# The level switcher above changes focus, reflection, bar and time budget; this cell picks
# Senior for you (the view above follows; switch back with its buttons).
walk.level_picker.value = "Senior"

# %% [markdown]
# ## Quiz
#
# Pick an option: you see at once whether it was right, and why. The running score is at the end.

# %%
quiz = Quiz(scenario)
quiz
