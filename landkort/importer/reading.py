"""File bytes -> a table of strings with the file's own row numbers.

CSV comes as Danish desktop software writes it: UTF-8 with or without BOM, or
Windows-1252 (what Danish Excel's "CSV (semikolonsepareret)" saves), separated by
``;``, ``,`` or tab. Anything else (UTF-16, binary, bytes Windows-1252 does not define)
is refused, because guessing would store garbled names. XLSX: the first sheet whose
header names the key columns is read; other sheets are ignored.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from landkort.importer import columns
from landkort.importer.problems import Problem

_SEPARATORS = (";", "\t", ",")
_SEPARATOR_NAMES = {";": "semikolon", "\t": "tabulator", ",": "komma"}
_CHUNK_ROWS = 200_000
_XLSX_MAGIC = b"PK\x03\x04"
_SAVE_HINT = 'Gem filen i Excel som "CSV UTF-8" eller "CSV (semikolonsepareret)"'


@dataclass
class RawTable:
    """A file's cells as text ('' for empty), header apart, blank rows dropped."""

    file: str
    header: list[str]
    data: pd.DataFrame  # columns 0..n-1, one row per data row
    rows: np.ndarray  # the file's row number of each data row (header = 1)
    notes: list[str] = field(default_factory=list)

    def column_used(self) -> list[bool]:
        return [bool((self.data[i] != "").any()) for i in range(len(self.header))]


class ReadError(Exception):
    """The file cannot be read as a table at all; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


Advance = Callable[[int], None]


def is_xlsx(name: str, raw: bytes) -> bool:
    return raw.startswith(_XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm"))


def estimate_rows(name: str, raw: bytes) -> int:
    """Roughly how many data rows the file has (for sizing the progress bar)."""
    return 0 if is_xlsx(name, raw) else max(raw.count(b"\n") - 1, 0)


def read_table(name: str, raw: bytes, advance: Advance | None = None) -> RawTable:
    """Read a CSV or XLSX file's bytes; ``advance(n)`` is told as rows are read."""
    advance = advance or (lambda _n: None)
    if name.lower().endswith(".xls") and not raw.startswith(_XLSX_MAGIC):
        raise ReadError(
            Problem(
                name,
                None,
                None,
                None,
                "det gamle Excel-format (.xls) kan ikke læses. "
                'Gem filen som "Excel-projektmappe (.xlsx)" eller som CSV',
            )
        )
    table = _read_xlsx(name, raw) if is_xlsx(name, raw) else _read_csv(name, raw, advance)
    return _without_blank_rows(table)


# --- CSV -------------------------------------------------------------------------


def _read_csv(name: str, raw: bytes, advance: Advance) -> RawTable:
    encoding = detect_encoding(name, raw)
    separator = detect_separator(raw, encoding)
    reader = pd.read_csv(
        io.BytesIO(raw),
        sep=separator,
        header=None,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        encoding=encoding,
        engine="c",
        chunksize=_CHUNK_ROWS,
    )
    chunks = []
    try:
        for chunk in reader:
            chunks.append(chunk)
            advance(len(chunk))
    except pd.errors.ParserError as exc:
        raise ReadError(_ragged_row_problem(name, separator, str(exc))) from None
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    frame.columns = range(frame.shape[1])
    header = [str(v).strip() for v in frame.iloc[0].tolist()]
    data = frame.iloc[1:].reset_index(drop=True)
    rows = np.arange(2, len(data) + 2, dtype=np.int64)
    return RawTable(name, header, data, rows)


def detect_encoding(name: str, raw: bytes) -> str:
    """'utf-8-sig' or 'cp1252'; raise ReadError for empty files and anything else."""
    if not raw.lstrip(codecs.BOM_UTF8).strip():
        raise ReadError(Problem(name, None, None, None, "filen er tom"))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        raise ReadError(_not_text_problem(name, raw))
    try:
        raw.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    if not raw[:utf8_error].isascii():
        raise ReadError(
            _byte_problem(
                name,
                raw,
                utf8_error,
                "filen blander to tegnsæt (UTF-8 og Windows-1252), så æ, ø og å "
                f"kan ikke læses sikkert. {_SAVE_HINT}",
            )
        )
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError as exc:
        raise ReadError(
            _byte_problem(
                name,
                raw,
                exc.start,
                "filen er hverken UTF-8 eller Windows-1252 "
                f"(byte 0x{raw[exc.start]:02X} findes ikke i tegnsættet). {_SAVE_HINT}",
            )
        ) from None


def detect_separator(raw: bytes, encoding: str) -> str:
    """The separator used most in the header line (';' wins ties: Danish Excel)."""
    first = _first_line(raw).decode(encoding, errors="replace")
    counts = {sep: first.count(sep) for sep in _SEPARATORS}
    return max(_SEPARATORS, key=lambda sep: counts[sep])


def _first_line(raw: bytes) -> bytes:
    end = raw.find(b"\n")
    return raw if end < 0 else raw[:end]


def _not_text_problem(name: str, raw: bytes) -> Problem:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        kind = "filen er gemt som UTF-16 (Unicode-tekst), som ikke kan læses"
        return Problem(name, 1, None, f"0x{raw[0]:02X} 0x{raw[1]:02X}", f"{kind}. {_SAVE_HINT}")
    return _byte_problem(
        name,
        raw,
        raw.find(b"\x00"),
        f"filen indeholder nul-bytes (0x00): den er binær eller UTF-16, ikke en CSV-tekstfil. "
        f"{_SAVE_HINT}",
    )


def _byte_problem(name: str, raw: bytes, position: int, explanation: str) -> Problem:
    """Name the row and column of an undecodable byte, as far as they can be told."""
    row = raw.count(b"\n", 0, position) + 1
    start = raw.rfind(b"\n", 0, position) + 1
    end = raw.find(b"\n", position)
    line = raw[start : end if end >= 0 else len(raw)].decode("cp1252", errors="replace")
    before = raw[start:position].decode("cp1252", errors="replace")
    header = _first_line(raw).decode("cp1252", errors="replace").rstrip("\r")
    separator = max(_SEPARATORS, key=header.count)
    names = header.split(separator)
    index = before.count(separator)
    fields = line.rstrip("\r").split(separator)
    column = names[index].strip() if index < len(names) and row > 1 else None
    value = fields[index] if index < len(fields) else line
    return Problem(name, row, column, value, explanation)


def _ragged_row_problem(name: str, separator: str, message: str) -> Problem:
    """pandas: 'Expected 10 fields in line 5, saw 11' -> a Danish problem for line 5."""
    words = message.replace(",", "").split()
    try:
        expected = int(words[words.index("Expected") + 1])
        line = int(words[words.index("line") + 1])
        saw = int(words[words.index("saw") + 1])
    except (ValueError, IndexError):
        return Problem(name, None, None, None, f"filen kan ikke læses som CSV ({message})")
    return Problem(
        name,
        line,
        None,
        None,
        f"rækken har {saw} felter, men overskriften har {expected} "
        f"(adskilt med {_SEPARATOR_NAMES[separator]}); tjek for et ekstra skilletegn "
        "eller anførselstegn",
    )


# --- XLSX ------------------------------------------------------------------------


def _read_xlsx(name: str, raw: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReadError(
            Problem(name, None, None, None, f"filen kan ikke læses som XLSX ({exc})")
        ) from None
    try:
        sheets = [(ws.title, _sheet_rows(ws)) for ws in book.worksheets]
    finally:
        book.close()
    chosen = _choose_sheet(sheets)
    if chosen is None:
        raise ReadError(Problem(name, None, None, None, "projektmappen har ingen udfyldte ark"))
    title, rows = chosen
    notes = [f'ark "{title}" læst']
    others = [t for t, _ in sheets if t != title]
    if others:
        notes.append("andre ark ignoreret: " + ", ".join(f'"{t}"' for t in others))
    width = max(len(r) for _, r in rows)
    header = _padded(rows[0][1], width)
    body = [_padded(cells, width) for _, cells in rows[1:]]
    data = (
        pd.DataFrame(body, columns=range(width), dtype="str")
        if body
        else pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)})
    )
    numbers = np.array([number for number, _ in rows[1:]], dtype=np.int64)
    file = f'{name}, ark "{title}"'
    return RawTable(file, [h.strip() for h in header], data, numbers, notes)


def _choose_sheet(sheets: list[tuple[str, list]]) -> tuple[str, list] | None:
    """The first sheet whose first row names the key columns."""
    filled = [(title, rows) for title, rows in sheets if rows]
    for title, rows in filled:
        if rows[0][0] == 1 and columns.has_key_columns(rows[0][1]):
            return title, rows
    # None fits: report against the sheet that comes closest.
    return max(filled, key=lambda sheet: columns.known_columns(sheet[1][0][1]), default=None)


def _sheet_rows(ws) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) of every non-empty row of a sheet."""
    rows = []
    for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
        texts = [cell_text(c) for c in cells]
        while texts and texts[-1] == "":
            texts.pop()
        if texts:
            rows.append((number, texts))
    return rows


def cell_text(cell) -> str:
    """An XLSX cell as the user sees it: 12.0 -> '12', 0.49 formatted as % -> '49%'."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells))


def _without_blank_rows(table: RawTable) -> RawTable:
    if table.data.empty:
        return table
    filled = (table.data != "").any(axis=1).to_numpy()
    if filled.all():
        return table
    table.data = table.data[filled].reset_index(drop=True)
    table.rows = table.rows[filled]
    return table
