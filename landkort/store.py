"""Writing counted cells: upsert, slice replacement, participation, aggregates.

Both the importer and the demo generator hand a table of resolved cells to
:func:`write_cells`, which does everything inside the caller's transaction, so an
import is all or nothing. The SQL is portable (SQLite and PostgreSQL): cells go to
a temporary staging table, then one UPDATE … FROM for changed cells and one
INSERT … SELECT for new ones.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    MetaData,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.engine import Connection

from landkort import channel_cubes, schema
from landkort import reference as ref
from landkort.schema import CELL_KEY, FACT_KEY, FACT_VALUES

CELL_COLUMNS = CELL_KEY + FACT_VALUES


@dataclass(frozen=True)
class WriteResult:
    rows_read: int
    rows_added: int
    rows_changed: int
    rows_removed: int

    @property
    def rows_unchanged(self) -> int:
        return self.rows_read - self.rows_added - self.rows_changed


def _staging_table() -> Table:
    """A temporary table with ``fact``'s key and value columns and types, no constraints."""
    cols = [Column(name, schema.fact.c[name].type) for name in FACT_KEY + FACT_VALUES]
    return Table("fact_staging", MetaData(), *cols, prefixes=["TEMPORARY"])


def enhed_ids(conn: Connection, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """Ids of the given (kommune, enhed name) pairs, creating units not seen before."""
    wanted = set(pairs)
    t = schema.enhed
    known = {
        (r.kommune_kode, r.navn): r.id
        for r in conn.execute(select(t.c.id, t.c.kommune_kode, t.c.navn))
    }
    missing = [{"kommune_kode": k, "navn": n} for k, n in sorted(wanted - known.keys())]
    if missing:
        conn.execute(insert(t), missing)
        known = {
            (r.kommune_kode, r.navn): r.id
            for r in conn.execute(select(t.c.id, t.c.kommune_kode, t.c.navn))
        }
    return {p: known[p] for p in wanted}


def _column_values(series: pd.Series) -> list:
    """Plain Python ints (None for missing), which every DB-API driver binds."""
    if series.dtype == object or series.hasnans or str(series.dtype) == "Int64":
        return [None if pd.isna(v) else int(v) for v in series]
    return series.astype("int64").tolist()


def _rows(cells: pd.DataFrame, ids: dict[tuple[int, str], int]) -> list[tuple]:
    enhed = [
        ids[(k, n)]
        for k, n in zip(cells["kommune_kode"].tolist(), cells["enhed"].tolist(), strict=True)
    ]
    columns = {
        name: enhed
        if name == "enhed_id"
        else cells[name].astype(str).tolist()
        if name == "retning"
        else _column_values(cells[name])
        for name in FACT_KEY + FACT_VALUES
    }
    return list(zip(*columns.values(), strict=True))


def _bulk_insert(conn: Connection, table: Table, rows: list[tuple]) -> None:
    """Insert positional rows straight through the driver (10x faster than dicts)."""
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        names = ", ".join(table.c.keys())
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    if conn.dialect.paramstyle == "qmark":
        marks = ", ".join("?" for _ in table.c)
        sql = f"INSERT INTO {table.name} ({', '.join(table.c.keys())}) VALUES ({marks})"
        for chunk in _chunks(rows, 100_000):
            conn.exec_driver_sql(sql, chunk)
        return
    keys = table.c.keys()
    for chunk in _chunks(rows, 50_000):
        conn.execute(insert(table), [dict(zip(keys, r, strict=True)) for r in chunk])


def _slices(cells: pd.DataFrame) -> list[tuple[int, int]]:
    pairs = cells[["kommune_kode", "runde_id"]].drop_duplicates()
    return sorted((int(k), int(r)) for k, r in pairs.itertuples(index=False))


def _in_slices(table: Table, slices: list[tuple[int, int]]):
    return tuple_(table.c.kommune_kode, table.c.runde_id).in_(slices)


def _remove_slices(conn: Connection, slices: list[tuple[int, int]]) -> int:
    """Delete every cell of the given (kommune, runde) slices; return how many.

    Only :func:`write_cells` calls it, which then moves the data version.
    """
    removed = 0
    for chunk in _chunks(slices, 400):
        removed += conn.execute(delete(schema.fact).where(_in_slices(schema.fact, chunk))).rowcount
        conn.execute(delete(schema.participation).where(_in_slices(schema.participation, chunk)))
    return removed


WRITER_LOCK = 20111  # PostgreSQL advisory lock key: one writer of cells at a time


def one_writer_at_a_time(conn: Connection) -> None:
    """Wait, inside the caller's transaction, until no other transaction writes cells.

    Every write here reads before it writes (which units and participations exist,
    which cells are new); two imports interleaving those reads would both insert the
    same unit and the second would fail on its unique key. So writers queue: on
    PostgreSQL behind a transaction-scoped advisory lock, on SQLite behind the database's
    write lock, taken by a write that changes nothing (waiting up to
    ``LANDKORT_SQLITE_TIMEOUT``). Readers are never held up.
    """
    _forget_info(conn)  # what this transaction read before the wait may have changed since
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(WRITER_LOCK)))
    else:
        t = schema.dataset_info
        conn.execute(update(t).where(t.c.key == "version").values(value=t.c.value))


def write_cells(
    conn: Connection, cells: pd.DataFrame, *, replace: bool = False, import_id: int | None = None
) -> WriteResult:
    """Upsert validated cells (columns ``CELL_COLUMNS``) and refresh what depends on them.

    ``enhed`` is the unit's name ('' for the kommune as a whole); value columns may
    hold missing values for straksafsluttet and med_blanket (not registered).
    With ``import_id`` (its ``import_log`` row), every slice the cells touch is first
    kept as it was (:func:`keep_for_undo`), so the import can be undone.
    """
    one_writer_at_a_time(conn)
    slices = _slices(cells)
    if import_id is not None:
        keep_for_undo(conn, import_id, slices)
    removed = _remove_slices(conn, slices) if replace else 0
    ids = enhed_ids(
        conn, zip(cells["kommune_kode"].astype(int), cells["enhed"].astype(str), strict=True)
    )
    staging = _staging_table()
    staging.create(conn)
    try:
        _bulk_insert(conn, staging, _rows(cells, ids))
        changed = _update_changed(conn, staging)
        added = _insert_new(conn, staging)
    finally:
        staging.drop(conn)
    _record_participation(conn, slices)
    refresh_aggregates(conn, slices)
    _remember_fact_rows(conn)
    return WriteResult(len(cells), added, changed, removed)


def _remember_fact_rows(conn: Connection) -> None:
    """Keep the cell count in ``dataset_info`` so pages never count millions of rows,
    and move the data version on, so caches of derived figures know to refresh.

    Every function here that changes ``fact`` (:func:`write_cells`, :func:`clear_facts`)
    ends with it, in the caller's transaction: the new cells and the new version are
    committed together or not at all.
    """
    rows = conn.execute(select(func.count()).select_from(schema.fact)).scalar_one()
    set_dataset_info(conn, {"fact_rows": str(rows), "version": uuid.uuid4().hex})


def data_version(conn: Connection) -> str:
    """A token that changes with every write of cells ('' for a database never written).

    The one data version of the app: it keys the in-memory caches of derived figures,
    the API's ETags and the export files. Random rather than counted, so two databases
    (or one dropped and rebuilt) never share a version and a cache keyed by it cannot
    mix them up. Hex digits only, so it is safe in a file name.
    """
    return dataset_info(conn).get("version") or ""


def _key_match(staging: Table):
    return and_(*(schema.fact.c[k] == staging.c[k] for k in FACT_KEY))


def _update_changed(conn: Connection, staging: Table) -> int:
    fact = schema.fact
    differs = [fact.c[v].is_distinct_from(staging.c[v]) for v in FACT_VALUES]
    stmt = (
        update(fact)
        .values({v: staging.c[v] for v in FACT_VALUES})
        .where(_key_match(staging))
        .where(differs[0] | differs[1] | differs[2])
    )
    return conn.execute(stmt).rowcount


def _insert_new(conn: Connection, staging: Table) -> int:
    """Insert staged cells not yet in ``fact``; return how many.

    Counted with a SELECT first: drivers disagree on rowcount for INSERT … SELECT
    (psycopg reports -1).
    """
    cols = FACT_KEY + FACT_VALUES
    is_new = ~exists().where(_key_match(staging))
    added = conn.execute(select(func.count()).select_from(staging).where(is_new)).scalar_one()
    new = select(*(staging.c[c] for c in cols)).where(is_new)
    conn.execute(insert(schema.fact).from_select(cols, new))
    return int(added)


def _record_participation(conn: Connection, slices: list[tuple[int, int]]) -> None:
    t = schema.participation
    known = {tuple(r) for r in conn.execute(select(t.c.kommune_kode, t.c.runde_id))}
    new = [{"kommune_kode": k, "runde_id": r} for k, r in slices if (k, r) not in known]
    if new:
        conn.execute(insert(t), new)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_KANAL = {k.kode: k.id for k in ref.KANALER}
_UD_DIGITAL = [k.id for k in ref.KANALER if k.retning == ref.UD and k.digital]
_GRUPPE = {h.id: h.gruppe for h in ref.HENVENDELSESTYPER}


def _sum_if(condition, value=None):
    value = schema.fact.c.antal if value is None else value
    return func.coalesce(func.sum(case((condition, value), else_=literal(0))), 0)


def _gruppe_of(henvendelsestype_id):
    """The group of a henvendelsestype as a SQL expression (from the reference data)."""
    return case(_GRUPPE, value=henvendelsestype_id)


def _measure_select(where):
    f = schema.fact.c
    ind, ud = f.retning == ref.IND, f.retning == ref.UD
    straks_known = ind & f.straksafsluttet.is_not(None)
    blanket_known = ind & f.med_blanket.is_not(None)
    measures = {
        "ind_antal": _sum_if(ind),
        "ind_selvbetjening": _sum_if(ind & (f.kanal_id == _KANAL[ref.SELVBETJENING])),
        "ind_hjemmeside": _sum_if(ind & (f.kanal_id == _KANAL[ref.HJEMMESIDE])),
        "ind_straks_antal": _sum_if(straks_known),
        "ind_straksafsluttet": _sum_if(straks_known, f.straksafsluttet),
        "ind_blanket_antal": _sum_if(blanket_known),
        "ind_med_blanket": _sum_if(blanket_known, f.med_blanket),
        "ud_antal": _sum_if(ud),
        "ud_digital": _sum_if(ud & f.kanal_id.in_(_UD_DIGITAL)),
        "ud_papir": _sum_if(ud & (f.kanal_id == _KANAL[ref.PAPIRPOST_UD])),
    }
    gruppe = _gruppe_of(f.henvendelsestype_id)
    keys = (f.kommune_kode, f.runde_id, f.enhed_id, f.opgave_id)
    columns = [
        *keys,
        gruppe.label("gruppe"),
        *(measures[name].label(name) for name in schema.MEASURE_COLUMNS),
    ]
    # grouped by the output name: PostgreSQL would not match two bound CASE expressions
    return select(*columns).where(where).group_by(*keys, literal_column("gruppe"))


def _channel_select(where):
    f = schema.fact.c
    straks_known = f.straksafsluttet.is_not(None)
    blanket_known = f.med_blanket.is_not(None)
    keys = (f.kommune_kode, f.runde_id, f.opgave_id, f.henvendelsestype_id, f.kanal_id)
    return (
        select(
            *keys,
            func.sum(f.antal).label("antal"),
            _sum_if(straks_known).label("straks_antal"),
            _sum_if(straks_known, f.straksafsluttet).label("straksafsluttet"),
            _sum_if(blanket_known).label("blanket_antal"),
            _sum_if(blanket_known, f.med_blanket).label("med_blanket"),
        )
        .where(where)
        .group_by(*keys)
    )


def _national_select(where):
    c = schema.channel_totals.c
    keys = (c.runde_id, c.opgave_id, c.henvendelsestype_id, c.kanal_id)
    sums = (func.sum(c[v]).label(v) for v in schema.CHANNEL_VALUES)
    return select(*keys, *sums).where(where).group_by(*keys)


def _refresh_national(conn: Connection, rounds: set[int] | None) -> None:
    """Recompute ``national_channel_totals`` from ``channel_totals`` for rounds (or all)."""
    table = schema.national_channel_totals
    if rounds is None:
        conn.execute(delete(table))
        where = literal(True)
    else:
        conn.execute(delete(table).where(table.c.runde_id.in_(sorted(rounds))))
        where = schema.channel_totals.c.runde_id.in_(sorted(rounds))
    conn.execute(insert(table).from_select(list(table.c.keys()), _national_select(where)))


def _kommune_select(where):
    m = schema.measure_totals.c
    keys = (m.kommune_kode, m.runde_id, m.opgave_id, m.gruppe)
    sums = (func.sum(m[v]).label(v) for v in schema.MEASURE_COLUMNS)
    return select(*keys, *sums).where(where).group_by(*keys)


def _refresh_kommune_totals(conn: Connection, slices: list[tuple[int, int]] | None) -> None:
    """Recompute ``kommune_measure_totals`` (no enhed) from ``measure_totals`` for slices."""
    table = schema.kommune_measure_totals
    columns = list(table.c.keys())
    if slices is None:
        conn.execute(delete(table))
        conn.execute(insert(table).from_select(columns, _kommune_select(literal(True))))
        return
    for chunk in _chunks(slices, 400):
        conn.execute(delete(table).where(_in_slices(table, chunk)))
        where = _in_slices(schema.measure_totals, chunk)
        conn.execute(insert(table).from_select(columns, _kommune_select(where)))


def refresh_aggregates(conn: Connection, slices: list[tuple[int, int]] | None = None) -> None:
    """Recompute ``measure_totals``, ``channel_totals``, the map's kommune totals and Hele
    landet for slices (or all), in the caller's transaction."""
    _refresh_aggregates(conn, slices)
    _refresh_kommune_totals(conn, slices)
    _refresh_national(conn, None if slices is None else {r for _, r in slices})
    refresh_cubes(conn, slices)


def refresh_cubes(conn: Connection, slices: list[tuple[int, int]] | None = None) -> None:
    """Recompute ``channel_cubes`` from ``channel_totals`` for slices (or all)."""
    if slices is None:
        conn.execute(delete(schema.channel_cubes))
        _write_cubes(conn, literal(True))
        return
    for chunk in _chunks(slices, 400):
        conn.execute(delete(schema.channel_cubes).where(_in_slices(schema.channel_cubes, chunk)))
        _write_cubes(conn, _in_slices(schema.channel_totals, chunk))


def _write_cubes(conn: Connection, where) -> None:
    c = schema.channel_totals.c
    columns = (*_CUBE_COLUMNS, *channel_cubes.VALUES)
    flat = chain.from_iterable(conn.execute(select(*(c[n] for n in columns)).where(where)).all())
    rows = np.fromiter(flat, dtype=np.int64).reshape(-1, len(columns))
    made = [
        {"kommune_kode": k, "runde_id": r, "cube": blob} for k, r, blob in channel_cubes.cubes(rows)
    ]
    if made:
        conn.execute(insert(schema.channel_cubes), made)


_CUBE_COLUMNS = ("kommune_kode", "runde_id", "opgave_id", "henvendelsestype_id", "kanal_id")


def _refresh_aggregates(conn: Connection, slices: list[tuple[int, int]] | None) -> None:
    targets = (
        (schema.measure_totals, _measure_select),
        (schema.channel_totals, _channel_select),
    )
    if slices is None:
        for table, build in targets:
            conn.execute(delete(table))
            conn.execute(insert(table).from_select(list(table.c.keys()), build(literal(True))))
        return
    for chunk in _chunks(slices, 400):
        for table, build in targets:
            conn.execute(delete(table).where(_in_slices(table, chunk)))
            stmt = insert(table).from_select(
                list(table.c.keys()), build(_in_slices(schema.fact, chunk))
            )
            conn.execute(stmt)


def clear_facts(conn: Connection) -> int:
    """Remove every counted cell and everything derived from them; return how many.

    What earlier imports kept for undo goes too: it refers to units removed here. The
    import log keeps its rows.
    """
    one_writer_at_a_time(conn)
    removed = conn.execute(delete(schema.fact)).rowcount
    derived = (
        schema.import_undo,
        schema.import_slice,
        schema.measure_totals,
        schema.kommune_measure_totals,
        schema.channel_totals,
        schema.national_channel_totals,
        schema.channel_cubes,
        schema.participation,
        schema.enhed,
    )
    for table in derived:
        conn.execute(delete(table))
    _remember_fact_rows(conn)
    return removed


# What each open transaction read of ``dataset_info``. A page asks for the data version
# (every kept figure is keyed on it) and whether the data is a demo dozens of times per
# request: one read per transaction answers them all. The web app reads in snapshots
# (landkort.database, consistent_reads), where the table cannot change under a
# transaction but by its own writes, which forget what was read; elsewhere a reader gets
# what its transaction first saw, as if its later statements had run at that moment.
_INFO_READ: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def set_dataset_info(conn: Connection, values: dict[str, str]) -> None:
    t = schema.dataset_info
    _forget_info(conn)
    conn.execute(delete(t).where(t.c.key.in_(list(values))))
    if values:
        conn.execute(insert(t), [{"key": k, "value": v} for k, v in values.items()])


def dataset_info(conn: Connection) -> dict[str, str]:
    """The dataset's key–value facts (a copy), read once per transaction."""
    transaction = conn.get_transaction()
    info = _INFO_READ.get(transaction) if transaction is not None else None
    if info is None:
        t = schema.dataset_info
        info = {r.key: r.value for r in conn.execute(select(t.c.key, t.c.value))}
        transaction = conn.get_transaction()  # the read began one if none was open
        if transaction is not None:
            _INFO_READ[transaction] = info
    return dict(info)


def _forget_info(conn: Connection) -> None:
    transaction = conn.get_transaction()
    if transaction is not None:
        _INFO_READ.pop(transaction, None)


def is_demo(conn: Connection) -> bool:
    """Whether the database holds simulated (demo) data."""
    return dataset_info(conn).get("demo") == "true"


def keep_for_undo(conn: Connection, import_id: int, slices: list[tuple[int, int]]) -> None:
    """Record the slices an import touches and copy every cell they hold now, so that
    :func:`restore_slice` can put any of them back exactly as it was."""
    t = schema.participation
    took_part = {tuple(r) for r in conn.execute(select(t.c.kommune_kode, t.c.runde_id))}
    conn.execute(
        insert(schema.import_slice),
        [
            {"import_id": import_id, "kommune_kode": k, "runde_id": r,
             "had_participation": (k, r) in took_part}
            for k, r in slices
        ],
    )  # fmt: skip
    names = list(schema.fact.c.keys())
    for chunk in _chunks(slices, 400):
        copied = select(literal(import_id), *(schema.fact.c[n] for n in names)).where(
            _in_slices(schema.fact, chunk)
        )
        conn.execute(insert(schema.import_undo).from_select(["import_id", *names], copied))


def _slice_of(table: Table, kommune: int, runde: int):
    return and_(table.c.kommune_kode == kommune, table.c.runde_id == runde)


def restore_slice(conn: Connection, import_id: int, kommune: int, runde: int) -> WriteResult:
    """Put a (kommune, runde) slice back as it was before import ``import_id`` wrote it.

    Counted as a write: cells it brings back are 'added', cells whose values it resets
    'changed', cells the import had added 'removed'. Aggregates and the data version
    follow, in the caller's transaction.
    """
    one_writer_at_a_time(conn)
    fact, kept = schema.fact, schema.import_undo
    mine = and_(kept.c.import_id == import_id, _slice_of(kept, kommune, runde))
    same_key = and_(*(fact.c[k] == kept.c[k] for k in FACT_KEY))
    differs = or_(*(fact.c[v].is_distinct_from(kept.c[v]) for v in FACT_VALUES))
    count = select(func.count())
    now = count.select_from(fact).where(_slice_of(fact, kommune, runde)).scalar_subquery()
    before = count.select_from(kept).where(mine).scalar_subquery()
    both = count.select_from(fact.join(kept, same_key)).where(mine).scalar_subquery()
    changed = count.select_from(fact.join(kept, same_key)).where(mine, differs).scalar_subquery()
    n_now, n_before, n_both, n_changed = conn.execute(select(now, before, both, changed)).one()
    conn.execute(delete(fact).where(_slice_of(fact, kommune, runde)))
    names = list(fact.c.keys())
    conn.execute(insert(fact).from_select(names, select(*(kept.c[n] for n in names)).where(mine)))
    had = conn.execute(
        select(schema.import_slice.c.had_participation).where(
            schema.import_slice.c.import_id == import_id,
            _slice_of(schema.import_slice, kommune, runde),
        )
    ).scalar_one()
    part = schema.participation
    conn.execute(delete(part).where(_slice_of(part, kommune, runde)))
    if had or n_before:
        conn.execute(insert(part).values(kommune_kode=kommune, runde_id=runde))
    refresh_aggregates(conn, [(kommune, runde)])
    _remember_fact_rows(conn)
    return WriteResult(int(n_before), int(n_before - n_both), int(n_changed), int(n_now - n_both))
