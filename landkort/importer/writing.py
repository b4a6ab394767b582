"""Writing one validated file: its cells and its import-log row in one transaction."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, insert

from landkort import schema, store
from landkort.store import WriteResult


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. in some containers
        return "ukendt"


def write_file(
    engine: Engine, file_name: str, sha256: str, cells: pd.DataFrame, *, replace: bool
) -> WriteResult:
    """Upsert the cells and log the import; all or nothing."""
    with engine.begin() as conn:
        result = store.write_cells(conn, cells, replace=replace)
        conn.execute(
            insert(schema.import_log).values(
                imported_at=datetime.now(UTC),
                kind="import",
                file_name=file_name[-500:],
                sha256=sha256,
                rows_read=result.rows_read,
                rows_added=result.rows_added,
                rows_changed=result.rows_changed,
                rows_removed=result.rows_removed,
                replace=replace,
                imported_by=current_user()[:100],
            )
        )
    return result
