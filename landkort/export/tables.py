"""The data behind a chart or table as a file a user opens in Excel.

Every file says where its numbers come from (and that demo numbers are simulated) in a
line above the table, uses Danish headers as given by the caller, and keeps numbers as
numbers: CSV with ``;`` and decimal comma (what Danish Excel expects), XLSX as real cells.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from landkort.export.cells import defuse_frame, text_as_text

SOURCE = "Kilde: Digitalt Landkort (KOMHEN-tælleugerne efter KL's metode)"
DEMO_NOTE = "OBS: simulerede demodata, ikke kommunernes rigtige registreringer"


def source_line(*, demo: bool, what: str = "", today: date | None = None) -> str:
    """One sentence saying where the numbers come from, for the top of a download."""
    parts = [SOURCE]
    if what:
        parts.append(what)
    parts.append(f"hentet {(today or date.today()).isoformat()}")
    if demo:
        parts.append(DEMO_NOTE)
    return ". ".join(parts) + "."


def to_csv(frame: pd.DataFrame, source: str) -> bytes:
    """UTF-8 with BOM, ``;``-separated, decimal comma; the source on the first line.

    Text a spreadsheet would evaluate (``=…``, ``+…``, ``-…``, ``@…``) gets an apostrophe.
    """
    body = defuse_frame(frame).to_csv(sep=";", index=False, decimal=",", lineterminator="\r\n")
    return ("\ufeff" + source + "\r\n" + body).encode("utf-8")


def to_xlsx(frame: pd.DataFrame, source: str, sheet: str = "Data") -> bytes:
    """One sheet: the source in A1, the table from row 3; text cells are text, never formulas."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False, startrow=2)
        worksheet = writer.sheets[sheet[:31]]
        worksheet["A1"] = source
        text_as_text(cell for row in worksheet.iter_rows() for cell in row)
    return buffer.getvalue()


def chart_file(frame: pd.DataFrame, source: str, fmt: str) -> bytes:
    """The frame as a file in ``fmt`` ('csv' or 'xlsx')."""
    return to_xlsx(frame, source) if fmt == "xlsx" else to_csv(frame, source)


def read_csv_download(data: bytes) -> pd.DataFrame:
    """Read a file made by :func:`to_csv` back (for tests and round trips)."""
    text = data.decode("utf-8-sig")
    return pd.read_csv(io.StringIO(text.split("\r\n", 1)[1]), sep=";", decimal=",")
