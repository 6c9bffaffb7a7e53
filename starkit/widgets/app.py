"""The whole practice app in one place: principle, then scenario, then mode.

In a workshop (``workshop="name"``) the participant's attempts are saved to the shared store
tagged with the workshop, and *My attempts* shows only theirs. Who the participant is never
comes from a name typed on the page: ``from_environment`` takes it from the JupyterHub login
or from the invite link's token (see ``starkit.history.members``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w

from starkit._exceptions import StarkitError
from starkit.content.loader import Library, load_library
from starkit.content.models import Scenario
from starkit.history.attempts import Attempt
from starkit.history.members import redeem
from starkit.history.store import History
from starkit.html import NO_INVITE, NO_MATHS, STYLE
from starkit.html import escape as e
from starkit.insights import progress
from starkit.scoring.answer import Answer
from starkit.widgets._base import View, guarded
from starkit.widgets._parts import SaveCallback, local_time
from starkit.widgets.compare import Compare
from starkit.widgets.dashboard import WorkshopDashboard
from starkit.widgets.live_editor import OWN_STORY, LiveEditor
from starkit.widgets.mock import MockInterview
from starkit.widgets.quiz import Quiz
from starkit.widgets.story_bank import StoryBank
from starkit.widgets.walkthrough import Walkthrough

MINE = "My attempts"
STORIES = "My stories"


class App(View):
    """The practice app: pick a principle, a scenario and a mode (``VIEWS``).

    ``candidate`` is who practises (decided by the caller, never typed on the page); with
    a ``store`` it saves there (tagged with ``workshop``) and adds *My attempts*, which shows
    only the participant's own. ``on_save`` also receives every saved attempt.
    """

    css_class = "starkit-app"
    library: Library
    candidate: str

    def __init__(
        self,
        *,
        library: Library | None = None,
        candidate: str = "me",
        on_save: SaveCallback | None = None,
        store: History | None = None,
        workshop: str | None = None,
        principle: str | None = None,
        mode: str = "Learn",
        admitted: Callable[[], bool] | None = None,
        keep_recordings: bool = True,
    ) -> None:
        """``admitted``, when given, is asked before every save whether the participant may
        still save (their invite link still stands). ``keep_recordings=False``: Speak it
        never writes a recording to disk (a server shared by a workshop's participants)."""
        super().__init__()
        self.keep_recordings = keep_recordings
        self._admitted = admitted
        self.library = library or load_library()
        self.candidate = candidate
        self.store = store
        self.workshop = workshop
        self._on_save = on_save
        #: Unsaved Practice answers by ``draft_key``; kept in the store too, when there is one.
        self.drafts: dict[str, Answer] = {}
        self._draft_at = ""
        self._draft_saved = 0.0
        self._practising: dict[str, str] = {}  # principle -> scenario last practised
        covered = [p.name for p in self.library.principles if self.library.by_principle(p.name)]
        self.principle_picker = w.Dropdown(options=covered,
                                           value=principle or covered[0],
                                           description="Principle",
                                           style={"description_width": "7em"},
                                           layout=w.Layout(width="34em"))
        self.scenario_picker = w.Dropdown(description="Scenario",
                                          style={"description_width": "7em"},
                                          layout=w.Layout(width="100%"))
        modes = [m for m in VIEWS if m not in (MINE, STORIES) or store is not None]
        self.mode_picker = w.ToggleButtons(options=modes, value=mode, description="Mode")
        self.stage = w.VBox()
        self.view: w.Widget | None = None
        self.principle_picker.observe(self._on_principle, names="value")
        self.scenario_picker.observe(self._on_change, names="value")
        self.mode_picker.observe(self._on_change, names="value")
        title = "starkit practice" + (f" &middot; workshop {e(workshop)}" if workshop else "")
        self.header = w.HTML(f'<div class="sk-h">{title}</div>')
        self.who = w.HTML()
        self.main = w.VBox([self.principle_picker, self.scenario_picker, self.mode_picker,
                            self.stage])
        self.children = [self._style, self.header, self.who, self.error, self.main]
        where = f" in workshop {e(workshop)}" if workshop else ""
        self.who.value = f"<div>Practising as <b>{e(candidate)}</b>{where}.</div>"
        self._on_principle()

    @property
    def saver(self) -> SaveCallback | None:
        """What the views' Save calls: ``save``, or None when there is nowhere to save."""
        return self.save if (self.store is not None or self._on_save) else None

    def save(self, attempt: Attempt) -> None:
        """Where the views' Save goes: the store (tagged with the workshop) and/or on_save."""
        if self._admitted is not None and not self._admitted():
            raise StarkitError("your invite link was replaced, or the workshop has ended, so "
                               "this attempt was not saved (your answer is still here): open "
                               "the newest link from your coach")
        if self.store is not None:
            self.store.save(attempt, workshop=self.workshop)
        if self._on_save is not None:
            self._on_save(attempt)

    # -- navigation ------------------------------------------------------------------------

    @guarded
    def _on_principle(self, change: Any = None) -> None:
        self._offer_scenarios(keep=False)
        self._show()

    @guarded
    def _on_change(self, change: Any = None) -> None:
        if change is not None and change.get("owner") is self.mode_picker:
            self._offer_scenarios(keep=True)
        self._show()

    def _offer_scenarios(self, *, keep: bool) -> None:
        """The principle's scenarios; in Practice, the candidate's own story first."""
        scenarios = self.library.by_principle(self.principle_picker.value)
        options = [(s.title, s.id) for s in scenarios]
        if self.mode_picker.value == "Practice":
            options.insert(0, (OWN_STORY, ""))
        ids = [v for _, v in options]
        wanted: str | None = self.scenario_picker.value if keep else None
        if self.mode_picker.value == "Practice":
            # the story practised last under this principle (one's own included), else the
            # newest draft kept for it, else what is in view (else one's own story)
            last = self._practising.get(self.principle_picker.value)
            if last is None:
                last = self._last_drafted()
            wanted = last if last is not None else wanted
        with self._quiet():
            self.scenario_picker.options = options
            self.scenario_picker.value = wanted if wanted in ids else options[0][1]

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Changes to the scenario picker made here do not rebuild the view."""
        self.scenario_picker.unobserve(self._on_change, names="value")
        try:
            yield
        finally:
            self.scenario_picker.observe(self._on_change, names="value")

    def _show(self) -> None:
        self._keep_draft()
        sid = self.scenario_picker.value
        mode = self.mode_picker.value
        if not sid and mode != "Practice":
            return
        view = VIEWS[mode](self, self.library.get(sid) if sid else None)
        if self.view is not None:
            self.view.close()
        self.view = view
        self.stage.children = [view]
        if isinstance(view, LiveEditor):
            self._practising[self.principle_picker.value] = sid
            self._restore_draft(view)

    # -- drafts ----------------------------------------------------------------------------

    def draft_key(self) -> str:
        """Where the open answer's draft is kept: workshop, principle and scenario."""
        return (f"{self.workshop or ''}|{self.principle_picker.value}|"
                f"{self.scenario_picker.value or OWN_KEY}")

    def _last_drafted(self) -> str | None:
        """The scenario ("" for one's own story) of the newest stored draft under this
        principle, so a reloaded page comes back to it."""
        if self.store is None:
            return None
        prefix = f"{self.workshop or ''}|{self.principle_picker.value}|"
        try:
            key = self.store.latest_draft_key(self.candidate, prefix)
        except StarkitError:
            return None
        if key is None:
            return None
        sid = key[len(prefix):]
        return "" if sid == OWN_KEY else sid

    def _restore_draft(self, view: LiveEditor) -> None:
        key = self.draft_key()
        draft = self.drafts.get(key)
        if draft is None and self.store is not None:
            try:
                draft = self.store.draft(self.candidate, key)
            except StarkitError as error:
                self.show_error(f"Your draft could not be read: {error}")
        if draft is not None:
            view.set_answer(draft)
            view.status.value = "Your draft is back, as you left it."
        self._draft_at = key
        self._draft_saved = time.monotonic()
        view.observe(self._on_draft, names="answer")

    def _on_draft(self, change: Any) -> None:
        self.drafts[self._draft_at] = change["new"]
        if time.monotonic() - self._draft_saved >= DRAFT_SAVE_SECONDS:
            self._store_draft()

    def _keep_draft(self) -> None:
        """Keep the open Practice answer before its view goes (a mode or scenario switch)."""
        if isinstance(self.view, LiveEditor):
            self.drafts[self._draft_at] = self.view.answer
            self._store_draft()

    def _store_draft(self) -> None:
        self._draft_saved = time.monotonic()
        if self.store is None or not self._draft_at:
            return
        try:
            self.store.save_draft(self.candidate, self._draft_at,
                                  self.drafts.get(self._draft_at, Answer()))
        except StarkitError as error:  # the draft stays in this page; the answer is not lost
            self.show_error(f"Your draft could not be kept in the store: {error}")

    def _stories(self) -> w.Widget:
        """The participant's own story bank: add, edit, re-angle."""
        assert self.store is not None
        return StoryBank(self.store, self.candidate, library=self.library,
                         principle=self.principle_picker.value)

    def _mine(self) -> w.Widget:
        """The participant's own attempts, and nobody else's."""
        assert self.store is not None
        df = self.store.attempts(candidate=self.candidate, workshop=self.workshop)
        if df.empty:
            return w.HTML("<p>No saved attempts yet: save one in Practice or Mock.</p>")
        rows = "".join(
            f"<tr><td>{e(local_time(r.created_at, '%Y-%m-%d %H:%M'))}</td><td>{e(r.principle)}</td>"
            f"<td>{e(r.mode)}</td><td>{r.overall:.0f}</td><td>{e(r.verdict)}</td></tr>"
            for r in df.sort_values("created_at", ascending=False).head(50).itertuples())
        ready = progress.readiness(df)
        status = "".join(f"<li>{e(r.principle)}: <b>{e(r.status)}</b> ({e(r.reason)})</li>"
                         for r in ready.itertuples())
        return w.HTML(
            f'<div class="sk-h">My attempts ({len(df)})</div><ul>{status}</ul>'
            '<table class="sk-t starkit-mine"><tr><th>when</th><th>principle</th>'
            f"<th>mode</th><th>score</th><th>verdict</th></tr>{rows}</table>")


#: The last part of the draft key of one's own story.
OWN_KEY = "own story"
#: Seconds between two saves of a draft while the candidate types (and at every switch).
DRAFT_SAVE_SECONDS = 2.0


def _practice(app: App, s: Scenario | None) -> LiveEditor:
    """Practice: the app's pickers choose; ``None`` is the candidate's own story."""
    return LiveEditor(s, library=app.library, principle=app.principle_picker.value,
                      candidate=app.candidate, on_save=app.saver,
                      level=s.role if s else "SDE2", pickers=False,
                      keep_recordings=app.keep_recordings)


#: Each mode, in the order the app shows them, and how it builds its view for a scenario
#: (Practice also for None: the candidate's own story).
VIEWS: Mapping[str, Callable[[App, Any], w.Widget]] = MappingProxyType({
    "Learn": lambda app, s: Walkthrough(s),
    "Practice": _practice,
    "Mock": lambda app, s: MockInterview(s, candidate=app.candidate, on_save=app.saver,
                                         keep_recordings=app.keep_recordings),
    "Quiz": lambda app, s: Quiz(s),
    "Compare": lambda app, s: Compare(s),
    STORIES: lambda app, s: app._stories(),
    MINE: lambda app, s: app._mine(),
})
#: The modes' names.
MODES: tuple[str, ...] = tuple(VIEWS)


#: What a page without a valid invite shows (the stand-alone workshop app).
NEEDS_INVITE = '<div class="sk-h">This page needs your own invite link</div>' + NO_INVITE


def from_environment(environ: Mapping[str, str] | None = None) -> w.Widget:
    """What the app notebook shows, decided by how the server was started (``environ``,
    by default the kernel's environment):

    - under JupyterHub with ``STARKIT_WORKSHOP`` set: the practice app for the hub user
      (``STARKIT_CANDIDATE`` as ``starkit.hub`` set it, else ``JUPYTERHUB_USER``), or the
      workshop dashboard when ``STARKIT_MEMBER_KIND`` is "coach"; the database role the
      hub handed out holds each to their own rows;
    - in a stand-alone workshop (``starkit app --workshop``): the member whose invite token
      is in the page's address (``?token=...``): the app for a participant, the dashboard
      for the coach, and for anything else a page asking for the invite link;
    - otherwise: the app for ``STARKIT_CANDIDATE`` (default "me").

    The store is ``STARKIT_HISTORY``; a store that cannot be opened is shown as a message.
    """
    env = os.environ if environ is None else environ
    workshop = env.get("STARKIT_WORKSHOP") or None
    try:
        store = History.open()
    except StarkitError as error:
        return _message(f"The history store cannot be opened: {e(str(error))}")
    if workshop and env.get("JUPYTERHUB_USER"):
        if env.get("STARKIT_MEMBER_KIND") == "coach":
            return WorkshopDashboard(store, workshop=workshop, reports_dir=_reports_dir())
        person = env.get("STARKIT_CANDIDATE") or env["JUPYTERHUB_USER"]
        return App(candidate=person, store=store, workshop=workshop)
    if workshop:
        token = parse_qs(env.get("QUERY_STRING", "")).get("token", [""])[0]
        try:
            member = redeem(store, token)
        except StarkitError as error:
            return _message(f"Your invite cannot be checked: {e(str(error))}")
        if member is None or member.workshop != workshop:
            return _message(NEEDS_INVITE.format(workshop=e(workshop)), kind="starkit-invite")
        if member.is_coach:
            return WorkshopDashboard(store, workshop=workshop, reports_dir=_reports_dir())

        def admitted() -> bool:  # a replaced link or a closed workshop stops saving at once
            return redeem(store, token) == member

        # one server for every participant: Speak it analyses audio there but keeps none
        return App(candidate=member.person, store=store, workshop=workshop, admitted=admitted,
                   keep_recordings=False)
    return App(candidate=env.get("STARKIT_CANDIDATE") or "me", store=store)


def _reports_dir() -> Path:
    """Where the coach's exported reports go: ``starkit-reports`` in the server user's home
    (the app's own folder is the installed package, no place for them)."""
    return Path.home() / "starkit-reports"


def _message(html: str, kind: str = "starkit-problem") -> w.Widget:
    box = w.HTML(f'{STYLE}<div class="starkit {kind}">{html}</div>')
    for name in NO_MATHS.split():  # a "$" in a path or name stays a dollar sign
        box.add_class(name)
    return box
