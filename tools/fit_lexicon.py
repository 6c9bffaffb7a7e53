"""Count the principle lexicon (``data/principle_lexicon.yaml``) from the blind corpus.

    python tools/fit_lexicon.py                    # count the tuning rounds, write the file
    python tools/fit_lexicon.py --without blind12  # leave a round out (to measure it)
    python tools/fit_lexicon.py --check            # leave one round out: how often it fires

Counted: every strong, medium and twin answer of the rounds in ``fit_combination.TUNING``,
under the principle it was told for; never a weak answer (its flaw may be that it is told
for another principle) nor one whose flaw is the wrong principle. Each answer counts a lemma
once (nouns, verbs and adjectives, as ``starkit.scoring.lexicon.sentence_lemmas`` reads them);
a lemma is kept when stories of at least MIN_STORIES different stories use it, so that one
story's setting ("vineyard", "tram") is not taken for a principle's vocabulary.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_combination import CALIBRATION, ROOT, TUNING

from starkit.content.loader import load_principles
from starkit.scoring.blind import BlindAnswer, load_blind
from starkit.scoring.clauses import read_many
from starkit.scoring.lexicon import Lexicon, read_answer, reads_as
from starkit.scoring.text import sentences

MIN_STORIES = 10
ALPHA = 1.0
OUT = ROOT / "data" / "principle_lexicon.yaml"


def _text(a: BlindAnswer) -> str:
    return a.answer if isinstance(a.answer, str) else "\n".join(t for _, t in a.answer)


def _wrong_principle(a: BlindAnswer) -> bool:
    f = a.flaw.lower()
    return "wrong" in f and "princ" in f


def counted(a: BlindAnswer) -> bool:
    """Does this answer teach the lexicon its principle's words?"""
    return not _wrong_principle(a) and (a.quality != "weak" or a.twin_of is not None)


def read_rounds(names: tuple[str, ...]) -> list[tuple[str, BlindAnswer, frozenset[str], int]]:
    """(round, answer, evidence lemmas, words) for every answer of the rounds, read sentence
    by sentence as the scorer reads them."""
    out = []
    for name in names:
        for a in load_blind(CALIBRATION / name)[0]:
            lemmas, words = read_answer(read_many([s.text for s in sentences(_text(a))]))
            out.append((name, a, lemmas, words))
    return out


def count(rows: list[tuple[str, BlindAnswer, frozenset[str], int]], source: str) -> Lexicon:
    principles = tuple(p.name for p in load_principles())
    per: dict[str, Counter[str]] = defaultdict(Counter)
    docs: Counter[str] = Counter()
    stories: dict[str, set[str]] = defaultdict(set)
    for _, a, lemmas, _ in rows:
        if not counted(a):
            continue
        per[a.principle].update(lemmas)
        docs[a.principle] += 1
        for w in lemmas:
            stories[w].add(a.story)
    kept = sorted(w for w, s in stories.items() if len(s) >= MIN_STORIES)
    return Lexicon(principles, tuple(docs[p] for p in principles),
                   {w: tuple(per[p][w] for p in principles) for w in kept}, ALPHA, source)


def write(lex: Lexicon, path: Path) -> None:
    head = ("# Which principle a story's words read as. Written by tools/fit_lexicon.py;\n"
            "# see starkit/scoring/lexicon.py. Per lemma: answers using it, per principle,\n"
            "# in the order of `principles`.\n")
    body = yaml.safe_dump({
        "schema_version": 1, "source": lex.source, "alpha": lex.alpha,
        "principles": list(lex.principles), "documents": list(lex.documents),
    }, sort_keys=False, allow_unicode=True, width=100)
    rows = "".join(f"  {w}: [{', '.join(map(str, c))}]\n" for w, c in lex.counts.items())
    path.write_text(head + body + "lemmas:\n" + rows, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--without", action="append", default=[], help="leave a round out")
    ap.add_argument("--check", action="store_true", help="leave one round out, print rates")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    names = tuple(n for n in TUNING if n not in args.without)
    rows = read_rounds(names)
    if args.check:
        fired: dict[str, list[bool]] = defaultdict(list)
        for held in names:
            lex = count([r for r in rows if r[0] != held], "")
            for _, a, lemmas, words in (r for r in rows if r[0] == held):
                got = reads_as(lex, lemmas, a.principle, words)
                group = "wrong principle" if _wrong_principle(a) else a.quality
                fired[group].append(bool(got and got.dominated))
        for group, v in sorted(fired.items()):
            print(f"{group:16} {sum(v):4d} of {len(v):4d} read as another principle "
                  f"({sum(v) / len(v):.0%})")
        return
    source = (f"counted on {', '.join(names)} ({sum(counted(r[1]) for r in rows)} answers "
              f"told for their own principle); lemmas in at least {MIN_STORIES} stories")
    lex = count(rows, source)
    write(lex, args.out)
    print(f"wrote {args.out} ({len(lex.counts)} lemmas)")


if __name__ == "__main__":
    main()
