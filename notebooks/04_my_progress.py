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
# # My progress
#
# Your rehearsal history, per Leadership Principle: how your scores move over time, where each
# principle stands by dimension, which principles are ready for the interview, what to practise
# next, and a report to send to your coach. Attempts you save in the Practice and Mock views
# land in your history store (`STARKIT_HISTORY`, or `history.sqlite` in your user data folder).
# If it is still empty, this notebook shows **sample data** and says so.

# %%
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

# %%
fig, ax = plt.subplots(figsize=(12, 7))
charts.plot_principle_trends(df, ax)
plt.show()

# %%
fig, ax = plt.subplots(figsize=(9, 5))
charts.plot_readiness_heatmap(df, ax)
plt.show()

# %% [markdown]
# ## Speaking time per part
#
# Attempts you spoke aloud with **Speak it** (in Practice or Mock) keep the real seconds of each
# part; the dotted lines are each part's target. A Situation coming down towards 30 s while the
# Action grows towards 90 s is the shape to look for. Only the timings are in your history: a
# recording is kept, as a file on your computer, only if you pressed *Keep*.

# %%
from starkit.history.sample import sample_spoken

spoken = source.spoken(candidate=who)
if spoken.empty:
    spoken = sample_spoken()
    print("No spoken attempts yet: showing SAMPLE DATA (try Speak it in 02_practice).")
fig, ax = plt.subplots(figsize=(10, 4))
charts.plot_spoken_times(spoken, ax)
plt.show()

# %% [markdown]
# ## Ready for the interview?

# %%
print(progress.READINESS_RULE)
ready = progress.readiness(df)
ready[["principle", "status", "attempts", "recent_mean", "best", "reason"]]

# %%
upcoming = progress.next_to_practise(df, limit=5)
upcoming

# %% [markdown]
# ## A report for your coach
#
# A single self-contained HTML file, charts included: open it, or download it to send. From a
# terminal: `starkit report me` writes it to a file.

# %%
from IPython.display import HTML

from starkit.insights.report import build_report, report_filename
from starkit.widgets import download_link

report = build_report(source, who)
HTML(download_link(report_filename(who), report, f"Open or download the report ({who})"))

