"""Insights: progress per principle (``progress``, pandas), its charts (``charts``,
matplotlib, imported only when asked for) and a candidate's report (``report``)."""
