"""Connections and the app's process: a silent database host fails fast, passwords are never
shown or put on a command line, and stopping ``starkit app`` stops the Voila it started."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from starkit import HistoryError, cli
from starkit.history import History
from starkit.history.backends import CONNECT_TIMEOUT, redact
from tests.pg import pg_url
from tests.procs import kernel_pids


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://ana:s3cret@db:5432/x?sslmode=require", "postgresql://ana@db:5432/x?sslmode=require"),
    ("postgresql://ana@db/x?password=s3cret", "postgresql://ana@db/x"),
    ("postgresql://db/x?password=s3cret&application_name=a", "postgresql://db/x?application_name=a"),
    ("postgresql+psycopg://ana:p%40s3cret@db/x", "postgresql+psycopg://ana@db/x"),
    ("postgresql://ana@db/x", "postgresql://ana@db/x"),
])
def test_passwords_are_redacted_in_both_forms(url: str, shown: str) -> None:
    assert redact(url) == shown


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A host that accepts connections and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(sock.accept()[0])

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield sock.getsockname()[1]
    finally:
        stop.set()
        t.join()
        for c in held:
            c.close()
        sock.close()


def test_a_silent_host_fails_after_the_connect_timeout_without_the_password() -> None:
    with silent_server() as port:
        url = f"postgresql://ana:s3cret@127.0.0.1:{port}/x?password=s3cret"
        raised: list[BaseException] = []

        def connect() -> None:
            try:
                History.open(url)
            except BaseException as e:
                raised.append(e)

        # A functional bound, not a speed target: without a timeout libpq waits for minutes.
        t = threading.Thread(target=connect, daemon=True)
        t.start()
        t.join(timeout=60)
        assert not t.is_alive(), "opening a silent host did not time out"
    (error,) = raised
    assert isinstance(error, HistoryError)
    message = str(error)
    assert message.startswith(f"postgresql://ana@127.0.0.1:{port}/x: cannot ")
    assert f"did not answer within {CONNECT_TIMEOUT} s" in message
    assert "s3cret" not in message


def test_postgres_sessions_have_a_statement_timeout() -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    with History.open(url) as h, h.connection.connect() as conn:
        assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "30s"


@pytest.mark.parametrize("store", ["postgresql://ana:s3cret@db/x",
                                   "postgresql://ana@db/x?password=s3cret"])
def test_a_password_on_the_command_line_is_refused(store: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["app", "--store", store], ["report", "ana", "--store", store],
                 ["export", "x.json", "--store", store], ["import", "x.json", "--store", store]):
        with pytest.raises(SystemExit) as exc:
            cli.main(args)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert "the URL holds a password, which every user on this machine can read" in err
        assert "s3cret" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
            return True
    except urllib.error.HTTPError:  # an answer all the same ("the room is full")
        return True
    except OSError:
        return False


@contextlib.contextmanager
def running_app(*args: str, history: str = ":memory:",
                log: Path | None = None) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``starkit app`` on a free port, serving (its process and port); killed at the end if
    the test did not stop it. Its output goes to ``log`` when given."""
    port = _free_port()
    out = log.open("wb") if log else subprocess.DEVNULL
    app = subprocess.Popen([sys.executable, "-m", "starkit.cli", "app", "--port", str(port),
                            *args],
                           stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
                           env={**os.environ, "STARKIT_HISTORY": history})
    try:
        deadline = time.monotonic() + 90
        while not _serving(port):
            assert app.poll() is None, "starkit app exited before serving"
            assert time.monotonic() < deadline, "Voila did not start"
            time.sleep(0.5)
        yield app, port
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=30)
            except subprocess.TimeoutExpired:
                app.kill()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_starkit_app_stops_voila(sig: signal.Signals) -> None:
    with running_app() as (app, port):
        app.send_signal(sig)
        assert app.wait(timeout=60) is not None
        deadline = time.monotonic() + 30
        while _serving(port) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _serving(port), "Voila kept serving after starkit app stopped"


def _kernels_of(pid: int) -> int:
    """How many kernel processes descend from ``pid``."""
    return len(kernel_pids(pid))


def test_page_loads_do_not_pile_up_kernels() -> None:
    # Three page loads that never connect (curl-like) start three kernels; with a short idle
    # cull they are shut down again. Without culling every load keeps its kernel for good.
    with running_app("--cull-idle", "4") as (app, port):
        # The readiness probes were page loads too: wait for their kernels to go.
        deadline = time.monotonic() + 60
        while _kernels_of(app.pid) and time.monotonic() < deadline:
            time.sleep(1)
        assert _kernels_of(app.pid) == 0
        for _ in range(3):
            assert _serving(port)
        assert _kernels_of(app.pid) == 3
        deadline = time.monotonic() + 60
        while _kernels_of(app.pid) and time.monotonic() < deadline:
            time.sleep(1)
        assert _kernels_of(app.pid) == 0


def _load(port: int, opener: urllib.request.OpenerDirector) -> tuple[int, str, Any]:
    """One page load: its status, its body and its headers."""
    try:
        with opener.open(f"http://127.0.0.1:{port}/", timeout=60) as r:
            return r.status, r.read().decode(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers


def _settled(pid: int, want: int) -> int:
    deadline = time.monotonic() + 60
    while _kernels_of(pid) != want and time.monotonic() < deadline:
        time.sleep(0.5)
    return _kernels_of(pid)


def test_a_closed_page_frees_its_kernel_and_a_full_room_says_so() -> None:
    # Two places; the readiness probe's kernel is culled first (--cull-idle 2).
    with running_app("--max-kernels", "2", "--cull-idle", "2") as (app, port):
        assert _settled(app.pid, 0) == 0
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        pages = [_load(port, browser) for _ in range(2)]
        assert [p[0] for p in pages] == [200, 200]
        assert _kernels_of(app.pid) == 2
        status, body, headers = _load(port, urllib.request.build_opener())
        assert status == 503
        assert "The room is full" in body
        assert "(2 in all)" in body
        assert headers["Retry-After"] == "60"
        assert _kernels_of(app.pid) == 2  # the refused page started no kernel
        # Closing a page sends what Voila's page sends on unload: its kernel goes at once.
        xsrf = next(c.value for c in jar if c.name == "_xsrf")
        kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', pages[0][1])
        assert kernel is not None
        beacon = urllib.request.Request(
            f"http://127.0.0.1:{port}/voila/api/shutdown/{kernel.group(1)}",
            data=urllib.parse.urlencode({"_xsrf": xsrf}).encode(), method="POST")
        with browser.open(beacon, timeout=30) as r:
            assert r.status == 204
        assert _kernels_of(app.pid) == 1
        assert _load(port, urllib.request.build_opener())[0] == 200


def test_a_workshop_page_without_an_invite_starts_no_kernel_and_tokens_stay_out_of_logs(
        tmp_path: Path) -> None:
    from starkit.history.members import invite

    store = tmp_path / "room.sqlite"
    with History.open(store) as s:
        (alice,) = invite(s, "spring", ["Alice"])
    log = tmp_path / "app.log"
    with running_app("--workshop", "spring", "--cull-idle", "600", history=str(store),
                     log=log) as (app, port):
        assert _settled(app.pid, 0) == 0  # the readiness probes had no invite: no kernel
        opener = urllib.request.build_opener()
        tampered = alice.token[:-1] + ("A" if alice.token[-1] != "A" else "B")
        for query in ("", "?token=", f"?token={tampered}", "?candidate=Alice"):
            with pytest.raises(urllib.error.HTTPError) as e:
                opener.open(f"http://127.0.0.1:{port}/{query}", timeout=30)
            assert e.value.code == 403
            assert "This page needs your own invite link" in e.value.read().decode()
        assert _kernels_of(app.pid) == 0
        status, _body, _ = _load_path(port, f"/?token={alice.token}")
        assert status == 200
        assert _kernels_of(app.pid) == 1
    text = log.read_text()
    assert alice.token not in text
    assert tampered not in text
    assert "token=[secret]" in text


def _load_path(port: int, path: str) -> tuple[int, str, Any]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
            return r.status, r.read().decode(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), e.headers
