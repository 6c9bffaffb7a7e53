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
# # Practice: draft your own answer with live coaching
#
# Pick a scenario (or keep *my own story*), a principle and a level, then write in the five boxes.
# The score, the speaking time per part and the findings update as you type; the read-back shows
# your answer with ownership, numbers, red flags and key phrases highlighted. Paste a whole answer
# into *Paste* and press *Split into parts* to fill the boxes. *Save attempt* writes the attempt
# to your history, where `04_my_progress.ipynb` charts it.
#
# **Speak it** (under the boxes) is the same answer said out loud, as in the interview: press
# *Start speaking*, press space each time you move to the next part, and see the real seconds of
# each part against its target, your long pauses, your speaking rate, and each part to play
# back. The score then judges the time you really took. It needs a microphone and the
# browser's permission; without them it says so and everything else works.

# %%
import starkit
from starkit.history import History
from starkit.widgets import LiveEditor, MockInterview

CANDIDATE = "me"                   # the name your attempts are saved under
library = starkit.load_library()
store = History.open()             # your history: STARKIT_HISTORY or the user data folder
editor = LiveEditor(library=library, principle="Ownership", candidate=CANDIDATE, store=store)
editor

# %% [markdown]
# The editor is an ordinary object too. This cell gives the reference page's weak answer to a
# second editor (your own, above, stays as you left it, and nothing here is saved), splits it,
# and shows what the scorer found.

# %%
scenario = library.get("success-and-scale-webhook-drops")
example = LiveEditor(scenario, library=library)
example.paste.value = scenario.weak_answer.text
example.split_button.click()
card = example.scorecard
print(card.verdict, card.overall)
for finding in card.top_fixes():
    print("-", finding.section, repr(finding.quote), finding.kind)

# %% [markdown]
# # Mock interview
#
# Hints are hidden. The countdown starts at the level's time budget. Submit your answer, then
# answer the follow-up probes one at a time; the verdict lists the three things to fix first,
# and the attempt is saved.

# %%
mock = MockInterview(scenario, level="SDE2", candidate=CANDIDATE, store=store)
mock

