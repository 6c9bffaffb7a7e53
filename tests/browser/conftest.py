"""Voila serving starkit's notebooks on 127.0.0.1, driven by Debian's Chromium via Playwright.

Without Chromium these tests skip with the reason printed; with ``CI`` set they fail instead.
Screenshots land in ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-gpu", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium() -> str | None:
    env = os.environ.get("STARKIT_CHROMIUM")
    for path in ((env,) if env else ()) + CHROMIUM_PATHS:
        if path and Path(path).exists():
            return path
    return shutil.which("chromium")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(path: Path, *extra: str, env: dict[str, str] | None = None,
          max_kernels: int = 0) -> tuple[subprocess.Popen[bytes], str]:
    from starkit.cli import voila_command

    port = free_port()
    cmd = voila_command(path, port, max_kernels=max_kernels) + list(extra)
    env = {**os.environ,
           "STARKIT_HISTORY": str(ROOT / "artifacts" / f"history-{port}.sqlite"), **(env or {})}
    with (ROOT / "artifacts" / f"voila-{port}.log").open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=path if path.is_dir() else path.parent)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            # With a kernel cap, ask for something that starts no kernel (any HTTP answer
            # means Voila is serving): a page load would take one of the places.
            probe = "/voila/static/extension.js" if max_kernels else "/"
            with urllib.request.urlopen(base + probe, timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except urllib.error.HTTPError:  # serving, if only a full room's page
            return proc, base
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"Voila did not start on {base}; see artifacts/voila-{port}.log")


@contextmanager
def served(path: Path, *extra: str, env: dict[str, str] | None = None,
           max_kernels: int = 0) -> Iterator[str]:
    """A Voila server for the browser tests (skipped, or failed in CI, without Chromium)."""
    if chromium() is None:
        _unavailable("no Chromium found (apt-get install chromium)")
    (ROOT / "artifacts").mkdir(exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    proc, base = serve(path, *extra, env=env, max_kernels=max_kernels)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def voila() -> Iterator[str]:
    """Base URL of a Voila server over tests/browser/notebooks (``/voila/render/NAME``)."""
    with served(NOTEBOOKS) as base:
        yield base


@pytest.fixture(scope="session")
def voila_dark() -> Iterator[str]:
    """The same notebooks in JupyterLab's dark theme."""
    with served(NOTEBOOKS, "--theme=dark") as base:
        yield base


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    """``starkit app``'s own notebook, served the way the CLI serves it."""
    from starkit.cli import app_notebook

    with served(app_notebook()) as base:
        yield base


@pytest.fixture(scope="session")
def app_server_dark() -> Iterator[str]:
    """The app in JupyterLab's dark theme."""
    from starkit.cli import app_notebook

    with served(app_notebook(), "--theme=dark") as base:
        yield base


@dataclass(frozen=True)
class Workshop:
    """A served workshop: its address and each member's invite token."""

    base: str
    tokens: dict[str, str]
    store: Path

    def link(self, who: str) -> str:
        return f"{self.base}/?token={self.tokens[who]}"


@pytest.fixture(scope="session")
def workshop_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workshop]:
    """``starkit app --workshop browser-room`` after ``starkit workshop create``: Ana and Bo
    participate, Coach coaches; each opens their own invite link."""
    from starkit.cli import app_notebook
    from starkit.history import History
    from starkit.history.members import invite

    store = tmp_path_factory.mktemp("workshop") / "history.sqlite"
    with History.open(store) as s:
        invites = invite(s, "browser-room", ["Ana Lima", "Bo Chen"])
        invites += invite(s, "browser-room", ["Coach"], kind="coach")
    tokens = {i.member.person: i.token for i in invites}
    env = {"STARKIT_WORKSHOP": "browser-room", "STARKIT_HISTORY": str(store)}
    with served(app_notebook(), env=env) as base:
        yield Workshop(base, tokens, store)


@pytest.fixture(scope="session")
def one_seat_server() -> Iterator[str]:
    """``starkit app --max-kernels 1``: one page at a time."""
    from starkit.cli import app_notebook

    with served(app_notebook(), max_kernels=1) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium()
    if path is None:
        _unavailable("no Chromium found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    yield from watched_page(browser)


def watched_page(browser: Any, height: int = 2400) -> Iterator[Any]:
    """A page in a fresh context of ``browser`` that records its script errors
    (``page.errors``) and fails the test if it asked for anything outside 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": height})
    outside = offline(context)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()
    assert outside == [], f"the page asked for something outside this machine: {outside}"


def offline(context: Any) -> list[str]:
    """Refuse every request that would leave 127.0.0.1, and list them: starkit works fully
    offline, so a test using ``context`` fails when any was made."""
    outside: list[str] = []

    def route(r: Any) -> None:
        host = urllib.parse.urlsplit(r.request.url).hostname or ""
        if r.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return outside


def open_view(page: Any, base: str, notebook: str, selector: str) -> Any:
    page.goto(f"{base}/voila/render/{notebook}")
    page.wait_for_selector(selector, timeout=90_000)
    return page.locator(selector).first


def shot(page: Any, name: str) -> Path:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


__all__ = ["open_view", "serve", "served", "shot"]
