"""starkit on a real JupyterHub: configurable-http-proxy from npm, the dummy authenticator
with a shared password, the local-process spawner, the suite's throw-away PostgreSQL, and
Debian's Chromium logging in as three people.

The hub runs ``starkit.hub.configure`` exactly as docs/workshop.md tells a coach to.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from starkit._files import write_private
from starkit.history import History
from starkit.history.sample import sample_attempts
from tests.browser.conftest import ROOT, _unavailable, chromium, free_port, shot
from tests.browser.test_views_in_browser import save_and_see_only_ones_own
from tests.pg import pg_url, reset_pg

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "workshop-shared-pw"  # the dummy authenticator's one password for everyone
WORKSHOP = "hub-room"


@dataclass
class Hub:
    base: str
    owner_url: str
    log: Path


def _hub_config(tmp: Path, port: int) -> str:
    singleuser = Path(sys.executable).parent / "jupyterhub-singleuser"
    proxy = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    return f"""
import os
from starkit.hub import configure

c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.pid_file = {str(tmp / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{tmp}/hub.sqlite"
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(tmp / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp)!r} + "/home/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{str(singleuser)!r}]
c.Spawner.args = ["--allow-root"] if os.getuid() == 0 else []
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
configure(c, workshop={WORKSHOP!r}, coaches=["carol"])
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    if chromium() is None:
        _unavailable("no Chromium found (apt-get install chromium)")
    if not (ROOT / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        _unavailable("configurable-http-proxy is not installed (npm ci)")
    url = pg_url()
    if url is None:
        _unavailable("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    assert url is not None
    reset_pg(url)
    History.open(url).close()
    tmp = tmp_path_factory.mktemp("hub")
    port = free_port()
    config = write_private(tmp / "jupyterhub_config.py", _hub_config(tmp, port))
    log = ROOT / "artifacts" / f"hub-{port}.log"
    log.parent.mkdir(exist_ok=True)
    env = {**os.environ, "STARKIT_HISTORY": url,
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    env.pop("PGPASSWORD", None)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/hub/api/", timeout=2):
                    break
            except OSError:
                assert proc.poll() is None, f"the hub exited; see {log}"
                assert time.monotonic() < deadline, f"the hub did not start; see {log}"
                time.sleep(0.5)
        yield Hub(base, url, log)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _login(browser: Any, hub: Hub, user: str, ready: str) -> Any:
    page = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
    page.goto(hub.base + "/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_selector(ready, timeout=180_000)
    return page


APP = ".starkit-app .starkit-walkthrough"


def test_hub_logins_are_the_participants_and_each_sees_only_their_own(
        hub: Hub, browser: Any) -> None:
    pages = {who: _login(browser, hub, who, APP) for who in ("alice", "bob")}
    for who, page in pages.items():
        assert f"Practising as {who} in workshop {WORKSHOP}" in page.locator(
            ".starkit-app").inner_text()
        assert page.locator(".starkit-app input[type=text]").count() == 0  # nothing to type
        assert f"/user/{who}/voila/render/app.ipynb" in page.url
    save_and_see_only_ones_own(pages, {"alice": 1, "bob": 2})
    shot(pages["bob"], "hub-participant")
    # alice cannot reach bob's server: the hub refuses her
    answer = pages["alice"].goto(hub.base + "/user/bob/voila/render/app.ipynb")
    assert answer.status in (403, 404)
    assert pages["alice"].locator(".starkit-app").count() == 0
    with History.open(hub.owner_url, create=False) as owner:
        df = owner.attempts(workshop=WORKSHOP)
    assert df.groupby("candidate").size().to_dict() == {"alice": 1, "bob": 2}
    # the coach's login opens the workshop's dashboard, with both participants in it
    coach = _login(browser, hub, "carol", ".starkit-dashboard .starkit-cohort")
    assert f"Workshop {WORKSHOP}" in coach.locator(".starkit-dashboard").inner_text()
    options = coach.locator(".starkit-dashboard select option").all_inner_texts()
    assert {"alice", "bob"} <= set(options)
    shot(coach, "hub-coach")
    for page in (*pages.values(), coach):
        page.context.close()


def _server_environment(user: str) -> dict[str, str]:
    """The environment of ``user``'s single-user server, as code in their notebook sees it."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if b"jupyterhub-singleuser" not in cmdline:
                continue
            raw = (entry / "environ").read_bytes()
        except OSError:
            continue
        env = dict(x.split("=", 1) for x in raw.decode().split("\0") if "=" in x)
        if env.get("JUPYTERHUB_USER") == user:
            return env
    raise AssertionError(f"no single-user server for {user}")


def test_a_participants_own_credentials_cannot_touch_anyone_elses_rows(
        hub: Hub, browser: Any) -> None:
    _login(browser, hub, "alice", APP).context.close()
    with History.open(hub.owner_url, create=False) as owner:
        bobs = sample_attempts(seed=11, candidates=1, days=2)[0]
        owner.save(type(bobs)(**{**bobs.__dict__, "candidate": "bob", "id": "bob-owned"}),
                   workshop=WORKSHOP)
        before = owner.count()
    env = _server_environment("alice")
    owner_user = sa.make_url(hub.owner_url).username
    mine = sa.make_url(env["STARKIT_HISTORY"])
    assert mine.username != owner_user
    assert mine.username.startswith("sk_hub_room_alice_")
    assert mine.password is None  # the password is in PGPASSWORD, not in the URL
    assert env["STARKIT_MEMBER_KIND"] == "participant"
    # no password of anyone's is on any command line
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                assert env["PGPASSWORD"].encode() not in (entry / "cmdline").read_bytes()
            except OSError:
                continue
    dsn = mine.set(drivername="postgresql+psycopg", password=env["PGPASSWORD"])
    engine = sa.create_engine(dsn)
    with engine.connect() as c:
        seen = set(c.execute(sa.text("SELECT candidate FROM attempts")).scalars())
        assert seen <= {"alice"}
    for statement in ("UPDATE attempts SET overall = 0 WHERE id = 'bob-owned'",
                      "DELETE FROM attempts WHERE id = 'bob-owned'",
                      "DELETE FROM attempt_details WHERE id = 'bob-owned'",
                      "SELECT * FROM members"):
        with pytest.raises(sa.exc.DBAPIError) as caught, engine.begin() as c:
            c.execute(sa.text(statement))
        assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege), statement
    with pytest.raises(sa.exc.DBAPIError, match="row-level security"), engine.begin() as c:
        c.execute(sa.text(
            "INSERT INTO attempts (id, candidate, created_at, level, mode, overall, verdict, "
            "starkit_version, rubric, workshop) VALUES ('forged', 'bob', 0, 'SDE2', 'practice', "
            "99, 'Strong Hire', 'x', 'x', :w)"), {"w": WORKSHOP})
    engine.dispose()
    with History.open(hub.owner_url, create=False) as owner:
        assert owner.count() == before
        assert owner.attempt("bob-owned").overall == bobs.overall
