"""Scoring speed, printed as figures (not a timed test; compare the ratios within one run).

Run: python benchmarks/bench_scoring.py [--runs 1000]

Prints: median and p99 to score a 455-word five-part answer from cold caches, and its ratio
to the parser's own time on the same sentences in the same run (the floor: spaCy has to read
every sentence once); a re-score after a one-sentence edit (only that sentence is parsed
again); the time for a 100,000-character paste; throughput; the memory of this process
with the pipeline loaded.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import starkit
from starkit.scoring import Answer, clear_cache, nlp, score
from starkit.scoring.text import sentences, word_count


def _answer_450(lib: starkit.Library) -> Answer:
    s = lib.get("success-and-scale-webhook-drops")
    parts = s.strong_parts()
    # Pad every part proportionally with the scenario's own coaching text up to ~450 words.
    extra = {
        "situation": s.overview, "task": s.sections.task.coaching,
        "action": s.follow_ups[2].strong.answer + " " + s.follow_ups[0].strong.answer,
        "result": s.sections.result.coaching, "reflection": s.reflections.SDE2,
    }
    out = {k: f"{v} {extra[k]}" for k, v in parts.items()}
    while sum(word_count(v) for v in out.values()) > 455:
        k = max(out, key=lambda n: word_count(out[n]))
        out[k] = out[k].rsplit(" ", 1)[0]
    return Answer(**out)


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms"


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--throughput", type=int, default=1000)
    args = ap.parse_args()
    lib = starkit.load_library()
    scenario = lib.get("success-and-scale-webhook-drops")
    answer = _answer_450(lib)
    text = answer.text
    words = word_count(text)
    sents = [s.text for _, part in answer for s in sentences(part)]
    score(answer, scenario=scenario)  # load the pipeline, rubric and principles once

    floor, full, rescore = [], [], []
    for i in range(args.runs):
        t0 = time.perf_counter()
        nlp.parse_many(sents)
        floor.append(time.perf_counter() - t0)

        clear_cache()
        t0 = time.perf_counter()
        score(answer, scenario=scenario)
        full.append(time.perf_counter() - t0)

        # One keystroke in the last sentence of Action: that sentence alone is parsed again.
        edited = Answer(**{**answer.parts(), "action": answer.action + ("x" if i % 2 else "y")
                           + str(i)})
        t0 = time.perf_counter()
        score(edited, scenario=scenario)
        rescore.append(time.perf_counter() - t0)

    # Every copy differs (a number in each sentence), so nothing comes from the cache.
    copies = []
    for k in range(100_000 // len(text) + 1):
        copies.append(re.sub(r"\.(\s|$)", f" ({k}).\\1", text))
    paste = " ".join(copies)[:100_000]
    clear_cache()
    t0 = time.perf_counter()
    card = score(paste, scenario=scenario)
    t_paste = time.perf_counter() - t0

    variants = [Answer(**{**answer.parts(), "result": answer.result + f" Run {i}."})
                for i in range(args.throughput)]
    clear_cache()
    t0 = time.perf_counter()
    for v in variants:
        score(v, scenario=scenario)
    t_thr = time.perf_counter() - t0

    med_full, med_floor, med_re = (statistics.median(x) for x in (full, floor, rescore))
    info = nlp.pipeline_info()
    print(f"pipeline: {info['name']} {info['version']} {info['components']}")
    print(f"answer: {words} words, {len(sents)} sentences, {len(text)} characters; "
          f"{args.runs} runs each")
    print(f"floor  spaCy parse of the same sentences  median {_fmt(med_floor)}")
    print(f"score  (cold caches)        median {_fmt(med_full)}   p99 {_fmt(_pct(full, 99))}")
    print(f"ratio  score / parse        {med_full / med_floor:8.2f}   (target <= 1.5)")
    print(f"re-score after a one-sentence edit  median {_fmt(med_re)}   p99 "
          f"{_fmt(_pct(rescore, 99))}   (target median <= 10 ms)")
    print(f"100,000-character paste     {t_paste:8.2f} s   (target <= 10 s); verdict "
          f"{card.verdict}")
    print(f"throughput                  {args.throughput / t_thr:8.0f} answers/s over "
          f"{args.throughput} answers (one sentence changed each)")
    print(f"memory: peak RSS of this process with the pipeline loaded {_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
