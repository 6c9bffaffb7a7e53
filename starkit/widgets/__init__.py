"""ipywidgets views over the pure layer. Importing this module imports ipywidgets."""

from starkit.widgets._html import download_link
from starkit.widgets.app import App
from starkit.widgets.compare import Compare
from starkit.widgets.dashboard import WorkshopDashboard
from starkit.widgets.live_editor import LiveEditor
from starkit.widgets.mock import MockInterview
from starkit.widgets.quiz import Quiz
from starkit.widgets.story_bank import StoryBank
from starkit.widgets.walkthrough import Walkthrough

__all__ = ["App", "Compare", "LiveEditor", "MockInterview", "Quiz", "StoryBank", "Walkthrough",
           "WorkshopDashboard", "download_link"]
