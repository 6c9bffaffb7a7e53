"""Synthetic rehearsal history for demos and tests, always labelled as sample data.

Each sample candidate has a skill per principle that grows with practice; each attempt
mixes the scenario's strong and weak parts in proportion to that skill and is scored by the
real scorer, so the scorecards, findings and charts are all genuine.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from starkit.content.loader import Library, load_library
from starkit.history.attempts import Attempt, make_attempt
from starkit.history.store import History
from starkit.scoring import Answer, score
from starkit.vocabulary import SECTIONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SAMPLE_PREFIX", "sample_attempts", "sample_history", "sample_spoken"]

SAMPLE_PREFIX = "sample-"
NAMES = ("ana", "bo", "chen", "dara", "eli", "farah", "gus", "hana", "ivo", "jun", "kai",
         "lena", "mo", "nia", "omar", "pia")


def sample_attempts(seed: int = 7, candidates: int = 3, days: int = 21, *,
                    library: Library | None = None,
                    start: datetime | None = None) -> list[Attempt]:
    """Attempts by ``candidates`` sample candidates over ``days`` days (names start 'sample-')."""
    rng = random.Random(seed)
    lib = library or load_library()
    start = start or datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)
    out: list[Attempt] = []
    for c in range(candidates):
        name = SAMPLE_PREFIX + NAMES[c % len(NAMES)] + ("" if c < len(NAMES) else str(c))
        focus = rng.sample(list(lib.scenarios), k=min(len(lib.scenarios), rng.randint(4, 8)))
        skill = {s.id: rng.uniform(0.1, 0.5) for s in focus}
        for day in range(days):
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                s = rng.choice(focus)
                weak = s.weak_parts()
                strong = s.strong_parts()
                parts = {k: (strong[k] if rng.random() < skill[s.id] else weak[k]) for k in strong}
                answer = Answer(**parts)
                level = rng.choice(("SDE1", "SDE2", "SDE2", "Senior"))
                card = score(answer, scenario=s, level=level)
                when = start + timedelta(days=day, minutes=rng.randint(0, 600))
                mode = rng.choice(("practice", "practice", "mock"))
                out.append(make_attempt(answer, card, candidate=name, mode=mode,
                                        duration_seconds=rng.uniform(60, 200), now=when,
                                        extra={"sample": True}))
                skill[s.id] = min(0.95, skill[s.id] + rng.uniform(0.02, 0.08))
    return out


def sample_history(seed: int = 7, candidates: int = 3, days: int = 21) -> pd.DataFrame:
    """The sample attempts as the DataFrame ``History.attempts`` returns (marked sample)."""
    with History.open(":memory:") as store:
        store.save_many(sample_attempts(seed, candidates, days))
        df = store.attempts()
    df.attrs["sample"] = True
    return df


def sample_spoken(seed: int = 7, attempts: int = 8, *,
                  start: datetime | None = None) -> pd.DataFrame:
    """Speak it timings of one sample candidate, shaped as ``History.spoken`` returns them
    (marked sample): a long Situation that comes down with practice while the Action grows
    towards its target, the rest near theirs."""
    import pandas as pd  # lazy: pandas is heavy and ``import starkit`` stays light

    rng = random.Random(seed)
    start = start or datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)
    rows = []
    for i in range(attempts):
        done = i / max(1, attempts - 1)  # 0 at the first attempt, 1 at the last
        seconds = {
            "situation": 55 - 23 * done + rng.uniform(-3, 3),
            "task": 24 - 4 * done + rng.uniform(-2, 2),
            "action": 62 + 26 * done + rng.uniform(-4, 4),
            "result": 14 + 5 * done + rng.uniform(-2, 2),
            "reflection": 10 + 4 * done + rng.uniform(-2, 2),
        }
        timed = {k: round(seconds[k], 1) for k in SECTIONS}
        row: dict[str, object] = {
            "id": f"{SAMPLE_PREFIX}spoken-{i + 1}", "candidate": SAMPLE_PREFIX + "ana",
            "created_at": start + timedelta(days=2 * i, minutes=rng.randint(0, 600)),
            "principle": "Ownership", "level": "SDE2", "mode": "practice", **timed,
            "total": round(sum(timed.values()), 1)}
        row["pauses"] = rng.choice((0, 0, 1, 2)) if done < 0.5 else rng.choice((0, 0, 1))
        rows.append(row)
    df: pd.DataFrame = pd.DataFrame(rows)
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    df.attrs["sample"] = True
    return df
