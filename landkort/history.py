"""The import history and undo: what was written, by whom, and taking it back.

Every import that goes through ``importer.writing.write_file`` leaves an ``import_log``
row, the (kommune, runde) slices it touched (``import_slice``) and those slices' cells
as they were before it (``import_undo``). The latest import that touched a slice and is
not yet undone there can be undone: the slice gets back exactly the cells it had before
(including cells a replace removed), in one transaction that is logged itself (kind
'undo'). Undoing again takes back the import before it, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.engine import Connection

from landkort import schema, store
from landkort.accounts import Account

HISTORY_LIMIT = 200


class UndoError(ValueError):
    """An undo that cannot be done; the message is Danish."""


@dataclass(frozen=True)
class Entry:
    """One row of the import history."""

    id: int
    at: datetime
    kind: str  # 'import', 'upload', 'undo', 'demo'
    who: str
    file_name: str
    sha256: str
    added: int
    changed: int
    removed: int
    replace: bool
    slices: tuple[tuple[int, int], ...]  # (kommune, runde) it touched
    undoable: tuple[tuple[int, int], ...]  # of those, where it is the latest, not undone


def _scope(account: Account):
    """Which log rows an account sees: KL all, a kommune account those touching its own."""
    log, s = schema.import_log, schema.import_slice
    if account.is_kl:
        return None
    return exists().where(
        s.c.import_id == log.c.id, s.c.kommune_kode.in_(sorted(account.kommuner or {-1}))
    )


def history(conn: Connection, account: Account, limit: int = HISTORY_LIMIT) -> list[Entry]:
    """The newest imports the account may see, newest first.

    An undo is logged with the slice it restored (as a slice row that is itself already
    'undone by' it), so it shows up for the kommune concerned too.
    """
    log, s = schema.import_log, schema.import_slice
    stmt = select(log).order_by(log.c.id.desc()).limit(limit)
    scope = _scope(account)
    if scope is not None:
        stmt = stmt.where(scope)
    rows = conn.execute(stmt).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    slices: dict[int, list[tuple[int, int]]] = {}
    for sl in conn.execute(
        select(s.c.import_id, s.c.kommune_kode, s.c.runde_id, s.c.undone_by)
        .where(s.c.import_id.in_(ids))
        .order_by(s.c.kommune_kode, s.c.runde_id)
    ):
        slices.setdefault(sl.import_id, []).append((sl.kommune_kode, sl.runde_id))
    latest = _latest_per_slice(conn, {p for ps in slices.values() for p in ps})
    entries = []
    for r in rows:
        mine = tuple(slices.get(r.id, []))
        undoable = tuple(
            p for p in mine if latest.get(p) == r.id and r.kind != "undo" and _may(account, p[0])
        )
        entries.append(
            Entry(
                r.id,
                r.imported_at if r.imported_at.tzinfo else r.imported_at.replace(tzinfo=UTC),
                r.kind,
                r.imported_by,
                r.file_name,
                r.sha256,
                r.rows_added,
                r.rows_changed,
                r.rows_removed,
                r.replace,
                mine,
                undoable,
            )
        )
    return entries


def _may(account: Account, kommune: int) -> bool:
    return account.may_write(kommune)


def _latest_per_slice(conn: Connection, pairs: set[tuple[int, int]]) -> dict:
    if not pairs:
        return {}
    s = schema.import_slice
    log = schema.import_log
    stmt = (
        select(s.c.kommune_kode, s.c.runde_id, func.max(s.c.import_id))
        .join(log, log.c.id == s.c.import_id)
        .where(s.c.undone_by.is_(None), log.c.kind != "undo")
        .group_by(s.c.kommune_kode, s.c.runde_id)
    )
    return {(k, r): i for k, r, i in conn.execute(stmt) if (k, r) in pairs}


def undo(
    conn: Connection, account: Account, kommune: int, runde: int
) -> tuple[int, store.WriteResult]:
    """Undo the latest import of a slice, checking the account may; returns the undo's
    log id and what it changed. Runs in the caller's transaction (one for all of it)."""
    if not account.may_write(kommune):
        raise UndoError("Din konto må ikke fortryde indlæsninger for denne kommune.")
    store.one_writer_at_a_time(conn)  # before reading which import is latest
    s, log = schema.import_slice, schema.import_log
    import_id = conn.execute(
        select(func.max(s.c.import_id))
        .join(log, log.c.id == s.c.import_id)
        .where(
            s.c.kommune_kode == kommune,
            s.c.runde_id == runde,
            s.c.undone_by.is_(None),
            log.c.kind != "undo",
        )
    ).scalar()
    if import_id is None:
        raise UndoError("Der er ingen indlæsning at fortryde for denne kommune og runde.")
    original = conn.execute(select(log).where(log.c.id == import_id)).one()
    result = store.restore_slice(conn, import_id, kommune, runde)
    undo_id = conn.execute(
        insert(log)
        .values(
            imported_at=datetime.now(UTC),
            kind="undo",
            file_name=original.file_name,
            sha256=original.sha256,
            rows_read=result.rows_read,
            rows_added=result.rows_added,
            rows_changed=result.rows_changed,
            rows_removed=result.rows_removed,
            replace=False,
            imported_by=account.navn[:100],
        )
        .returning(log.c.id)
    ).scalar_one()
    conn.execute(
        update(s)
        .where(and_(s.c.import_id == import_id, s.c.kommune_kode == kommune, s.c.runde_id == runde))
        .values(undone_by=undo_id)
    )
    conn.execute(
        insert(s).values(
            import_id=undo_id,
            kommune_kode=kommune,
            runde_id=runde,
            had_participation=True,
            undone_by=undo_id,
        )
    )
    return undo_id, result
