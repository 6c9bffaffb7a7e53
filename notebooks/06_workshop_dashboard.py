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
# # Workshop dashboard (for the coach)
#
# Participants practise in the app (`starkit app --workshop NAME --store URL`); every attempt
# lands in one shared store. This dashboard reads that store: the cohort by principle, the
# findings that come up most across the room, one participant at a time, and a report per
# participant. Press **Refresh** during the session to see new attempts.
#
# Set `STARKIT_HISTORY` to the store (a PostgreSQL URL for a workshop) and `STARKIT_WORKSHOP`
# to the workshop name before starting JupyterLab, or edit the two lines below. With an empty
# store the dashboard shows **sample data** and says so.

# %%
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

# %% [markdown]
# ## Privacy
#
# A report holds one participant only. To remove a participant entirely (every attempt and
# story): `store.delete("their name")`.
