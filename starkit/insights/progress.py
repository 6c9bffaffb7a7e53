"""Progress per Leadership Principle, from a DataFrame of attempts (``History.attempts``).

Pure pandas: no plotting. Every judgement carries its reason, and the readiness rule is
stated in ``READINESS_RULE`` so a candidate or coach can check it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from starkit.content.loader import load_rubric
from starkit.content.models import PRINCIPLE_NAMES
from starkit.content.rubric import DIMENSIONS
from starkit.history.stories import Story
from starkit.scoring import score

if TYPE_CHECKING:
    from starkit.content.loader import Library

__all__ = [
    "READINESS_RULE",
    "coverage",
    "dimension_profile",
    "next_to_practise",
    "readiness",
    "reangle",
    "story_warnings",
    "trends",
]

RECENT = 3
TREND_WINDOW = 5


def _thresholds() -> tuple[float, float]:
    t = load_rubric().thresholds
    return t.hire, t.lean_no_hire


def readiness_rule() -> str:
    """The readiness rule in words, with the current rubric's Hire and Lean No Hire lines."""
    hire, lean = _thresholds()
    return (
        f"Ready: at least {RECENT} attempts, the mean of the last {RECENT} at or above the Hire "
        f"line ({hire:g}), and not falling (the last {TREND_WINDOW} attempts lose less than 5 "
        f"points from first to last). Almost: the mean of the last {RECENT} at or above "
        f"{lean:g}, or a best attempt at or above {hire:g}. Not yet: anything else."
    )


READINESS_RULE = readiness_rule()


def _practised(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["principle"].notna()] if len(df) else df


def trends(df: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Per principle and period: best and mean overall, and how many attempts."""
    d = _practised(df)
    if d.empty:
        return pd.DataFrame(columns=["principle", "period", "best", "mean", "attempts"])
    period = d["created_at"].dt.tz_convert("UTC").dt.floor(freq)
    g = d.groupby([d["principle"].astype(str), period], observed=True)["overall"]
    out = g.agg(best="max", mean="mean", attempts="size").reset_index()
    return out.rename(columns={"created_at": "period"})


def dimension_profile(df: pd.DataFrame, recent: int = 5) -> pd.DataFrame:
    """Principle x dimension: the mean of each dimension over the last ``recent`` attempts."""
    d = _practised(df)
    dims = [c for c in DIMENSIONS if c in d.columns]
    if d.empty:
        return pd.DataFrame(columns=dims)
    d = d.sort_values("created_at")
    last = d.groupby(d["principle"].astype(str), observed=True).tail(recent)
    return last.groupby(last["principle"].astype(str), observed=True)[dims].mean().round(1)


def readiness(df: pd.DataFrame) -> pd.DataFrame:
    """Per principle practised: attempts, recent mean, best, trend, status and the reason."""
    hire, lean = _thresholds()
    rows = []
    d = _practised(df).sort_values("created_at")
    for principle, g in d.groupby(d["principle"].astype(str), observed=True):
        scores = g["overall"].tolist()
        recent = scores[-RECENT:]
        mean = sum(recent) / len(recent)
        best = max(scores)
        window = scores[-TREND_WINDOW:]
        trend = window[-1] - window[0] if len(window) >= 2 else 0.0
        if len(scores) >= RECENT and mean >= hire and trend > -5:
            status, why = "Ready", (f"last {RECENT} average {mean:.0f} (Hire is {hire:g}), "
                                    f"trend {trend:+.0f}")
        elif mean >= lean or best >= hire:
            status = "Almost"
            if len(scores) < RECENT:
                why = f"only {len(scores)} attempt(s); best {best:.0f}"
            elif trend <= -5:
                why = f"last {RECENT} average {mean:.0f} but falling ({trend:+.0f})"
            else:
                why = f"last {RECENT} average {mean:.0f}, best {best:.0f}: not yet at {hire:g}"
        else:
            status, why = "Not yet", f"last {RECENT} average {mean:.0f}, best {best:.0f}"
        rows.append({"principle": principle, "attempts": len(scores), "recent_mean": round(mean, 1),
                     "best": best, "trend": round(trend, 1), "status": status, "reason": why,
                     "last_practised": g["created_at"].max()})
    cols = ["principle", "attempts", "recent_mean", "best", "trend", "status", "reason",
            "last_practised"]
    return pd.DataFrame(rows, columns=cols)


def next_to_practise(df: pd.DataFrame, *, principles: Sequence[str] = PRINCIPLE_NAMES,
                     now: datetime | None = None, limit: int | None = None) -> pd.DataFrame:
    """Principles ranked by weakness and by how long since they were practised.

    priority = (100 - recent mean) + 2 x days since last practised (capped at 30 days);
    a principle never practised counts as 100 weak and 30 days old. Ties keep the order of
    ``principles`` (Amazon's own order of the 16), never the alphabet.
    """
    now = now or datetime.now(timezone.utc)
    ready = readiness(df).set_index("principle") if len(df) else pd.DataFrame()
    rows: list[dict[str, Any]] = []
    for p in principles:
        if p in ready.index:
            r = ready.loc[p]
            weakness = 100 - float(r["recent_mean"])
            days = max(0.0, (pd.Timestamp(now) - r["last_practised"]).total_seconds() / 86400)
            reason = (f"{r['status']}: recent average {r['recent_mean']:.0f}, last practised "
                      f"{days:.0f} day(s) ago")
        else:
            weakness, days = 100.0, 30.0
            reason = "never practised"
        priority = weakness + 2 * min(days, 30.0)
        rows.append({"principle": p, "order": len(rows), "priority": round(priority, 1),
                     "weakness": round(weakness, 1), "days_since": round(days, 1),
                     "reason": reason})
    out = pd.DataFrame(rows).sort_values(["priority", "order"], ascending=[False, True])
    out = out.drop(columns="order").reset_index(drop=True)
    return out.head(limit) if limit else out


def coverage(stories: Sequence[Story], df: pd.DataFrame) -> pd.DataFrame:
    """For each of the 16 principles: the stories planned for it and their best score."""
    rows = []
    for p in PRINCIPLE_NAMES:
        mine = [s for s in stories if p in s.principles]
        best = None
        if mine and len(df):
            ids = {s.id for s in mine}
            hits = df[df["story_id"].isin(ids) & (df["principle"].astype(str) == p)]
            best = float(hits["overall"].max()) if len(hits) else None
        rows.append({"principle": p, "stories": len(mine),
                     "titles": "; ".join(s.title for s in mine), "best": best})
    return pd.DataFrame(rows)


def story_warnings(stories: Sequence[Story], *, max_principles: int = 2) -> list[str]:
    """Loop-planning warnings: a story stretched over too many principles, and gaps."""
    out = []
    for s in stories:
        if len(s.principles) > max_principles:
            out.append(f"'{s.title}' is planned for {len(s.principles)} principles "
                       f"({', '.join(s.principles)}); in one loop, use a story for at most "
                       f"{max_principles}, or interviewers hear the same story twice.")
    covered = {p for s in stories for p in s.principles}
    missing = [p for p in PRINCIPLE_NAMES if p not in covered]
    if missing:
        out.append(f"No story yet for {len(missing)} principle(s): {', '.join(missing)}.")
    return out


def _sentences(story: Story) -> list[tuple[str, str]]:
    """(part, sentence) for every sentence of the story."""
    out = []
    for part, text in story.answer.parts().items():
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            if sentence.strip():
                out.append((part, sentence.strip()))
    return out


def reangle(story: Story, principle: str, library: Library, level: str = "SDE2") -> dict[str, Any]:
    """How to tell ``story`` for ``principle``, from the story's own words and the
    principle's evidence only: the sentences to lead with (they already show the principle),
    the ones to say less about (they show another principle and not this one), the evidence
    the story does not show yet, and the score the story gets, as written, for it."""
    p = library.principle(principle)
    card = score(story.answer, principle=p.name, level=level)
    own = [s.lower() for s in p.signals]
    others = {q.name: [s.lower() for s in q.signals] for q in library.principles
              if q.name != p.name}

    def said(signal: str, text: str) -> bool:  # a whole word or phrase, not part of one
        return re.search(rf"\b{re.escape(signal)}\b", text) is not None

    emphasize, downplay = [], []
    for part, sentence in _sentences(story):
        low = sentence.lower()
        shown = [s for s in own if said(s, low)]
        if shown:
            emphasize.append(f"{part}: \u201c{sentence}\u201d (it shows {', '.join(shown[:3])})")
            continue
        elsewhere = [name for name, signals in others.items()
                     if any(said(s, low) for s in signals)]
        if elsewhere:
            downplay.append(f"{part}: \u201c{sentence}\u201d (it speaks to "
                            f"{', '.join(elsewhere[:2])}, not {p.name})")
    return {
        "principle": p.name,
        "description": p.description,
        "emphasize": emphasize,
        "downplay": downplay,
        "signals": list(p.signals),
        "scorecard": card,
        "missing_signals": [x for x in p.signals
                            if not said(x.lower(), story.answer.text.lower())][:8],
    }


def common_findings(findings: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """The problems most often found across a room (``History.findings``): how many times,
    in how many participants, and one example message."""
    cols = ["kind", "count", "participants", "share", "example"]
    if findings.empty:
        return pd.DataFrame(columns=cols)
    everyone = findings["candidate"].nunique()
    g = findings.groupby("kind")
    out = pd.DataFrame({
        "count": g.size(),
        "participants": g["candidate"].nunique(),
        "example": g["message"].first(),
    }).reset_index()
    out["share"] = (out["participants"] / everyone).round(2)
    out = out.sort_values(["participants", "count", "kind"], ascending=[False, False, True])
    return out[cols].head(limit).reset_index(drop=True)
