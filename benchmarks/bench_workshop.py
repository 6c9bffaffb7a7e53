"""A workshop under load (figures, not a timed test).

Run: python benchmarks/bench_workshop.py [--pg URL] [--participants 100] [--each 50]

For PostgreSQL (``--pg`` or ``STARKIT_TEST_PG_URL``) and for a SQLite file, side by side:
``participants`` separate processes each save ``each`` attempts (one transaction per save)
while a coach process runs the dashboard's queries in a loop; prints rows expected and found,
throughput, and the p50/p95 save latency. Then, when Chromium is available, the memory each
participant's Voila kernel takes (the figure docs/workshop.md uses for sizing).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starkit.content.rubric import DIMENSIONS  # noqa: E402
from starkit.history.attempts import Attempt  # noqa: E402
from starkit.history.store import History  # noqa: E402
from starkit.insights import progress  # noqa: E402

WORKSHOP = "bench-room"


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


def participant(target: str, who: str, each: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    latencies = []
    with History.open(target) as store:
        for i in range(each):
            t = time.perf_counter()
            store.save(_attempt(who, i), workshop=WORKSHOP)
            latencies.append(time.perf_counter() - t)
    out.put(latencies)


def coach(target: str, stop: mp.Event, ready: mp.Event,  # type: ignore[type-arg]
          out: mp.Queue) -> None:  # type: ignore[type-arg]
    runs = 0
    with History.open(target) as store:
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


def run(target: str, label: str, participants: int, each: int) -> dict[str, float]:
    History.open(target).close()  # create / migrate once
    ctx = mp.get_context("fork")
    results: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    coach_out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    stop, ready = ctx.Event(), ctx.Event()
    dash = ctx.Process(target=coach, args=(target, stop, ready, coach_out))
    dash.start()
    ready.wait(120)
    procs = [ctx.Process(target=participant, args=(target, f"p{i:03d}", each, results))
             for i in range(participants)]
    t = time.perf_counter()
    for p in procs:
        p.start()
    latencies: list[float] = []
    for _ in procs:
        latencies += results.get(timeout=600)
    for p in procs:
        p.join(60)
    elapsed = time.perf_counter() - t
    stop.set()
    coach_runs = coach_out.get(timeout=120)
    dash.join(60)
    with History.open(target) as store:
        found = store.count(workshop=WORKSHOP)
    latencies.sort()
    return {
        "label": label, "expected": participants * each, "found": found,
        "throughput": found / elapsed, "p50": statistics.median(latencies) * 1e3,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1e3,
        "elapsed": elapsed, "coach_runs": coach_runs,
        "failed": sum(p.exitcode != 0 for p in procs),
    }


def kernel_memory(pages: int) -> str:
    """RSS of each participant's kernel with the app open in Chromium."""
    # lazy: the browser helpers and Playwright are needed only for this optional measure
    from tests.browser.conftest import CHROMIUM_ARGS, chromium, serve

    path = chromium()
    if path is None:
        return "memory per participant: skipped (no Chromium)"
    # lazy: as above; the app is loaded only for this measure, not in every participant
    from playwright.sync_api import sync_playwright

    from starkit.cli import app_notebook

    (ROOT / "artifacts").mkdir(exist_ok=True)
    proc, base = serve(app_notebook(), env={"STARKIT_WORKSHOP": WORKSHOP})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            for i in range(pages):
                page = browser.new_page()
                page.goto(base + "/")
                page.wait_for_selector(".starkit-app .starkit-name input", timeout=90_000)
                page.fill(".starkit-name input", f"participant {i}")
                page.click(".starkit-start button, button.starkit-start")
                page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=30_000)
                page.get_by_role("button", name="Practice").click()
                page.wait_for_selector(".starkit-live-editor .starkit-overall", timeout=30_000)
                # A participant types: the first score loads the English pipeline.
                page.fill(".starkit-box-action textarea", "I pulled the logs and traced the "
                          "drops to a race in the retry code.")
                page.wait_for_selector(".starkit-live-editor .starkit-overall[data-rev='2']",
                                       timeout=60_000)
            time.sleep(1)
            out = subprocess.run(["ps", "-eo", "ppid=,rss=,args="], capture_output=True,
                                 text=True, check=True).stdout.splitlines()
            kernels = [int(line.split()[1]) / 1024 for line in out
                       if "ipykernel_launcher" in line and int(line.split()[0]) == proc.pid]
            browser.close()
        voila_rss = int(subprocess.run(["ps", "-o", "rss=", "-p", str(proc.pid)],
                                       capture_output=True, text=True).stdout.strip()) / 1024
    finally:
        proc.terminate()
        proc.wait(10)
    if not kernels:
        return "memory per participant: no kernels found"
    return (f"memory per participant (Voila kernel with the app, Practice open, one part "
            f"typed so the English pipeline is loaded): "
            f"mean {statistics.mean(kernels):.0f} MiB, max {max(kernels):.0f} MiB over "
            f"{len(kernels)} kernels; the Voila server itself {voila_rss:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default=os.environ.get("STARKIT_TEST_PG_URL"))
    ap.add_argument("--participants", type=int, default=100)
    ap.add_argument("--each", type=int, default=50)
    ap.add_argument("--pages", type=int, default=4)
    args = ap.parse_args()
    rows = []
    if args.pg:
        engine = sa.create_engine(args.pg.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as c:
            c.execute(sa.text("DROP SCHEMA public CASCADE"))
            c.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        rows.append(run(args.pg, "PostgreSQL", args.participants, args.each))
    else:
        print("PostgreSQL: skipped (pass --pg URL or set STARKIT_TEST_PG_URL)")
    sqlite_path = str(Path(tempfile.mkdtemp(prefix="starkit-ws-")) / "room.sqlite")
    rows.append(run(sqlite_path, "SQLite", args.participants, args.each))
    print(f"{args.participants} participant processes x {args.each} saves, dashboard queries "
          "running throughout:")
    print(f"{'store':<11}{'expected':>9}{'found':>8}{'lost':>6}{'saves/s':>10}"
          f"{'p50 ms':>9}{'p95 ms':>9}{'dashboard runs':>16}")
    for r in rows:
        print(f"{r['label']:<11}{r['expected']:>9,}{r['found']:>8,}"
              f"{r['expected'] - r['found']:>6}{r['throughput']:>10,.0f}{r['p50']:>9.1f}"
              f"{r['p95']:>9.1f}{r['coach_runs']:>16}")
    print(kernel_memory(args.pages))


if __name__ == "__main__":
    main()
