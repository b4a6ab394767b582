"""Benchmark the kommune page: server time of every callback, and the page in Chromium.

    .venv/bin/python bench/bench_kommune.py --size medium      # builds bench/out/medium.db once
    .venv/bin/python bench/bench_kommune.py --size medium --no-browser

Server side: each callback the page fires when it opens (route, header, progress, mix,
small multiples, the five report sections) is posted to the real Dash endpoint through
the Flask test client, for several kommuner and rounds; median and p90 per callback.
Browser: ``python -m landkort serve`` on 127.0.0.1, headless Chromium opens
``/kommune/<kode>`` and the time until every chart and table is drawn is read from
``performance.now()``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_map import OUT, database  # noqa: E402
from landkort import metrics  # noqa: E402
from landkort import reference as ref  # noqa: E402
from landkort.database import make_engine  # noqa: E402

KOMMUNER = (101, 147, 187, 461, 630, 751, 851, 400, 563, 825)


def _payload(outputs: list[str], inputs: dict, state: dict) -> dict:
    def item(key, value):
        component, prop = key.split(".")
        return {"id": component, "property": prop, "value": value}

    outs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs]
    return {
        "output": "..".join(outputs) if len(outputs) == 1 else f"..{'...'.join(outputs)}..",
        "outputs": outs[0] if len(outs) == 1 else outs,
        "inputs": [item(k, v) for k, v in inputs.items()],
        "state": [item(k, v) for k, v in state.items()],
        "changedPropIds": [next(iter(inputs))],
    }


def _price_inputs() -> list[dict]:
    return [
        {
            "id": {"type": "kp-price", "kanal": k.kode},
            "property": "value",
            "value": {"SLVBTJN": "19", "WEB": "5"}.get(k.kode, ""),
        }
        for k in ref.KANALER
        if k.retning == ref.IND
    ]


def _section_payload(section, values: dict) -> dict:
    """A section callback as the renderer posts it: followed controls as inputs, the
    rest (in the page's control order) as state."""
    from callbacks.kommune import CONTROLS

    inputs, state = [], []
    for name, id_, prop in CONTROLS:
        if name in ("prices", "price-ids"):
            item = [{**p, "property": prop, "value": p["id"] if prop == "id" else p["value"]}
                    for p in _price_inputs()]  # fmt: skip
        else:
            item = {"id": id_, "property": prop, "value": values[name]}
        (inputs if name in section.inputs else state).append(item)
    return {
        "output": f"{section.id}.children",
        "outputs": {"id": section.id, "property": "children"},
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"kp-{section.inputs[0]}.value"],
    }


def calls(kode: int, runde: int) -> dict[str, dict]:
    """The callbacks a page opening fires, as Dash's renderer posts them."""
    from layouts.kommune.charts import SECTIONS

    kk = {"kp-kode.data": kode}
    runde_in = {"kp-runde.value": runde}
    values = {
        "kode": kode,
        "runde": runde,
        "opgave": 5,
        "gruppe": "transaktioner",
        "visning": "andel",
        "flyt": 0,
        "hvis-opgave": "alle",
    }
    found = {
        "route": _payload(
            ["page.children", "page-title.data"],
            {"url.pathname": f"/kommune/{kode:04d}"},
            {"url.search": f"?runde={ref.RUNDER[runde - 1].kode}"},
        ),
        "header": _payload(["kp-header.children", "kp-report-round.children"], runde_in, kk),
    }
    for section in SECTIONS:
        found[section.id.removeprefix("kp-")] = _section_payload(section, values)
    return found


def _cases(url: str) -> list[tuple[int, int]]:
    engine = make_engine(url)
    cases = []
    with engine.connect() as conn:
        for kode in KOMMUNER:
            taken = metrics.rounds_taken_part(conn, kode)
            cases += [(kode, r) for r in taken[-2:]]
    engine.dispose()
    return cases


def bench_callbacks(url: str, repeats: int) -> dict:
    os.environ["LANDKORT_DATABASE_URL"] = url
    os.environ["LANDKORT_CACHE_DIR"] = str(OUT / "cache")
    from app import create_app

    client = create_app(url).server.test_client()
    client.get("/")
    times: dict[str, list[float]] = {}
    cases = _cases(url)
    for kode, runde in cases[:2]:  # warm up imports and SQLite's page cache
        for payload in calls(kode, runde).values():
            client.post("/_dash-update-component", json=payload)
    for _ in range(repeats):
        for kode, runde in cases:
            for name, payload in calls(kode, runde).items():
                start = time.perf_counter()
                response = client.post("/_dash-update-component", json=payload)
                times.setdefault(name, []).append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (name, response.data[:300])
    return {
        "cases": len(cases),
        "callbacks": {
            name: {
                "median_ms": round(statistics.median(t), 1),
                "p90_ms": round(statistics.quantiles(t, n=10)[-1], 1),
                "max_ms": round(max(t), 1),
            }
            for name, t in times.items()
        },
    }


COMPLETE = """
// read to the end: the report comes as one nears it
window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'});
var charts = document.querySelectorAll('.kp-chart').length;
var plots = document.querySelectorAll('.kp-chart .js-plotly-plot .main-svg').length;
var busy = document.querySelector('[data-dash-is-loading="true"]');
return charts >= 14 && plots >= 13 && !busy ? performance.now() : null;
"""


def bench_browser(url: str, kode: int, attempts: int = 3) -> dict:
    from bench.browser_timing import running_app, time_page

    with running_app(url, None) as base:
        timing = time_page(f"{base}/kommune/{kode:04d}", COMPLETE, attempts=attempts, settle=0.3)
    return {
        "kommune": f"{kode:04d}",
        "page_complete_ms_median": timing["drawn_ms_median"],
        "transferred_kb_max": timing["transferred_kb_max"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--kommune", type=int, default=101)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    url = database(args.size)
    print(f"Database: {url}")
    result = {"size": args.size, **bench_callbacks(url, args.repeats)}
    if not args.no_browser:
        result["browser"] = bench_browser(url, args.kommune)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
