"""Writing one validated file: its cells, its import-log row and what undo needs, in one
transaction."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, insert, update

from landkort import schema, store
from landkort.store import WriteResult


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. in some containers
        return "ukendt"


def write_file(
    engine: Engine,
    file_name: str,
    sha256: str,
    cells: pd.DataFrame,
    *,
    replace: bool,
    user: str | None = None,
    kind: str = "import",
) -> WriteResult:
    """Upsert the cells and log the import; all or nothing.

    ``user`` is who did it (the shell's login name when not given); ``kind`` is 'import'
    for the command line and 'upload' for the Data page. The slices the file touches are
    kept as they were (``store.keep_for_undo``), so the import can be undone.
    """
    log = schema.import_log
    with engine.begin() as conn:
        import_id = conn.execute(
            insert(log)
            .values(
                imported_at=datetime.now(UTC),
                kind=kind,
                file_name=file_name[-500:],
                sha256=sha256,
                rows_read=0,
                rows_added=0,
                rows_changed=0,
                rows_removed=0,
                replace=replace,
                imported_by=(user or current_user())[:100],
            )
            .returning(log.c.id)
        ).scalar_one()
        result = store.write_cells(conn, cells, replace=replace, import_id=import_id)
        conn.execute(
            update(log)
            .where(log.c.id == import_id)
            .values(
                rows_read=result.rows_read,
                rows_added=result.rows_added,
                rows_changed=result.rows_changed,
                rows_removed=result.rows_removed,
            )
        )
    return result
