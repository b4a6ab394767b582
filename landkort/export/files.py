"""Interchange exports as files kept per data version, so a repeated download is instant.

The whole medium demo database is about 90 MB of CSV and takes seconds to write; the
file is written once per data version (:func:`landkort.store.data_version`, a token
every write of cells sets) into the cache folder (``data/cache`` or
``$LANDKORT_CACHE_DIR``), and files of older versions are removed when a new one is
written.

Building is bounded, because anyone on the network may ask (issue 14):

- one builder per file: a lock file (``flock``, so it holds across gunicorn's worker
  processes) is taken before building; whoever waits on it finds the file ready when it
  gets the lock and returns it without building again;
- at most :data:`MAX_BUILDS` builds at once on the machine (slot lock files); beyond
  that, and after :data:`WAIT_SECONDS` waiting for another's build of the same file,
  :class:`Busy` is raised, which the API answers with a Danish 503 and ``Retry-After``;
- XLSX is refused above :data:`XLSX_MAX_ROWS` rows before anything is read (openpyxl
  writes about 5,000 rows per CPU-second; CSV costs a fortieth of that).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort import schema
from landkort.export.database import export_frame, write_csv, write_xlsx
from landkort.geography.boundaries import cache_dir
from landkort.store import data_version

XLSX_MAX_ROWS = 100_000  # about 20 CPU-seconds of openpyxl; Excel's own limit is 1,048,575
MAX_BUILDS = 2  # export files built at once on this machine, all processes together
WAIT_SECONDS = 60.0  # how long a request waits for another's build of the same file
RETRY_AFTER = 30  # seconds, for the 503 answer
_POLL = 0.05
_HEX = re.compile(r"[0-9a-f]{0,64}")


class TooManyRows(ValueError):
    """The export is too big for an XLSX file here; the message is Danish."""


class Busy(RuntimeError):
    """Too many exports are being built; the message is Danish, try again later."""

    retry_after = RETRY_AFTER


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


def _lock_folder() -> Path:
    """Lock files live beside the exports, not among them (the folder holds only files)."""
    folder = cache_dir() / "eksport-laase"
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


def count_rows(conn: Connection, runde: int | None, kommune: int | None) -> int:
    """The export's number of rows, asked before any row is read."""
    stmt = select(func.count()).select_from(schema.fact)
    if runde is not None:
        stmt = stmt.where(schema.fact.c.runde_id == runde)
    if kommune is not None:
        stmt = stmt.where(schema.fact.c.kommune_kode == kommune)
    return int(conn.execute(stmt).scalar_one())


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@contextmanager
def _locked(path: Path, wait: float) -> Iterator[IO | None]:
    """An exclusive ``flock`` on ``path``, polled for up to ``wait`` seconds (0: one try);
    yields the open file, or None if the lock was not had in time."""
    handle = open(path, "a+")  # noqa: SIM115 - closed in finally
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield None
                    return
                time.sleep(_POLL)
        yield handle
    finally:
        handle.close()  # closing releases the lock


@contextmanager
def _build_slot(folder: Path) -> Iterator[None]:
    """One of :data:`MAX_BUILDS` slots, or :class:`Busy` at once when all are taken."""
    for i in range(MAX_BUILDS):
        with _locked(folder / f"bygning-{i}.lock", 0) as slot:
            if slot is not None:
                yield
                return
    raise Busy("Der bygges allerede andre eksporter lige nu. Prøv igen om lidt.")


def export_file(
    conn: Connection,
    fmt: str,
    runde: int | None,
    kommune: int | None,
    *,
    wait: float = WAIT_SECONDS,
) -> Path:
    """The export's file for the current data version, built if not there yet.

    Raises :class:`TooManyRows` for an XLSX above :data:`XLSX_MAX_ROWS` rows and
    :class:`Busy` when the build cannot start (see the module's description).
    """
    version = version_tag(data_version(conn))
    folder = _folder()
    name = f"v{version}-{export_name(fmt, runde, kommune)}"
    path = folder / name
    if path.exists():
        return path
    if fmt == "xlsx":
        rows = count_rows(conn, runde, kommune)
        if rows > XLSX_MAX_ROWS:
            raise TooManyRows(
                f"Eksporten har {_count(rows)} rækker; som XLSX kan der hentes højst "
                f"{_count(XLSX_MAX_ROWS)}. Hent den som CSV (format=csv), eller vælg en "
                "runde eller en kommune."
            )
    locks = _lock_folder()
    with _locked(locks / f"{name}.lock", wait) as lock:
        if lock is None:
            raise Busy("Eksporten bygges lige nu af en anden forespørgsel. Prøv igen om lidt.")
        if path.exists():  # built by whoever held the lock before us
            return path
        with _build_slot(locks):
            _build(conn, fmt, runde, kommune, folder, path)
    for old in folder.glob("v*-landkort-eksport*"):
        if not old.name.startswith(f"v{version}-"):
            old.unlink(missing_ok=True)
    for old in locks.glob("v*-landkort-eksport*.lock"):
        if not old.name.startswith(f"v{version}-"):
            old.unlink(missing_ok=True)
    return path


def _build(
    conn: Connection, fmt: str, runde: int | None, kommune: int | None, folder: Path, path: Path
) -> None:
    frame = export_frame(conn, runde=runde, kommune=kommune)
    handle, temp = tempfile.mkstemp(dir=folder, suffix=f".{fmt}.tmp")
    os.close(handle)
    try:
        (write_csv if fmt == "csv" else write_xlsx)(frame, Path(temp))
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
