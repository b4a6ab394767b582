"""First loads in headless Chromium: requests, time to drawn, layout shift, bytes (issue 15).

    .venv/bin/python bench/first_load.py --size small
    .venv/bin/python bench/first_load.py --size medium --root /tmp/before   # another checkout

Starts ``python -m landkort serve`` (from ``--root``) on the demo database of ``--size``
and opens each page in a new browser profile, ``--runs`` times:

- callback requests the first load posts to ``/_dash-update-component``;
- ms from navigation until every chart the page shows is drawn by plotly and no request
  is open (the page has settled); the kommune page also read to the end (scrolled down at
  once, so its report, drawn as a reader nears it, is drawn too);
- the cumulative layout shift (CLS) from a ``layout-shift`` PerformanceObserver set up
  before the page's first script, counting shifts without recent input as Lighthouse does
  (the sum of every shift; the page is not scrolled but in the read-to-the-end load);
- bytes over the wire (encoded, compressed) on that first visit, and on a repeat visit of
  the same page in the same profile (what the browser's cache saves).

Figures are printed as JSON, medians over the runs; never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_map import database  # noqa: E402
from bench.browser_timing import _driver, running_app  # noqa: E402
from tests.browser.mappage import READ_ON as SCROLL_ON  # noqa: E402

PAGES = ("/", "/kommune/0187", "/sammenlign", "/embed/kort")
READ_ON = "/kommune/0187"  # also timed read to the end: its report comes as one nears it
OBSERVE = """
window.__shift = 0;
window.__updates = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({type: 'layout-shift', buffered: true});
const fetchFirst = window.fetch;
window.fetch = function (url) {
  if (String(url).includes('_dash-update-component')) window.__updates += 1;
  return fetchFirst.apply(this, arguments);
};
"""
SETTLED = """
const graphs = Array.from(document.querySelectorAll('.js-plotly-plot'));
const drawn = graphs.filter(g => g.querySelector('.main-svg')).length;
const loading = document.querySelector('[data-dash-is-loading="true"]');
const pending = performance.getEntriesByType('resource')
  .filter(r => r.responseEnd === 0).length;
return [graphs.length, drawn, !!loading, pending, performance.now(),
        window.__shift || 0, window.__updates || 0];
"""


def _bytes(driver) -> int:
    return sum(
        message["params"]["encodedDataLength"]
        for message in (json.loads(e["message"])["message"] for e in driver.get_log("performance"))
        if message["method"] == "Network.loadingFinished"
    )


def settled(state: tuple, least: int) -> bool:
    graphs, drawn, loading, pending, _ = state
    return drawn >= least and drawn == graphs and not loading and not pending


def _settle(
    driver, least: int, quiet: float = 1.0, limit: float = 60, scroll: bool = False
) -> tuple[float, list]:
    """Wait until at least ``least`` graphs are drawn and nothing changed for ``quiet``
    seconds; the time (ms since navigation) when the page last changed. ``scroll``: keep
    scrolling to the end meanwhile, as a reader going straight down."""
    last, since, changed_at = None, time.monotonic(), 0.0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if scroll:
            driver.execute_script(SCROLL_ON)
        graphs, drawn, loading, pending, now, shift, updates = driver.execute_script(SETTLED)
        state = (graphs, drawn, loading, pending, updates)
        if state != last:
            last, since, changed_at = state, time.monotonic(), now
        elif settled(state, least) and time.monotonic() - since >= quiet:
            return changed_at, [graphs, drawn, shift, updates]
        time.sleep(0.05)
    raise TimeoutError(f"siden faldt ikke til ro: {last}")


def one_load(base: str, path: str, least: int, scroll: bool = False) -> dict:
    driver = _driver()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
        driver.get(base + path)
        drawn_ms, (graphs, _, shift, updates) = _settle(driver, least, scroll=scroll)
        first = _bytes(driver)
        driver.get(base + path)
        _settle(driver, least, scroll=scroll)
        repeat = _bytes(driver)
    finally:
        driver.quit()
    return {
        "graphs": graphs,
        "callback_requests": updates,
        "drawn_ms": drawn_ms,
        "cls": shift,
        "first_kb": first / 1024,
        "repeat_kb": repeat / 1024,
    }


def bench(base: str, runs: int) -> dict:
    results = {}
    for path, scroll in [(p, False) for p in PAGES] + [(READ_ON, True)]:
        least = 10 if scroll else 1
        loads = [one_load(base, path, least, scroll) for _ in range(runs)]
        name = f"{path} (læst til ende)" if scroll else path
        results[name] = {k: round(statistics.median(r[k] for r in loads), 3) for k in loads[0]}
        print(name, results[name], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small", choices=("small", "medium", "large"))
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app runs")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = database(args.size)
    with running_app(url, None, args.root) as base:
        for path in PAGES:  # warm the server's caches: a first visit, not a cold process
            one_load(base, path, 1)
        result = bench(base, args.runs)
    print(json.dumps({"size": args.size, "root": str(args.root), "pages": result}, indent=2))


if __name__ == "__main__":
    main()
