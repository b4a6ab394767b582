"""Interchange exports as files kept per data version, so a repeated download is instant.

The whole medium demo database is about 90 MB of CSV and takes seconds to write; the
file is written once per data version (:func:`landkort.store.data_version`, a token
every write of cells sets) into the cache folder (``data/cache`` or
``$LANDKORT_CACHE_DIR``), and files of older versions are removed when a new one is
written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort.export.database import export_frame, write_csv, write_xlsx
from landkort.geography.boundaries import cache_dir
from landkort.store import data_version

XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header
_HEX = re.compile(r"[0-9a-f]{0,64}")


class TooManyRows(ValueError):
    """The export does not fit in one Excel sheet; the message is Danish."""


def export_name(fmt: str, runde: int | None, kommune: int | None) -> str:
    """What the user's file is called: ``landkort-eksport[-E2016][-0187].csv``."""
    parts = ["landkort-eksport"]
    if runde:
        parts.append(ref.RUNDER[runde - 1].kode)
    if kommune:
        parts.append(ref.format_kommunekode(kommune))
    return "-".join(parts) + f".{fmt}"


def _folder() -> Path:
    folder = cache_dir() / "eksport"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def version_tag(version: str) -> str:
    """The data version as it goes into a file name.

    The store writes hex tokens; anything else found in the database is hashed, so the
    name can never hold a path separator.
    """
    if _HEX.fullmatch(version):
        return version
    return hashlib.sha256(version.encode()).hexdigest()[:32]


def export_file(conn: Connection, fmt: str, runde: int | None, kommune: int | None) -> Path:
    """The export's file for the current data version, written if not there yet."""
    version = version_tag(data_version(conn))
    folder = _folder()
    path = folder / f"v{version}-{export_name(fmt, runde, kommune)}"
    if path.exists():
        return path
    frame = export_frame(conn, runde=runde, kommune=kommune)
    if fmt == "xlsx" and len(frame) > XLSX_MAX_ROWS:
        raise TooManyRows(
            "For mange rækker til ét Excel-ark: hent CSV, eller vælg en runde eller kommune."
        )
    handle, temp = tempfile.mkstemp(dir=folder, suffix=f".{fmt}.tmp")
    os.close(handle)
    (write_csv if fmt == "csv" else write_xlsx)(frame, Path(temp))
    os.replace(temp, path)
    for old in folder.glob("v*-landkort-eksport*"):
        if not old.name.startswith(f"v{version}-"):
            old.unlink(missing_ok=True)
    return path
