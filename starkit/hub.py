"""starkit on a JupyterHub: the hub login is the participant, and each participant's server
gets their own database role.

A coach adds two lines to ``jupyterhub_config.py`` (or a file in ``jupyterhub_config.d``)::

    from starkit.hub import configure
    configure(c, workshop="spring-2026", coaches=["carol"])

and starts the hub with the store's *owner* URL in ``STARKIT_HISTORY`` and the owner's
password in ``PGPASSWORD`` or the hub user's ``~/.pgpass`` (never on a command line, never in
a file others can read). Then, each time someone's server starts:

- the hub makes (or refreshes) their own PostgreSQL role with a new password
  (``starkit.history.roles.grant``): a participant may read and add only their own rows, a
  coach (a name in ``coaches``, or a hub admin) may read the workshop's rows;
- their server gets ``STARKIT_HISTORY`` (their role, no password), ``PGPASSWORD`` (their
  password: in the process environment only, which other users cannot read when each hub
  user is a system user), ``STARKIT_WORKSHOP`` and who they are; the owner's password
  never leaves the hub;
- their server opens the app (``app.ipynb`` in Voila) at once: a participant practises as
  their hub name, a coach sees the workshop's dashboard. No name is typed, and none can be
  changed: the database holds each role to its own rows whatever code runs in the server.

Idle kernels in each server are shut down after ``cull_idle`` seconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from starkit.history import roles
from starkit.history.members import check_workshop
from starkit.history.store import History

__all__ = ["configure", "member_environment"]

#: Seconds a kernel may sit idle with no page connected before it is shut down.
CULL_IDLE_SECONDS = 600


def app_folder() -> Path:
    """The folder holding the app notebook (``app.ipynb``), shipped inside the package."""
    return Path(__file__).resolve().parent / "_app"


def member_environment(store: History, workshop: str, user: str, *,
                       coach: bool = False) -> dict[str, str]:
    """What one member's server needs in its environment: their own role's URL and a new
    password, the workshop, their name and kind. Run as the store's owner (the hub)."""
    login = roles.grant(store, workshop, user, kind="coach" if coach else "participant")
    return {"STARKIT_HISTORY": login.url, "PGPASSWORD": login.password,
            "STARKIT_WORKSHOP": login.member.workshop,
            "STARKIT_CANDIDATE": login.member.person,
            "STARKIT_MEMBER_KIND": login.member.kind}


def configure(c: Any, *, workshop: str, coaches: Iterable[str] = (),
              store: str | None = None, cull_idle: int = CULL_IDLE_SECONDS) -> None:
    """Set up hub config ``c`` for a starkit workshop (see the module docstring).

    ``store`` is the owner's URL of the PostgreSQL store, without a password (default: the
    hub's ``STARKIT_HISTORY``). A ``pre_spawn_hook`` already set is kept and runs first.
    """
    workshop = check_workshop(workshop)
    owner_url = store or os.environ.get("STARKIT_HISTORY", "")
    if "://" not in owner_url:
        raise ValueError("starkit.hub needs the PostgreSQL store's owner URL: pass store= or "
                         "set STARKIT_HISTORY for the hub (the password in PGPASSWORD or "
                         "~/.pgpass)")
    coach_names = {name.lower() for name in coaches}
    c.Spawner.notebook_dir = str(app_folder())
    c.Spawner.default_url = "/voila/render/app.ipynb"
    args = list(c.Spawner.args) if "args" in c.Spawner else []
    c.Spawner.args = [*args,
                      f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
                      f"--MappingKernelManager.cull_interval={max(1, min(60, cull_idle // 2))}",
                      "--MappingKernelManager.cull_connected=False"]
    before = c.Spawner.pre_spawn_hook if "pre_spawn_hook" in c.Spawner else None
    c.Spawner.pre_spawn_hook = _hook(owner_url, workshop, coach_names, before)


def _hook(owner_url: str, workshop: str, coaches: set[str],
          before: Callable[[Any], Any] | None) -> Callable[[Any], None]:
    def pre_spawn_hook(spawner: Any) -> None:
        if before is not None:
            before(spawner)
        user = spawner.user
        coach = user.name.lower() in coaches or bool(getattr(user, "admin", False))
        with History.open(owner_url, create=True) as store:
            spawner.environment.update(
                member_environment(store, workshop, user.name, coach=coach))

    return pre_spawn_hook
