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
# # My story bank
#
# Interviewers ask about several principles in one loop; a handful of your own stories has to
# cover all sixteen, and no story should be stretched over too many. Keep your stories here,
# each planned for the principles it can serve, then see the coverage, the warnings, and how a
# story scores when told for another principle.

# %%
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

# %%
df = store.attempts(candidate=CANDIDATE)
coverage = progress.coverage(stories, df)
coverage[coverage["stories"] > 0]

# %%
for warning in progress.story_warnings(stories):
    print("!", warning)

# %%
fig, ax = plt.subplots(figsize=(11, 3))
charts.plot_coverage(stories, df, ax)
plt.show()

# %% [markdown]
# ## Re-angle a story
#
# Pick a story and a target principle. The advice comes from your story's own sentences and the
# principle's evidence only: the sentences to lead with (they already show the principle), the
# ones to say less about (they show another principle instead), the evidence the story does not
# show yet, and how the story, as written, scores when told for it.

# %%
angle = progress.reangle(stories[0], "Customer Obsession", library)
print(angle["principle"], "-", angle["description"])
print("Lead with:", *(angle["emphasize"][:3] or ["(nothing in it shows this principle yet)"]),
      sep="\n  - ")
print("Say less about:", *(angle["downplay"][:3] or ["(nothing)"]), sep="\n  - ")
print("Not shown yet:", ", ".join(angle["missing_signals"][:5]) or "(all shown)")
card = angle["scorecard"]
print(f"Told as written: {card.overall:.0f}/100 ({card.verdict}) for {card.principle}")

