"""Main-thread blocking on a first load at a phone's CPU, in headless Chromium (issue 15).

    .venv/bin/python bench/blocking.py --runs 7
    .venv/bin/python bench/blocking.py --runs 7 --root /tmp/before   # another checkout

Lighthouse's mobile total blocking time (TBT) moves by about ±300 ms from one run to the
next on this machine, which hides a change of a few hundred ms unless many runs are made,
and a Lighthouse run takes half a minute. This opens each page in a new profile at
412 × 823 (mobile), with the CPU slowed 4× as Lighthouse's mobile preset does, and sums
what every long task (a ``longtask`` PerformanceObserver set up before the page's first
script) takes beyond 50 ms until the page has been quiet for ``--quiet`` seconds. It
counts from navigation, not from the first paint as Lighthouse does, so its figures are
a little higher. Also the count of long tasks and the longest.

Medians over ``--runs`` are printed as JSON; never asserted in tests.
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

PAGES = ("/", "/kommune/0187", "/sammenlign", "/embed/kort")
PHONE = {"width": 412, "height": 823, "deviceScaleFactor": 1.75, "mobile": True}
OBSERVE = """
window.__tasks = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__tasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
"""


def _tasks_when_quiet(driver, quiet: float, limit: float = 60) -> list:
    """The long tasks once none has been added for ``quiet`` seconds."""
    start, seen, since = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - start < limit:
        tasks = driver.execute_script("return window.__tasks || []")
        if len(tasks) != seen:
            seen, since = len(tasks), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return tasks
        time.sleep(0.25)
    return driver.execute_script("return window.__tasks || []")


def one_load(base: str, path: str, rate: float, quiet: float) -> dict:
    driver = _driver()
    try:
        driver.get("about:blank")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": rate})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
        driver.get(base + path)
        tasks = _tasks_when_quiet(driver, quiet)
    finally:
        driver.quit()
    durations = [duration for _, duration in tasks]
    return {
        "blocking_ms": round(sum(max(0.0, d - 50) for d in durations)),
        "long_tasks": len(durations),
        "longest_ms": round(max(durations, default=0)),
    }


def bench(base: str, runs: int, rate: float, quiet: float, pages: list[str]) -> dict:
    results = {}
    for path in pages:
        loads = [one_load(base, path, rate, quiet) for _ in range(runs)]
        results[path] = {k: statistics.median(r[k] for r in loads) for k in loads[0]}
        results[path]["blocking_ms_each"] = [r["blocking_ms"] for r in loads]
        print(path, results[path], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small", choices=("small", "medium", "large"))
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app runs")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rate", type=float, default=4, help="CPU slow-down (Lighthouse: 4)")
    parser.add_argument("--quiet", type=float, default=3, help="seconds without a long task")
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    with running_app(database(args.size), None, args.root) as base:
        for path in args.pages:  # warm the server's caches: a first visit, not a cold process
            one_load(base, path, 1, 1)
        result = bench(base, args.runs, args.rate, args.quiet, args.pages)
    summary = {"size": args.size, "root": str(args.root), "rate": args.rate, "pages": result}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
