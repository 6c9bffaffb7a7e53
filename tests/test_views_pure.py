"""The pure pieces under the views: highlighting, attempts, quiz, mock, comparison."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import starkit
from starkit import Answer, Scenario, score
from starkit.history.attempts import make_attempt
from starkit.html.highlight import LEGEND_HTML, highlight
from starkit.practice.comparison import compare
from starkit.practice.mock_session import MockSession
from starkit.practice.quiz_session import QuizSession
from starkit.scoring.phrases import phrase_spans


def test_highlight_escapes_before_marking() -> None:
    text = "I wrote <script>x</script> & fixed it"
    html = highlight(text, [(0, 7, "ownership", "<b>note</b>")])
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; fixed it" in html
    assert html.startswith('<mark class="sk-hl sk-ownership" title="ownership: &lt;b&gt;note')


def test_highlight_priorities_and_markers() -> None:
    text = "they fixed it and the team was happy"
    html = highlight(text, [(0, len(text), "key_phrase", "k"), (0, 13, "red_flag", "r")])
    assert html.index("sk-red_flag") < html.index("sk-key_phrase")
    assert "⚑" in html  # red flags carry a text marker, not only a colour
    assert all(f"sk-{c}" in LEGEND_HTML for c in ("red_flag", "ownership", "number", "key_phrase"))


def test_phrase_spans_exact_and_normalised() -> None:
    text = "Drops fell from 0.3% to zero. We recovered $8K per week."
    spans = phrase_spans(text, ["fell from", "$8,000 recovered per week"], "key_phrase", "k")
    assert spans[0][:2] == (6, 15)
    assert text[spans[1][0]:spans[1][1]].startswith("We recovered")


def test_attempt_record(reference: Scenario) -> None:
    answer = Answer(**reference.strong_parts())
    card = score(answer, scenario=reference)
    when = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
    a = make_attempt(answer, card, candidate=" ana ", mode="practice", duration_seconds=93.27,
                     now=when)
    assert (a.candidate, a.mode, a.scenario_id, a.level) == ("ana", "practice", reference.id, "SDE2")
    assert a.duration_seconds == 93.3
    assert a.action == answer.action
    assert a.to_dict()["created_at"] == "2026-11-26T12:00:00+00:00"
    assert len(a.id) == 36
    with pytest.raises(ValueError, match="unknown mode"):
        make_attempt(answer, card, candidate="ana", mode="exam")
    with pytest.raises(ValueError, match="candidate"):
        make_attempt(answer, card, candidate=" ", mode="mock")


def test_quiz_session(reference: Scenario) -> None:
    q = QuizSession(list(reference.quiz))
    first = reference.quiz[0]
    wrong = next(o for o in first.options if o != first.answer)
    assert q.answer(0, wrong).correct is False
    assert q.answer(0, first.answer).correct is True  # a second try does not change the score
    assert (q.correct, q.answered, q.finished) == (0, 1, False)
    for i, item in enumerate(reference.quiz[1:], 1):
        q.answer(i, item.answer)
    assert q.finished
    assert q.summary() == f"{len(reference.quiz) - 1} of {len(reference.quiz)} right ({len(reference.quiz)} questions)"
    with pytest.raises(ValueError, match="is not an option of question 2"):
        q.answer(1, "not an option")


def test_mock_session_strong_vs_weak_replies(reference: Scenario) -> None:
    results = {}
    for kind in ("strong", "weak"):
        m = MockSession(reference, "SDE2")
        assert m.budget_seconds == 150
        m.submit(Answer(**reference.strong_parts()), elapsed_seconds=100)
        assert m.current_probe == reference.follow_ups[0].question
        for f in reference.follow_ups:
            m.reply(getattr(f, kind).answer)
        assert m.stage == "verdict"
        results[kind] = m.result()
        with pytest.raises(RuntimeError):
            m.reply("more")
    assert results["strong"].overall > results["weak"].overall
    assert len(results["weak"].fixes) == 3
    assert any("follow-up" in x for x in results["weak"].fixes)


def test_compare_explains_each_dimension(reference: Scenario) -> None:
    a = score(Answer(**reference.strong_parts()), scenario=reference)
    b = score(reference.weak_answer.text, scenario=reference)
    diffs = compare(a, b, ("strong", "weak"))
    assert [d.dimension for d in diffs] == list(a.dimensions)
    own = next(d for d in diffs if d.dimension == "ownership")
    assert own.line.startswith("ownership: strong leads by 72 (100 vs 28)")
    assert "handoff" in own.line
    same = compare(a, a)
    assert all("level at" in d.line for d in same)


def test_import_starkit_does_not_import_widgets() -> None:
    import subprocess
    import sys

    code = "import starkit.html.highlight, starkit.practice.mock_session, starkit.practice.quiz_session, starkit.practice.comparison, sys; " \
           "print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
    assert starkit.LEVELS == ("SDE1", "SDE2", "Senior")


def test_findings_lead_with_three_fixes_and_fold_the_rest(reference: starkit.Scenario) -> None:
    from starkit.widgets._html import findings_html

    weak = starkit.Answer(**reference.weak_parts())
    card = starkit.score(weak, scenario=reference)
    html = findings_html(card)
    top = card.top_fixes(3)
    assert html.index("Fix these first") < html.index("<details class=\"sk-more\">")
    first = html.split('<ol class="sk-findings sk-first">')[1].split("</ol>")[0]
    assert first.count("<li>") == len(top) == 3
    for f in top:
        assert starkit.html.escape(f.message) in first
    # every message is said once, however many findings share it
    messages = [f.message for f in card.findings]
    for m in set(messages):
        assert html.count(starkit.html.escape(m)) == 1, m
    assert "<summary>What already works" in html or not [
        f for f in card.findings if f.severity == "strength"]
    assert findings_html(starkit.score(starkit.Answer(), scenario=reference)).startswith(
        '<div class="sk-h">Fix these first</div>')


def test_each_dimension_below_100_says_why(reference: starkit.Scenario) -> None:
    from starkit.widgets._html import dimensions_html, why_not_full

    card = starkit.score(starkit.Answer(**reference.weak_parts()), scenario=reference)
    for name, value in card.dimensions.items():
        why = why_not_full(card, name)
        assert bool(why) == (value < 100), (name, value, why)
    worst = min((f for f in card.problems if f.dimension == "impact"), key=lambda f: f.points)
    assert why_not_full(card, "impact") == worst.message.split(". ")[0].rstrip(".") + "."
    assert dimensions_html(card).count('<td class="sk-why">') == len(card.dimensions)


def test_why_not_100_says_each_reason_once(reference: starkit.Scenario) -> None:
    from starkit.widgets._html import why_html, why_not_full

    card = starkit.score(starkit.Answer(), scenario=reference)
    reasons = {why_not_full(card, d) for d in card.dimensions}
    html = why_html(card)
    assert html.count("<li>") == len(reasons) < len(card.dimensions)
    for reason in reasons:
        assert html.count(starkit.html.escape(reason)) == 1
    strong = starkit.score(starkit.Answer(**reference.strong_parts()), scenario=reference)
    assert why_html(strong).count("<li>") <= sum(v < 100 for v in strong.dimensions.values())
