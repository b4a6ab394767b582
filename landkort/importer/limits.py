"""How large a file the importer takes: the limits, in one place.

Files come from 98 kommuner and their spreadsheets, so they are only semi-trusted. A
small XLSX can unpack to gigabytes (a zip bomb), a sheet can claim a millionth row or a
16,384th column with a few bytes, and openpyxl needs several microseconds per cell; a CSV
is read into memory whole. These limits keep one import within minutes and a few
gigabytes of memory, and every one of them is checked before or while the file is read,
with a Danish message naming the file and the limit.

They are set well above any real file: one kommune's tælleuge is a few thousand rows, a
national round some hundred thousand, the largest demo data set 5 million cells (which
``export`` writes as CSV), and Excel itself cannot hold more than 1,048,576 rows and
16,384 columns in a sheet, so an export to XLSX stops there too. Reading code looks
them up as ``limits.NAME`` at call time, so tests can lower them.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1_000_000_000
"""Any file, CSV or XLSX, as it lies on disk (it is read into memory whole)."""

MAX_ROWS = 10_000_000
"""Data rows in a CSV file: twice the largest demo data set in the long shape."""

MAX_CELLS = 100_000_000
"""Cells (rows × columns) in a CSV file."""

MAX_COLUMNS = 16_384
"""Columns in a CSV file or an XLSX sheet: Excel's own maximum (column XFD)."""

MAX_XLSX_ROWS = 1_048_576
"""Rows in one XLSX sheet, counting the header and empty rows: Excel's own maximum."""

MAX_XLSX_CELLS = 12_000_000
"""Cells read from a workbook's sheets, counting each row up to its last filled cell.

A full sheet of the long shape (1,048,576 rows × 10 columns) fits; at openpyxl's speed
(7-20 µs a cell on a laptop) reading this many takes one to four minutes.
"""

MAX_XLSX_ELEMENTS = 50_000_000
"""XML elements read from a workbook's sheets (a cell of text is three: c, is, t).

This bounds the time a sheet of anything but cells can take (about a microsecond each).
"""

MAX_XLSX_CELL_ELEMENTS = 10_000
"""XML elements inside one cell (a cell's formatted text runs), kept in memory at once."""

MAX_XLSX_UNCOMPRESSED_BYTES = 800_000_000
"""The sum of the unpacked sizes of every part of an XLSX file (its XML).

An XLSX export of 1,048,575 rows unpacks to about 520 MB.
"""

MAX_XLSX_PART_BYTES = 30_000_000
"""The unpacked size of each part openpyxl reads whole besides the sheets: the content
types, the workbook and its relationships, the styles and the shared strings (about a
million distinct texts, read at some 15 µs each)."""

MAX_XLSX_PARTS = 10_000
"""Files inside an XLSX zip archive (a workbook from Excel has a few dozen)."""
