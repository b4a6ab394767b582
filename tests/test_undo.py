"""Undo of imports (issue 9): the latest import of a (kommune, runde) is taken back
exactly, including cells a replace removed, in a logged transaction; the history is
scoped by account; the preview is a dry run with the right counts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from landkort import accounts, history, metrics, schema
from landkort.importer.preview import preview
from landkort.importer.writing import write_file
from tests.example_cells import E2011, EXAMPLE, F2012, SLVBTJN, TLFIND, cells_frame
from tests.import_helpers import fact_rows, table_rows

VALLENSBAEK, AARHUS = 187, 751


def _write(engine, rows, *, replace=False, user="tove"):
    return write_file(
        engine, "f.csv", "0" * 64, cells_frame(rows), replace=replace, user=user, kind="upload"
    )


def _aggregates(db_url):
    return (
        table_rows(db_url, schema.measure_totals),
        table_rows(db_url, schema.channel_totals),
        table_rows(db_url, schema.national_channel_totals),
        table_rows(db_url, schema.participation),
    )


@pytest.fixture
def accounts_(engine):
    with engine.begin() as conn:
        kl = accounts.add_account(conn, "kl", "kl", "kl-adgangskode")
        tove = accounts.add_account(
            conn, "tove", "kommune", "tove-adgangskode", frozenset({VALLENSBAEK})
        )
    return kl, tove


def _undo(engine, account, kommune, runde):
    with engine.begin() as conn:
        return history.undo(conn, account, kommune, runde)


def test_undo_restores_exactly_what_a_replace_removed(engine, db_url, accounts_):
    kl, tove = accounts_
    _write(engine, EXAMPLE)
    before_facts, before_aggr = fact_rows(db_url), _aggregates(db_url)
    one = [(VALLENSBAEK, E2011, "", 5, 1, "ind", SLVBTJN, 7, None, None)]
    _write(engine, one, replace=True)
    assert [r for r in fact_rows(db_url) if r[0] == VALLENSBAEK] == [
        (VALLENSBAEK, E2011, "", 5, 1, "ind", SLVBTJN, 7, None, None)
    ]
    _undo(engine, tove, VALLENSBAEK, E2011)
    assert fact_rows(db_url) == before_facts
    assert _aggregates(db_url) == before_aggr


def test_undo_goes_back_one_import_at_a_time(engine, db_url, accounts_):
    kl, _ = accounts_
    states = [fact_rows(db_url)]
    _write(engine, EXAMPLE)
    states.append(fact_rows(db_url))
    changed = [(VALLENSBAEK, E2011, "Borgerservice", 5, 1, "ind", TLFIND, 51, 40, 0)]
    _write(engine, changed)
    states.append(fact_rows(db_url))
    assert states[2] != states[1]
    _undo(engine, kl, VALLENSBAEK, E2011)
    assert fact_rows(db_url) == states[1]
    _undo(engine, kl, VALLENSBAEK, E2011)  # the first import, for Vallensbæk E2011 only
    assert [r for r in fact_rows(db_url) if r[0] == VALLENSBAEK] == []
    assert [r for r in fact_rows(db_url) if r[0] == AARHUS] == [
        r for r in states[1] if r[0] == AARHUS
    ]
    with engine.connect() as conn:
        assert (VALLENSBAEK, E2011) not in {
            tuple(r) for r in conn.execute(select(schema.participation))
        }
        assert metrics.share(conn, "selvbetjeningsgrad", E2011, kommune=VALLENSBAEK).n == 0
    with pytest.raises(history.UndoError):
        _undo(engine, kl, VALLENSBAEK, E2011)


def test_undo_is_logged_and_checks_the_account(engine, db_url, accounts_):
    kl, tove = accounts_
    _write(engine, EXAMPLE)
    before = fact_rows(db_url)
    with pytest.raises(history.UndoError):
        _undo(engine, tove, AARHUS, E2011)  # not her kommune
    assert fact_rows(db_url) == before
    undo_id, result = _undo(engine, kl, AARHUS, F2012)
    log = {r[0]: r for r in table_rows(db_url, schema.import_log)}
    assert log[undo_id][2] == "undo" and log[undo_id][-1] == "kl"
    assert result.rows_removed == 1 and result.rows_added == 0


def test_history_is_scoped_by_account(engine, accounts_):
    kl, tove = accounts_
    _write(engine, [r for r in EXAMPLE if r[0] == AARHUS], user="kl")
    _write(engine, [r for r in EXAMPLE if r[0] == VALLENSBAEK], user="tove")
    with engine.connect() as conn:
        seen_by_kl = history.history(conn, kl)
        seen_by_tove = history.history(conn, tove)
    assert len(seen_by_kl) == 2
    assert [e.who for e in seen_by_tove] == ["tove"]
    assert seen_by_tove[0].undoable == ((VALLENSBAEK, E2011),)
    assert all((AARHUS, F2012) not in e.undoable for e in seen_by_tove)


def test_preview_counts_and_grade_without_writing(engine, db_url):
    _write(engine, EXAMPLE)
    before = fact_rows(db_url)
    rows = [
        (VALLENSBAEK, E2011, "Borgerservice", 5, 1, "ind", SLVBTJN, 80, 30, 6),  # changed
        (VALLENSBAEK, E2011, "Borgerservice", 5, 1, "ind", TLFIND, 50, 40, 0),  # unchanged
        (VALLENSBAEK, E2011, "Ny enhed", 5, 1, "ind", TLFIND, 10, None, None),  # added
    ]
    with engine.connect() as conn:
        upsert = preview(conn, cells_frame(rows))
        replace = preview(conn, cells_frame(rows), replace=True)
    assert fact_rows(db_url) == before
    (u,) = upsert
    assert (u.kommune, u.runde, u.added, u.changed, u.unchanged, u.removed) == (
        VALLENSBAEK, E2011, 1, 1, 1, 0,
    )  # fmt: skip
    # Vallensbæk E2011 transaktioner ind: SLVBTJN 30 of 30+50+20+100 = 200
    assert u.before == pytest.approx(30 / 200)
    assert u.after == pytest.approx(80 / 260)
    (r,) = replace
    assert r.removed == 6 and r.after == pytest.approx(80 / 140)
