"""History store at scale (figures, not a timed test; compare ratios within one run).

Run: python benchmarks/bench_history.py [--candidates 500] [--per-principle 125]

Builds a store of candidates x 16 principles x per-principle attempts (1,000,000 by default)
and prints: insert throughput; then, in a fresh process, the time to load the attempts
(``History.attempts``), aggregate per principle (``progress``), and draw the cohort heatmap
and the trends, as a ratio to a bare ``pandas.read_sql("select * from attempts", con)`` of
the same table in the same process (target at most 3); and that process's peak memory
(target at most 2 GiB).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from starkit.content.models import PRINCIPLE_NAMES
from starkit.content.rubric import DIMENSIONS
from starkit.history import History
from starkit.history.attempts import Attempt

VERDICTS = ((80, "Strong Hire"), (65, "Hire"), (45, "Lean No Hire"), (0, "No Hire"))


def synthetic(candidates: int, per_principle: int, seed: int = 1) -> Iterator[Attempt]:
    """Attempts without running the scorer (that is measured in bench_scoring)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for c in range(candidates):
        name = f"bench-{c:04d}"
        for p in PRINCIPLE_NAMES:
            base = rng.uniform(20, 70)
            for i in range(per_principle):
                dims = {d: round(min(100, max(0, rng.gauss(base + i * 0.2, 12))), 1)
                        for d in DIMENSIONS}
                overall = round(sum(dims.values()) / len(dims), 1)
                verdict = next(v for t, v in VERDICTS if overall >= t)
                yield Attempt(
                    id=f"{c:04d}-{PRINCIPLE_NAMES.index(p):02d}-{i:04d}", candidate=name,
                    created_at=start + timedelta(days=i, minutes=rng.randint(0, 900)),
                    scenario_id=None, story_id=None, principle=p,
                    level=rng.choice(("SDE1", "SDE2", "Senior")), mode="practice",
                    situation="s", task="t", action="a", result="r", reflection="l",
                    overall=overall, verdict=verdict, dimensions=dims,
                    scorecard={"overall": overall}, duration_seconds=120.0,
                    starkit_version="bench", rubric="bench", extra={})


MEASURE = r"""
import json, resource, sys, time
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from starkit.insights import charts, progress
from starkit.history import History

store = History.open(sys.argv[1])
con = store.connection
t = time.perf_counter()
raw = pd.read_sql("select * from attempts", con)
floor = time.perf_counter() - t
rows = len(raw)
del raw

t = time.perf_counter()
df = store.attempts()
t_load = time.perf_counter() - t
t = time.perf_counter()
profile = progress.dimension_profile(df)
trend = progress.trends(df)
per_principle = df.groupby("principle", observed=True)["overall"].agg(["mean", "max", "size"])
t_agg = time.perf_counter() - t
t = time.perf_counter()
fig, ax = plt.subplots(figsize=(12, 40))
charts.plot_cohort_heatmap(df, ax)
fig.savefig(sys.argv[2] + "/cohort.png", dpi=60)
plt.close(fig)
fig, ax = plt.subplots(figsize=(12, 8))
charts.plot_principle_trends(df, ax)
fig.savefig(sys.argv[2] + "/trends.png", dpi=80)
plt.close(fig)
t_draw = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
print(json.dumps({"rows": rows, "floor": floor, "load": t_load, "aggregate": t_agg,
                  "draw": t_draw, "peak_mib": peak}))
"""


def _saver(path: str, who: str, n: int) -> None:
    with History.open(path) as store:
        gen = synthetic(1, max(1, n // 16 + 1), seed=len(who))
        for i, a in zip(range(n), gen, strict=False):
            store.save(Attempt(**{**a.__dict__, "id": f"{who}-{i}", "candidate": who}))


def concurrent_saves(folder: Path, processes: int = 8, each: int = 500) -> None:
    """``processes`` processes each saving ``each`` attempts, one transaction per save."""
    path = folder / "concurrent.sqlite"
    if path.exists():
        path.unlink()
    History.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_saver, args=(str(path), f"proc{i}", each))
             for i in range(processes)]
    t = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t
    with History.open(path) as store:
        found = store.count()
        per = store.attempts().groupby("candidate", observed=True).size()
    expected = processes * each
    lost = expected - found
    print(f"concurrent saves: {processes} processes x {each} = {expected:,} expected, "
          f"{found:,} found ({lost} lost), {found / elapsed:,.0f} saves/s, "
          f"every process complete: {bool((per == each).all())}, "
          f"exit codes {sorted({p.exitcode for p in procs})}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", type=int, default=500)
    ap.add_argument("--per-principle", type=int, default=125)
    ap.add_argument("--dir", default=None, help="where to build the store (default: a temp dir)")
    ap.add_argument("--processes", type=int, default=8)
    ap.add_argument("--each", type=int, default=500)
    args = ap.parse_args()
    folder = Path(args.dir or tempfile.mkdtemp(prefix="starkit-bench-"))
    path = folder / "history.sqlite"
    if path.exists():
        path.unlink()
    total = args.candidates * len(PRINCIPLE_NAMES) * args.per_principle

    def bar(done: int, n: int) -> None:
        sys.stderr.write(f"\rinserting {done:,}/{n:,}")
        sys.stderr.flush()

    with History.open(path) as store:
        t = time.perf_counter()
        added = store.save_many(synthetic(args.candidates, args.per_principle), batch=20_000,
                                progress=bar, total=total)
        t_insert = time.perf_counter() - t
        sys.stderr.write("\n")
    size = path.stat().st_size / 2**20
    print(f"store: {added:,} attempts ({args.candidates} candidates x 16 principles x "
          f"{args.per_principle}), {size:,.0f} MiB at {path}")
    print(f"insert: {added / t_insert:,.0f} attempts/s ({t_insert:.1f} s, batches of 20,000)")
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(folder)],
                         capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    ours = m["load"] + m["aggregate"] + m["draw"]
    print(f"bare read_sql('select * from attempts'): {m['floor']:.2f} s for {m['rows']:,} rows")
    print(f"History.attempts {m['load']:.2f} s + aggregate per principle {m['aggregate']:.2f} s "
          f"+ cohort heatmap and trends {m['draw']:.2f} s = {ours:.2f} s")
    print(f"ratio to the bare read_sql: {ours / m['floor']:.2f}   (target <= 3)")
    print(f"peak memory of that process: {m['peak_mib']:,.0f} MiB   (target <= 2048)")
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory while inserting: {self_peak:,.0f} MiB")
    print(f"charts: {folder}/cohort.png, {folder}/trends.png")
    concurrent_saves(folder, args.processes, args.each)


if __name__ == "__main__":
    main()
