"""A quiz over a scenario's items: pick an option, learn at once whether it was right."""

from __future__ import annotations

from dataclasses import dataclass, field

from starkit.content.models import QuizItem

__all__ = ["QuizResult", "QuizSession"]


@dataclass(frozen=True)
class QuizResult:
    """One answered question: the option chosen, whether it was right, and why."""

    question: str
    chosen: str
    correct: bool
    answer: str
    explanation: str


@dataclass
class QuizSession:
    """Answers to a list of quiz items; the first answer to each question counts."""

    items: list[QuizItem]
    results: dict[int, QuizResult] = field(default_factory=dict)

    def answer(self, index: int, option: str) -> QuizResult:
        """Check ``option`` for question ``index`` (0-based); only a first answer is kept.

        Raises ``IndexError`` when there is no such question and ``ValueError`` when ``option``
        is not one of its options.
        """
        if not 0 <= index < len(self.items):
            raise IndexError(f"no question {index + 1}; the quiz has {len(self.items)}")
        item = self.items[index]
        if option not in item.options:
            raise ValueError(f"{option!r} is not an option of question {index + 1}")
        result = QuizResult(item.question, option, option == item.answer, item.answer,
                            item.explanation)
        self.results.setdefault(index, result)
        return result

    @property
    def correct(self) -> int:
        """How many kept answers are right."""
        return sum(r.correct for r in self.results.values())

    @property
    def answered(self) -> int:
        """How many questions have an answer."""
        return len(self.results)

    @property
    def finished(self) -> bool:
        """True once every question has an answer."""
        return self.answered == len(self.items)

    def summary(self) -> str:
        """``"3 of 4 right (5 questions)"``."""
        return f"{self.correct} of {self.answered} right ({len(self.items)} questions)"
