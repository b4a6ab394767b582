"""Benchmark the map: server-side recolour time and size, first page weight, time to map.

    .venv/bin/python bench/bench_map.py --size medium      # builds bench/out/medium.db once
    .venv/bin/python bench/bench_map.py --size large --no-browser

Recolours go through the real Dash endpoint (Flask test client, so no network time is
counted): a change of round, measure or opgave posts the map's URL state and gets a
``dash.Patch`` back. The browser part starts ``python -m landkort serve`` on 127.0.0.1,
opens the map in headless Chromium and sums every response's transferred bytes
(compressed, from the DevTools network log) and the time until 98 kommuner are drawn.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
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


def _payload(search: str, shown: str) -> dict:
    return {
        "output": "..map.figure...map-shown.data...map-legend-box.children..",
        "outputs": [
            {"id": "map", "property": "figure"},
            {"id": "map-shown", "property": "data"},
            {"id": "map-legend-box", "property": "children"},
        ],
        "inputs": [{"id": "map-url", "property": "search", "value": search}],
        "state": [{"id": "map-shown", "property": "data", "value": shown}],
        "changedPropIds": ["map-url.search"],
    }


def searches() -> list[str]:
    """Recolours a user makes: every round, then measures, then opgaver."""
    out = [f"?runde={r.kode}" for r in ref.RUNDER]
    out += [
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

    client = create_app(url).server.test_client()
    client.get("/")
    first = client.post("/_dash-update-component", json=_payload("", None))
    full = first.data
    shown = first.get_json()["response"]["map-shown"]["data"]
    times, sizes, gz = [], [], []
    for _ in range(rounds):
        for search in searches():
            start = time.perf_counter()
            response = client.post("/_dash-update-component", json=_payload(search, shown))
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
        "first_figure_bytes": len(full),
        "first_figure_gzip_bytes": len(gzip.compress(full)),
    }


def bench_browser(url: str, boundaries: str | None) -> dict:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, _free_port

    port = _free_port()
    env = {**os.environ, "LANDKORT_DATABASE_URL": url, "LANDKORT_CACHE_DIR": str(OUT / "cache")}
    env.pop("LANDKORT_BOUNDARIES", None)
    if boundaries:
        env["LANDKORT_BOUNDARIES"] = boundaries
    server = subprocess.Popen(
        [sys.executable, "-m", "landkort", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        results = []
        for attempt in range(3):
            driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
            driver.get(base)
            drawn = None
            for _ in range(300):
                drawn = driver.execute_script(
                    "return document.querySelectorAll('#map .choroplethlocation').length == 98"
                    " ? performance.now() : null"
                )
                if drawn:
                    break
                time.sleep(0.02)
            time.sleep(1.5)  # let the side panel finish
            transferred = 0
            for entry in driver.get_log("performance"):
                message = json.loads(entry["message"])["message"]
                if message["method"] == "Network.loadingFinished":
                    transferred += message["params"]["encodedDataLength"]
            driver.quit()
            results.append((drawn, transferred))
            print(
                f"  forsøg {attempt + 1}: kort tegnet efter {drawn:.0f} ms, "
                f"{transferred / 1024:.0f} KB overført"
            )
        return {
            "drawn_ms_median": statistics.median(r[0] for r in results),
            "transferred_kb_max": max(r[1] for r in results) / 1024,
        }
    finally:
        server.terminate()
        server.wait()


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
