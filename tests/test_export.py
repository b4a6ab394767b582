"""Export writes the long shape; importing an export into an empty database reproduces it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from landkort import reference as ref
from landkort import schema
from landkort.export.database import EXPORT_COLUMNS, export_frame
from tests import import_helpers
from tests.import_helpers import COLUMNS, GOOD_ROWS, fact_rows, run_cli, table_rows, write_csv

database = import_helpers.database  # the fixture, shared with the import tests

ODD_ENHED = [  # text that must survive CSV quoting and XLSX typing
    ["187", "E2012", 'Borger; "front"', "Pas", "Fejlhenvendelse", "ind", "CHAT", "5", "", ""],
    ["0187", "E2012", "1/2", "Pas", "Fejlhenvendelse", "ind", "SMSIND", "6", "6", ""],
    ["0187", "E2012", "0042", "Pas", "Fejlhenvendelse", "ind", "EMLIND", "7", "", "7"],
    ["0860", "E2016", "Ærø-kontoret", "Pas", "Fejlhenvendelse", "ud", "OUTPUTMGR", "0", "", ""],
]  # fmt: skip
WIDE_HEADER = COLUMNS[:6] + ["SLVBTJN", "Telefon", "Total"]
WIDE_ROWS = [["461", "F2014", "", "Flytning", "Oprettelse ny sag", "ind", "88", "12", "100"]]


@pytest.fixture
def filled(database: str, tmp_path: Path, capsys) -> str:
    files = [
        write_csv(tmp_path / "a.csv", GOOD_ROWS),
        write_csv(tmp_path / "b.csv", ODD_ENHED, sep=","),
        write_csv(tmp_path / "c.csv", WIDE_ROWS, header=WIDE_HEADER),
    ]
    status, _, err = run_cli(capsys, "import", *map(str, files))
    assert status == 0, err
    return database


def exported(capsys, path: Path, *args: str) -> Path:
    status, out, err = run_cli(capsys, "export", str(path), *args)
    assert status == 0, err
    assert str(path) in out
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_of_an_export_reproduces_the_database(filled, tmp_path, capsys, monkeypatch, suffix):
    first = exported(capsys, tmp_path / f"eksport1{suffix}")
    empty = f"sqlite:///{tmp_path / 'tom.db'}"
    monkeypatch.setenv("LANDKORT_DATABASE_URL", empty)
    status, _, err = run_cli(capsys, "import", str(first))
    assert status == 0, err
    second = exported(capsys, tmp_path / f"eksport2{suffix}")
    assert fact_rows(empty) == fact_rows(filled)
    assert len(fact_rows(empty)) == len(GOOD_ROWS) + len(ODD_ENHED) + 2
    assert table_rows(empty, schema.participation) == table_rows(filled, schema.participation)
    if suffix == ".csv":
        assert first.read_bytes() == second.read_bytes()
    else:
        assert sheet_values(first) == sheet_values(second)


def sheet_values(path: Path) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


def test_csv_is_what_danish_excel_opens(filled, tmp_path, capsys):
    path = exported(capsys, tmp_path / "eksport.csv")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(EXPORT_COLUMNS)
    assert "0187;E2011;;Pas;Råd/vejledning;ind;WEB;1234;;" in lines
    assert '0187;E2012;"Borger; ""front""";Pas;Fejlhenvendelse;ind;CHAT;5;;' in lines


def test_xlsx_keeps_text_as_text(filled, tmp_path, capsys):
    rows = sheet_values(exported(capsys, tmp_path / "eksport.xlsx"))
    assert rows[0] == EXPORT_COLUMNS
    enheder = {r[2] for r in rows[1:]}
    assert {"1/2", "0042", 'Borger; "front"'} <= enheder
    assert {r[0] for r in rows[1:]} == {"0101", "0187", "0461", "0860"}


def test_export_frame_shape_and_order(engine, filled):
    with engine.connect() as conn:
        frame = export_frame(conn)
    assert tuple(frame.columns) == EXPORT_COLUMNS
    assert frame["kommunekode"].tolist()[0] == "0101"
    order = [r.kode for r in ref.RUNDER]
    keys = [(k, order.index(r)) for k, r in zip(frame["kommunekode"], frame["runde"], strict=True)]
    assert keys == sorted(keys)
    row = frame[frame["kanal"] == "FJERNPRINT"].iloc[0]
    assert (row["retning"], row["antal"], row["med_blanket"]) == ("ud", 3, 1)
    assert pd.isna(row["straksafsluttet"])


def test_export_filters_by_runde_and_kommune(filled, tmp_path, capsys):
    path = exported(capsys, tmp_path / "e.csv", "--runde", "Forår 2013", "--kommune", "Vallensbæk")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1:] == [
        "0187;F2013;Jobcenter;Pas;Information om eksisterende sag;ind;TLFIND;15;15;0"
    ]
    path = exported(capsys, tmp_path / "k.csv", "--kommune", "0101")
    assert len(path.read_text(encoding="utf-8-sig").splitlines()) == 2


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--runde", "E2019", 'Ukendt runde "E2019"'),
     ("--kommune", "Valensbæk", 'Ukendt kommune "Valensbæk". Mente du "Vallensbæk"?')],
)  # fmt: skip
def test_unknown_filter_is_refused(filled, tmp_path, capsys, option, value, message):
    path = tmp_path / "e.csv"
    status, out, err = run_cli(capsys, "export", str(path), option, value)
    assert status == 1
    assert message in err
    assert not path.exists()
