"""A dry run of an import: what it would change in each (kommune, runde), nothing written.

For each slice the file touches: how many cells would be added, changed and (with
``replace``) removed, and the selvbetjeningsgrad (inbound transaktioner via
Selvbetjening, as on the map) before and after. The cells in the database are read for
the touched slices only (the primary key's leading columns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select, tuple_
from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort import schema
from landkort.schema import CELL_KEY, FACT_VALUES

_SELVBETJENING = ref.kanal_by_kode()[ref.SELVBETJENING].id
_TRANSAKTION = [h.id for h in ref.HENVENDELSESTYPER if h.gruppe == ref.TRANSAKTIONER]
KEY = list(CELL_KEY)


@dataclass(frozen=True)
class SliceChange:
    kommune: int
    runde: int
    added: int
    changed: int
    removed: int
    unchanged: int
    before: float | None  # selvbetjeningsgrad, None without inbound transaktioner
    after: float | None


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cells_in(conn: Connection, slices: list[tuple[int, int]]) -> pd.DataFrame:
    """The database's cells of the slices, shaped like the importer's (unit by name)."""
    f, e = schema.fact, schema.enhed
    columns = [e.c.navn.label("enhed") if name == "enhed" else f.c[name] for name in KEY] + [
        f.c[v] for v in FACT_VALUES
    ]
    frames = []
    for chunk in _chunks(slices, 400):
        stmt = (
            select(*columns)
            .join(e, e.c.id == f.c.enhed_id)
            .where(tuple_(f.c.kommune_kode, f.c.runde_id).in_(chunk))
        )
        frames.append(pd.DataFrame(conn.execute(stmt).all(), columns=KEY + list(FACT_VALUES)))
    if not frames:
        return pd.DataFrame(columns=KEY + list(FACT_VALUES))
    return pd.concat(frames, ignore_index=True)


def _normalised(cells: pd.DataFrame) -> pd.DataFrame:
    out = cells[KEY + list(FACT_VALUES)].copy()
    for name in KEY:
        out[name] = (
            out[name].astype(str) if name in ("enhed", "retning") else out[name].astype("int64")
        )
    for name in FACT_VALUES:
        out[name] = pd.array(out[name], dtype="Int64")
    return out


def _grade(cells: pd.DataFrame) -> float | None:
    ind = cells[(cells["retning"] == ref.IND) & cells["henvendelsestype_id"].isin(_TRANSAKTION)]
    total = int(ind["antal"].sum())
    if total == 0:
        return None
    return int(ind.loc[ind["kanal_id"] == _SELVBETJENING, "antal"].sum()) / total


def preview(conn: Connection, cells: pd.DataFrame, *, replace: bool = False) -> list[SliceChange]:
    """What writing ``cells`` (``store.CELL_COLUMNS``) would change, slice by slice."""
    new = _normalised(cells)
    slices = sorted(
        {(int(k), int(r)) for k, r in new[["kommune_kode", "runde_id"]].itertuples(index=False)}
    )
    old = _normalised(cells_in(conn, slices))
    both = new.merge(old, on=KEY, how="outer", suffixes=("", "_old"), indicator=True)
    changes = []
    for (kommune, runde), part in both.groupby(["kommune_kode", "runde_id"], sort=True):
        in_file = part["_merge"] != "right_only"
        in_db = part["_merge"] != "left_only"
        matched = part[in_file & in_db]
        differs = pd.Series(False, index=matched.index)
        for v in FACT_VALUES:
            a, b = matched[v], matched[f"{v}_old"]
            differs |= (a.isna() != b.isna()) | (a.fillna(-1) != b.fillna(-1)).astype(bool)
        only_db = part[~in_file]
        before = part[in_db].assign(**{v: part.loc[in_db, f"{v}_old"] for v in FACT_VALUES})
        after = part[in_file] if replace else pd.concat([part[in_file], before[~in_file[in_db]]])
        changes.append(
            SliceChange(
                int(kommune),
                int(runde),
                added=int((in_file & ~in_db).sum()),
                changed=int(differs.sum()),
                removed=len(only_db) if replace else 0,
                unchanged=int((~differs).sum()),
                before=_grade(before),
                after=_grade(after),
            )
        )
    return changes
