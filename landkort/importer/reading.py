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
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landkort.importer import limits
from landkort.importer.problems import Problem, ReadError, format_count
from landkort.importer.workbook import read_workbook

__all__ = ["RawTable", "ReadError", "estimate_rows", "read_table"]

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
    table = _read_xlsx(name, raw, advance) if is_xlsx(name, raw) else _read_csv(name, raw, advance)
    return _without_blank_rows(table)


# --- CSV -------------------------------------------------------------------------


def _read_csv(name: str, raw: bytes, advance: Advance) -> RawTable:
    encoding = detect_encoding(name, raw)
    separator = detect_separator(raw, encoding)
    # About two million cells a chunk, so that a file with very many columns is
    # stopped by the limits before a chunk fills the memory.
    guessed_width = _first_line(raw).decode(encoding, errors="replace").count(separator) + 1
    chunks = []
    rows = 0
    try:  # pandas may read the first line when the reader is made
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
            chunksize=max(1, min(_CHUNK_ROWS, 2_000_000 // guessed_width)),
        )
        for chunk in reader:
            rows += len(chunk)
            _check_csv_size(name, rows, chunk.shape[1])
            chunks.append(chunk)
            advance(len(chunk))
    except ValueError as exc:  # pandas' ParserError (and EmptyDataError) are ValueErrors
        raise ReadError(_csv_parser_problem(name, separator, str(exc))) from None
    if not chunks:
        raise ReadError(Problem(name, None, None, None, "filen er tom"))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    frame.columns = range(frame.shape[1])
    header = [str(v).strip() for v in frame.iloc[0].tolist()]
    data = frame.iloc[1:].reset_index(drop=True)
    rows = np.arange(2, len(data) + 2, dtype=np.int64)
    return RawTable(name, header, data, rows)


def _check_csv_size(name: str, rows: int, width: int) -> None:
    """Stop reading a CSV file past the limits (rows counts the header too)."""
    if width > limits.MAX_COLUMNS:
        raise ReadError(
            Problem(
                name,
                1,
                None,
                None,
                f"filen har {format_count(width)} kolonner; højst "
                f"{format_count(limits.MAX_COLUMNS)} kan indlæses",
            )
        )
    if rows - 1 > limits.MAX_ROWS or rows * width > limits.MAX_CELLS:
        raise ReadError(
            Problem(
                name,
                None,
                None,
                None,
                f"filen har flere end {format_count(limits.MAX_ROWS)} rækker eller "
                f"{format_count(limits.MAX_CELLS)} celler, som er det højeste, der kan "
                "indlæses. Del den i flere filer",
            )
        )


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


def _csv_parser_problem(name: str, separator: str, message: str) -> Problem:
    """pandas' English parser errors as Danish problems, naming the line where known.

    'Expected 10 fields in line 5, saw 11' is a row with a field too many; 'EOF inside
    string starting at row 3' a quotation mark that is never closed (pandas counts that
    row from 0).
    """
    numbers = [int(w) for w in re.findall(r"[0-9]+", message)]
    if "Expected" in message and "saw" in message and len(numbers) >= 3:
        expected, line, saw = numbers[-3:]
        return Problem(
            name,
            line,
            None,
            None,
            f"rækken har {saw} felter, men overskriften har {expected} "
            f"(adskilt med {_SEPARATOR_NAMES[separator]}); tjek for et ekstra skilletegn "
            "eller anførselstegn",
        )
    if "EOF inside string" in message and numbers:
        return Problem(
            name,
            numbers[-1] + 1,
            None,
            None,
            'et anførselstegn (") åbnes i rækken, men lukkes aldrig, så resten af filen '
            "ville blive læst som ét felt. Fjern anførselstegnet, eller luk det",
        )
    return Problem(
        name,
        None,
        None,
        None,
        "filen kan ikke læses som CSV: tjek anførselstegn og skilletegn, eller gem den "
        f"igen fra Excel. {_SAVE_HINT}",
    )


# --- XLSX ------------------------------------------------------------------------


def _read_xlsx(name: str, raw: bytes, advance: Advance) -> RawTable:
    sheet = read_workbook(name, raw, advance)
    notes = [f'ark "{sheet.title}" læst']
    if sheet.others:
        notes.append("andre ark ignoreret: " + ", ".join(f'"{t}"' for t in sheet.others))
    rows = sheet.rows
    width = max(len(r) for _, r in rows)
    header = _padded(rows[0][1], width)
    body = [_padded(cells, width) for _, cells in rows[1:]]
    data = (
        pd.DataFrame(body, columns=range(width), dtype="str")
        if body
        else pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)})
    )
    numbers = np.array([number for number, _ in rows[1:]], dtype=np.int64)
    file = f'{name}, ark "{sheet.title}"'
    return RawTable(file, [h.strip() for h in header], data, numbers, notes)


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
