"""Time the demo data: generation and loading, measured separately.

Loads into a fresh SQLite database in a temporary folder (not the repository), the
same way ``python -m landkort demo`` does. Run from the project root:

    .venv/bin/python bench/bench_demo.py [--size medium|large|small] [--seed 2011]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from landkort.database import open_database  # noqa: E402
from landkort.demo import generate_cells  # noqa: E402
from landkort.demo.loading import load_cells  # noqa: E402
from landkort.formatting import format_decimal, format_int  # noqa: E402


def bench(size: str, seed: int) -> tuple[int, float, float]:
    """Rows, seconds to generate, seconds to load (one transaction, as the CLI does)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        started = time.perf_counter()
        cells = generate_cells(size, seed)
        generated = time.perf_counter()
        load_cells(engine, cells, size, seed)
        loaded = time.perf_counter()
        engine.dispose()
    return len(cells), generated - started, loaded - generated


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="medium")
    parser.add_argument("--seed", type=int, default=2011)
    args = parser.parse_args()
    rows, generate, load = bench(args.size, args.seed)
    print(f"størrelse:   {args.size} (seed {args.seed})")
    print(f"rækker:      {format_int(rows)}")
    print(f"generering:  {format_decimal(generate)} s")
    print(f"indlæsning:  {format_decimal(load)} s")
    print(f"i alt:       {format_decimal(generate + load)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
