"""Text cells that a spreadsheet would run as a formula, made harmless (CSV injection).

The importer refuses text that begins with ``=``, ``+``, ``-``, ``@``, tab or CR, but a
database filled before that check, or a label built from data, can still hold such text.
Every CSV and XLSX the project writes therefore escapes it again (defence in depth):

- CSV: a leading apostrophe, as OWASP's CSV-injection advice says; Excel and LibreOffice
  then show the text instead of evaluating it;
- XLSX: the cell is typed as text (``data_type 's'``), never as a formula; the value
  keeps its characters, since a text cell is never evaluated.

Only ``str`` values are touched: a negative number is a number, not text.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """``value`` with an apostrophe in front if it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def defuse_column(column: pd.Series) -> pd.Series:
    """The column with every formula-like text cell escaped (vectorised for big exports)."""
    if column.dtype != object and not isinstance(column.dtype, pd.StringDtype):
        return column
    risky = column.str.startswith(FORMULA_START, na=False).astype(bool)
    if not risky.any():
        return column
    out = column.copy()
    out[risky] = "'" + column[risky].astype(str)
    return out


def defuse_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for a CSV file: text cells and text column names escaped."""
    out = frame.copy()
    out.columns = [defuse(c) for c in frame.columns]
    for i in range(out.shape[1]):
        out.isetitem(i, defuse_column(out.iloc[:, i]))
    return out


def text_as_text(cells: Iterable) -> None:
    """Type every cell that openpyxl took for a formula as text instead.

    openpyxl makes any ``str`` starting with ``=`` a formula cell when it is assigned;
    the project writes no formulas, so each one found is data and becomes text.
    """
    for cell in cells:
        if getattr(cell, "data_type", None) == "f":
            cell.data_type = "s"
