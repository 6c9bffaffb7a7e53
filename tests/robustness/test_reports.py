"""Reports and charts under awkward names: one file per person, private, escaped, drawn."""

from __future__ import annotations

import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from starkit import Answer, Scenario, cli, score
from starkit._files import FileWriteError, write_private
from starkit.history import History, make_attempt, make_story
from starkit.insights import charts
from starkit.insights.report import build_report, report_filename, write_report

NOW = datetime(2026, 11, 20, tzinfo=timezone.utc)
NAMES = ["Ana Lima", "Ana.Lima", "Ana'Lima", "Cost $}$ x", "<img src=x onerror=alert(1)>|**x**"]


@pytest.fixture
def store(reference: Scenario) -> History:
    h = History.open(":memory:")
    answer = Answer(**reference.strong_parts())
    card = score(answer, scenario=reference)
    for i, name in enumerate(NAMES):
        h.save(make_attempt(answer, card, candidate=name, mode="practice",
                            now=datetime(2026, 11, 1 + i, tzinfo=timezone.utc)))
    h.save_story(make_story("Cost $}$ x", "Saved $8,000 a week | *fast*", answer,
                            principles=["Frugality"]))
    return h


def test_report_names_never_collide(store: History, tmp_path: Path) -> None:
    names = {report_filename(n) for n in NAMES}
    assert len(names) == len(NAMES)
    assert report_filename("Ana Lima") == report_filename("Ana Lima")  # stable
    for n in NAMES:
        write_report(store, n, tmp_path / report_filename(n), now=NOW)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(names)
    for n in NAMES:
        text = (tmp_path / report_filename(n)).read_text()
        others = [o for o in NAMES if o != n]
        assert not any(f"<td>{o}</td>" in text for o in others)


def test_reports_are_private_and_written_whole(store: History, tmp_path: Path) -> None:
    out = tmp_path / "ana.html"
    out.write_text("the old report")
    out.chmod(0o644)
    write_report(store, "Ana Lima", out, now=NOW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("<!doctype html>")
    md = tmp_path / "ana.md"
    written = write_report(store, "Ana Lima", md, now=NOW)
    assert [p.name for p in written] == ["ana.md", "ana-1.png", "ana-2.png"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "r.html"
    old.write_text("keep me")
    with pytest.raises(FileWriteError, match="a folder; give a file name"):
        write_private(tmp_path, "x")
    with pytest.raises(FileWriteError, match="does not exist; create it first"):
        write_private(tmp_path / "nosuch" / "r.html", "x")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileWriteError, match=r"r.html: cannot write: No space left on device"):
        write_private(old, "a new report")
    assert old.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_markdown_report_escapes_names_and_links_its_charts(store: History) -> None:
    evil = NAMES[-1]
    text = build_report(store, evil, fmt="md", now=NOW)
    assert not re.search(r"(?<!\\)<img", text)
    assert not re.search(r"(?<!\\)\*\*x", text)
    assert r"\<img src\=x onerror\=alert\(1\)\>\|\*\*x\*\*" in text
    assert "base64" not in text
    assert "![Score over time per principle](report-1.png)" in text


def test_dollar_signs_draw_as_dollars(store: History) -> None:
    df = store.attempts()
    ax = charts.plot_cohort_heatmap(df)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert r"Cost \$}\$ x" in labels
    charts.png_bytes(ax)  # draws without a maths parse error
    cov = charts.plot_coverage(store.stories("Cost $}$ x"), df)
    assert [t.get_text() for t in cov.get_yticklabels()] == [r"Saved \$8,000 a week | *fast*"]
    charts.png_bytes(cov)
    plt.close("all")


def test_the_cli_report_writes_a_file_named_for_the_candidate(
        reference: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.sqlite"
    answer = Answer(**reference.strong_parts())
    with History.open(path) as h:
        h.save(make_attempt(answer, score(answer, scenario=reference), candidate="Ana Lima",
                            mode="practice"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", "Ana Lima", "--store", str(path)]) == 0
    assert capsys.readouterr().out == f"wrote {report_filename('Ana Lima')}\n"
    assert (tmp_path / report_filename("Ana Lima")).stat().st_size > 10_000
    assert cli.main(["report", "Ana Lima", "--store", str(path), "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!doctype html>")
