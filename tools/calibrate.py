"""Print the scorer's figures on the blind calibration corpus.

    python tools/calibrate.py                     # round 1, dev part: figures, then every answer
    python tools/calibrate.py --held-out          # round 1, held-out part: figures only
    python tools/calibrate.py --round 2 --held-out  # round 2 (held out whole): figures only
    python tools/calibrate.py --round 3 --held-out  # round 3 (held out whole): figures only
    python tools/calibrate.py --round 4 --held-out  # round 4 (held out whole): figures only
    python tools/calibrate.py --round 5 --held-out  # round 5 (held out whole): figures only
"""

from __future__ import annotations

import argparse
from pathlib import Path

from starkit.scoring import score
from starkit.scoring.blind import load_blind, measure, part

ROOT = Path(__file__).resolve().parent.parent / "tests" / "calibration"
FOLDERS = {1: ROOT / "blind", 2: ROOT / "blind2", 3: ROOT / "blind3", 4: ROOT / "blind4",
           5: ROOT / "blind5", 6: ROOT / "blind6", 7: ROOT / "blind7", 8: ROOT / "blind8",
           9: ROOT / "blind9", 10: ROOT / "blind10", 11: ROOT / "blind11",
           12: ROOT / "blind12", 13: ROOT / "blind13", 14: ROOT / "blind14",
           15: ROOT / "blind15", 16: ROOT / "blind16",
           17: ROOT / "blind17", 18: ROOT / "blind18", 19: ROOT / "blind19", 20: ROOT / "blind20",
           21: ROOT / "blind21", 22: ROOT / "blind22", 23: ROOT / "blind23",
           24: ROOT / "blind24"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--held-out", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--round", type=int, choices=sorted(FOLDERS), default=1)
    args = ap.parse_args()
    answers, split = load_blind(FOLDERS[args.round])
    name = "held_out" if args.held_out else "dev"
    chosen = part(answers, split, name)
    fig = measure(chosen)
    print(f"{name}: {fig.answers} answers, {len(split[name])} stories")
    for row in fig.rows():
        print(row)
    if args.held_out or args.quiet:
        return
    for a in sorted(chosen, key=lambda a: (a.story, a.quality)):
        card = score(a.answer, principle=a.principle, level=a.level)
        mark = "ok " if card.verdict in a.expect else "BAD"
        fixes = ",".join(f.kind for f in card.top_fixes(4))
        caps = ",".join(f.message.split("capped: ")[1][:25] for f in card.findings
                        if f.kind == "cap")
        print(f"{mark} {a.id:24} {a.level:6} r={a.rating:.1f} {card.overall:5.1f} "
              f"{card.verdict:13} exp={'/'.join(x.split()[0] for x in a.expect):10} "
              f"{a.flaw[:28]:28} | {fixes} | {caps}")


if __name__ == "__main__":
    main()
