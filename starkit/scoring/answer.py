"""An answer: five texts, one per part of STAR plus Reflection."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields

from starkit.content.models import SECTIONS

__all__ = ["Answer"]


@dataclass(frozen=True, slots=True)
class Answer:
    """The five parts of a spoken answer. Empty parts are allowed (and found wanting)."""

    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    reflection: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, str):
                raise TypeError(f"Answer.{f.name} must be text, got {type(value).__name__}")

    @classmethod
    def from_mapping(cls, parts: Mapping[str, object]) -> Answer:
        """From a mapping with the five keys (missing keys are empty, None is empty)."""
        unknown = set(parts) - set(SECTIONS)
        if unknown:
            raise ValueError(
                f"unknown part {sorted(unknown)[0]!r}; expected {', '.join(SECTIONS)}"
            )
        return cls(**{k: "" if parts.get(k) is None else str(parts[k]) for k in SECTIONS})

    def parts(self) -> dict[str, str]:
        """Part name -> text, in STAR(+R) order."""
        return {name: getattr(self, name) for name in SECTIONS}

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.parts().items())

    @property
    def text(self) -> str:
        """All parts as one text, blank-line separated."""
        return "\n\n".join(t.strip() for _, t in self if t.strip())

    @property
    def is_empty(self) -> bool:
        """True when every part is blank."""
        return not any(t.strip() for _, t in self)
