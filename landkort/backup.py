"""``python -m landkort backup FILE``: a consistent copy of a SQLite database, while it is used.

A file copy of a database in WAL mode can catch it between a write and its checkpoint
and give a copy that is not a database; SQLite's online backup API copies one
consistent state while the app keeps reading and an import may be writing. PostgreSQL
has its own tool for this (``pg_dump``), which the message points to.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from landkort.database import database_url


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the online backup API (pages in steps of 1024,
    so writers are held up for moments only), then check the copy."""
    partial = target.with_name(target.name + ".delvis")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=1024)
            if dst.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("kopien bestod ikke integritetstjekket")
        finally:
            dst.close()
    partial.replace(target)


def cli_backup(file: str) -> int:
    url = make_url(database_url())
    if url.get_backend_name() != "sqlite":
        print(
            "Databasen er ikke SQLite. Tag en kopi af PostgreSQL med pg_dump, fx\n"
            f"  pg_dump -Fc -f landkort.dump {url.database}",
            file=sys.stderr,
        )
        return 1
    source = Path(url.database or "")
    if not source.is_file():
        print(f"Databasen {source} findes ikke.", file=sys.stderr)
        return 1
    target = Path(file)
    backup_sqlite(source, target)
    print(f"Sikkerhedskopi skrevet: {target}")
    return 0
