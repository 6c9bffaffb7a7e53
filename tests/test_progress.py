"""Progress per principle, the story bank, charts and the report."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import starkit
from starkit import Answer, Scenario, score
from starkit.cli import main
from starkit.history import History
from starkit.history.attempts import make_attempt
from starkit.history.sample import sample_attempts, sample_history
from starkit.history.stories import make_story
from starkit.html.parts import bar, status_badge
from starkit.insights import charts, progress
from starkit.insights.report import build_report, md

NOW = datetime(2026, 11, 20, tzinfo=timezone.utc)
ART = Path(__file__).resolve().parent.parent / "artifacts" / "charts"


def frame_of(rows: list[tuple[str, float, int]]) -> pd.DataFrame:
    """(principle, overall, days ago) -> an attempts-like frame."""
    return pd.DataFrame({
        "principle": [r[0] for r in rows],
        "overall": [r[1] for r in rows],
        "created_at": [pd.Timestamp(NOW - timedelta(days=r[2])) for r in rows],
        "candidate": ["ana"] * len(rows),
        "story_id": [None] * len(rows),
    })


def test_readiness_rule_is_applied_and_explained() -> None:
    df = frame_of([("Ownership", 70, 5), ("Ownership", 72, 4), ("Ownership", 80, 3),
                   ("Dive Deep", 40, 5), ("Dive Deep", 60, 4), ("Dive Deep", 52, 3),
                   ("Frugality", 90, 9), ("Frugality", 70, 8), ("Frugality", 66, 7),
                   ("Frugality", 66, 6), ("Frugality", 66, 5),
                   ("Think Big", 20, 1)])
    r = progress.readiness(df).set_index("principle")
    assert r.loc["Ownership", "status"] == "Ready"
    assert r.loc["Dive Deep", "status"] == "Almost"
    assert r.loc["Frugality", "status"] == "Almost"  # above the line but falling
    assert "falling" in r.loc["Frugality", "reason"]
    assert r.loc["Think Big", "status"] == "Not yet"
    assert "Ready: at least 3 attempts" in progress.READINESS_RULE


def test_next_to_practise_ranks_weak_and_stale_first() -> None:
    df = frame_of([("Ownership", 85, 1), ("Ownership", 88, 1), ("Ownership", 90, 1),
                   ("Dive Deep", 40, 20), ("Dive Deep", 45, 20), ("Dive Deep", 50, 20)])
    ranked = progress.next_to_practise(df, now=NOW)
    order = list(ranked["principle"])
    assert order.index("Dive Deep") < order.index("Ownership")
    assert order[-1] == "Ownership"
    never = ranked[ranked["reason"] == "never practised"]
    assert len(never) == 14
    assert "recent average 45" in ranked.set_index("principle").loc["Dive Deep", "reason"]


def test_story_bank_coverage_and_warnings(reference: Scenario) -> None:
    wide = make_story("ana", "Webhook drops", Answer(**reference.strong_parts()),
                      principles=("Ownership", "Dive Deep", "Customer Obsession"))
    narrow = make_story("ana", "Cost cut", Answer(action="I cut the bill."),
                        principles=("Frugality",))
    card = score(wide.answer, principle="Dive Deep")
    a = make_attempt(wide.answer, card, candidate="ana", mode="practice", story_id=wide.id)
    with History.open(":memory:") as h:
        h.save(a)
        df = h.attempts()
    cov = progress.coverage([wide, narrow], df).set_index("principle")
    assert cov.loc["Dive Deep", "best"] == card.overall
    assert cov.loc["Ownership", "stories"] == 1
    assert pd.isna(cov.loc["Ownership", "best"])
    assert cov.loc["Think Big", "stories"] == 0
    warnings = progress.story_warnings([wide, narrow])
    assert any("'Webhook drops' is planned for 3 principles" in w for w in warnings)
    assert any(w.startswith("No story yet for 12 principle(s)") for w in warnings)


def test_reangle_gives_the_checklist_and_a_score(library: starkit.Library,
                                                 reference: Scenario) -> None:
    story = make_story("ana", "Webhook drops", Answer(**reference.strong_parts()))
    out = progress.reangle(story, "dive-deep", library)
    assert out["principle"] == "Dive Deep"
    assert out["scorecard"].principle == "Dive Deep"
    # lead with the story's own sentences that show Dive Deep
    assert out["emphasize"][0] == (
        "task: \u201cI made it my job to find the root cause and fix it before it cost the "
        "business any more revenue.\u201d (it shows root cause)")
    assert any(e.startswith("action: \u201cI pulled the webhook delivery logs")
               and e.endswith("(it shows logs)") for e in out["emphasize"])
    assert any("I traced the dropped deliveries" in e and "traced" in e
               for e in out["emphasize"])
    # advice comes from this story and the principle only, never another scenario
    quoted = [e.split("\u201c")[1].split("\u201d")[0] for e in out["emphasize"] + out["downplay"]]
    assert quoted
    assert all(q in story.answer.text for q in quoted)
    other_texts = " ".join(" ".join(s.strong_parts().values()) for s in library.scenarios
                           if s.id != reference.id)
    assert not any(q in other_texts for q in quoted)
    assert "logs" not in out["missing_signals"]
    told_for_co = progress.reangle(story, "Customer Obsession", library)
    assert told_for_co["emphasize"] == []  # nothing in it shows a customer yet
    assert "customer" in told_for_co["missing_signals"]
    assert any("Ownership" in d for d in told_for_co["downplay"])


def test_sample_history_is_labelled_and_realistic() -> None:
    df = sample_history(seed=3, candidates=2, days=10)
    assert df.attrs["sample"] is True
    assert all(str(c).startswith("sample-") for c in df["candidate"].unique())
    assert df["overall"].between(0, 100).all()
    assert df["verdict"].nunique() >= 2
    again = sample_attempts(seed=3, candidates=2, days=10)
    assert sorted(a.overall for a in again) == sorted(df["overall"])  # same seed, same data


@pytest.mark.parametrize("name", ["trends", "readiness", "cohort", "coverage"])
def test_charts_take_an_axes_and_return_it(name: str, reference: Scenario) -> None:
    df = sample_history(seed=5, candidates=4, days=14)
    fig, ax = plt.subplots(figsize=(10, 6))
    if name == "trends":
        out = charts.plot_principle_trends(df[df["candidate"] == df["candidate"].iloc[0]], ax)
    elif name == "readiness":
        out = charts.plot_readiness_heatmap(df, ax)
    elif name == "cohort":
        out = charts.plot_cohort_heatmap(df, ax)
    else:
        stories = [make_story("sample-ana", "Webhook drops", Answer(situation="x"),
                              principles=("Ownership", "Dive Deep"))]
        out = charts.plot_coverage(stories, df, ax)
        planned = [t for t in ax.texts if t.get_text() == "planned"]
        # One label per planned cell (Ownership, Dive Deep), legible over the hatching.
        assert [t.get_position() for t in planned] == [(1, 0), (11, 0)]
        for t in planned:
            assert t.get_fontsize() >= 8
            assert t.get_bbox_patch() is not None
            assert t.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert out is ax
    assert ax.get_title(loc="left").endswith("(sample data)")
    ART.mkdir(parents=True, exist_ok=True)
    charts.save_png(ax, str(ART / f"{name}.png"))
    assert (ART / f"{name}.png").stat().st_size > 10_000
    plt.close(fig)


def test_charts_on_an_empty_frame() -> None:
    empty = sample_history(seed=1, candidates=1, days=1).iloc[0:0]
    for fn in (charts.plot_principle_trends, charts.plot_readiness_heatmap,
               charts.plot_cohort_heatmap):
        ax = fn(empty)
        assert ax is not None
        plt.close(ax.figure)


def test_report_html_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.sqlite"
    with History.open(path) as h:
        h.save_many(sample_attempts(seed=2, candidates=2, days=10))
        name = h.candidates()[0]
        other = h.candidates()[1]
        html = build_report(h, name, now=NOW)
    assert html.startswith("<!doctype html>")
    assert f"Rehearsal report: {name} (sample data)" in html
    assert html.count("data:image/png;base64,") == 2
    assert "What to practise next" in html
    assert other not in html  # one participant only
    # The readiness table speaks the app's visual language: the same badge and bar markup.
    with History.open(path) as h:
        ready = progress.readiness(h.attempts(candidate=name))
    for r in ready.itertuples():
        assert (f"<td>{status_badge(str(r.status))}</td><td>{r.attempts}</td>"
                f"<td class=\"sk-num\">{r.recent_mean:.0f} {bar(r.recent_mean)}</td>") in html
    assert status_badge("Ready") == '<span class="starkit-verdict sk-tone-good">Ready</span>'
    assert status_badge("Not yet") == '<span class="starkit-verdict sk-tone-bad">Not yet</span>'
    assert 'style="width:73%"' in bar(73.4)
    assert 'aria-label="73 of 100"' in bar(73.4)
    assert 'style="width:100%"' in bar(140.0)
    assert 'style="width:0%"' in bar(-5.0)
    out = tmp_path / "r.md"
    assert main(["report", name, "--format", "md", "--out", str(out), "--store", str(path)]) == 0
    text = out.read_text()
    assert text.startswith(f"# Rehearsal report: {md(name)}")
    assert "| principle | status |" in text
    # The charts are files beside it, linked by name, never inlined.
    assert "base64" not in text
    assert "![Score over time per principle](r-1.png)" in text
    assert (tmp_path / "r-1.png").read_bytes().startswith(b"\x89PNG")
    assert main(["report", "nobody", "--store", str(path)]) == 1
    assert "unknown candidate 'nobody'" in capsys.readouterr().err


def test_cli_export_import_with_progress(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    src, dst = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with History.open(src) as h:
        h.save_many(sample_attempts(seed=4, candidates=1, days=5))
        n = h.count()
    assert main(["export", str(tmp_path / "x.csv"), "--store", str(src)]) == 0
    assert main(["import", str(tmp_path / "x.csv"), "--store", str(dst)]) == 0
    out = capsys.readouterr()
    assert f"imported {n} new attempts" in out.out
    assert "importing [" in out.err
    assert main(["import", str(tmp_path / "x.csv"), "--store", str(dst)]) == 0
    assert "imported 0 new attempts" in capsys.readouterr().out


def test_a_report_leaves_the_users_backend_and_figures_alone() -> None:
    import matplotlib
    import matplotlib.pyplot as plt

    from starkit.history import History
    from starkit.history.sample import sample_attempts
    from starkit.insights.report import make_report

    before = matplotlib.get_backend()
    plt.switch_backend("svg")  # any backend but Agg: a notebook's is inline
    try:
        fig = plt.figure()
        with History.open(":memory:") as store:
            store.save_many(sample_attempts(seed=4, candidates=1, days=5))
            report = make_report(store, "sample-ana")
        assert "data:image/png;base64," in report.text
        assert matplotlib.get_backend() == "svg"
        assert plt.get_fignums() == [fig.number]  # no figure left for pyplot to show
        plt.close(fig)
    finally:
        plt.switch_backend(before)


def test_charts_are_sized_to_their_data() -> None:
    import matplotlib.pyplot as plt

    from starkit.insights import charts

    df = sample_history(seed=5, candidates=4, days=14)
    one = df[df["principle"] == df["principle"].iloc[0]]
    assert charts.trends_size(1) == (3.8, 3.6)
    assert charts.trends_size(8) == (13.4, 6.3)
    small = charts.plot_principle_trends(one)
    big = charts.plot_principle_trends(df)
    assert tuple(small.figure.get_size_inches()) == charts.trends_size(1)
    assert tuple(big.figure.get_size_inches()) == charts.trends_size(df["principle"].nunique())
    cohort = charts.plot_cohort_heatmap(df)
    assert tuple(cohort.figure.get_size_inches()) == charts.heatmap_size(
        df["candidate"].nunique(), df["principle"].nunique())
    assert charts.heatmap_size(1, 1) == (5.0, 3.0)
    plt.close("all")


def test_next_to_practise_ranks_by_weakness_and_recency_not_the_alphabet() -> None:
    import dataclasses
    from datetime import datetime, timedelta, timezone

    from starkit.history import History
    from starkit.vocabulary import PRINCIPLE_NAMES

    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    with History.open(":memory:") as store:
        base = sample_attempts(seed=2, candidates=1, days=3)
        for i, (p, score, days) in enumerate((("Ownership", 40.0, 1), ("Frugality", 90.0, 1),
                                              ("Dive Deep", 60.0, 20))):
            store.save(dataclasses.replace(base[0], id=f"a{i}", principle=p, overall=score,
                                           created_at=now - timedelta(days=days)))
        df = store.attempts()
    out = progress.next_to_practise(df, now=now)
    never = [p for p in PRINCIPLE_NAMES if p not in ("Ownership", "Frugality", "Dive Deep")]
    assert list(out["principle"][:len(never)]) == never  # never practised, in Amazon's order
    assert list(out["principle"][len(never):]) == ["Dive Deep", "Ownership", "Frugality"]
    assert out.set_index("principle").loc["Dive Deep", "priority"] == 40.0 + 2 * 20
    assert "never practised" in out["reason"].iloc[0]
