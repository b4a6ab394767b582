"""Good files in every accepted form, upserts, --replace, --dry-run and the import log."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from landkort import reference as ref
from landkort import schema
from landkort.importer import import_files
from tests import import_helpers
from tests.import_helpers import (
    COLUMNS,
    GOOD_ROWS,
    fact_rows,
    run_cli,
    snapshot,
    table_rows,
    write_csv,
)

database = import_helpers.database  # the fixture, shared with the other import tests

KANAL = {k.kode: k.id for k in ref.KANALER}
RUNDE = {r.kode: r.id for r in ref.RUNDER}
OPGAVE = {o.navn: o.id for o in ref.OPGAVER}
TYPE = {h.navn: h.id for h in ref.HENVENDELSESTYPER}

# GOOD_ROWS as stored: (kommune, runde, enhed, opgave, type, retning, kanal, antal, straks, blanket)
EXPECTED = sorted([
    (187, RUNDE["E2011"], "Borgerservice", OPGAVE["Flytning"], TYPE["Oprettelse ny sag"], "ind",
     KANAL["SLVBTJN"], 120, 100, 30),
    (187, RUNDE["E2011"], "Borgerservice", OPGAVE["Flytning"], TYPE["Oprettelse ny sag"], "ind",
     KANAL["TLFIND"], 40, 35, None),
    (187, RUNDE["E2011"], "", OPGAVE["Pas"], TYPE["Råd/vejledning"], "ind", KANAL["WEB"], 1234,
     None, None),
    (187, RUNDE["E2011"], "", OPGAVE["Pas"], TYPE["Råd/vejledning"], "ud", KANAL["DOCUD"], 7,
     None, None),
    (187, RUNDE["F2013"], "Jobcenter", OPGAVE["Pas"], TYPE["Information om eksisterende sag"],
     "ind", KANAL["TLFIND"], 15, 15, 0),
    (101, RUNDE["E2011"], "", OPGAVE["Sundhedskort (gult)"],
     TYPE["Ændring status, eksisterende sag"], "ud", KANAL["FJERNPRINT"], 3, None, 1),
])  # fmt: skip


def imported(capsys, *args: str) -> str:
    status, out, err = run_cli(capsys, "import", *args)
    assert status == 0, err
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_in_every_encoding_and_separator(database, tmp_path, capsys, encoding, sep):
    rows = [[f'"{v}"' if sep in v else v for v in row] for row in GOOD_ROWS]
    path = write_csv(tmp_path / "lk.csv", rows, sep=sep, encoding=encoding)
    out = imported(capsys, str(path))
    assert out.strip() == "lk.csv: 6 rækker, 6 nye, 0 ændrede, 0 uændrede"
    assert fact_rows(database) == EXPECTED


def test_header_spellings_and_names_or_codes(database, tmp_path, capsys):
    header = [" Kommunekode", "RUNDE", "Enhed ", "opgave", "Henvendelsestype", "retning",
              "Kanal", "Antal", "Straksafsluttet", "Med blanket"]  # fmt: skip
    rows = [
        ["Vallensbæk Kommune", "e2011", " Borgerservice ", " flytning ", "oprettelse  ny sag",
         "Indgående", "Selvbetjening", "120", "100", "30"],
        ["vallensbaek", "Efterår 2011", "Borgerservice", "Flytning", "Oprettelse ny sag", "IND",
         "tlfind", "40", "35", ""],
        ["187", "2011", "", "Pas", "Raad/vejledning", "ind", "Hjemmeside", "1.234", "", ""],
        ["0187", "E2011", "", "PAS", "Råd/vejledning", "udgaaende", "Digital post", "7", "", ""],
        ["187", "F2013", "Jobcenter", "Pas", "Information om eksisterende sag", "ind",
         "Telefon", "15", "15", "0"],
        ["København", "E2011", "", "Sundhedskort (gult)", "Ændring status, eksisterende sag",
         "ud", "FJERNPRINT", "3", "", "1"],
    ]  # fmt: skip
    path = write_csv(tmp_path / "lk.csv", rows, header=header)
    imported(capsys, str(path))
    assert fact_rows(database) == EXPECTED


def test_optional_columns_may_be_left_out(database, tmp_path, capsys):
    header = COLUMNS[:2] + COLUMNS[3:8]  # no enhed, straksafsluttet or med_blanket
    rows = [r[:2] + r[3:8] for r in GOOD_ROWS[2:4]]
    imported(capsys, str(write_csv(tmp_path / "lk.csv", rows, header=header)))
    assert [r[2] for r in fact_rows(database)] == ["", ""]
    assert {r[8:] for r in fact_rows(database)} == {(None, None)}


def test_blank_lines_are_skipped(database, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    lines = [";".join(COLUMNS), "", ";".join(GOOD_ROWS[0]), ";;;;;;;;;", ";".join(GOOD_ROWS[1])]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert "2 rækker, 2 nye" in imported(capsys, str(path))


def test_xlsx_first_sheet_with_the_header_is_read(database, tmp_path, capsys):
    book = Workbook()
    book.active.title = "Vejledning"
    book.active.append(["Udfyld arket Data"])
    data = book.create_sheet("Data")
    data.append(COLUMNS)
    for row in GOOD_ROWS:
        values = [int(v) if v.isdigit() else v for v in row]  # numbers as Excel numbers
        values[COLUMNS.index("antal")] = float(row[7].replace(".", ""))  # 1234.0 is 1234
        data.append(values)
    book.create_sheet("Data (gammel)").append(COLUMNS)
    path = tmp_path / "lk.xlsx"
    book.save(path)
    out = imported(capsys, str(path))
    assert "6 rækker, 6 nye" in out
    assert 'ark "Data" læst' in out
    assert '"Vejledning", "Data (gammel)"' in out
    assert fact_rows(database) == EXPECTED


WIDE_HEADER = COLUMNS[:6] + ["SLVBTJN", "Telefon", "Papirpost", "Hjemmeside", "DOCUD", "I alt"]


def test_wide_shape(database, tmp_path, capsys):
    rows = [
        ["187", "E2011", "", "Flytning", "Oprettelse ny sag", "ind", "10", "0", "", "", "", "10"],
        ["187", "E2011", "", "Flytning", "Oprettelse ny sag", "ud", "", "1.000", "4", "", "2",
         "1.006"],
        ["187", "E2011", "", "Pas", "Råd/vejledning", "ind", "", "", "", "9", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "bred.csv", rows, header=WIDE_HEADER)
    out = imported(capsys, str(path))
    assert out.strip() == "bred.csv: 3 rækker (6 celler), 6 nye, 0 ændrede, 0 uændrede"
    key = (187, RUNDE["E2011"], "")
    flyt, ny, pas, raad = OPGAVE["Flytning"], TYPE["Oprettelse ny sag"], OPGAVE["Pas"], TYPE[
        "Råd/vejledning"
    ]  # fmt: skip
    assert fact_rows(database) == sorted([
        (*key, flyt, ny, "ind", KANAL["SLVBTJN"], 10, None, None),
        (*key, flyt, ny, "ind", KANAL["TLFIND"], 0, None, None),  # 0 is stored, empty is not
        (*key, flyt, ny, "ud", KANAL["TLFUD"], 1000, None, None),
        (*key, flyt, ny, "ud", KANAL["PPRUD"], 4, None, None),
        (*key, flyt, ny, "ud", KANAL["DOCUD"], 2, None, None),
        (*key, pas, raad, "ind", KANAL["WEB"], 9, None, None),
    ])  # fmt: skip


def test_reimport_changes_nothing(database, tmp_path, capsys):
    path = write_csv(tmp_path / "lk.csv", GOOD_ROWS)
    imported(capsys, str(path))
    facts = fact_rows(database)
    out = imported(capsys, str(path))
    assert out.strip() == "lk.csv: 6 rækker, 0 nye, 0 ændrede, 6 uændrede"
    assert fact_rows(database) == facts


def test_changed_values_are_counted_as_changed(database, tmp_path, capsys):
    imported(capsys, str(write_csv(tmp_path / "lk.csv", GOOD_ROWS)))
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][7] = "121"  # antal
    rows[1][9] = "5"  # med_blanket from NULL to 5
    rows[5][9] = ""  # med_blanket from 1 to NULL
    rows.append(["0187", "E2012", "", "Pas", "Fejlhenvendelse", "ind", "CHAT", "2", "", ""])
    out = imported(capsys, str(write_csv(tmp_path / "lk2.csv", rows)))
    assert out.strip() == "lk2.csv: 7 rækker, 1 ny, 3 ændrede, 3 uændrede"
    values = {(r[1], r[6]): r[7:] for r in fact_rows(database)}
    e2011 = RUNDE["E2011"]
    assert values[(e2011, KANAL["SLVBTJN"])] == (121, 100, 30)
    assert values[(e2011, KANAL["TLFIND"])] == (40, 35, 5)
    assert values[(e2011, KANAL["FJERNPRINT"])] == (3, None, None)
    assert values[(RUNDE["E2012"], KANAL["CHAT"])] == (2, None, None)


def test_replace_removes_cells_of_touched_slices_only(database, tmp_path, capsys):
    imported(capsys, str(write_csv(tmp_path / "lk.csv", GOOD_ROWS)))
    only = [GOOD_ROWS[0]]  # touches (187, E2011); (187, F2013) and (101, E2011) stay
    out = imported(capsys, "--replace", str(write_csv(tmp_path / "ny.csv", only)))
    assert out.strip() == "ny.csv: 1 række, 1 ny, 0 ændrede, 0 uændrede, 4 fjernede"
    facts = fact_rows(database)
    assert [f for f in facts if f[:2] == (187, RUNDE["E2011"])] == [EXPECTED_BY_KANAL["SLVBTJN"]]
    assert len([f for f in facts if f[:2] != (187, RUNDE["E2011"])]) == 2
    participation = table_rows(database, schema.participation)
    assert (187, RUNDE["F2013"]) in participation and (187, RUNDE["E2011"]) in participation


EXPECTED_BY_KANAL = {"SLVBTJN": next(r for r in EXPECTED if r[6] == KANAL["SLVBTJN"])}


def test_dry_run_writes_nothing(database, tmp_path, capsys):
    before = snapshot(database)
    path = write_csv(tmp_path / "lk.csv", GOOD_ROWS)
    status, out, _ = run_cli(capsys, "import", "--dry-run", str(path))
    assert status == 0
    assert "lk.csv: 6 rækker, ingen fejl (prøvekørsel: intet er skrevet)" in out
    assert snapshot(database) == before
    imported(capsys, str(path))
    assert snapshot(database) != before  # the snapshot does see a real import


def test_each_import_is_logged(database, tmp_path, capsys):
    path = write_csv(tmp_path / "lk.csv", GOOD_ROWS)
    imported(capsys, str(path))
    imported(capsys, "--replace", str(path))
    log = table_rows(database, schema.import_log)
    assert len(log) == 2
    cols = list(schema.import_log.c.keys())
    first, second = (dict(zip(cols, r, strict=True)) for r in log)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert first["kind"] == "import" and first["file_name"] == "lk.csv"
    assert first["sha256"] == second["sha256"] == digest
    assert (first["rows_read"], first["rows_added"], first["rows_changed"]) == (6, 6, 0)
    assert (first["rows_removed"], first["replace"]) == (0, False)
    assert (second["rows_added"], second["rows_removed"], second["replace"]) == (6, 6, True)
    assert first["imported_by"]
    at = first["imported_at"]
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5)


def test_several_files_are_each_written(database, tmp_path, capsys):
    a = write_csv(tmp_path / "a.csv", GOOD_ROWS[:3])
    b = write_csv(tmp_path / "b.csv", GOOD_ROWS[3:])
    out = imported(capsys, str(a), str(b))
    assert "a.csv: 3 rækker, 3 nye" in out and "b.csv: 3 rækker, 3 nye" in out
    assert fact_rows(database) == EXPECTED
    assert len(table_rows(database, schema.import_log)) == 2


def test_import_files_api_reports_per_file(engine, tmp_path):
    path = write_csv(tmp_path / "lk.csv", GOOD_ROWS)
    [report] = import_files(engine, [path], progress=False)
    assert report.ok and report.rows_read == 6
    assert report.result.rows_added == 6
    [again] = import_files(engine, [path], progress=False)
    assert (again.result.rows_added, again.result.rows_changed) == (0, 0)


def test_progress_bar_is_shown_on_request(tmp_path, capsys):
    path = write_csv(tmp_path / "lk.csv", GOOD_ROWS)
    [report] = import_files(None, [path], dry_run=True, progress=True)
    assert report.ok and report.result is None
    assert "lk.csv" in capsys.readouterr().err
    import_files(None, [path], dry_run=True)  # small file: no bar by default
    assert capsys.readouterr().err == ""


def test_a_good_file_after_a_bad_one_can_be_imported(database, tmp_path, capsys):
    bad = write_csv(tmp_path / "lk.csv", [GOOD_ROWS[0][:7] + ["x", "", ""]])
    assert run_cli(capsys, "import", str(bad))[0] == 1
    imported(capsys, str(write_csv(tmp_path / "lk.csv", GOOD_ROWS)))
    assert fact_rows(database) == EXPECTED


def test_path_objects_are_accepted(tmp_path: Path):
    path = write_csv(tmp_path / "lk.csv", GOOD_ROWS)
    [report] = import_files(None, [path, str(path)], dry_run=True, progress=False)[:1]
    assert report.cells == 6
