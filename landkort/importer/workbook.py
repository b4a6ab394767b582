"""XLSX bytes -> the rows of the sheet to import; hostile workbooks refused in Danish.

openpyxl parses the parts, but the importer drives it step by step instead of calling
``load_workbook``, for four reasons:

- **The zip archive is checked first** (:func:`_open_archive`): it must be one, with at
  most ``MAX_XLSX_PARTS`` parts, none encrypted, only stored or deflated (what Excel
  writes), unpacked sizes within ``MAX_XLSX_UNCOMPRESSED_BYTES`` in all and
  ``MAX_XLSX_PART_BYTES`` for each part read whole. ``zipfile`` stops reading a part at
  its stated size (and then fails its CRC check), so the stated sizes cannot lie.
- **No part may carry a document type declaration** (``<!DOCTYPE …>``). Excel never
  writes one, and it is where entity expansion ("billion laughs") and external entities
  live. expat reads each part only up to its first element, so the check costs nothing;
  without it a small file could expand within expat's own amplification limit (100×)
  far beyond the size limits.
- **Every row is read**, from openpyxl's sheet parser directly. Its read-only worksheet
  trusts the sheet's stored dimension (a sheet that says ``A1:J3`` but holds four rows
  lost the last one, silently), parses a sheet without a dimension twice, and skips rows
  that come out of order or twice. Here rows out of order are refused, and rows and cells
  are counted against ``MAX_XLSX_ROWS`` and ``MAX_XLSX_CELLS`` while reading.
- **Only what the import needs is parsed**: the content types, the workbook, the styles
  (for ``49%`` and dates) and the shared strings; not document properties, themes,
  external links or defined names.

openpyxl raises almost any exception on a malformed part (``TypeError`` from its
descriptors, ``IndexError`` for a style that does not exist, ``ParseError``,
``BadZipFile``, ``KeyError`` for a missing part …), so every failure while it parses
becomes a Danish problem naming the file; none reaches the user as a traceback.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import ParseError, iterparse
from xml.parsers import expat

from landkort.importer import columns, limits
from landkort.importer.problems import Problem, ReadError, format_count, format_size
from landkort.lookup import ascii_int

Rows = list[tuple[int, list[str]]]  # (the sheet's row number, cell texts) per filled row

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_CONTENT_TYPES = "[Content_Types].xml"
_STYLES = "xl/styles.xml"
_PROLOG_CHUNK = 64 * 1024
_PROGRESS_ROWS = 10_000
_RESAVE = "Åbn filen i Excel, og gem den igen som Excel-projektmappe (.xlsx)"


@dataclass
class Sheet:
    """The sheet chosen for import, and the titles of the others."""

    title: str
    rows: Rows
    others: list[str] = field(default_factory=list)


def read_workbook(name: str, raw: bytes, advance: Callable[[int], None]) -> Sheet:
    """The first sheet whose first row names the key columns (else the closest one)."""
    archive = None
    try:
        archive = _open_archive(name, raw)
        with warnings.catch_warnings():
            # openpyxl warns in English about what it drops (extensions, bad dates …);
            # what matters to the import is reported by the checks instead.
            warnings.simplefilter("ignore")
            return _read(name, raw, archive, advance)
    except ReadError:
        raise
    except Exception as exc:  # openpyxl on a malformed part: see the module docstring
        raise ReadError(_failure(name, exc)) from None
    finally:
        if archive is not None:
            archive.close()


# --- the archive ------------------------------------------------------------------------


def _open_archive(name: str, raw: bytes) -> zipfile.ZipFile:
    if raw.startswith(_OLE2_MAGIC):
        raise ReadError(
            _problem(
                name,
                "filen er enten beskyttet med adgangskode eller gemt i det gamle "
                "Excel-format (.xls), og ingen af delene kan læses. Fjern adgangskoden, "
                'eller gem filen som "Excel-projektmappe (.xlsx)"',
            )
        )
    if not raw.startswith(b"PK"):
        raise ReadError(_problem(name, _not_a_zip(raw)))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except Exception:  # zipfile on a damaged central directory: BadZipFile, ValueError …
        raise ReadError(
            _problem(name, f"filen er ikke et helt zip-arkiv, så den er beskadiget. {_RESAVE}")
        ) from None
    try:
        _check_archive(name, archive, infos)
    except BaseException:
        archive.close()
        raise
    return archive


def _not_a_zip(raw: bytes) -> str:
    head = raw[:4096]
    head = head[: head.rfind(b"\n") + 1] or head  # whole lines, no character cut in two
    text = ""
    for encoding in ("utf-8", "cp1252"):  # what a CSV file may be written in
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = sum(c < " " and c not in "\t\r\n" for c in text)
    if text and controls == 0 and (";" in text or "," in text or "\t" in text):
        return (
            "filen hedder .xlsx, men er en tekstfil (den ligner en CSV-fil). "
            "Giv den endelsen .csv, eller gem den i Excel som Excel-projektmappe (.xlsx)"
        )
    return f"filen er ikke en Excel-projektmappe (.xlsx): den er ikke et zip-arkiv. {_RESAVE}"


def _check_archive(name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > limits.MAX_XLSX_PARTS:
        raise ReadError(
            _problem(
                name,
                f"zip-arkivet har {format_count(len(infos))} dele; en projektmappe må "
                f"højst have {format_count(limits.MAX_XLSX_PARTS)}",
            )
        )
    total = sum(info.file_size for info in infos)
    if total > limits.MAX_XLSX_UNCOMPRESSED_BYTES:
        raise ReadError(
            _problem(
                name,
                f"projektmappen fylder {format_size(total)} udpakket; højst "
                f"{format_size(limits.MAX_XLSX_UNCOMPRESSED_BYTES)} kan indlæses. "
                "Del den i flere filer, eller gem den som CSV",
            )
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(
                _problem(name, f"delen {info.filename} i zip-arkivet er krypteret. {_RESAVE}")
            )
        if info.compress_type not in _ZIP_METHODS:
            raise ReadError(
                _problem(
                    name,
                    f"delen {info.filename} i zip-arkivet er pakket med en metode, som Excel "
                    f"ikke bruger (nr. {info.compress_type}). {_RESAVE}",
                )
            )
    if _CONTENT_TYPES not in archive.NameToInfo:
        raise ReadError(
            _problem(
                name,
                "filen er et zip-arkiv, men ikke en Excel-projektmappe (.xlsx) "
                f"(den mangler {_CONTENT_TYPES}). Er den gemt i et andet program, fx som "
                f"OpenDocument (.ods)? {_RESAVE}",
            )
        )
    for info in infos:
        if _has_doctype(archive, info):
            raise ReadError(
                _problem(
                    name,
                    f"delen {info.filename} indeholder en dokumenttypeerklæring "
                    "(<!DOCTYPE …>), som Excel aldrig skriver, og som kan bruges til "
                    "angreb (entitetsudvidelse, eksterne entiteter); filen afvises",
                )
            )


class _Doctype(Exception):
    pass


class _FirstElement(Exception):
    pass


def _has_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part's prolog declares a document type (read up to its first element).

    The same expat that openpyxl's parser uses reads the part, so an encoding trick
    cannot hide a declaration from this check and show it to the real parse. A part
    that is not XML at all is left to openpyxl, which does not read it or refuses it.
    """
    parser = expat.ParserCreate()

    def doctype(*_args: object) -> None:
        raise _Doctype

    def first_element(*_args: object) -> None:
        raise _FirstElement

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = first_element
    try:
        with archive.open(info) as part:
            while chunk := part.read(_PROLOG_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Doctype:
        return True
    except (_FirstElement, expat.ExpatError):
        return False
    return False


def _check_part_size(name: str, archive: zipfile.ZipFile, path: str) -> None:
    info = archive.NameToInfo.get(path)
    if info is not None and info.file_size > limits.MAX_XLSX_PART_BYTES:
        raise ReadError(
            _problem(
                name,
                f"delen {path} fylder {format_size(info.file_size)} udpakket; højst "
                f"{format_size(limits.MAX_XLSX_PART_BYTES)} kan indlæses. {_RESAVE}",
            )
        )


# --- the workbook -----------------------------------------------------------------------


def _read(name: str, raw: bytes, archive: zipfile.ZipFile, advance: Callable[[int], None]) -> Sheet:
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import ExcelReader, _find_workbook_part
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    _check_part_size(name, archive, _CONTENT_TYPES)
    reader = ExcelReader(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
    reader.archive.close()
    reader.archive = archive  # the archive checked above, the same bytes
    reader.read_manifest()
    # The parts read whole (not pictures or other parts the import never opens).
    workbook_part = _find_workbook_part(reader.package).PartName[1:]
    strings = reader.package.find(SHARED_STRINGS)
    whole = [workbook_part, get_rels_path(workbook_part), _STYLES]
    for path in whole + ([strings.PartName[1:]] if strings else []):
        _check_part_size(name, archive, path)
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(archive, reader.wb)
    book = reader.wb
    sheets = [
        (sheet.name, rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in archive.NameToInfo and "chartsheet" not in rel.Type
    ]
    budget = _Budget(name)
    texts = _CellTexts(book)
    firsts: list[tuple[str, str, tuple[int, list[str]]]] = []
    for title, path in sheets:
        rows = _sheet_rows(name, title, archive, path, reader.shared_strings, book, texts, budget)
        first = next(rows, None)
        if first is None:
            rows.close()
            continue
        if first[0] == 1 and columns.has_key_columns(first[1]):
            return _finish(title, first, rows, sheets, advance)
        rows.close()
        firsts.append((title, path, first))
    if not firsts:
        raise ReadError(_problem(name, "projektmappen har ingen udfyldte ark"))
    # No sheet has the header: report against the one that comes closest.
    title, path, _ = max(firsts, key=lambda f: columns.known_columns(f[2][1]))
    rows = _sheet_rows(name, title, archive, path, reader.shared_strings, book, texts, budget)
    first = next(rows)
    return _finish(title, first, rows, sheets, advance)


def _finish(
    title: str,
    first: tuple[int, list[str]],
    rows: Iterator[tuple[int, list[str]]],
    sheets: list[tuple[str, str]],
    advance: Callable[[int], None],
) -> Sheet:
    read = [first]
    for row in rows:
        read.append(row)
        if len(read) % _PROGRESS_ROWS == 0:
            advance(_PROGRESS_ROWS)
    advance(len(read) % _PROGRESS_ROWS)
    return Sheet(title, read, [t for t, _ in sheets if t != title])


@dataclass
class _Budget:
    """Cells and XML elements read so far from the workbook's sheets, against the limits."""

    file: str
    cells: int = 0
    elements: int = 0

    def take_cells(self, title: str, n: int) -> None:
        self.cells += n
        if self.cells > limits.MAX_XLSX_CELLS:
            raise ReadError(
                _problem(
                    _sheet_file(self.file, title),
                    f"projektmappen har flere end {format_count(limits.MAX_XLSX_CELLS)} "
                    "celler (talt til sidste udfyldte celle i hver række), som er det "
                    "højeste, der kan indlæses. Del den i flere filer, eller gem den som CSV",
                )
            )

    def take_element(self, title: str, n: int = 1) -> None:
        self.elements += n
        if self.elements > limits.MAX_XLSX_ELEMENTS:
            raise ReadError(
                _problem(
                    _sheet_file(self.file, title),
                    f"arkene har flere end {format_count(limits.MAX_XLSX_ELEMENTS)} "
                    "XML-elementer, som er det højeste, der kan indlæses. Del projektmappen "
                    "i flere filer, eller gem den som CSV",
                )
            )

    def precount(self, title: str, archive: zipfile.ZipFile, path: str) -> None:
        """Refuse a sheet past the limits before parsing it, where plain counts show it.

        Counting tags in the unpacked bytes runs at C speed (a second or two for the
        largest sheet allowed), where parsing takes some 10 µs a cell: a sheet of three
        million rows is refused at once, not after a million rows. Elements are counted
        exactly; rows and cells only where the main namespace has no prefix (as Excel
        writes it), else the parse finds them. Counts are checked, never kept.
        """
        counts = _tag_counts(archive, path)
        elements = counts[b"<"] - counts[b"</"] - counts[b"<!"] - counts[b"<?"]
        if counts[b"<row"] > limits.MAX_XLSX_ROWS:
            raise ReadError(_too_many_rows(_sheet_file(self.file, title)))
        cells = counts[b"<c "] + counts[b"<c>"] + counts[b"<c/"]
        if self.cells + cells > limits.MAX_XLSX_CELLS:
            self.take_cells(title, cells)
        if self.elements + elements > limits.MAX_XLSX_ELEMENTS:
            self.take_element(title, elements)


_TAGS = (b"<", b"</", b"<!", b"<?", b"<row", b"<c ", b"<c>", b"<c/")
_COUNT_CHUNK = 1 << 20


def _tag_counts(archive: zipfile.ZipFile, path: str) -> dict[bytes, int]:
    """How often each of ``_TAGS`` occurs in a part, read in chunks.

    Each tag is counted in the chunk with the previous chunk's last ``len(tag) - 1``
    bytes in front: a tag split by the chunk border is counted once, and none can lie
    wholly inside that shorter piece and be counted twice.
    """
    counts = dict.fromkeys(_TAGS, 0)
    tail = b""
    with archive.open(path) as part:
        while chunk := part.read(_COUNT_CHUNK):
            data = tail + chunk
            for tag in _TAGS:
                counts[tag] += data.count(tag, len(tail) - (len(tag) - 1) if tail else 0)
            tail = data[-7:]
    return counts


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL = f"{_MAIN}row", f"{_MAIN}c"


def _sheet_rows(
    name: str,
    title: str,
    archive: zipfile.ZipFile,
    path: str,
    shared_strings: list,
    book,
    texts: _CellTexts,
    budget: _Budget,
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of every filled row of one sheet, in order.

    The XML is streamed and every finished element is dropped from its parent at once
    (a cell's own children only when the cell ends), so memory stays the size of one
    cell however the sheet is built; openpyxl's ``parse_cell`` turns each cell into a
    value as ``load_workbook`` would (shared strings, dates, booleans, inline text).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    file = _sheet_file(name, title)
    budget.precount(title, archive, path)
    cell_parser = WorkSheetParser(
        None,
        shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    stack: list = []
    cells: list[dict] = []
    last = 0  # the previous row's number
    in_row = False
    in_cell = 0  # depth inside a <c> element (1 = the cell itself)
    with archive.open(path) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                budget.take_element(title)
                stack.append(element)
                if in_cell:
                    in_cell += 1
                    if in_cell > limits.MAX_XLSX_CELL_ELEMENTS:
                        raise ReadError(_problem(file, f"en celle er for stor. {_RESAVE}"))
                elif element.tag == _CELL:
                    if not in_row:
                        raise ReadError(
                            _problem(file, f"en celle står uden for en række. {_RESAVE}")
                        )
                    in_cell = 1
                elif element.tag == _ROW:
                    if in_row:
                        raise ReadError(
                            _problem(file, f"en række står inden i en anden. {_RESAVE}")
                        )
                    in_row = True
                    number = _row_number(file, element.get("r"), last)
                    cell_parser.row_counter, cell_parser.col_counter = number, 0
                    cells = []
                continue
            stack.pop()
            if in_cell > 1:
                in_cell -= 1
                continue  # parse_cell reads the cell's children when the cell ends
            if in_cell == 1:
                in_cell = 0
                cells.append(cell_parser.parse_cell(element))
            elif element.tag == _ROW:
                in_row = False
                number = last = cell_parser.row_counter
                row = _row_texts(file, number, cells, texts)
                budget.take_cells(title, max(len(row), len(cells)))
                cells = []
                if row:
                    yield number, row
            if stack:
                del stack[-1][-1]  # the finished element is its parent's last child


def _row_number(file: str, text: str | None, last: int) -> int:
    """A row's number: its ``r`` attribute, else the one after the previous row."""
    number = last + 1 if text is None else ascii_int(text.strip())
    if number is None or number <= last:
        raise ReadError(_row_order_problem(file, text, last))
    if number > limits.MAX_XLSX_ROWS:
        raise ReadError(_too_many_rows(file, number))
    return number


def _too_many_rows(file: str, number: int | None = None) -> Problem:
    found = f" (række {format_count(number)} findes)" if number is not None else ""
    return _problem(
        file,
        f"arket har flere end {format_count(limits.MAX_XLSX_ROWS)} rækker{found}, som er det "
        "højeste, der kan indlæses, og Excels grænse. Del det i flere filer, eller gem det "
        "som CSV",
    )


def _row_texts(file: str, number: int, cells: list[dict], texts: _CellTexts) -> list[str]:
    """A row's cell texts by column, trailing empty cells dropped."""
    filled = [c for c in cells if c["value"] is not None]
    if not filled:
        return []
    positions = [c["column"] for c in filled]
    width = max(positions)
    if width > limits.MAX_COLUMNS or min(positions) < 1:
        raise ReadError(
            Problem(
                file,
                number,
                None,
                None,
                f"rækken har en celle uden for arkets kolonner (højst "
                f"{format_count(limits.MAX_COLUMNS)}, A til XFD). {_RESAVE}",
            )
        )
    if len(set(positions)) != len(positions):
        raise ReadError(
            Problem(file, number, None, None, f"rækken har den samme celle to gange. {_RESAVE}")
        )
    row = [""] * width
    for cell in filled:
        row[cell["column"] - 1] = texts.text(cell["value"], cell["style_id"])
    while row and row[-1] == "":
        row.pop()
    return row


def _row_order_problem(file: str, text: str | None, last: int) -> Problem:
    number = ascii_int((text or "").strip())
    if number is None or number < 1:
        what = f'et ugyldigt rækkenummer ("{text}")'
    elif number == last:
        what = f"række {number} to gange"
    else:
        what = f"række {number} efter række {last}"
    return Problem(
        file,
        None,
        None,
        None,
        f"arkets data har {what}; Excel skriver altid hver række én gang og i "
        f"rækkefølge, så filen er beskadiget eller lavet af et andet program. {_RESAVE}",
    )


class _CellTexts:
    """Cell values as the user sees them: 12.0 -> '12', 0.49 formatted as % -> '49%'."""

    def __init__(self, book):
        self._book = book
        self._percent: dict[int, bool] = {}

    def text(self, value: object, style_id: int) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "SAND" if value else "FALSK"
        if isinstance(value, int | float):
            if self.is_percent(style_id):
                return f"{value * 100:g}%"
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value)
        if isinstance(value, datetime | date):
            return value.isoformat()
        return str(value)

    def is_percent(self, style_id: int) -> bool:
        known = self._percent.get(style_id)
        if known is None:
            known = self._percent[style_id] = "%" in self._number_format(style_id)
        return known

    def _number_format(self, style_id: int) -> str:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        try:
            format_id = self._book._cell_styles[style_id].numFmtId
            if format_id < BUILTIN_FORMATS_MAX_SIZE:
                return BUILTIN_FORMATS.get(format_id, "General")
            return self._book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
        except (IndexError, KeyError, TypeError):  # a style the workbook does not define
            return "General"


# --- messages ---------------------------------------------------------------------------


def _failure(name: str, exc: Exception) -> Problem:
    """What openpyxl's exception means, in Danish (its own text is English)."""
    if isinstance(exc, ParseError | expat.ExpatError):
        line, column = getattr(exc, "position", (None, None))
        where = f" (linje {line}, tegn {column})" if line is not None else ""
        return _problem(
            name, f"en af projektmappens dele er ikke gyldig XML{where}, så filen er beskadiget"
            f" eller ikke gemt af Excel. {_RESAVE}",
        )  # fmt: skip
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return _problem(
            name, f"en del af zip-arkivet kan ikke pakkes ud, så filen er beskadiget. {_RESAVE}"
        )
    if isinstance(exc, KeyError):
        return _problem(
            name,
            "projektmappen mangler en del, som den selv henviser til, så den er beskadiget "
            f"eller ikke gemt af Excel. {_RESAVE}",
        )
    return _problem(
        name,
        "filen kan ikke læses som Excel-projektmappe: den er beskadiget eller ikke gemt af "
        f"Excel. {_RESAVE}",
    )


def _problem(name: str, explanation: str) -> Problem:
    return Problem(name, None, None, None, explanation)


def _sheet_file(name: str, title: str) -> str:
    return f'{name}, ark "{title}"'
