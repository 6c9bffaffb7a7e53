"""Scoring speed, printed as figures (not a timed test; compare the ratios within one run).

Run: python benchmarks/bench_scoring.py [--runs 1000]

Prints: median and p99 to score a 450-word five-part answer from cold caches; the same for a
re-score after one part changed (the other four come from the per-part cache); the ratio of
the median to a floor measured in the same run (re.findall(r"\\w+") on the same text); the
time for a 100,000-character paste; throughput over 10,000 answers.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

import starkit
from starkit.scoring import Answer, clear_cache, score
from starkit.scoring.text import word_count


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--throughput", type=int, default=10_000)
    args = ap.parse_args()
    lib = starkit.load_library()
    scenario = lib.get("success-and-scale-webhook-drops")
    answer = _answer_450(lib)
    text = answer.text
    words = word_count(text)
    score(answer, scenario=scenario)  # load rubric, principles, compile regexes once

    floor, full, rescore = [], [], []
    for i in range(args.runs):
        t0 = time.perf_counter()
        re.findall(r"\w+", text)
        floor.append(time.perf_counter() - t0)

        clear_cache()
        t0 = time.perf_counter()
        score(answer, scenario=scenario)
        full.append(time.perf_counter() - t0)

        # One keystroke in Action: only that part is analysed again.
        edited = Answer(**{**answer.parts(), "action": answer.action + ("x" if i % 2 else "y")
                           + str(i)})
        t0 = time.perf_counter()
        score(edited, scenario=scenario)
        rescore.append(time.perf_counter() - t0)

    paste = (text + " ") * (100_000 // len(text) + 1)
    paste = paste[:100_000]
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
    print(f"answer: {words} words, {len(text)} characters; {args.runs} runs each")
    print(f"floor  re.findall(r'\\w+')   median {_fmt(med_floor)}")
    print(f"score  (cold caches)        median {_fmt(med_full)}   p99 {_fmt(_pct(full, 99))}")
    print(f"re-score after 1-part edit  median {_fmt(med_re)}   p99 {_fmt(_pct(rescore, 99))}")
    print(f"ratio  score / floor        {med_full / med_floor:8.1f}   (target <= 25)")
    print(f"ratio  re-score / score     {med_re / med_full:8.2f}   (target <= 0.5)")
    print(f"100,000-character paste     {_fmt(t_paste)}   = {t_paste / med_full:6.1f} x the "
          f"450-word answer (target <= 50); verdict {card.verdict}")
    print(f"throughput                  {args.throughput / t_thr:8.0f} answers/s over "
          f"{args.throughput} answers (one part changed each)")


if __name__ == "__main__":
    main()
