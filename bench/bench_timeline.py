"""Benchmark the map's timeline in headless Chromium: round change, measure and opgave change.

    .venv/bin/python bench/bench_timeline.py --size medium
    .venv/bin/python bench/bench_timeline.py --root /tmp/before   # another checkout's code

Starts ``python -m landkort serve`` (from ``--root``, default this checkout) on 127.0.0.1
with the demo database of ``--size`` (built once in bench/out/, see bench_map.py), opens
the geographic map and, for each change, sets the control as a user would (a dropdown
through Dash's ``set_props``, the timeline's slider by its own input event) and times from
that moment until plotly has drawn the map with new colours (the first
``plotly_afterplot`` whose fills differ from before). It counts the requests to
``/_dash-update-component`` the change caused (Resource Timing, read after the page has
settled) and their compressed size. It then times the server's answer for one selection
(the values of every round) on the small, medium and large databases, where the code
has it (``--server-sizes``).
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

# Resolves with ms from the change to the repaint; the change is made by the caller's
# snippet (arguments[0]) once the listener is in place.
_CHANGE = """
const [id, value, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const gd = document.querySelector('#map .js-plotly-plot');
const fills = () => Array.from(gd.querySelectorAll('.choroplethlocation'))
  .map(p => getComputedStyle(p).fill).join();
const before = fills();
performance.setResourceTimingBufferSize(100000);
window.__benchMark = performance.getEntriesByType('resource').length;
const t0 = performance.now();
const check = () => {
  if (fills() !== before) {
    gd.removeListener('plotly_afterplot', check);
    done(performance.now() - t0);
  }
};
gd.on('plotly_afterplot', check);
setTimeout(() => done(null), 15000);
const control = document.getElementById(id);
if (control && control.type === 'range') {  // the timeline: moved as a user moves it
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')
    .set.call(control, String(value));
  control.dispatchEvent(new Event('input', {bubbles: true}));
} else {  // a dropdown (or the older round dropdown): its value, as Dash sets it
  window.dash_clientside.set_props(id, {value: value});
}
"""

_REQUESTS = """
return performance.getEntriesByType('resource').slice(window.__benchMark)
  .filter(e => e.name.includes('_dash-update-component'))
  .map(e => e.encodedBodySize);
"""

_IDLE = "return !document.querySelector('[data-dash-is-loading=\"true\"]')"


def _settle(driver, seconds: float = 0.6) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not driver.execute_script(_IDLE):
        time.sleep(0.05)
    time.sleep(seconds)


def _change(driver, control: str, value) -> tuple[float | None, list[int]]:
    ms = driver.execute_async_script(_CHANGE, control, value)
    _settle(driver)
    return ms, driver.execute_script(_REQUESTS)


def bench_browser(url: str, root: Path, boundaries: str | None, repeats: int) -> dict:
    rounds, measures, opgaver = [], [], []
    with running_app(url, boundaries, root=root) as base:
        driver = _driver()
        driver.set_script_timeout(30)
        try:
            driver.get(base + "/?kort=geo")
            for _ in range(600):
                if driver.execute_script(
                    "return document.querySelectorAll('#map .choroplethlocation').length == 98"
                ):
                    break
                time.sleep(0.05)
            _settle(driver, 1.5)
            for _ in range(repeats):
                for runde in range(1, 11):
                    rounds.append(_change(driver, "ctl-runde", runde))
                for maal in ("maal", "hjemmeside", "straks", "selvbetjening"):
                    measures.append(_change(driver, "ctl-maal", maal))
                for opgave in (3, 7, 12, 20, 0):
                    opgaver.append(_change(driver, "ctl-opgave", opgave))
        finally:
            driver.quit()

    def summary(changes):
        times = [ms for ms, _ in changes if ms is not None]
        return {
            "changes": len(changes),
            "not_repainted": sum(ms is None for ms, _ in changes),
            "median_ms": round(statistics.median(times), 1) if times else None,
            "p90_ms": round(statistics.quantiles(times, n=10)[-1], 1) if len(times) > 1 else None,
            "requests_per_change_max": max(len(r) for _, r in changes),
            "requests_per_change_median": statistics.median(len(r) for _, r in changes),
            "response_kb_compressed_max": round(max(sum(r) for _, r in changes) / 1024, 1),
        }

    return {
        "round_change": summary(rounds),
        "measure_change": summary(measures),
        "opgave_change": summary(opgaver),
    }


def bench_server(sizes: list[str], repeats: int) -> dict:
    """Server time and compressed size of one selection's payload (every round), per size."""
    import gzip

    try:
        from layouts.map.timeline import timeline_payload
    except ImportError:
        return {"server": "denne kode har ingen timeline_payload"}
    from landkort.database import open_database
    from landkort.views.map_view import map_view
    from layouts.map import charts

    out = {}
    for size in sizes:
        engine = open_database(database(size))
        times, frames, gz = [], [], 0
        with engine.connect() as conn:
            for _ in range(repeats):
                for search in ("", "?maal=hjemmeside", "?opgave=7", "?maal=aendring&region=1084"):
                    view = map_view(conn, search)
                    start = time.perf_counter()
                    charts.kommune_frame(conn, view)  # one round: what a page draws first
                    frames.append((time.perf_counter() - start) * 1000)
                    start = time.perf_counter()
                    payload = timeline_payload(conn, view)
                    times.append((time.perf_counter() - start) * 1000)
                    data = json.dumps(payload, separators=(",", ":")).encode()
                    gz = max(gz, len(gzip.compress(data)))
        out[size] = {
            "one_round_frame_ms_median": round(statistics.median(frames), 1),
            "all_rounds_payload_ms_median": round(statistics.median(times), 1),
            "payload_kb_gzip_max": round(gz / 1024, 1),
        }
        engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--boundaries", default=None, help="LANDKORT_BOUNDARIES for the app")
    parser.add_argument("--server-sizes", default="small,medium,large")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--database", help="a database URL instead of the demo of --size")
    args = parser.parse_args()
    result: dict = {"size": args.size, "root": str(args.root)}
    if not args.no_browser:
        url = args.database or database(args.size)
        result.update(bench_browser(url, args.root, args.boundaries, args.repeats))
    if args.server_sizes:
        result["server"] = bench_server(args.server_sizes.split(","), args.repeats)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
