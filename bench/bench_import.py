"""Time ``python -m landkort import`` on a 1,000,000-row long CSV.

Generates a valid file with unique cells in a temporary folder (not the repository),
imports it into a fresh SQLite database (or the empty database ``--database-url``, e.g.
PostgreSQL, where the cells go in with COPY), then imports it again (an idempotent
re-import, which must change nothing). Run from the project root:

    .venv/bin/python bench/bench_import.py [--rows 1000000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from landkort import reference as ref  # noqa: E402

HEADER = (
    "kommunekode;runde;enhed;opgave;henvendelsestype;retning;kanal;antal;"
    "straksafsluttet;med_blanket"
)


def valid_combinations() -> list[tuple[str, str, str]]:
    """(henvendelsestype, retning, kanal) triples the format allows."""
    combos = []
    for h in ref.HENVENDELSESTYPER:
        for k in ref.KANALER:
            if k.kun_information and h.gruppe == ref.TRANSAKTIONER:
                continue
            combos.append((h.navn, k.retning, k.kode))
    return combos


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    """A long CSV with ``rows`` distinct cells, as Danish Excel would save it."""
    rng = np.random.default_rng(seed)
    combos = valid_combinations()
    per_slice = len(ref.OPGAVER) * len(combos) * 4  # four enheder per kommune and runde
    slices = list(itertools.product(ref.KOMMUNER, ref.RUNDER))
    needed = -(-rows // per_slice)
    if needed > len(slices):
        raise SystemExit(f"at most {len(slices) * per_slice} unique cells")
    index = np.arange(rows)
    slice_no, rest = np.divmod(index, per_slice)
    enhed_no, rest = np.divmod(rest, len(ref.OPGAVER) * len(combos))
    opgave_no, combo_no = np.divmod(rest, len(combos))
    kommune = np.array([f"{k.kode:04d}" for k, _ in slices], dtype=object)[slice_no]
    runde = np.array([r.kode for _, r in slices], dtype=object)[slice_no]
    enheder = np.array(["", "Borgerservice", "Jobcenter", "Byggesag"], dtype=object)
    antal = rng.integers(0, 5000, rows)
    straks = (antal * rng.random(rows)).astype(np.int64)
    blanket = (antal * rng.random(rows)).astype(np.int64)
    frame = pd.DataFrame(
        {
            "kommunekode": kommune,
            "runde": runde,
            "enhed": enheder[enhed_no],
            "opgave": np.array([o.navn for o in ref.OPGAVER], dtype=object)[opgave_no],
            "henvendelsestype": np.array([c[0] for c in combos], dtype=object)[combo_no],
            "retning": np.array([c[1] for c in combos], dtype=object)[combo_no],
            "kanal": np.array([c[2] for c in combos], dtype=object)[combo_no],
            "antal": antal,
            "straksafsluttet": straks,
            "med_blanket": np.where(rng.random(rows) < 0.5, blanket.astype(str), ""),
        }
    )
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def timed_import(csv: Path, url: str) -> tuple[float, str]:
    env = {**os.environ, "LANDKORT_DATABASE_URL": url}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "landkort", "import", str(csv)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="landkort-bench-") as tmp:
        csv = Path(tmp) / "bench.csv"
        start = time.perf_counter()
        write_file(csv, args.rows)
        size = csv.stat().st_size / 1e6
        print(
            f"genereret: {args.rows:,} rækker, {size:.0f} MB ({time.perf_counter() - start:.1f} s)"
        )
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        for label in ("første import", "gen-import"):
            seconds, output = timed_import(csv, url)
            print(
                f"{label}: {args.rows:,} rækker på {seconds:.1f} s "
                f"= {args.rows / seconds:,.0f} rækker/s"
            )
            print(f"  {output}")


if __name__ == "__main__":
    main()
