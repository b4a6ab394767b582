"""Benchmark the map: server-side recolour time and size, first page weight, time to map.

    .venv/bin/python bench/bench_map.py --size medium      # builds bench/out/medium.db once
    .venv/bin/python bench/bench_map.py --size large --no-browser

Changes of selection go through the real Dash endpoint (Flask test client, so no network
time is counted): a change of measure or opgave posts the map's selection and gets the
values of every round back (``map-rounds``); a change of round asks the server for
nothing (see bench_timeline.py for the browser's side). The browser part starts
``python -m landkort serve`` on 127.0.0.1, opens the map in headless Chromium and sums
every response's transferred bytes (compressed, from the DevTools network log) and the
time until 98 kommuner are drawn.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from landkort import reference as ref  # noqa: E402
from landkort.database import open_database  # noqa: E402

OUT = ROOT / "bench" / "out"


def database(size: str) -> str:
    path = OUT / f"{size}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        from landkort.demo import load_demo

        OUT.mkdir(parents=True, exist_ok=True)
        print(f"Bygger {size}-demodatabasen i {path} …")
        load_demo(open_database(url), size=size, seed=2011)
    return url


def _payload(search: str, shown: str | None = None) -> dict:
    return {
        "output": "map-rounds.data",
        "outputs": {"id": "map-rounds", "property": "data"},
        "inputs": [
            {"id": "map-round-now", "property": "data", "value": None},
            {"id": "map-rounds-wanted", "property": "data", "value": 1},
        ],
        "state": [{"id": "map-url", "property": "search", "value": search}],
        "changedPropIds": ["map-rounds-wanted.data"],
    }


def searches() -> list[str]:
    """Selections a user makes: measures, then opgaver (rounds need no server)."""
    out = [
        f"?runde=E2013&maal={m}"
        for m in (
            "maal",
            "aendring",
            "hjemmeside",
            "digital_ud",
            "straks",
            "blanket",
            "selvbetjening",
        )
    ]
    out += [f"?runde=F2014&opgave={o.id}" for o in ref.OPGAVER[:15]]
    return out


def bench_recolour(url: str, rounds: int) -> dict:
    os.environ["LANDKORT_DATABASE_URL"] = url
    os.environ["LANDKORT_CACHE_DIR"] = str(OUT / "cache")
    from app import create_app
    from layouts.map import timeline

    client = create_app(url).server.test_client()
    client.get("/")
    first = client.post("/_dash-update-component", json=_payload(""))
    full = first.data
    times, sizes, gz = [], [], []
    for _ in range(rounds):
        for search in searches():
            timeline._cache.clear()  # the first time a selection is asked for
            start = time.perf_counter()
            response = client.post("/_dash-update-component", json=_payload(search))
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.data[:300]
            sizes.append(len(response.data))
            gz.append(len(gzip.compress(response.data)))
    return {
        "recolours": len(times),
        "median_ms": statistics.median(times),
        "p90_ms": statistics.quantiles(times, n=10)[-1],
        "max_bytes": max(sizes),
        "median_bytes": statistics.median(sizes),
        "max_gzip_bytes": max(gz),
        "first_payload_bytes": len(full),
        "first_payload_gzip_bytes": len(gzip.compress(full)),
    }


def bench_browser(url: str, boundaries: str | None) -> dict:
    from bench.browser_timing import running_app, time_page

    with running_app(url, boundaries) as base:
        return time_page(
            base + "/",
            "return document.querySelectorAll('#map .choroplethlocation').length == 98"
            " ? performance.now() : null",
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--boundaries", default=str(ROOT.parent / "shared" / "geo" / "kommuner-dagi-2014.geojson")
    )
    args = parser.parse_args()
    url = database(args.size)
    boundaries = args.boundaries if Path(args.boundaries).exists() else None
    print(f"Database: {url} · grænser: {boundaries or 'ingen (sekskantkort)'}")
    result = {"size": args.size, **bench_recolour(url, args.rounds)}
    if not args.no_browser:
        result.update(bench_browser(url, boundaries))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
