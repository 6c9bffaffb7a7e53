"""Stories in and out of the ``stories`` table (statements built with SQLAlchemy Core, run
by ``History``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Delete, RowMapping, Select, delete, select

from starkit.content.models import SECTIONS
from starkit.history.stories import Story
from starkit.history.tables import STORY_COLUMNS, from_micros, matching, stories, to_micros
from starkit.scoring.answer import Answer

__all__ = ["delete_story", "select_stories", "story_row", "to_story"]


def story_row(story: Story) -> dict[str, Any]:
    """The ``stories`` row of a story (principles and tags as JSON lists)."""
    values = (story.id, story.candidate, story.title, *story.answer.parts().values(),
              json.dumps(list(story.principles)), json.dumps(list(story.tags)),
              to_micros(story.created_at))
    return dict(zip(STORY_COLUMNS, values, strict=True))


def select_stories(candidate: str | None = None) -> Select[Any]:
    """Stories (one candidate's, or everyone's), oldest first."""
    return select(stories).where(*matching(stories, candidate=candidate)).order_by(
        stories.c.created_at, stories.c.id)


def _names(text: Any, what: str) -> tuple[str, ...]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise ValueError(f"the stored {what} are not valid JSON") from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"the stored {what} are not a list of names")
    return tuple(value)


def to_story(rec: RowMapping) -> Story:
    """The story a ``stories`` row stands for; ``ValueError`` when its stored principles
    or tags are not a JSON list of names."""
    return Story(rec["id"], rec["candidate"], rec["title"],
                 Answer(**{s: rec[s] for s in SECTIONS}),
                 _names(rec["principles"], "principles"), _names(rec["tags"], "tags"),
                 from_micros(rec["created_at"]))


def delete_story(story_id: str) -> Delete:
    """The statement that deletes one story."""
    return delete(stories).where(stories.c.id == story_id)
