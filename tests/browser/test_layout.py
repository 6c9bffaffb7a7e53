"""The app as people see it: screenshots of every mode at two window sizes in the light and
dark themes (artifacts/screenshots/layout-*.png), the live score beside the answer and kept
in view while typing the last part, one column on a narrow window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import offline, served, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"1440x900": (1440, 900), "1024x768": (1024, 768)}
MODES = ("Learn", "Practice", "Mock", "Quiz", "Compare")


@pytest.fixture(scope="module", params=["light", "dark"])
def themed_app(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    from starkit.cli import app_notebook

    extra = ("--theme=dark",) if request.param == "dark" else ()
    with served(app_notebook(), *extra) as base:
        yield base, request.param


def _open(browser: Any, base: str, size: tuple[int, int]) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    outside = offline(context)
    page = context.new_page()
    page.goto(base + "/")
    page.wait_for_selector(".starkit-app .starkit-walkthrough", timeout=90_000)
    return page, outside


@pytest.mark.parametrize("size", list(SIZES))
def test_every_mode_at_each_size_and_theme(browser: Any, themed_app: tuple[str, str],
                                           size: str) -> None:
    base, theme = themed_app
    page, outside = _open(browser, base, SIZES[size])
    for mode in MODES:
        page.get_by_role("button", name=mode).click()
        page.wait_for_timeout(1200)
        shot(page, f"layout-{mode.lower()}-{size}-{theme}")
    page.context.close()
    assert outside == []


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_the_score_sits_beside_the_answer_and_stays_in_view(
        browser: Any, themed_app: tuple[str, str]) -> None:
    base, theme = themed_app
    if theme == "dark":
        pytest.skip("the layout is the same in both themes")
    page, _ = _open(browser, base, SIZES["1440x900"])
    page.get_by_role("button", name="Practice").click()
    page.wait_for_selector(".starkit-app .sk-side .starkit-overall", timeout=15_000)
    answer, side = _box(page, ".starkit-app .sk-answer"), _box(page, ".starkit-app .sk-side")
    assert side["x"] >= answer["x"] + answer["width"] - 1  # the score column on the right
    assert answer["width"] + side["width"] > 0.6 * 1440  # the page, not a narrow strip
    reflection = page.locator(".starkit-app .starkit-box-reflection textarea").first
    reflection.scroll_into_view_if_needed()
    reflection.fill("I learned to write the alert before the fix.")
    page.wait_for_timeout(800)
    score = _box(page, ".starkit-app .sk-side .starkit-overall")
    assert 0 <= score["y"] <= 900 - score["height"]  # still on screen while typing Reflection
    box = _box(page, ".starkit-app .starkit-box-reflection textarea")
    assert box["y"] > score["y"] + 300  # the page did scroll: the answer went on below
    shot(page, "layout-practice-sticky")
    page.set_viewport_size({"width": 900, "height": 900})
    page.wait_for_timeout(1000)
    answer, side = _box(page, ".starkit-app .sk-answer"), _box(page, ".starkit-app .sk-side")
    assert abs(side["x"] - answer["x"]) < 5  # one column on a narrow window:
    assert side["y"] > answer["y"] + 0.9 * answer["height"]  # the score below the answer
    page.context.close()
