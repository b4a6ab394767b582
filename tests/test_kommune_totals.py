"""The map's aggregate without enhed: always measure_totals summed over enheder.

Every write (an import, a slice replaced, everything cleared) refreshes it in the same
transaction, and the figures read from it equal those summed per enhed.
"""

from __future__ import annotations

from sqlalchemy import func, select

from landkort import metrics, schema
from landkort.store import clear_facts, write_cells
from tests.example_cells import E2011, EXAMPLE, FLYTNING, cells_frame


def _by_kommune(conn) -> dict:
    m = schema.measure_totals.c
    keys = (m.kommune_kode, m.runde_id, m.opgave_id, m.gruppe)
    sums = [func.sum(m[c]) for c in schema.MEASURE_COLUMNS]
    rows = conn.execute(select(*keys, *sums).group_by(*keys))
    summed = {tuple(r[:4]): tuple(r[4:]) for r in rows}
    stored = {
        (r.kommune_kode, r.runde_id, r.opgave_id, r.gruppe): tuple(
            getattr(r, c) for c in schema.MEASURE_COLUMNS
        )
        for r in conn.execute(select(schema.kommune_measure_totals))
    }
    return summed, stored


def test_every_write_refreshes_the_aggregate_without_enhed(engine):
    with engine.begin() as conn:
        write_cells(conn, cells_frame(EXAMPLE))
        summed, stored = _by_kommune(conn)
        assert stored == summed and len(stored) > 3
    changed = [(*row[:7], row[7] * 3, *row[8:]) for row in EXAMPLE if row[0] == 187]
    with engine.begin() as conn:
        write_cells(conn, cells_frame(changed[:2]), replace=True)
        summed, stored = _by_kommune(conn)
        assert stored == summed
        assert metrics.share(conn, "selvbetjeningsgrad", E2011, kommune=187).n == 90 + 150
    with engine.begin() as conn:
        clear_facts(conn)
        assert _by_kommune(conn) == ({}, {})


def test_a_failed_write_leaves_the_aggregate_as_it_was(engine):
    with engine.begin() as conn:
        write_cells(conn, cells_frame(EXAMPLE))
        before = _by_kommune(conn)[1]
    try:
        with engine.begin() as conn:
            write_cells(conn, cells_frame([(*EXAMPLE[0][:7], 999, None, None)]))
            raise RuntimeError("afbrudt")
    except RuntimeError:
        pass
    with engine.connect() as conn:
        assert _by_kommune(conn)[1] == before


def test_figures_without_enhed_equal_the_sum_over_enheder(engine):
    with engine.begin() as conn:
        write_cells(conn, cells_frame(EXAMPLE))
    with engine.connect() as conn:
        per_kommune = metrics.shares_by(conn, "selvbetjeningsgrad", "kommune", runde=E2011)
        per_enhed = metrics.shares_by(conn, "selvbetjeningsgrad", "enhed", kommune=187)
        pooled = metrics.share(conn, "selvbetjeningsgrad", E2011, opgave=FLYTNING)
    assert per_kommune[187].n == sum(s.n for s in per_enhed.values()) == 200
    assert per_kommune[187].taeller == 30
    assert pooled.taeller == 30 + 9 and pooled.n == 100 + 10
