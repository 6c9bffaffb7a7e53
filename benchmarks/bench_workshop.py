"""A workshop under load (figures, not a timed test).

Run: python benchmarks/bench_workshop.py [--pg URL] [--participants 100] [--each 50]
[--pages 4] [--rounds 3]

Three kinds of run, each with ``participants`` separate processes (p000, p001, ...) that each save
``each`` attempts (one transaction per save) while a coach process runs the dashboard's
queries in a loop:

- PostgreSQL (``--pg`` or ``STARKIT_TEST_PG_URL``), everyone connecting as the store's owner;
- PostgreSQL, own roles: before the clock starts the owner grants each participant their
  own role, and the coach a coach role (``starkit.history.roles``); each process logs in
  as its role (its password in ``PGPASSWORD``), so row-level security checks every save
  and every dashboard read;
- a SQLite file.

The database is emptied (``tests.pg.reset_pg``: its tables and the members' roles) before
each PostgreSQL run, and the workshop's roles are revoked after the last. Prints rows
expected, found (counted by the owner) and lost, throughput, the p50/p95 save latency and
how many dashboard runs the coach made. The two PostgreSQL runs alternate for ``rounds``
rounds (the machine is shared and noisy, so each round compares runs made one right after
the other); it prints each round's ratios (saves/s shared / own, p95 own / shared) and
their medians (the target is at most 1.3 for both).

Then, when Chromium is available, the kernels check: the stand-alone workshop app served as
``starkit app --workshop`` serves it, a store in which ``pages`` participants were invited,
and each participant's invite link opened in its own page (Practice, one part typed so the
English pipeline is loaded). It prints the kernels under the Voila server before any page,
with every page open and after closing them (each closed page shuts its kernel down, so the
count returns to the baseline), and the memory each kernel takes (the figure
docs/workshop.md uses for sizing) beside the Voila server's own.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starkit.content.rubric import DIMENSIONS  # noqa: E402
from starkit.history import roles  # noqa: E402
from starkit.history.attempts import Attempt  # noqa: E402
from starkit.history.store import History  # noqa: E402
from starkit.insights import progress  # noqa: E402
from tests.procs import kernel_pids  # noqa: E402

WORKSHOP = "bench-room"
SHARED = "PostgreSQL"
OWN_ROLES = "PostgreSQL, own roles"
#: The most the own-roles run may cost against the shared role (saves/s and p95 alike).
TARGET_RATIO = 1.3


@dataclass(frozen=True)
class Seat:
    """How one process opens the store: its URL, and the password of the process's own
    database role (given as ``PGPASSWORD``) when it has one."""

    url: str
    password: str = ""

    def open(self) -> History:
        if self.password:
            os.environ["PGPASSWORD"] = self.password  # a forked process: its own environment
        return History.open(self.url)


def _attempt(who: str, i: int) -> Attempt:
    dims = {d: float((i * 7 + len(who)) % 100) for d in DIMENSIONS}
    return Attempt(
        id=f"{who}-{i}", candidate=who,
        created_at=datetime(2026, 11, 26, tzinfo=timezone.utc) + timedelta(seconds=i),
        scenario_id="success-and-scale-webhook-drops", story_id=None,
        principle="Success and Scale Bring Broad Responsibility", level="SDE2",
        mode="practice", situation="s", task="t", action="a", result="r", reflection="l",
        overall=dims["ownership"], verdict="Hire", dimensions=dims,
        scorecard={"findings": [{"kind": "no_baseline", "severity": "minor",
                                 "message": "no baseline", "section": "result"}]},
        duration_seconds=90.0, starkit_version="bench", rubric="bench", extra={})


def participant(seat: Seat, who: str, each: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    latencies: list[float] = []
    try:
        with seat.open() as store:
            for i in range(each):
                t = time.perf_counter()
                store.save(_attempt(who, i), workshop=WORKSHOP)
                latencies.append(time.perf_counter() - t)
    except Exception as e:  # reported by run(), which would otherwise wait for nothing
        out.put((latencies, f"{who}: {e}"))
        return
    out.put((latencies, ""))


def coach(seat: Seat, stop: mp.Event, ready: mp.Event,  # type: ignore[type-arg]
          out: mp.Queue) -> None:  # type: ignore[type-arg]
    runs = 0
    with seat.open() as store:
        store.attempts(workshop=WORKSHOP)  # warm up (imports, connections) before the room
        ready.set()
        deadline = time.monotonic() + 600
        while not stop.is_set() and time.monotonic() < deadline:
            df = store.attempts(workshop=WORKSHOP)
            progress.common_findings(store.findings(workshop=WORKSHOP))
            if len(df):
                df.pivot_table(index="candidate", columns="principle", values="overall",
                               aggfunc="max", observed=True)
            runs += 1
    out.put(runs)


def run(label: str, owner: str, seats: dict[str, Seat], coach_seat: Seat,
        each: int) -> dict[str, Any]:
    """One run: a process per seat saving ``each`` attempts as that person, the coach's
    queries throughout; rows are counted afterwards as ``owner``."""
    History.open(owner).close()  # create / migrate once
    ctx = mp.get_context("fork")
    results: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    coach_out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    stop, ready = ctx.Event(), ctx.Event()
    dash = ctx.Process(target=coach, args=(coach_seat, stop, ready, coach_out))
    dash.start()
    if not ready.wait(120):
        dash.terminate()
        raise RuntimeError(f"{label}: the coach process did not open the store")
    procs = [ctx.Process(target=participant, args=(seat, who, each, results))
             for who, seat in seats.items()]
    t = time.perf_counter()
    for p in procs:
        p.start()
    latencies: list[float] = []
    errors: list[str] = []
    for _ in procs:
        times, error = results.get(timeout=600)
        latencies += times
        if error:
            errors.append(error)
    for p in procs:
        p.join(60)
    elapsed = time.perf_counter() - t
    stop.set()
    coach_runs = coach_out.get(timeout=120)
    dash.join(60)
    with History.open(owner) as store:
        found = store.count(workshop=WORKSHOP)
    latencies.sort()
    nan = float("nan")
    return {
        "label": label, "expected": len(seats) * each, "found": found,
        "throughput": found / elapsed,
        "p50": statistics.median(latencies) * 1e3 if latencies else nan,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1e3 if latencies else nan,
        "elapsed": elapsed, "coach_runs": coach_runs, "errors": errors,
        "failed": sum(p.exitcode != 0 for p in procs) + len(errors),
    }


def names(participants: int) -> list[str]:
    return [f"p{i:03d}" for i in range(participants)]


def own_roles(owner: str, participants: int) -> tuple[dict[str, Seat], Seat]:
    """Each participant's own role and the coach's, granted by the owner (not timed)."""
    with History.open(owner) as store:
        logins = [roles.grant(store, WORKSHOP, who) for who in names(participants)]
        head = roles.grant(store, WORKSHOP, "coach", kind="coach")
    return ({login.member.person: Seat(login.url, login.password) for login in logins},
            Seat(head.url, head.password))


def _rss_mib(pid: int) -> float:
    """A process's resident memory in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def kernels_check(pages: int) -> list[str]:
    """Kernels under the Voila server before, during and after ``pages`` participants'
    pages, each opened by its own invite link; the kernels' memory with Practice open."""
    # lazy: the browser helpers and Playwright are needed only for this optional check
    from tests.browser.conftest import CHROMIUM_ARGS, chromium, serve

    path = chromium()
    if path is None:
        return ["kernels: skipped (no Chromium)"]
    # lazy: as above; the app is loaded only for this check, not in every participant
    from playwright.sync_api import sync_playwright

    from starkit.cli import app_notebook
    from starkit.history.members import invite

    (ROOT / "artifacts").mkdir(exist_ok=True)
    store_path = Path(tempfile.mkdtemp(prefix="starkit-ws-")) / "app.sqlite"
    with History.open(store_path) as store:
        invites = invite(store, WORKSHOP, names(pages))
    env = {"STARKIT_WORKSHOP": WORKSHOP, "STARKIT_HISTORY": str(store_path)}
    # With a cap on kernels (above the pages opened here) serve()'s readiness probe asks for
    # a static file: a page load would start a kernel that lives until culled (10 minutes).
    proc, base = serve(app_notebook(), env=env, max_kernels=pages + 2)
    try:
        time.sleep(1)  # the server's own start-up
        before = len(kernel_pids(proc.pid))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            opened = []
            for inv in invites:
                # Its own context, kept open: a page from browser.new_page() owns its
                # context, which page.close() then closes at once, before the page's closing
                # request that shuts the kernel down is sent.
                page = browser.new_context().new_page()
                page.goto(f"{base}/?token={inv.token}")
                page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=90_000)
                page.get_by_role("button", name="Practice").click()
                page.wait_for_selector(".starkit-live-editor .starkit-overall", timeout=30_000)
                # A participant types: the first score loads the English pipeline.
                page.fill(".starkit-box-action textarea", "I pulled the logs and traced the "
                          "drops to a race in the retry code.")
                page.wait_for_selector(".starkit-live-editor .starkit-overall[data-rev='2']",
                                       timeout=60_000)
                opened.append(page)
            time.sleep(1)
            during = kernel_pids(proc.pid)
            memory = [_rss_mib(k) for k in during]
            voila_rss = _rss_mib(proc.pid)
            for page in opened:
                page.close(run_before_unload=True)  # Voila's page shuts its kernel down
            t = time.monotonic()
            after = len(kernel_pids(proc.pid))
            while after > before and time.monotonic() - t < 30:
                time.sleep(0.25)
                after = len(kernel_pids(proc.pid))
            settled = time.monotonic() - t
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    back = (f"back to the baseline {settled:.1f} s after closing them" if after <= before
            else f"NOT back to the baseline of {before} after 30 s")
    lines = [f"kernels under the Voila server ({pages} participants, each by their own invite "
             f"link): before any page {before}, with every page open {len(during)}, after "
             f"closing the pages {after} ({back})"]
    if not memory:
        return [*lines, "memory per participant: no kernels found"]
    return [*lines,
            f"memory per participant (Voila kernel with the app, Practice open, one part "
            f"typed so the English pipeline is loaded): mean {statistics.mean(memory):.0f} "
            f"MiB, max {max(memory):.0f} MiB over {len(memory)} kernels; the Voila server "
            f"itself {voila_rss:.0f} MiB"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default=os.environ.get("STARKIT_TEST_PG_URL"))
    ap.add_argument("--participants", type=int, default=100)
    ap.add_argument("--each", type=int, default=50)
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3,
                    help="alternating shared-role and own-role runs (the ratio's median)")
    args = ap.parse_args()
    rows = []
    ratios: list[tuple[float, float]] = []
    if args.pg:
        # lazy: the test helper (it imports pytest) is needed only with a PostgreSQL server
        from tests.pg import reset_pg

        def shared_run() -> dict[str, Any]:
            reset_pg(args.pg)
            seats = {who: Seat(args.pg) for who in names(args.participants)}
            return run(SHARED, args.pg, seats, Seat(args.pg), args.each)

        def own_run() -> dict[str, Any]:
            reset_pg(args.pg)
            History.open(args.pg).close()  # the tables, before roles are granted on them
            seats, coach_seat = own_roles(args.pg, args.participants)
            row = run(OWN_ROLES, args.pg, seats, coach_seat, args.each)
            with History.open(args.pg) as store:
                roles.revoke(store, WORKSHOP)
            return row

        # The machine is shared and noisy: the two runs alternate, round after round, and
        # each round's ratio compares runs made one right after the other.
        for i in range(args.rounds):
            pair = (shared_run, own_run) if i % 2 == 0 else (own_run, shared_run)
            done = {r["label"]: r for r in (pair[0](), pair[1]())}
            a, b = done[SHARED], done[OWN_ROLES]
            a["label"], b["label"] = f"{SHARED} ({i + 1})", f"{OWN_ROLES} ({i + 1})"
            rows += [a, b]
            ratios.append((a["throughput"] / b["throughput"], b["p95"] / a["p95"]))
    else:
        print("PostgreSQL: skipped (pass --pg URL or set STARKIT_TEST_PG_URL)")
    sqlite_path = str(Path(tempfile.mkdtemp(prefix="starkit-ws-")) / "room.sqlite")
    rows.append(run("SQLite", sqlite_path,
                    {who: Seat(sqlite_path) for who in names(args.participants)},
                    Seat(sqlite_path), args.each))
    print(f"{args.participants} participant processes x {args.each} saves, dashboard queries "
          "running throughout:")
    print(f"{'store':<27}{'expected':>9}{'found':>8}{'lost':>6}{'saves/s':>10}"
          f"{'p50 ms':>9}{'p95 ms':>9}{'dashboard runs':>16}")
    for r in rows:
        print(f"{r['label']:<27}{r['expected']:>9,}{r['found']:>8,}"
              f"{r['expected'] - r['found']:>6}{r['throughput']:>10,.0f}{r['p50']:>9.1f}"
              f"{r['p95']:>9.1f}{r['coach_runs']:>16}")
    for r in rows:
        if r["failed"]:
            print(f"{r['label']}: {r['failed']} participant processes failed; first: "
                  f"{(r['errors'] or ['(no message: see the exit codes)'])[0]}")
    if ratios:
        for i, (saves, p95) in enumerate(ratios, 1):
            print(f"round {i}: saves/s ratio (shared / own) {saves:.2f}, p95 ratio "
                  f"(own / shared) {p95:.2f}")
        saves = statistics.median(r[0] for r in ratios)
        p95 = statistics.median(r[1] for r in ratios)
        verdict = "within" if max(saves, p95) <= TARGET_RATIO else "ABOVE"
        print(f"own roles against the shared role, median of {len(ratios)} rounds: saves/s "
              f"ratio {saves:.2f}, p95 ratio {p95:.2f}; target: at most {TARGET_RATIO} "
              f"({verdict} target)")
    for line in kernels_check(args.pages):
        print(line)


if __name__ == "__main__":
    main()
