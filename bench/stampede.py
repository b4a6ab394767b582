"""Cache stampede after an import: 20 parallel ``/api/v1/tal`` right after a 1-row import.

    .venv/bin/python bench/stampede.py --size medium        # copies bench/out/medium.db
    .venv/bin/python bench/stampede.py --size small --requests 20 --rounds 3

The app is built by its factory (``create_app``) on a copy of a demo database and asked
through Flask's test client from ``--requests`` threads released together (a barrier),
so the figures are server time without network. Each round first warms the caches, then
imports one row (a real CSV through ``python -m landkort import``, which moves the data
version), then fires the requests. Printed per round: each request's time (sorted),
median, max and the wall time of the burst, and how many times the compare data were
read from the database (1 is the goal: the first request builds, the others wait for
its result). Figures are printed, never asserted (issue 14: 1.1 s rising to 13 s).

It only needs ``app.create_app``, ``landkort.cli`` and ``landkort.views.compare`` (or
the older ``landkort.compare``), so it can be copied into an older checkout to measure
the code before a change: ``--root`` names that checkout.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _row_file(folder: Path, antal: int) -> Path:
    """One cell of Vallensbæk in E2015, in the interchange format."""
    path = folder / f"en-raekke-{antal}.csv"
    path.write_text(
        "kommunekode;runde;enhed;opgave;henvendelsestype;retning;kanal;antal\n"
        f"0187;E2015;;Flytning;Oprettelse ny sag;ind;SLVBTJN;{antal}\n",
        encoding="utf-8",
    )
    return path


def _one(app, i: int, barrier: threading.Barrier, times: list, codes: list) -> None:
    """One request, sent when all are ready; two different queries, both valid."""
    client = app.server.test_client()
    query = "?runde=E2015" if i % 2 else "?runde=E2015&maal=selvbetjening"
    barrier.wait()
    t0 = time.perf_counter()
    response = client.get("/api/v1/tal" + query)
    times[i] = time.perf_counter() - t0
    codes[i] = response.status_code


def _compare_module():
    for name in ("landkort.views.compare", "landkort.compare"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise SystemExit("fandt ikke compare-modulet")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small", choices=("small", "medium", "large"))
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to measure")
    args = parser.parse_args()

    root = args.root.resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    source = HERE / "bench" / "out" / f"{args.size}.db"
    work = Path(tempfile.mkdtemp(prefix="stampede-"))
    url = f"sqlite:///{work / 'landkort.db'}"
    if source.exists():
        shutil.copy(source, work / "landkort.db")
    else:
        from landkort.database import open_database
        from landkort.demo import load_demo

        print(f"Bygger {args.size}-demodatabasen …", flush=True)
        load_demo(open_database(url), size=args.size, seed=2011)
    os.environ["LANDKORT_DATABASE_URL"] = url
    os.environ["LANDKORT_CACHE_DIR"] = str(work / "cache")

    from app import create_app
    from landkort import cli

    compare = _compare_module()
    loads = 0
    real_load = compare.load

    def counting_load(*a, **kw):
        nonlocal loads
        loads += 1
        return real_load(*a, **kw)

    compare.load = counting_load
    app = create_app(url)
    print(f"kode: {root}  data: {args.size}  forespørgsler: {args.requests}", flush=True)
    for round_no in range(1, args.rounds + 1):
        warm = app.server.test_client().get("/api/v1/tal?runde=E2015")
        assert warm.status_code == 200, warm.status_code
        started = time.perf_counter()
        status = cli.main(["import", str(_row_file(work, 1000 + round_no))])
        imported = time.perf_counter() - started
        if status != 0:
            print("importen fejlede", file=sys.stderr)
            return 1
        loads = 0
        barrier = threading.Barrier(args.requests)
        times: list[float] = [0.0] * args.requests
        codes: list[int] = [0] * args.requests

        threads = [
            threading.Thread(target=_one, args=(app, i, barrier, times, codes))
            for i in range(args.requests)
        ]
        burst = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - burst
        shown = " ".join(f"{t:.2f}" for t in sorted(times))
        print(
            f"runde {round_no}: import {imported:.2f} s; {args.requests} svar "
            f"{sorted(set(codes))}; median {statistics.median(times):.2f} s, "
            f"maks {max(times):.2f} s, i alt {wall:.2f} s; compare-data læst {loads} gange",
            flush=True,
        )
        print(f"  tider (s): {shown}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
