"""``python -m landkort demo``: generate and load the demo data, reporting in Danish."""

from __future__ import annotations

import time

from landkort.database import database_url, open_database
from landkort.demo.generator import generate_cells
from landkort.demo.loading import load_cells, stats_for
from landkort.demo.sizes import SIZES
from landkort.formatting import format_decimal, format_int


def cli_demo(size: str = "small", seed: int = 2011) -> int:
    """Replace the database's facts with simulated data; return the exit status."""
    if size not in SIZES:
        print(f"Ukendt størrelse {size!r}; vælg small, medium eller large.")
        return 2
    print(f"Genererer demodata ({size}, seed {seed}) …", flush=True)
    started = time.perf_counter()
    cells = generate_cells(size, seed)
    generated = time.perf_counter()
    print(
        f"Genereret {format_int(len(cells))} rækker på {format_decimal(generated - started)} s.",
        flush=True,
    )
    print(f"Indlæser i {database_url()} …", flush=True)
    engine = open_database()
    try:
        load_cells(engine, cells, size, seed)
    finally:
        engine.dispose()
    stats = stats_for(cells, size, seed, generated - started, time.perf_counter() - generated)
    print(
        f"Indlæst {format_int(stats.rows)} rækker ({format_int(stats.antal)} henvendelser, "
        f"{stats.kommuner} kommuner, {stats.runder} runder) på "
        f"{format_decimal(stats.load_seconds)} s."
    )
    print("Databasen indeholder nu simulerede demodata; alle visninger markerer det.")
    return 0
