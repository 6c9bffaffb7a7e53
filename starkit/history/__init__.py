"""History: rehearsal attempts and a candidate's own stories, and the store that keeps them
(SQLite by default, PostgreSQL for a workshop)."""

from starkit.history.attempts import Attempt, make_attempt
from starkit.history.store import STORE_VERSION, History, default_path, default_target
from starkit.history.stories import Story, StoryList, make_story

__all__ = ["STORE_VERSION", "Attempt", "History", "Story", "StoryList", "default_path",
           "default_target", "make_attempt", "make_story"]
