"""Loading the demo data: one transaction that replaces every fact in the database.

The database then says it holds simulated data (``dataset_info``), and the import
log records the load with a sha256 of the generated cells, so two loads of the
same size and seed can be seen to be identical.
"""

from __future__ import annotations

import getpass
import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert

from landkort import schema, store
from landkort.demo.generator import generate_cells
from landkort.demo.sizes import size_by_name
from landkort.schema import FACT_KEY


@dataclass(frozen=True)
class DemoStats:
    size: str
    seed: int
    rows: int
    kommuner: int
    runder: int
    antal: int
    sha256: str
    generate_seconds: float
    load_seconds: float


def file_name(size: str, seed: int) -> str:
    """How a demo load is named in the import log."""
    return f"demo:{size}:seed={seed}"


def _digest_column(cells: pd.DataFrame, name: str, enhed: np.ndarray) -> np.ndarray:
    """A cell column as int64: unit by position, retning as 0/1, missing as -1."""
    if name == "enhed":
        return enhed.astype(np.int64)
    if name == "retning":
        return (cells[name].astype(str).to_numpy() == "ud").astype(np.int64)
    return cells[name].to_numpy(dtype=np.int64, na_value=-1)


def cells_digest(cells: pd.DataFrame) -> str:
    """sha256 of the cells in key order, independent of row order and dtypes.

    Unit names are hashed as a sorted list and referred to by position; missing
    straksafsluttet/med_blanket are hashed as -1.
    """
    names, enhed = np.unique(cells["enhed"].astype(str).to_numpy(), return_inverse=True)
    columns = {name: _digest_column(cells, name, enhed) for name in store.CELL_COLUMNS}
    key = [columns[c] for c in store.CELL_COLUMNS if c in FACT_KEY or c == "enhed"]
    order = np.lexsort(key[::-1])
    digest = hashlib.sha256()
    digest.update("\n".join(store.CELL_COLUMNS).encode())
    digest.update("\x00".join(names.tolist()).encode())
    for name in store.CELL_COLUMNS:
        digest.update(np.ascontiguousarray(columns[name][order], dtype="<i8").tobytes())
    return digest.hexdigest()


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "ukendt"


def load_cells(engine: Engine, cells: pd.DataFrame, size: str, seed: int) -> store.WriteResult:
    """Replace all facts with ``cells`` in one transaction and record it."""
    sha = cells_digest(cells)
    with engine.begin() as conn:
        removed = store.clear_facts(conn)
        result = store.write_cells(conn, cells)
        conn.execute(
            insert(schema.import_log).values(
                imported_at=datetime.now(UTC),
                kind="demo",
                file_name=file_name(size, seed),
                sha256=sha,
                rows_read=result.rows_read,
                rows_added=result.rows_added,
                rows_changed=result.rows_changed,
                rows_removed=removed,
                replace=True,
                imported_by=_who(),
            )
        )
        store.set_dataset_info(
            conn,
            {
                "demo": "true",
                "demo_size": size,
                "demo_seed": str(seed),
                "demo_sha256": sha,
                "demo_rows": str(len(cells)),
                "demo_loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
    return result


def load_demo(engine: Engine, size: str = "small", seed: int = 2011) -> DemoStats:
    """Generate the demo data set and load it, replacing every fact in the database."""
    size_by_name(size)  # fail before any work on an unknown size
    started = time.perf_counter()
    cells = generate_cells(size, seed)
    generated = time.perf_counter()
    load_cells(engine, cells, size, seed)
    return stats_for(cells, size, seed, generated - started, time.perf_counter() - generated)


def stats_for(
    cells: pd.DataFrame, size: str, seed: int, generate_seconds: float, load_seconds: float
) -> DemoStats:
    return DemoStats(
        size=size,
        seed=seed,
        rows=len(cells),
        kommuner=int(cells["kommune_kode"].nunique()),
        runder=int(cells["runde_id"].nunique()),
        antal=int(cells["antal"].sum()),
        sha256=cells_digest(cells),
        generate_seconds=generate_seconds,
        load_seconds=load_seconds,
    )
