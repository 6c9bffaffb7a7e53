"""``starkit.hub.configure`` on a hub config, without starting a hub (tests/browser/test_hub.py
starts a real one)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from starkit.history import History
from starkit.hub import app_folder, configure, member_environment
from tests.pg import pg_url, reset_pg


def test_configure_opens_the_app_culls_kernels_and_keeps_an_earlier_hook() -> None:
    c = Config()
    c.Spawner.args = ["--allow-root"]
    c.Spawner.pre_spawn_hook = print
    configure(c, workshop="spring", coaches=["Carol"], store="postgresql://owner@db/x",
              cull_idle=120)
    assert c.Spawner.default_url == "/voila/render/app.ipynb"
    assert Path(c.Spawner.notebook_dir) == app_folder()
    assert (app_folder() / "app.ipynb").is_file()
    assert c.Spawner.args == ["--allow-root", "--MappingKernelManager.cull_idle_timeout=120",
                              "--MappingKernelManager.cull_interval=60",
                              "--MappingKernelManager.cull_connected=False"]
    assert callable(c.Spawner.pre_spawn_hook)
    assert c.Spawner.pre_spawn_hook is not print


def test_configure_needs_the_owner_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STARKIT_HISTORY", raising=False)
    with pytest.raises(ValueError, match="owner URL"):
        configure(Config(), workshop="spring")
    with pytest.raises(ValueError, match="workshop name"):
        configure(Config(), workshop="<x>", store="postgresql://o@h/d")


def test_the_spawn_hook_hands_each_member_their_own_login(
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    History.open(url).close()
    c = Config()
    seen: list[str] = []
    c.Spawner.pre_spawn_hook = lambda spawner: seen.append(spawner.user.name)
    configure(c, workshop="spring", coaches=["carol"], store=url)
    envs = {}
    for name, admin in (("alice", False), ("carol", False), ("root-admin", True)):
        spawner = SimpleNamespace(user=SimpleNamespace(name=name, admin=admin), environment={})
        c.Spawner.pre_spawn_hook(spawner)
        envs[name] = spawner.environment
    assert seen == ["alice", "carol", "root-admin"]  # the hook set before still runs
    alice = envs["alice"]
    assert alice["STARKIT_WORKSHOP"] == "spring"
    assert alice["STARKIT_CANDIDATE"] == "alice"
    assert alice["STARKIT_MEMBER_KIND"] == "participant"
    assert alice["STARKIT_HISTORY"].startswith("postgresql://sk_spring_alice_")
    assert len(alice["PGPASSWORD"]) == 32
    assert alice["PGPASSWORD"] not in alice["STARKIT_HISTORY"]
    assert envs["carol"]["STARKIT_MEMBER_KIND"] == "coach"
    assert envs["root-admin"]["STARKIT_MEMBER_KIND"] == "coach"
    # a second spawn rotates the password
    with History.open(url) as owner:
        again = member_environment(owner, "spring", "alice")
    assert again["PGPASSWORD"] != alice["PGPASSWORD"]
    assert again["STARKIT_HISTORY"] == alice["STARKIT_HISTORY"]
