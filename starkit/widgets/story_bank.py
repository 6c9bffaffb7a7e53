"""The story bank in the app: a candidate's own stories, added, edited and re-angled with a
form (the same store as ``05_story_bank.ipynb``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from starkit.content.loader import Library, load_library
from starkit.history.stories import Story, make_story
from starkit.html import escape as e
from starkit.insights.progress import reangle
from starkit.scoring import Answer
from starkit.widgets._base import View, guarded
from starkit.widgets._parts import AnswerBoxes

if TYPE_CHECKING:
    from starkit.history import History

__all__ = ["StoryBank"]

NEW = "(a new story)"


class StoryBank(View):
    """Pick one of your stories (or a new one), edit its title, principles and five parts,
    save it; then see how to tell it for another principle."""

    css_class = "starkit-story-bank"

    def __init__(self, store: History, candidate: str, *, library: Library | None = None,
                 principle: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.candidate = candidate
        self.library = library or load_library()
        names = [p.name for p in self.library.principles]
        self.picker = w.Dropdown(description="Story", style={"description_width": "7em"},
                                 layout=w.Layout(width="40em"))
        self.title = w.Text(description="Title", placeholder="a few words you will recognise",
                            style={"description_width": "7em"}, layout=w.Layout(width="40em"))
        self.principles = w.SelectMultiple(options=names, description="Principles",
                                           rows=6, style={"description_width": "7em"},
                                           layout=w.Layout(width="40em"))
        self.parts = AnswerBoxes()
        self.parts.layout.width = "100%"
        self.save_button = w.Button(description="Save story", button_style="primary",
                                    icon="save")
        self.delete_button = w.Button(description="Delete story", icon="trash")
        self.status = w.HTML()
        self.target = w.Dropdown(options=names, value=principle or names[0],
                                 description="Tell it for", style={"description_width": "7em"},
                                 layout=w.Layout(width="34em"))
        self.advice = w.HTML()
        self.advice.add_class("starkit-reangle")
        self.picker.observe(self._on_pick, names="value")
        self.target.observe(self._show_angle, names="value")
        self.save_button.on_click(self._save)
        self.delete_button.on_click(self._delete)
        self.children = [
            self._style, w.HTML('<div class="sk-h">My stories</div>'), self.error, self.picker,
            self.title, self.principles, self.parts,
            w.HBox([self.save_button, self.delete_button]), self.status,
            w.HTML('<div class="sk-h">Re-angle it</div>'), self.target, self.advice,
        ]
        self._load()

    # -- what the view holds ---------------------------------------------------------------

    @property
    def stories(self) -> list[Story]:
        """This candidate's stories, oldest first."""
        return list(self.store.stories(self.candidate))

    @property
    def story(self) -> Story | None:
        """The story picked (None for a new one)."""
        sid = self.picker.value
        return next((s for s in self.stories if s.id == sid), None) if sid else None

    def _load(self, pick: str = "") -> None:
        options = [(NEW, "")] + [(s.title, s.id) for s in self.stories]
        self.picker.unobserve(self._on_pick, names="value")
        self.picker.options = options
        self.picker.value = pick if pick in [v for _, v in options] else ""
        self.picker.observe(self._on_pick, names="value")
        self._on_pick()

    # -- callbacks -------------------------------------------------------------------------

    @guarded
    def _on_pick(self, change: Any = None) -> None:
        story = self.story
        self.title.value = story.title if story else ""
        self.principles.value = tuple(story.principles) if story else ()
        self.parts.set_answer(story.answer if story else Answer())
        self.delete_button.disabled = story is None
        self.status.value = ""
        self._show_angle()

    @guarded
    def _save(self, _: Any = None) -> None:
        if not self.title.value.strip():
            self.status.value = "<i>Give the story a title first.</i>"
            return
        if self.parts.answer.is_empty:
            self.status.value = "<i>Write the story first: at least one part.</i>"
            return
        old = self.story
        story = make_story(self.candidate, self.title.value, self.parts.answer,
                           principles=tuple(self.principles.value),
                           story_id=old.id if old else None)
        self.store.save_story(story)
        self._load(pick=story.id)
        self.status.value = f"Saved &ldquo;{e(story.title)}&rdquo;."

    @guarded
    def _delete(self, _: Any = None) -> None:
        story = self.story
        if story is None:
            return
        self.store.delete_story(story.id)
        self._load()
        self.status.value = f"Deleted &ldquo;{e(story.title)}&rdquo;."

    @guarded
    def _show_angle(self, change: Any = None) -> None:
        story = self.story
        if story is None:
            self.advice.value = "<p><i>Save a story to see how to tell it for a principle.</i></p>"
            return
        angle = reangle(story, self.target.value, self.library)
        card = angle["scorecard"]

        def items(lines: list[str], empty: str) -> str:
            return "".join(f"<li>{e(x)}</li>" for x in lines[:4]) or f"<li><i>{e(empty)}</i></li>"

        missing = ", ".join(angle["missing_signals"][:6]) or "nothing: it shows them all"
        self.advice.value = (
            f"<p>{e(angle['principle'])}: {e(angle['description'])}</p>"
            f"<p><b>Told as written:</b> {card.overall:.0f}/100 ({e(card.verdict)})</p>"
            f"<b>Lead with</b><ul>{items(angle['emphasize'], 'nothing in it shows this yet')}"
            f"</ul><b>Say less about</b><ul>{items(angle['downplay'], 'nothing')}</ul>"
            f"<p><b>Not shown yet:</b> {e(missing)}</p>")
