"""A quiz over a scenario's items: pick an option, learn at once whether it was right."""

from __future__ import annotations

from dataclasses import dataclass, field

from starkit.content.models import QuizItem

__all__ = ["QuizResult", "QuizSession"]


@dataclass(frozen=True)
class QuizResult:
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
        return sum(r.correct for r in self.results.values())

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def finished(self) -> bool:
        return self.answered == len(self.items)

    def summary(self) -> str:
        return f"{self.correct} of {self.answered} right ({len(self.items)} questions)"
