"""Importing tælleuge results in the interchange format (``INTERCHANGE.md``).

Every file is read and validated in full before anything is written; one bad row in
any file means nothing is written at all. Good files are then written one
transaction each through :func:`landkort.store.write_cells`, with a row in
``import_log``.
"""

from __future__ import annotations

import errno
import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from landkort.importer import limits
from landkort.importer.problems import Problem, format_count, format_problems, format_size
from landkort.importer.progress import LARGE_FILE_ROWS, Progress
from landkort.importer.reading import ReadError, estimate_rows, read_table
from landkort.importer.validation import validate
from landkort.importer.writing import write_file
from landkort.store import WriteResult

__all__ = [
    "FileReport",
    "Problem",
    "check_file",
    "check_files",
    "cli_import",
    "import_files",
    "write_checked",
]


@dataclass
class FileReport:
    """What happened to one file: its problems, or what was written."""

    path: Path
    sha256: str = ""
    rows_read: int = 0  # data rows in the file
    cells: int = 0  # cells the rows hold (the same as rows_read in the long shape)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    result: WriteResult | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(
    path: Path, progress: bool | None = None, kommuner: frozenset[int] | None = None
) -> tuple[FileReport, pd.DataFrame]:
    """Read and validate one file; the cells are empty when there are problems.

    ``kommuner``: the kommuner the importer may write (None: any); rows for others are
    problems.
    """
    report = FileReport(Path(path))
    try:
        raw = _read_bytes(report.path)
    except OSError as exc:
        report.problems = [Problem(report.name, None, None, None, _os_error_text(exc))]
        return report, pd.DataFrame()
    if len(raw) > limits.MAX_FILE_BYTES:
        size = format_size(limits.MAX_FILE_BYTES)
        report.problems = [
            Problem(
                report.name,
                None,
                None,
                None,
                f"filen er større end {size}, som er det højeste, der kan indlæses. "
                "Del den i flere filer",
            )
        ]
        return report, pd.DataFrame()
    report.sha256 = hashlib.sha256(raw).hexdigest()
    bar = Progress(report.name, estimate_rows(report.name, raw), progress)
    try:
        table = read_table(report.name, raw, bar.advance)
        del raw
        bar.phase(f"{report.name}: kontrollerer")
        checked = validate(table, kommuner)
    except ReadError as exc:
        report.problems = [exc.problem]
        return report, pd.DataFrame()
    finally:
        bar.close()
    report.rows_read = checked.rows_read
    report.cells = len(checked.cells)
    report.problems = checked.problems
    report.notes = table.notes
    return report, checked.cells


Checked = list[tuple[FileReport, pd.DataFrame]]


def check_files(paths: Sequence[str | Path], progress: bool | None = None) -> Checked:
    """Read and validate every file (nothing touches the database)."""
    return [check_file(Path(p), progress) for p in paths]


def write_checked(
    engine: Engine, checked: Checked, *, replace: bool = False, progress: bool | None = None
) -> list[FileReport]:
    """Write files that all passed :func:`check_files`, one transaction per file."""
    if any(not report.ok for report, _ in checked):
        raise ValueError("refusing to write: at least one file has problems")
    for report, cells in checked:
        if progress or (progress is None and report.cells > LARGE_FILE_ROWS):
            print(f"{report.name}: skriver {format_count(report.cells)} celler …", file=sys.stderr)
        report.result = write_file(engine, report.name, report.sha256, cells, replace=replace)
    return [report for report, _ in checked]


def import_files(
    engine: Engine | None,
    paths: Sequence[str | Path],
    *,
    replace: bool = False,
    dry_run: bool = False,
    progress: bool | None = None,
) -> list[FileReport]:
    """Validate every file, then (unless any is bad, or ``dry_run``) write each one.

    ``progress``: None shows a bar for large files only, True/False always/never.
    ``engine`` may be None for a dry run. Returns one report per file, in order.
    """
    checked = check_files(paths, progress)
    reports = [report for report, _ in checked]
    if dry_run or any(not r.ok for r in reports):
        return reports
    if engine is None:
        raise ValueError("import_files needs an engine unless dry_run is set")
    return write_checked(engine, checked, replace=replace, progress=progress)


def cli_import(files: Sequence[str], *, replace: bool = False, dry_run: bool = False) -> int:
    """``python -m landkort import``: 0 when every file was imported (or checked), else 1.

    The database is opened only after every file has passed, so a bad file cannot
    change it, not even by creating it.
    """
    from landkort.database import open_database

    checked = check_files(files)
    reports = [report for report, _ in checked]
    problems = [p for r in reports for p in r.problems]
    if problems:
        _print_problems(problems, sum(1 for r in reports if not r.ok))
        return 1
    if dry_run:
        for report in reports:
            print(summary_line(report) + " (prøvekørsel: intet er skrevet)")
        return 0
    engine = open_database()
    try:
        write_checked(engine, checked, replace=replace)
    finally:
        engine.dispose()
    for report in reports:
        print(summary_line(report, replace=replace))
    return 0


def _print_problems(problems: list[Problem], bad_files: int) -> None:
    for line in format_problems(problems):
        print(line, file=sys.stderr)
    print(
        f"Intet er indlæst: {format_count(len(problems))} "
        f"{'problem' if len(problems) == 1 else 'problemer'} i {bad_files} "
        f"{'fil' if bad_files == 1 else 'filer'}. Ret filerne og prøv igen.",
        file=sys.stderr,
    )


def summary_line(report: FileReport, *, replace: bool = False) -> str:
    """'lk.csv: 1.234 rækker, 1.000 nye, 34 ændrede, 200 uændrede' (Danish numbers)."""
    text = f"{report.name}: {_counted(report.rows_read, 'række', 'rækker')}"
    if report.cells != report.rows_read:
        text += f" ({_counted(report.cells, 'celle', 'celler')})"
    r = report.result
    if r is None:
        text += ", ingen fejl"
    else:
        text += (
            f", {_counted(r.rows_added, 'ny', 'nye')}"
            f", {_counted(r.rows_changed, 'ændret', 'ændrede')}"
            f", {_counted(r.rows_unchanged, 'uændret', 'uændrede')}"
        )
        if replace:
            text += f", {_counted(r.rows_removed, 'fjernet', 'fjernede')}"
    notes = "; ".join(report.notes)
    return f"{text} ({notes})" if notes else text


def _counted(n: int, one: str, many: str) -> str:
    return f"{format_count(n)} {one if n == 1 else many}"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, stopping one byte past the size limit (so /dev/zero ends)."""
    with path.open("rb") as file:
        return file.read(limits.MAX_FILE_BYTES + 1)


def _os_error_text(exc: OSError) -> str:
    """Danish for the operating system's (English) error text."""
    if isinstance(exc, FileNotFoundError):
        return "filen findes ikke"
    if isinstance(exc, IsADirectoryError):
        return "det er en mappe, ikke en fil"
    if isinstance(exc, PermissionError):
        return "filen kan ikke læses (ingen adgang)"
    if isinstance(exc, NotADirectoryError):
        return "stien går gennem noget, der ikke er en mappe"
    if exc.errno == errno.ENAMETOOLONG:
        return "filens navn eller sti er for lang"
    if exc.errno == errno.ELOOP:
        return "stien har for mange symbolske links (en løkke)"
    return (
        f"filen kan ikke læses (systemfejl nr. {exc.errno})"
        if exc.errno
        else ("filen kan ikke læses")
    )
