"""Benchmark the compare page and the API: server-side time per view and per API call.

    .venv/bin/python bench/bench_compare.py --size medium    # builds bench/out/medium.db once

Each view of ``/sammenlign`` (lines, ranking table, dumbbell, spread, heat map) is
posted to the real Dash endpoint through Flask's test client (no network time), for a
spread of URL states; the API is timed for ``/api/v1/tal`` (all kommuner in a round)
with and without its answer cache, and the other endpoints once each per round.
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
from landkort import reference as ref  # noqa: E402

VIEWS = {
    "linjer": [("cmp-udvikling", "figure"), ("cmp-udvikling-title", "children")],
    "rangliste": [
        ("cmp-rangliste", "columns"),
        ("cmp-rangliste", "data"),
        ("cmp-rangliste-title", "children"),
        ("cmp-rangliste-note", "children"),
    ],
    "haltere": [("cmp-aendring", "figure"), ("cmp-aendring-title", "children")],
    "fordeling": [("cmp-fordeling", "figure"), ("cmp-fordeling-title", "children")],
    "opgaver": [("cmp-opgaver", "figure"), ("cmp-opgaver-title", "children")],
}


def _payload(outputs: list[tuple[str, str]], search: str) -> dict:
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": "cmp-url", "property": "search", "value": search}],
        "changedPropIds": ["cmp-url.search"],
    }


def searches() -> list[str]:
    out = [f"?runde={r.kode}&fra=E2011&kommuner=0101,0751,0461,0187" for r in ref.RUNDER[1:]]
    out += [f"?maal={m}&udvalg=alle" for m in ("maal", "aendring", "hjemmeside", "straks")]
    out += [f"?udvalg=flyttere&opgave={o.id}" for o in ref.OPGAVER[:6]]
    out += [f"?region={r.kode}&udvalg=alle&fra=F2013" for r in ref.REGIONER]
    return out


def _time(call) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 304), response.data[:300]
    return elapsed


def _summary(times: list[float]) -> dict:
    return {
        "n": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(statistics.quantiles(times, n=10)[-1], 1),
        "max_ms": round(max(times), 1),
    }


def bench_views(client, rounds: int) -> dict:
    result = {}
    for name, outputs in VIEWS.items():
        times = [
            _time(
                lambda s=search, o=outputs: client.post(
                    "/_dash-update-component", json=_payload(o, s)
                )
            )
            for _ in range(rounds)
            for search in searches()
        ]
        result[name] = _summary(times)
    return result


def bench_api(client, rounds: int) -> dict:
    rounds_urls = [f"/api/v1/tal?runde={r.kode}" for r in ref.RUNDER]
    first = [
        _time(lambda u=f"{url}&maal={m}": client.get(u))  # each URL once: not cached
        for url in rounds_urls
        for m in ("selvbetjening", "maal", "aendring", "straks")
    ]
    repeated = [_time(lambda u=url: client.get(u)) for _ in range(rounds) for url in rounds_urls]
    series = [
        _time(lambda k=k: client.get(f"/api/v1/kommuner/{k.kode_tekst}/serie"))
        for k in ref.KOMMUNER
    ]
    national = [
        _time(lambda r=r: client.get(f"/api/v1/hele-landet?runde={r.kode}")) for r in ref.RUNDER
    ]
    return {
        "tal_alle_kommuner_foerste_gang": _summary(first),
        "tal_alle_kommuner_gentaget": _summary(repeated),
        "kommune_serie_foerste_gang": _summary(series),
        "hele_landet_foerste_gang": _summary(national),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = database(args.size)
    os.environ["LANDKORT_DATABASE_URL"] = url
    os.environ["LANDKORT_CACHE_DIR"] = str(OUT / "cache")
    from app import create_app

    client = create_app(url).server.test_client()
    start = time.perf_counter()
    client.get("/api/v1/runder")  # reads the in-memory frame once per data version
    load_ms = (time.perf_counter() - start) * 1000
    result = {
        "size": args.size,
        "first_load_ms": round(load_ms, 1),
        "views": bench_views(client, args.rounds),
        "api": bench_api(client, args.rounds),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
