"""A candidate's own stories: the five parts, tags, and the principles each can serve."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

from starkit._exceptions import UnknownNameError
from starkit.content.models import closest_principle, resolve_principle
from starkit.scoring.answer import Answer

__all__ = ["Story", "StoryList", "make_story"]


@dataclass(frozen=True)
class Story:
    """One of the candidate's own stories: its five parts, and the principles it serves."""

    id: str
    candidate: str
    title: str
    answer: Answer
    principles: tuple[str, ...] = ()
    """Official names of the principles this story is planned for."""
    tags: tuple[str, ...] = ()
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON-ready values."""
        data = asdict(self)
        data["answer"] = self.answer.parts()
        data["principles"] = list(self.principles)
        data["tags"] = list(self.tags)
        data["created_at"] = self.created_at.isoformat()
        return data


class StoryList(list[Story]):
    """Stories read from a store, with those that could not be read listed in ``skipped``
    as ``(story_id, reason)``."""

    def __init__(self, stories: Iterable[Story] = ()) -> None:
        """A list of ``stories``, none skipped yet."""
        super().__init__(stories)
        #: The stories left out, and why.
        self.skipped: list[tuple[str, str]] = []


def make_story(candidate: str, title: str, answer: Answer, *, principles: tuple[str, ...] = (),
               tags: tuple[str, ...] = (), story_id: str | None = None) -> Story:
    """A new story; principle names or slugs are resolved to the official names."""
    if not candidate.strip():
        raise ValueError("a story needs a candidate name")
    if not title.strip():
        raise ValueError("a story needs a title")
    names = []
    for p in principles:
        official = resolve_principle(p)
        if official is None:
            raise UnknownNameError("principle", p, closest_principle(p))
        names.append(official)
    return Story(story_id or str(uuid.uuid4()), candidate.strip(), title.strip(), answer,
                 tuple(dict.fromkeys(names)), tuple(t.strip() for t in tags if t.strip()))
