"""A small set of counted cells computed by hand, shared by the metrics and report tests."""

from __future__ import annotations

import pandas as pd

from landkort.store import CELL_COLUMNS

E2011, F2012 = 1, 2
FLYTNING, PAS = 5, 6
NY_SAG, RAAD = 1, 3  # Oprettelse ny sag (transaktion), Råd/vejledning (generel information)
SLVBTJN, TLFIND, PPRIND, WEB, PPRUD, DOCUD = 1, 2, 4, 9, 11, 14
NA = None

# kommune, runde, enhed, opgave, type, retning, kanal, antal, straks, blanket
EXAMPLE = [
    # Vallensbæk (187, Hovedstaden), E2011
    (187, E2011, "Borgerservice", FLYTNING, NY_SAG, "ind", SLVBTJN, 30, 30, 6),
    (187, E2011, "Borgerservice", FLYTNING, NY_SAG, "ind", TLFIND, 50, 40, 0),
    (187, E2011, "Borgerservice", FLYTNING, NY_SAG, "ind", PPRIND, 20, NA, 20),
    (187, E2011, "Borgerservice", FLYTNING, RAAD, "ind", WEB, 15, 15, NA),
    (187, E2011, "Borgerservice", FLYTNING, RAAD, "ind", TLFIND, 45, 30, NA),
    (187, E2011, "Jobcenter", PAS, NY_SAG, "ind", TLFIND, 100, 50, NA),
    (187, E2011, "", FLYTNING, NY_SAG, "ud", PPRUD, 40, NA, NA),
    (187, E2011, "", FLYTNING, NY_SAG, "ud", DOCUD, 60, NA, NA),
    # Aarhus (751, Midtjylland), E2011
    (751, E2011, "", FLYTNING, NY_SAG, "ind", SLVBTJN, 9, NA, NA),
    (751, E2011, "", FLYTNING, NY_SAG, "ind", PPRIND, 1, NA, NA),
    # Aarhus alone in F2012
    (751, F2012, "", PAS, NY_SAG, "ind", SLVBTJN, 5, NA, NA),
]


def cells_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows in ``store.CELL_COLUMNS`` order as the frame ``store.write_cells`` takes."""
    frame = pd.DataFrame(rows, columns=list(CELL_COLUMNS))
    for column in ("straksafsluttet", "med_blanket"):
        frame[column] = frame[column].astype("Int64")
    return frame
