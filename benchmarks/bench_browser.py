"""Keystroke-to-score latency in a real browser (figures, not a timed test).

Serves tests/browser/notebooks/live.ipynb with Voila on 127.0.0.1, opens it in Debian's
Chromium through Playwright, fills the editor with a 450-word answer, then types single
characters into Action. For each keystroke the page itself records the time from the
``keydown`` event to the moment the re-rendered ``.starkit-overall`` (a new ``data-rev``)
appears in the DOM. Prints p50 and p95 (target: p95 <= 50 ms on 127.0.0.1).

Between keystrokes the script waits without polling the page: Playwright's
``wait_for_function`` polls on every animation frame, competes with the page for the renderer
and, measured here, adds about 40 ms to what it is waiting for.

Run: python benchmarks/bench_browser.py [--edits 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scoring import _answer_450  # noqa: E402

import starkit  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, NOTEBOOKS, chromium, serve  # noqa: E402

INSTRUMENT = """
() => {
  const ta = document.querySelector('.starkit-box-action textarea');
  const panel = document.querySelector('.starkit-scorecard');
  window.__lat = [];
  let t0 = null;
  const rev = () => +(panel.querySelector('.starkit-overall') || {dataset: {rev: 0}}).dataset.rev;
  let last = rev();
  ta.addEventListener('keydown', () => { t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const r = rev();
    if (r !== last && t0 !== null) { window.__lat.push(performance.now() - t0); t0 = null; }
    last = r;
  }).observe(panel, {subtree: true, childList: true, characterData: true, attributes: true});
}
"""


def type_and_time(page: Any, edits: int) -> list[float]:
    """Type ``edits`` single characters at the end of Action; each one's keydown-to-score
    latency as the page timed it (``INSTRUMENT``), sorted."""
    page.evaluate(INSTRUMENT)
    action = page.locator(".starkit-box-action textarea")
    action.click()
    page.keyboard.press("End")
    for i in range(edits):
        page.keyboard.press("x" if i % 3 else "Space")
        # Wait without polling the page: Playwright's own polling competes with the page
        # for the renderer and would inflate what is measured.
        page.wait_for_timeout(250)
        if page.evaluate("() => window.__lat.length") < i + 1:
            page.wait_for_function(f"() => window.__lat.length >= {i + 1}",
                                   timeout=10_000, polling=250)
    return sorted(page.evaluate("() => window.__lat"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=60)
    args = ap.parse_args()
    path = chromium()
    if path is None:
        sys.exit("no Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    (ROOT / "artifacts").mkdir(exist_ok=True)
    answer = _answer_450(starkit.load_library())
    proc, base = serve(NOTEBOOKS)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/voila/render/live.ipynb")
            page.wait_for_selector(".starkit-live-editor .starkit-overall", timeout=90_000)
            for name, text in answer.parts().items():
                page.locator(f".starkit-box-{name} textarea").fill(text)
            page.wait_for_timeout(1500)
            lat = type_and_time(page, args.edits)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    words = sum(len(t.split()) for _, t in answer)
    print(f"{len(lat)} single-character edits of a {words}-word answer in Action "
          "(Voila on 127.0.0.1, Chromium)")
    print(f"keystroke -> updated starkit-overall: p50 {statistics.median(lat):6.1f} ms   "
          f"p95 {p95:6.1f} ms   max {lat[-1]:6.1f} ms   (target p95 <= 50 ms)")


if __name__ == "__main__":
    main()
