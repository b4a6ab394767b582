"""The kommune page's cells as arrays: every cut equals SQL's GROUP BY over the same rows."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from sqlalchemy import func, select

from landkort import channel_cubes, schema
from landkort import reference as ref
from landkort.store import clear_facts, write_cells
from landkort.views.kommune_cube import (
    AXES,
    VALUES,
    _read,
    _read_cubes,
    kommune_cube,
    national_cube,
)
from tests.example_cells import E2011, EXAMPLE, FLYTNING, NA, NY_SAG, PAS, TLFIND, cells_frame

CUTS = [
    (("kanal_id",), {}),
    (("runde_id", "kanal_id"), {"opgave": FLYTNING, "gruppe": ref.TRANSAKTIONER}),
    (("opgave_id", "runde_id"), {"retning": ref.IND}),  # not in the array's axis order
    (("henvendelsestype_id",), {"runde": E2011, "retning": ref.UD}),
    (("opgave_id", "kanal_id"), {"runde": E2011, "kanaler": [TLFIND]}),
    ((), {"runde": E2011, "gruppe": (ref.GENEREL_INFORMATION, ref.INFORMATION_OM_SAG)}),
]


def _sql(conn, kode, by, runde=None, opgave=None, gruppe=None, retning=None, kanaler=None):
    table = schema.channel_totals if kode is not None else schema.national_channel_totals
    t = table.c
    stmt = select(*(t[c] for c in by), *(func.sum(t[v]) for v in VALUES))
    stmt = stmt.group_by(*(t[c] for c in by)).order_by(*(t[c] for c in by))
    if kode is not None:
        stmt = stmt.where(t.kommune_kode == kode)
    if runde:
        stmt = stmt.where(t.runde_id == runde)
    if opgave:
        stmt = stmt.where(t.opgave_id == opgave)
    if gruppe:
        groups = {gruppe} if isinstance(gruppe, str) else set(gruppe)
        types = [h.id for h in ref.HENVENDELSESTYPER if h.gruppe in groups]
        stmt = stmt.where(t.henvendelsestype_id.in_(types))
    if retning:
        stmt = stmt.where(t.kanal_id.in_([k.id for k in ref.KANALER if k.retning == retning]))
    if kanaler:
        stmt = stmt.where(t.kanal_id.in_(kanaler))
    rows = [tuple(r) for r in conn.execute(stmt)]
    if not by and rows and rows[0][0] is None:
        return []  # SQL's one row of NULLs over no rows at all
    return [tuple(v or 0 for v in r) for r in rows]


@pytest.mark.parametrize("kode", [187, 751, None])
@pytest.mark.parametrize(("by", "filters"), CUTS)
def test_a_cut_equals_sqls_group_by(conn, kode, by, filters):
    cube = national_cube(conn) if kode is None else kommune_cube(conn, kode)
    ids, sums = cube.cut(by, **filters)
    got = [(*i, *s) for i, s in zip(ids.tolist(), sums.tolist(), strict=True)]
    assert got == _sql(conn, kode, by, **filters)


def test_a_cell_with_a_row_shows_even_with_no_contacts(engine):
    """A group is there when it has rows, as in SQL, never because the array has a slot."""
    zero = [(101, E2011, "", FLYTNING, NY_SAG, "ind", TLFIND, 0, NA, NA)]
    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE + zero))
    with engine.connect() as c:
        ids, sums = kommune_cube(c, 101).cut(("kanal_id",))
        assert ids.tolist() == [[TLFIND]] and sums[:, 0].tolist() == [0]
        ids, _ = kommune_cube(c, 101).cut(("runde_id",), opgave=FLYTNING + 1)
        assert ids.tolist() == []


def test_the_kept_cubes_follow_every_write(engine):
    def write(antal: int) -> int:
        cell = [(187, E2011, "", FLYTNING, NY_SAG, "ind", TLFIND, antal, NA, NA)]
        with engine.begin() as c:
            write_cells(c, cells_frame(cell))
        with engine.connect() as c:
            own = kommune_cube(c, 187).cut((), runde=E2011)[1][0, 0]
            national = national_cube(c).cut((), runde=E2011)[1][0, 0]
            return int(own), int(national)

    assert write(10) == (10, 10)
    assert write(25) == (25, 25)


def test_the_axes_are_the_ids_of_the_reference_lists():
    """The array is indexed by id - 1: ids must run 1…n with no gaps."""
    for axis, items in zip(
        AXES, (ref.RUNDER, ref.OPGAVER, ref.HENVENDELSESTYPER, ref.KANALER), strict=True
    ):
        assert [i.id for i in items] == list(range(1, len(items) + 1)), axis


def test_channel_cubes_hold_channel_totals_after_every_kind_of_write(engine):
    """The compressed arrays the page reads (channel_cubes) are rewritten in each write's
    transaction: after a write, a replace that empties a slice and a clear, each
    kommune's array equals one built from channel_totals' rows."""

    def same_as_rows() -> list[int]:
        with engine.connect() as c:
            kommuner = sorted({k for k, *_ in EXAMPLE} | {101})
            for kode in kommuner:
                stored, rows = _read_cubes(c, kode), _read(c, kode)
                assert np.array_equal(stored.values, rows.values), kode
                assert np.array_equal(stored.present, rows.present), kode
            return c.execute(select(schema.channel_cubes.c.kommune_kode)).scalars().all()

    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE))
    assert sorted(set(same_as_rows())) == sorted({k for k, *_ in EXAMPLE})
    kept = [(187, E2011, "", PAS, NY_SAG, "ind", TLFIND, 7, NA, NA)]
    with engine.begin() as c:
        write_cells(c, cells_frame(kept), replace=True)  # 187's E2011 now one cell
    same_as_rows()
    with engine.connect() as c:
        assert kommune_cube(c, 187).cut((), runde=E2011)[1][0, 0] == 7
    with engine.begin() as c:
        clear_facts(c)
    assert same_as_rows() == []


def test_a_damaged_cube_is_refused_not_misread():
    values = np.zeros((*channel_cubes.SHAPE, len(channel_cubes.VALUES)), dtype=np.int64)
    blob = channel_cubes.encode(values, np.zeros(channel_cubes.SHAPE, dtype=bool))
    back, present = channel_cubes.decode(blob)
    assert back.shape == values.shape and not present.any()
    with pytest.raises(ValueError):
        channel_cubes.decode(zlib.compress(b"\0" * 100))
