"""Benchmark embed pages: compressed transfer and time until the chart is drawn.

.venv/bin/python bench/bench_embed.py --size medium
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_map import database  # noqa: E402
from bench.browser_timing import running_app, time_page  # noqa: E402

DRAWN = "var d = document.body.getAttribute('data-drawn'); return d ? Number(d) : null;"
PAGES = {
    "kort (sekskanter)": "/embed/kort?kort=hex",
    "kort (geografisk)": "/embed/kort?kort=geo",
    "udvikling": "/embed/udvikling",
    "spredning": "/embed/spredning",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument(
        "--boundaries", default=str(ROOT.parent / "shared" / "geo" / "kommuner-dagi-2014.geojson")
    )
    args = parser.parse_args()
    boundaries = args.boundaries if Path(args.boundaries).exists() else None
    results = {}
    with running_app(database(args.size), boundaries) as base:
        for name, path in PAGES.items():
            if "geo" in path and not boundaries:
                continue
            print(name)
            results[name] = time_page(base + path, DRAWN, settle=0.5)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
