"""Downloads: source line, Danish CSV conventions, XLSX cells, and a lossless read-back."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd

from landkort.export.tables import read_csv_download, source_line, to_csv, to_xlsx

FRAME = pd.DataFrame(
    {"Kommune": ["Vallensbæk", "Ærø"], "Selvbetjeningsgrad": [0.493, 0.8125], "n": [851, 1234]}
)


def test_source_line_marks_demo_data():
    line = source_line(demo=True, what="Selvbetjeningsgrad, F2012", today=date(2026, 11, 22))
    assert line.startswith("Kilde: Digitalt Landkort")
    assert "F2012" in line and "2026-11-22" in line and "simulerede demodata" in line
    assert "simulerede" not in source_line(demo=False)


def test_csv_is_danish_excel_friendly_and_reads_back():
    data = to_csv(FRAME, "Kilde: test")
    text = data.decode("utf-8")
    assert text.startswith("\ufeffKilde: test\r\nKommune;Selvbetjeningsgrad;n\r\n")
    assert "Vallensbæk;0,493;851" in text
    back = read_csv_download(data)
    pd.testing.assert_frame_equal(back, FRAME)


def test_xlsx_has_the_source_and_real_numbers():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(FRAME, "Kilde: test", "Tal")))
    sheet = book["Tal"]
    assert sheet["A1"].value == "Kilde: test"
    assert [c.value for c in sheet[3]] == ["Kommune", "Selvbetjeningsgrad", "n"]
    assert sheet["B4"].value == 0.493 and sheet["C5"].value == 1234
