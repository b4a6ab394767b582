"""A small hand-made data set for the compare page and the API, figures worked by hand.

Selvbetjeningsgrad (transaktioner), all 35 opgaver:
- Vallensbæk (0187, Hovedstaden): E2011 30/100, F2012 60/100, not in E2012.
- Aarhus (0751, Midtjylland): E2011 9/10 (thin), F2012 50/100, E2012 80/100.
- København (0101, Hovedstaden): not in E2011; F2012 Flytning 20/100 + Pas 40/100 = 60/200,
  E2012 Flytning 90/100 + Pas 50/100 = 140/200.
Hele landet: E2011 39/110, F2012 170/400, E2012 220/300.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, insert

from landkort import schema
from landkort.store import CELL_COLUMNS, write_cells

E2011, F2012, E2012 = 1, 2, 3
FLYTNING, PAS = 5, 6
NY_SAG = 1
SLVBTJN, TLFIND = 1, 2
VALLENSBAEK, AARHUS, KOEBENHAVN = 187, 751, 101


def _pair(kommune: int, runde: int, opgave: int, selv: int, tlf: int) -> list[tuple]:
    return [
        (kommune, runde, "", opgave, NY_SAG, "ind", SLVBTJN, selv, None, None),
        (kommune, runde, "", opgave, NY_SAG, "ind", TLFIND, tlf, None, None),
    ]


ROWS = [
    *_pair(VALLENSBAEK, E2011, FLYTNING, 30, 70),
    *_pair(VALLENSBAEK, F2012, FLYTNING, 60, 40),
    *_pair(AARHUS, E2011, FLYTNING, 9, 1),
    *_pair(AARHUS, F2012, FLYTNING, 50, 50),
    *_pair(AARHUS, E2012, FLYTNING, 80, 20),
    *_pair(KOEBENHAVN, F2012, FLYTNING, 20, 80),
    *_pair(KOEBENHAVN, F2012, PAS, 40, 60),
    *_pair(KOEBENHAVN, E2012, FLYTNING, 90, 10),
    *_pair(KOEBENHAVN, E2012, PAS, 50, 50),
]


def cells(rows: list[tuple] = ROWS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(CELL_COLUMNS))
    for column in ("straksafsluttet", "med_blanket"):
        frame[column] = frame[column].astype("Int64")
    return frame


def log_change(conn) -> None:
    """What every import does: a new import_log row, i.e. a new data version."""
    conn.execute(
        insert(schema.import_log).values(
            imported_at=datetime.now(UTC),
            kind="import",
            file_name="test.csv",
            sha256="0" * 64,
            rows_read=0,
            rows_added=0,
            rows_changed=0,
            rows_removed=0,
            replace=False,
            imported_by="test",
        )
    )


def load_example(engine: Engine) -> None:
    with engine.begin() as conn:
        write_cells(conn, cells())
        log_change(conn)
