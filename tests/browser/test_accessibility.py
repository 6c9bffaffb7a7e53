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
])
def test_each_view_has_no_serious_accessibility_violation(
        voila: str, page: Any, notebook: str, selector: str) -> None:
    open_view(page, voila, notebook, selector)
    page.wait_for_timeout(500)
    found = violations(page, selector)
    assert found == [], json.dumps(found, indent=1)


@pytest.mark.parametrize("mode", ["Learn", "Practice", "Mock", "Quiz", "Compare"])
def test_each_app_mode_has_no_serious_accessibility_violation(
        app_server: str, page: Any, mode: str) -> None:
    page.goto(app_server + "/")
    page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=90_000)
    page.get_by_role("button", name=mode).click()
    page.wait_for_timeout(1500)
    found = violations(page, ".starkit-app")
    assert found == [], json.dumps(found, indent=1)
    if mode == "Practice":
        shot(page, "app-practice-a11y")
