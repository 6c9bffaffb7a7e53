"""Every view passes axe-core (from the npm registry, injected into the page) with no serious
or critical violation, and the app can be driven with the keyboard alone."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import ROOT, _unavailable, open_view, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def violations(page: Any, scope: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations inside ``scope`` (starkit's own view)."""
    if not AXE.exists():
        _unavailable("axe-core is not installed (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (scope) => await axe.run(document.querySelector(scope), "
        "{resultTypes: ['violations']})", scope)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize(("notebook", "selector"), [
    ("walkthrough.ipynb", ".starkit-walkthrough"),
    ("live.ipynb", ".starkit-live-editor"),
    ("mock.ipynb", ".starkit-mock"),
    ("quiz.ipynb", ".starkit-quiz"),
    ("compare.ipynb", ".starkit-compare"),
    ("speak.ipynb", ".starkit-speak"),  # the editor with Speak it opened
])
@pytest.mark.parametrize("theme", ["voila", "voila_dark"])
def test_each_view_has_no_serious_accessibility_violation(
        request: pytest.FixtureRequest, page: Any, notebook: str, selector: str,
        theme: str) -> None:
    open_view(page, request.getfixturevalue(theme), notebook, selector)
    page.wait_for_timeout(500)
    found = violations(page, selector)
    assert found == [], json.dumps(found, indent=1)


@pytest.mark.parametrize("mode", ["Learn", "Practice", "Mock", "Quiz", "Compare", "My stories",
                                  "My attempts"])
@pytest.mark.parametrize("theme", ["app_server", "app_server_dark"])
def test_each_app_mode_has_no_serious_accessibility_violation(
        request: pytest.FixtureRequest, page: Any, mode: str, theme: str) -> None:
    page.goto(request.getfixturevalue(theme) + "/")
    page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=90_000)
    page.get_by_role("button", name=mode).click()
    page.wait_for_timeout(1500)
    found = violations(page, ".starkit-app")
    assert found == [], json.dumps(found, indent=1)
    if mode == "Practice":
        shot(page, f"app-practice-a11y-{theme}")


def _tab_to(page: Any, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes ``test`` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({test}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def test_the_app_works_with_the_keyboard_alone(app_server: str, page: Any) -> None:
    page.goto(app_server + "/")
    page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=90_000)
    page.locator("body").click(position={"x": 5, "y": 5})  # start from the page, as on load
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Practice'")
    page.keyboard.press("Enter")
    page.wait_for_selector(".starkit-app .starkit-live-editor .starkit-overall", timeout=15_000)
    before = page.locator(".starkit-app .starkit-overall").first.inner_text()
    _tab_to(page, "el.tagName === 'TEXTAREA' && !!el.closest('.starkit-box-action')")
    page.keyboard.type("I pulled the logs, traced the failures to a race condition and "
                       "wrote a fix that cut the drop rate from 0.3% to zero.", delay=2)
    page.wait_for_function(
        "b => document.querySelector('.starkit-app .starkit-overall').textContent.trim() !== b",
        arg=before, timeout=15_000)
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Save attempt')")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /Saved:/.test(document.querySelector('.starkit-live-editor').textContent)",
        timeout=15_000)
