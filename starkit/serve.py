"""Voila as ``starkit app`` runs it: pages free their kernels, and a full room says so.

Four things plain Voila does not do:

- **A closed page's kernel is shut down at once.** Voila's page sends a shutdown request
  when it closes, carrying the ``_xsrf`` cookie, but Voila never sets that cookie, so the
  request is refused (403) and the kernel lives on until culled. Here the page sets it.
- **A cap on kernels.** Each page holds a kernel of about 210 MiB. With ``max_kernels``
  set, a page that would start one more is answered "the room is full" (HTTP 503, with
  ``Retry-After``) instead of exhausting the machine's memory.

- **A workshop page only for an invite.** With ``STARKIT_WORKSHOP`` set (``starkit app
  --workshop``), a page whose address holds no valid invite token is answered "this page
  needs your own invite link" (HTTP 403) before any kernel starts, so strangers take no
  place in the room; tokens never reach the access log (it shows ``token=[secret]``).
- **Nothing from the internet.** Voila's page links Font Awesome's stylesheets from a CDN;
  its own bundle already carries the icons the widgets use, so the links are dropped and the
  page loads, and works, with no network beyond this server.

Run it as ``python -m starkit.serve NOTEBOOK [voila options] --StarkitVoila.max_kernels=N``
(``starkit app`` builds the command line).
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

from tornado.log import access_log
from traitlets import Int
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from starkit._exceptions import StarkitError
from starkit.history.members import redeem
from starkit.history.store import History
from starkit.html import NO_INVITE, escape

__all__ = ["ROOM_FULL", "StarkitVoila", "log_request", "main", "notice_page", "scrub"]

def notice_page(kind: str, title: str, body: str) -> str:
    """A small page of its own (no kernel, nothing fetched): ``body`` is HTML already escaped;
    ``kind`` becomes the ``<main>`` element's class."""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)} - starkit</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;"
            "padding:0 1em;color:#1f2328}h1{font-size:1.4em}</style></head>"
            f'<body><main class="{kind}"><h1>{escape(title)}</h1>{body}</main></body></html>\n')


#: The page a participant sees when every place is taken (``{n}``: the cap).
ROOM_FULL = (
    "<p>Every place in this practice room ({n} in all) is in use, so your page was not "
    "opened. Nothing of yours is lost.</p><p>Try again in a minute (a place frees as soon as "
    "someone closes their page), or tell your coach, who can raise the limit.</p>")
#: The page's links to stylesheets on a CDN (Voila's lab template adds Font Awesome's).
_CDN_LINK = re.compile(r'<link[^>]*href="https://cdn\.jsdelivr\.net/[^"]*"[^>]*>\s*')
_TOKEN_IN_QUERY = re.compile(r"(?i)((?:^|[?&])[^=&]*token[^=&]*=)[^&]*")


def scrub(uri: str) -> str:
    """``uri`` with the value of every ``...token...`` parameter replaced by ``[secret]``."""
    return _TOKEN_IN_QUERY.sub(r"\1[secret]", uri)


def log_request(handler: Any) -> None:
    """Tornado's access log line, without tokens."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    access_log.log(level, "%d %s %s (%s) %.2fms", status, handler.request.method,
                   scrub(handler.request.uri), handler.request.remote_ip,
                   1000.0 * handler.request.request_time())


class _Page(TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's notebook page, with the xsrf cookie set, the kernel cap kept, invites
    checked, and no link that leaves this server."""

    def _invited(self, workshop: str) -> bool:
        """Whether the address holds a valid invite to ``workshop`` (checked in the store)."""
        store: History | None = self.settings.get("starkit_store")
        if store is None:
            store = self.settings["starkit_store"] = History.open(create=False)
        member = redeem(store, self.get_argument("token", ""))
        return member is not None and member.workshop == workshop

    def write(self, chunk: str | bytes | dict[str, Any]) -> None:
        if isinstance(chunk, str) and "cdn.jsdelivr.net" in chunk:
            chunk = _CDN_LINK.sub("", chunk)
        super().write(chunk)

    async def get(self, path: str | None = None) -> None:
        workshop = os.environ.get("STARKIT_WORKSHOP")
        if workshop and not path:
            try:
                invited = self._invited(workshop)  # one indexed look-up: quick enough inline
            except StarkitError as error:
                self.set_status(503)
                self.finish(notice_page("starkit-problem", "The practice store cannot be reached",
                                        f"<p>{escape(str(error))}</p>"))
                return
            if not invited:
                self.set_status(403)
                self.set_header("Cache-Control", "no-store")
                self.finish(notice_page("starkit-invite", "This page needs your own invite link",
                                        NO_INVITE.format(workshop=escape(workshop))))
                return
        cap = int(self.settings.get("starkit_max_kernels", 0))
        if cap and len(self.kernel_manager.list_kernel_ids()) >= cap:
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.set_header("Cache-Control", "no-store")
            self.finish(notice_page("starkit-room-full", "The room is full",
                                    ROOM_FULL.format(n=escape(str(cap)))))
            return
        # Reading the token sets the _xsrf cookie, which the page's closing beacon sends.
        _ = self.xsrf_token
        await super().get(path)


class StarkitVoila(Voila):  # type: ignore[misc]
    """Voila with ``_Page`` for the notebook and a ``max_kernels`` cap (0: none)."""

    name = "starkit-voila"
    max_kernels = Int(0, help="Most kernels (open pages) at once; 0 for no limit.").tag(
        config=True)

    def init_handlers(self) -> list[Any]:
        handlers = []
        for spec in super().init_handlers():
            if len(spec) > 1 and spec[1] is TornadoVoilaHandler:
                spec = (spec[0], _Page, *spec[2:])
            handlers.append(spec)
        return handlers

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        settings["starkit_max_kernels"] = self.max_kernels
        settings["log_function"] = log_request
        return settings


main = StarkitVoila.launch_instance

if __name__ == "__main__":  # pragma: no cover
    main()
