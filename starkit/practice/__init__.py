"""Practice as pure state: a mock interview (``MockSession``), a quiz (``QuizSession``) and
two scorecards compared (``compare``). The widgets are thin views over these."""

from starkit.practice.comparison import DimensionDiff, compare
from starkit.practice.mock_session import MockSession
from starkit.practice.quiz_session import QuizResult, QuizSession

__all__ = ["DimensionDiff", "MockSession", "QuizResult", "QuizSession", "compare"]
