"""A kommune's channel totals (or Hele landet's) as one numpy array, read once.

The kommune page shows some twenty frames cut from the same few thousand cells. Read one
by one through SQL and pandas they cost ~30 ms each, nearly all of it pandas'
per-operation overhead on frames of a few dozen rows. Here the cells are read once per
kommune (from ``channel_cubes``, a compressed array per round:
landkort/channel_cubes.py) and once per data version for Hele landet
(``national_channel_totals``), into an array indexed [runde, opgave, henvendelsestype,
kanal, value]; a cut is then a few numpy sums of microseconds. ``present`` keeps which
cells have a row, since a frame shows a group that has rows (even with zero contacts)
and never one that has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from landkort import channel_cubes, schema
from landkort import reference as ref
from landkort.kept import Kept

VALUES = ("antal", "straks_antal", "straksafsluttet", "blanket_antal", "med_blanket")
AXES = ("runde_id", "opgave_id", "henvendelsestype_id", "kanal_id")
SIZES = (len(ref.RUNDER), len(ref.OPGAVER), len(ref.HENVENDELSESTYPER), len(ref.KANALER))
KEPT = 32  # kommune cubes kept per process (1.3 MB each)


@dataclass(frozen=True)
class Cube:
    """Counts by [runde, opgave, type, kanal, value] (ids - 1) and which cells have rows."""

    values: np.ndarray
    present: np.ndarray

    def cut(
        self,
        by: tuple[str, ...],
        *,
        runde: int | None = None,
        opgave: int | None = None,
        gruppe: str | Iterable[str] | None = None,
        retning: str | None = None,
        kanaler: Iterable[int] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The cells summed to the axes ``by``, narrowed by the filters: (the ids of each
        group that has rows, one column per name in ``by``; their sums, one column per
        VALUES), rows in ascending order of ``by``."""
        picks = _picks(runde, opgave, gruppe, retning, kanaler)
        values, present = self.values, self.present
        for axis, pick in enumerate(picks):
            if pick is not None:
                values = values.take(pick, axis=axis)
                present = present.take(pick, axis=axis)
        summed = tuple(i for i, name in enumerate(AXES) if name not in by)
        values = values.sum(axis=summed)
        present = present.any(axis=summed)
        if not by:  # one row of totals, or none when no cell has a row
            rows = int(present)
            return np.zeros((rows, 0), dtype=np.int64), values.reshape(1, -1)[:rows]
        where = np.nonzero(present)
        kept = [i for i, name in enumerate(AXES) if name in by]
        found = {AXES[a]: _ids(picks[a], SIZES[a])[w] for a, w in zip(kept, where, strict=True)}
        ids = np.column_stack([found[name] for name in by]).astype(np.int64)
        order = np.lexsort(ids.T[::-1])
        return ids[order], values[where][order]


def _ids(pick: np.ndarray | None, size: int) -> np.ndarray:
    return (np.arange(size) if pick is None else pick) + 1


def _picks(runde, opgave, gruppe, retning, kanaler) -> list[np.ndarray | None]:
    """Index arrays (ids - 1) per axis; None keeps the whole axis."""
    types = None
    if gruppe is not None:
        groups = {gruppe} if isinstance(gruppe, str) else set(gruppe)
        types = [h.id for h in ref.HENVENDELSESTYPER if h.gruppe in groups]
    channels = None if kanaler is None else list(kanaler)
    if retning is not None:
        channels = [k.id for k in ref.KANALER if k.retning == retning and
                    (channels is None or k.id in channels)]  # fmt: skip
    ids = ([runde] if runde else None, [opgave] if opgave else None, types, channels)
    return [None if i is None else np.asarray(i, dtype=np.int64) - 1 for i in ids]


_KOMMUNER: Kept[Cube] = Kept(KEPT)
_NATIONAL: Kept[Cube] = Kept(1)


def kommune_cube(conn: Connection, kode: int, version: str | None = None) -> Cube:
    """The kommune's cells, kept per data version (the last KEPT kommuner)."""
    return _KOMMUNER.get(conn, kode, lambda: _read_cubes(conn, kode), version)


def national_cube(conn: Connection, version: str | None = None) -> Cube:
    """Hele landet's cells (``national_channel_totals``), kept per data version."""
    return _NATIONAL.get(conn, None, lambda: _read(conn, None), version)


def _read_cubes(conn: Connection, kode: int) -> Cube:
    """The kommune's cells from ``channel_cubes``: a row per round (landkort.channel_cubes)."""
    t = schema.channel_cubes.c
    stmt = select(t.runde_id, t.cube).where(t.kommune_kode == kode)
    values = np.zeros((*SIZES, len(VALUES)), dtype=np.int64)
    present = np.zeros(SIZES, dtype=bool)
    for runde_id, blob in conn.execute(stmt):
        values[runde_id - 1], present[runde_id - 1] = channel_cubes.decode(blob)
    return Cube(values, present)


def _read(conn: Connection, kode: int | None) -> Cube:
    table = schema.channel_totals if kode is not None else schema.national_channel_totals
    t = table.c
    stmt = select(*(t[a] for a in AXES), *(func.coalesce(t[v], 0) for v in VALUES))
    if kode is not None:
        stmt = stmt.where(t.kommune_kode == kode)
    flat = chain.from_iterable(conn.execute(stmt).all())  # rows as plain ints: numpy is
    rows = np.fromiter(flat, dtype=np.int64).reshape(-1, len(AXES) + len(VALUES))  # fast
    values = np.zeros((*SIZES, len(VALUES)), dtype=np.int64)
    present = np.zeros(SIZES, dtype=bool)
    index = tuple(rows[:, i] - 1 for i in range(len(AXES)))
    values[index] = rows[:, len(AXES) :]  # one row per cell: the tables' primary keys
    present[index] = True
    return Cube(values, present)
