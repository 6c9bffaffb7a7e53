"""A process killed (SIGKILL) at any moment of an import leaves the store as it was or with
the whole file, never between: on SQLite and on PostgreSQL, at 24 points each, most of them
inside the one transaction (after 1 to N of its progress reports, plus a random delay)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from starkit.history import History
from tests.robustness.test_store_import import (
    BEFORE,
    filled,
    postgres,
    record,
    rows,
    write_json,
)

KILLS = 24
RECORDS = 4000
CHUNK = 100  # progress after every 100 rows, inside the transaction

IMPORTER = f"""
import sys
from starkit.history import store
store.IMPORT_CHUNK = {CHUNK}
h = store.History.open(sys.argv[1])
print("open", flush=True)
h.import_(sys.argv[2], progress=lambda done, total: print(done, flush=True))
print("done", flush=True)
"""


def kill_at_random_points(target: str, reset: object, path: Path, seed: int) -> list[str]:
    """Run the importer ``KILLS`` times, killing it at random; after each kill check the store
    holds BEFORE or BEFORE + RECORDS rows (and reset it when it was imported)."""
    rng = random.Random(seed)
    seen = []
    before = rows(target)
    for i in range(KILLS):
        # Where to kill: before the transaction (i == 0), after the report that follows the
        # commit (i == 1), else after a random number of the reports made inside it.
        reports = 0 if i == 0 else RECORDS // CHUNK if i == 1 else rng.randint(1,
                                                                                 RECORDS // CHUNK)
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, target, str(path)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline() == "open\n"
        for _ in range(reports):
            line = proc.stdout.readline()
            if not line or line == "done\n":
                break
        if rng.random() < 0.7:
            busy = rng.uniform(0, 0.002)  # a few more rows in, or into the commit
            end = time.perf_counter() + busy
            while time.perf_counter() < end:
                pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
        after = rows(target)
        assert len(after) in (BEFORE, BEFORE + RECORDS), f"kill {i}: {len(after)} rows"
        if len(after) == BEFORE:
            assert after == before
            seen.append("before")
        else:
            assert {r[0] for r in before} <= {r[0] for r in after}
            seen.append("after")
            reset()  # type: ignore[operator]
        with History.open(target, create=False) as h:  # the store still opens and checks
            if h.dialect == "sqlite":
                with h.transaction() as tx:
                    assert tx.run("PRAGMA integrity_check")[0][0] == "ok"
    return seen


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    return write_json(tmp_path / "big.json", [record(i) for i in range(RECORDS)])


def test_a_killed_sqlite_import_leaves_before_or_after(tmp_path: Path, big_file: Path) -> None:
    template = tmp_path / "template.sqlite"
    filled(str(template))
    target = tmp_path / "h.sqlite"
    shutil.copy(template, target)

    def reset() -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(template, target)

    seen = kill_at_random_points(str(target), reset, big_file, seed=12)
    assert {"before", "after"} <= set(seen)  # kills landed inside the import and after it


def test_a_killed_postgres_import_leaves_before_or_after(big_file: Path) -> None:
    url = filled(postgres())

    def reset() -> None:
        with History.open(url) as h, h.transaction() as tx:
            tx.run("DELETE FROM attempt_details WHERE id LIKE 'rec-%'")
            tx.run("DELETE FROM attempts WHERE id LIKE 'rec-%'")

    seen = kill_at_random_points(url, reset, big_file, seed=13)
    assert {"before", "after"} <= set(seen)
