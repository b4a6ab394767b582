"""Formula-like text never leaves as a live formula (issue 14, point 1): every CSV and XLSX
writer escapes it, whatever the database holds (the importer refuses such text, so these
tests put it into the database beneath the importer)."""

from __future__ import annotations

import base64
import csv
import io

import openpyxl
import pandas as pd
import pytest

from landkort.export import database as export_db
from landkort.export import files, tables
from landkort.export.cells import defuse, defuse_frame
from landkort.store import write_cells
from tests.example_cells import cells_frame

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
HARMLESS = ["Borgerservice", "a=b", "", "'=quoted"]


def _csv_cells(data: bytes, skip: int = 0) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return rows[skip:]


def _assert_csv_safe(cells: list[list[str]]) -> None:
    for row in cells:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)


@pytest.mark.parametrize("value", HOSTILE)
def test_defuse_escapes_formula_text(value):
    assert defuse(value) == "'" + value


@pytest.mark.parametrize("value", [*HARMLESS, -3, -2.5, None])
def test_defuse_leaves_other_values(value):
    assert defuse(value) == value


def test_chart_csv_escapes_text_and_keeps_negative_numbers():
    frame = pd.DataFrame({"Enhed": HOSTILE, "Ændring": [-40.0] * len(HOSTILE)})
    cells = _csv_cells(tables.to_csv(frame, "Kilde: test"), skip=2)
    assert [row[0] for row in cells] == ["'" + v for v in HOSTILE]
    assert {row[1] for row in cells} == {"-40,0"}  # a number, written as one


def test_chart_csv_escapes_column_names_built_from_data():
    frame = pd.DataFrame({'=HYPERLINK("x")': [1]})
    assert _csv_cells(tables.to_csv(frame, "Kilde: test"), skip=1)[0] == ['\'=HYPERLINK("x")']


def test_defuse_frame_does_not_touch_the_caller_frame():
    frame = pd.DataFrame({"Enhed": ["=1"]})
    defuse_frame(frame)
    assert frame["Enhed"].tolist() == ["=1"]


def test_chart_xlsx_writes_formula_text_as_text():
    frame = pd.DataFrame({"Enhed": HOSTILE, "Ændring": [-40.0] * len(HOSTILE)})
    sheet = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(frame, "=Kilde"))).active
    assert sheet["A1"].data_type == "s"
    rows = list(sheet.iter_rows(min_row=4))
    # XML stores a CR as a line feed; the text is otherwise kept as it was.
    assert [row[0].value for row in rows] == [v.replace("\r", "\n") for v in HOSTILE]
    assert {row[0].data_type for row in rows} == {"s"}
    assert {row[1].value for row in rows} == {-40.0} and {row[1].data_type for row in rows} == {"n"}


# The interchange export: CLI, files kept per version and the API.

HOSTILE_ENHED = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(engine):
    rows = [
        (187, 2, HOSTILE_ENHED, 5, 1, "ind", 1, 7, None, None),
        (187, 2, "@SUM(A1)", 5, 1, "ind", 2, 3, 3, None),
        (187, 2, "", 5, 1, "ind", 1, 4, None, 2),
    ]
    with engine.begin() as conn:
        write_cells(conn, cells_frame(rows))
    return engine


def test_interchange_csv_escapes_enhed(hostile, tmp_path):
    with hostile.connect() as conn:
        frame = export_db.export_frame(conn)
    path = tmp_path / "x.csv"
    export_db.write_csv(frame, path)
    cells = _csv_cells(path.read_bytes(), skip=1)
    _assert_csv_safe(cells)
    assert sorted(row[2] for row in cells) == ["", "'" + HOSTILE_ENHED, "'@SUM(A1)"]
    assert frame["enhed"].tolist().count(HOSTILE_ENHED) == 1  # the frame itself is unchanged


def test_interchange_xlsx_writes_enhed_as_text(hostile, tmp_path):
    with hostile.connect() as conn:
        frame = export_db.export_frame(conn)
    path = tmp_path / "x.xlsx"
    export_db.write_xlsx(frame, path)
    sheet = openpyxl.load_workbook(path).active
    enheder = {row[2].value: row[2].data_type for row in sheet.iter_rows(min_row=2)}
    assert enheder[HOSTILE_ENHED] == "s" and enheder["@SUM(A1)"] == "s"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_api_export_escapes_formula_text(hostile, db_url, tmp_path, monkeypatch, fmt):
    from app import create_app

    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    client = create_app(db_url).server.test_client()
    response = client.get(f"/api/v1/eksport?format={fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        cells = _csv_cells(response.data, skip=1)
        _assert_csv_safe(cells)
        assert "'" + HOSTILE_ENHED in {row[2] for row in cells}
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
        assert "f" not in {c.data_type for c in cells}
        assert HOSTILE_ENHED in {c.value for c in cells}


def test_export_file_escapes_formula_text(hostile, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    with hostile.connect() as conn:
        path = files.export_file(conn, "csv", None, None)
    _assert_csv_safe(_csv_cells(path.read_bytes(), skip=1))


def test_cli_export_escapes_formula_text(hostile, db_url, tmp_path, monkeypatch, capsys):
    from landkort.cli import main

    monkeypatch.setenv("LANDKORT_DATABASE_URL", db_url)
    path = tmp_path / "ud.csv"
    assert main(["export", str(path)]) == 0
    _assert_csv_safe(_csv_cells(path.read_bytes(), skip=1))


def test_kommune_enhed_chart_download_escapes_the_enhed(hostile):
    from callbacks.charts import chart_download
    from layouts.pages import PAGES, page
    from layouts.registry import find_page

    entry = page("kommune")
    found, values = find_page(PAGES, "/kommune/0187")
    with hostile.connect() as conn:
        view = found.view(conn, values, "?runde=F2012")
    data = base64.b64decode(chart_download(hostile, entry, view, "enhed", "csv")["content"])
    cells = _csv_cells(data, skip=2)
    _assert_csv_safe(cells)
    assert any(cell == "'" + HOSTILE_ENHED for row in cells for cell in row)
    xlsx = chart_download(hostile, entry, view, "enhed", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx["content"]))).active
    found_cells = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE_ENHED]
    assert found_cells and {c.data_type for c in found_cells} == {"s"}
