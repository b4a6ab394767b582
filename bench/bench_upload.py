"""Uploads on the Data page (issue 9): how soon the map shows a confirmed upload, and how
long the undo of a 100,000-cell replace takes.

1. In headless Chromium against ``python -m landkort serve`` on the small demo data: a
   KL account logs in, uploads a file replacing Vallensbæk's F2012, and confirms; timed
   from the click on 'Bekræft og indlæs' until the map (a fresh page load) shows the new
   selvbetjeningsgrad for Vallensbæk, and likewise from 'Fortryd' until the old one is
   back.
2. Without a browser (``landkort.history.undo``, what the undo button calls): one
   (kommune, runde) slice of 100,000 cells, replaced by another 100,000, then the
   replace undone; the cells after the undo are checked against those before.

Run from the project root (figures are printed, nothing is asserted on time):

    .venv/bin/python bench/bench_upload.py [--runs 3] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_import import valid_combinations  # noqa: E402
from bench.browser_timing import _driver, running_app  # noqa: E402
from landkort import accounts, history  # noqa: E402
from landkort import reference as ref  # noqa: E402
from landkort.database import open_database  # noqa: E402
from landkort.demo import load_demo  # noqa: E402
from landkort.formatting import format_decimal, format_int, format_percent  # noqa: E402
from landkort.importer.writing import write_file  # noqa: E402
from landkort.store import CELL_COLUMNS  # noqa: E402
from tests.browser.uploadpage import UploadPage  # noqa: E402
from tests.import_helpers import COLUMNS, fact_rows  # noqa: E402

VALLENSBAEK, F2012, E2016 = 187, 2, 10
PASSWORD = "bench-adgangskode"
MAP_VALUE = """
var gd = document.querySelector('#map .js-plotly-plot');
if (!gd || !gd.data) return null;
for (const t of gd.data) {
  const i = (t.locations || []).findIndex(l => String(l) === String(arguments[0]));
  if (i >= 0 && t.hovertext && t.hovertext[i]) return String(t.hovertext[i]);
}
return null;
"""


def _account(url: str) -> None:
    engine = open_database(url)
    with engine.begin() as conn:
        if accounts.find_account(conn, "bench-kl") is None:
            accounts.add_account(conn, "bench-kl", "kl", PASSWORD)
    engine.dispose()


def _wait(predicate, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError("the page never showed it")


def _map_shows(page: UploadPage, text: str) -> None:
    page.driver.get(f"{page.base}/?runde=F2012&kort=hex")
    _wait(lambda: text in (page.driver.execute_script(MAP_VALUE, VALLENSBAEK) or ""))


def browser_figures(url: str, runs: int, folder: Path) -> None:
    _account(url)
    good = folder / "vallensbaek-f2012.csv"
    rows = [
        "0187;F2012;;Flytning;Oprettelse ny sag;ind;SLVBTJN;3;;",
        "0187;F2012;;Flytning;Oprettelse ny sag;ind;TLFIND;1;;",
    ]
    good.write_text(";".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    new_text = format_percent(0.75)
    confirm_ms, undo_ms, written_ms = [], [], []
    with running_app(url, None) as base:
        driver = _driver()
        try:
            page = UploadPage(driver, base)
            page.login("bench-kl", PASSWORD)
            for run in range(runs):
                page.open_data()
                page.click("#data-write-replace")
                page.upload(good)
                start = time.perf_counter()
                page.click("#data-write-confirm")
                page.wait_for_result("Indlæst")
                written_ms.append((time.perf_counter() - start) * 1000)
                _map_shows(page, new_text)
                confirm_ms.append((time.perf_counter() - start) * 1000)
                page.open_data()
                start = time.perf_counter()
                page.click("button[id*='data-write-undo']")
                page.wait_for_result("Fortrudt")
                driver.get(f"{base}/?runde=F2012&kort=hex")
                _wait(
                    lambda: (
                        (t := driver.execute_script(MAP_VALUE, VALLENSBAEK)) and new_text not in t
                    )
                )
                undo_ms.append((time.perf_counter() - start) * 1000)
                print(
                    f"  forsøg {run + 1}: bekræft → 'Indlæst' {written_ms[-1]:.0f} ms, → kortet "
                    f"(ny sideindlæsning) viser det nye tal {confirm_ms[-1]:.0f} ms; "
                    f"fortryd → kortet viser det gamle tal {undo_ms[-1]:.0f} ms"
                )
        finally:
            driver.quit()
    print(
        f"Median: bekræft → 'Indlæst' {statistics.median(written_ms):.0f} ms, "
        f"bekræft → kort {statistics.median(confirm_ms):.0f} ms, "
        f"fortryd → kort {statistics.median(undo_ms):.0f} ms ({runs} forsøg)"
    )


def slice_cells(cells: int, seed: int) -> pd.DataFrame:
    """``cells`` distinct cells of Vallensbæk in E2016, spread over enough enheder."""
    rng = np.random.default_rng(seed)
    combos = valid_combinations()
    per_enhed = len(ref.OPGAVER) * len(combos)
    index = np.arange(cells)
    enhed_no, rest = np.divmod(index, per_enhed)
    opgave_no, combo_no = np.divmod(rest, len(combos))
    types = {h.navn: h.id for h in ref.HENVENDELSESTYPER}
    kanal = {k.kode: k.id for k in ref.KANALER}
    combo_ids = np.array([(types[h], kanal[k]) for h, _, k in combos])
    retning = np.array([r for _, r, _ in combos], dtype=object)
    frame = pd.DataFrame(
        {
            "kommune_kode": VALLENSBAEK,
            "runde_id": E2016,
            "enhed": np.char.add("Enhed ", (enhed_no + 1).astype(str)).astype(object),
            "opgave_id": np.array([o.id for o in ref.OPGAVER])[opgave_no],
            "henvendelsestype_id": combo_ids[combo_no, 0],
            "retning": retning[combo_no],
            "kanal_id": combo_ids[combo_no, 1],
            "antal": rng.integers(0, 500, cells),
            "straksafsluttet": pd.array([pd.NA] * cells, dtype="Int64"),
            "med_blanket": pd.array([pd.NA] * cells, dtype="Int64"),
        },
        columns=list(CELL_COLUMNS),
    )
    return frame


def undo_figures(url: str, cells: int) -> None:
    engine = open_database(url)
    with engine.begin() as conn:
        kl = accounts.find_account(conn, "bench-kl") or accounts.add_account(
            conn, "bench-kl", "kl", PASSWORD
        )
    first, second = slice_cells(cells, 1), slice_cells(cells, 2)
    write_file(engine, "foer.csv", "0" * 64, first, replace=True, user="bench")
    before = fact_rows(url)
    start = time.perf_counter()
    write_file(engine, "erstat.csv", "1" * 64, second, replace=True, user="bench")
    replace_s = time.perf_counter() - start
    start = time.perf_counter()
    with engine.begin() as conn:
        _, result = history.undo(conn, kl, VALLENSBAEK, E2016)
    undo_s = time.perf_counter() - start
    same = fact_rows(url) == before
    engine.dispose()
    print(
        f"{format_int(cells)} celler i én (kommune, runde): "
        f"erstat {format_decimal(replace_s, 2)} s, fortryd {format_decimal(undo_s, 2)} s "
        f"({format_int(result.rows_read)} celler sat tilbage; "
        f"databasen som før: {'ja' if same else 'NEJ'})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database (default: a SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
        engine = open_database(url)
        load_demo(engine, size="small", seed=2011)
        engine.dispose()
        print(f"Database: {url.split('@')[-1]}")
        browser_figures(url, args.runs, folder)
        undo_figures(url, args.cells)
    return 0


if __name__ == "__main__":
    sys.exit(main())
