"""Every class of bad input: exit status 1, a message naming file, row, column and value,
and the database left byte for byte as it was."""

from __future__ import annotations

import codecs

import pytest
from openpyxl import Workbook

from tests import import_helpers
from tests.import_helpers import (
    COLUMNS,
    ROW,
    assert_refused,
    csv_text,
    with_value,
    with_values,
    write_csv,
)

database = import_helpers.database  # the fixtures, shared with the other import tests
seeded = import_helpers.seeded

# --- unknown values, with suggestions for near-misses ---------------------------------

UNKNOWN = [
    ("kommunekode", "9999", "ukendt kommune", None),
    ("kommunekode", "Valensbæk", "ukendt kommune", 'Mente du "Vallensbæk"?'),
    ("runde", "E2019", "ukendt runde", None),
    ("runde", "Forår 2010", "ukendt runde", None),
    ("opgave", "Flytnng", "ukendt opgave", 'Mente du "Flytning"?'),
    ("henvendelsestype", "Oprettelse ny sg", "ukendt henvendelsestype",
     'Mente du "Oprettelse ny sag"?'),
    ("retning", "indad", "ukendt retning", None),
    ("kanal", "Telefn", "ukendt kanal", 'Mente du "Telefon"?'),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "explanation", "hint"), UNKNOWN)
def test_unknown_value_is_refused_with_a_suggestion(
    seeded, tmp_path, capsys, column, value, explanation, hint
):
    path = write_csv(
        tmp_path / "lk.csv", [ROW, ROW[:6] + ["TLFIND"] + ROW[7:], with_value(column, value)]
    )
    err = assert_refused(
        capsys, seeded, path, f'lk.csv, række 4, kolonne "{column}", værdi "{value}": {explanation}'
    )
    if hint:
        assert hint in err


def test_missing_required_value_is_refused(seeded, tmp_path, capsys):
    path = write_csv(tmp_path / "lk.csv", [with_value("opgave", "")])
    assert_refused(capsys, seeded, path, 'række 2, kolonne "opgave", værdi ""', "opgave mangler")


# --- channels in the wrong direction ----------------------------------------------------

WRONG_DIRECTION = [
    ("SLVBTJN", "ud", "Oprettelse ny sag", "kun for indgående"),
    ("Selvbetjening", "udgående", "Oprettelse ny sag", "kun for indgående"),
    ("Hjemmeside", "ud", "Råd/vejledning", "kun for indgående"),
    ("Fjernprint", "ind", "Oprettelse ny sag", "kun for udgående"),
    ("OUTPUTMGR", "ind", "Oprettelse ny sag", "kun for udgående"),
    ("WEB", "ind", "Oprettelse ny sag", "kun til informationshenvendelser"),
]


@pytest.mark.parametrize(("kanal", "retning", "henvendelsestype", "explanation"), WRONG_DIRECTION)
def test_channel_in_the_wrong_direction_is_refused(
    seeded, tmp_path, capsys, kanal, retning, henvendelsestype, explanation
):
    row = with_values(kanal=kanal, retning=retning, henvendelsestype=henvendelsestype)
    path = write_csv(tmp_path / "lk.csv", [row])
    assert_refused(capsys, seeded, path, f'række 2, kolonne "kanal", værdi "{kanal}"', explanation)


# --- counts -----------------------------------------------------------------------------

BAD_COUNTS = [
    ("antal", "-3", "kan ikke være negativt"),
    ("antal", "1,5", "skal være et helt tal"),
    ("antal", "2.5", "skal være et helt tal"),
    ("antal", "abc", "skal være et helt tal"),
    ("antal", "", "antal mangler"),
    ("antal", "99999999999", "for stort"),
    ("antal", "49%", "procent"),
    ("antal", "49 %", "procent"),
    ("straksafsluttet", "-1", "kan ikke være negativt"),
    ("straksafsluttet", "13", "straksafsluttet (13) er større end antal (12)"),
    ("med_blanket", "13", "med_blanket (13) er større end antal (12)"),
    ("med_blanket", "1.5", "skal være et helt tal"),
    ("med_blanket", "30%", "procent"),
]


@pytest.mark.parametrize(("column", "value", "explanation"), BAD_COUNTS)
def test_bad_count_is_refused(seeded, tmp_path, capsys, column, value, explanation):
    path = write_csv(tmp_path / "lk.csv", [with_value(column, value)])
    assert_refused(
        capsys, seeded, path, f'lk.csv, række 2, kolonne "{column}", værdi "{value}"', explanation
    )


def test_percent_explains_that_the_format_carries_counts(seeded, tmp_path, capsys):
    path = write_csv(tmp_path / "lk.csv", [with_value("antal", "49%")])
    assert_refused(capsys, seeded, path, "formatet indeholder antal henvendelser, ikke andele")


# --- the same cell twice ----------------------------------------------------------------


def test_the_same_cell_twice_names_both_rows(seeded, tmp_path, capsys):
    other = with_value("kanal", "TLFIND")
    # Row 4 repeats row 2 in other spellings: name vs code, 187 vs 0187, 2011 vs E2011.
    again = with_values(kommunekode="Vallensbæk Kommune", runde="2011", kanal="Selvbetjening")
    path = write_csv(tmp_path / "lk.csv", [ROW, other, again])
    assert_refused(
        capsys, seeded, path, 'lk.csv, række 4, kolonne "kanal", værdi "Selvbetjening"',
        "samme celle", "som række 2",
    )  # fmt: skip


def test_the_same_wide_row_twice_names_both_rows(seeded, tmp_path, capsys):
    header = COLUMNS[:6] + ["SLVBTJN", "TLFIND"]
    row = ROW[:6] + ["1", "2"]
    path = write_csv(tmp_path / "wide.csv", [row, row], header=header)
    assert_refused(capsys, seeded, path, "række 3", "som række 2")


# --- encodings --------------------------------------------------------------------------


def test_utf16_is_refused(seeded, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + csv_text([ROW]).encode("utf-16-le"))
    assert_refused(capsys, seeded, path, "række 1", 'værdi "0xFF 0xFE"', "UTF-16")


def test_nul_bytes_are_refused(seeded, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    text = csv_text([ROW, with_value("enhed", "Borger\x00service")])
    path.write_bytes(text.encode("utf-8"))
    assert_refused(capsys, seeded, path, "række 3", 'kolonne "enhed"', 'værdi "Borger', "nul-bytes")


def test_byte_undefined_in_windows_1252_is_refused(seeded, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    text = csv_text([ROW, with_value("enhed", "Rådhus")]).encode("cp1252")
    path.write_bytes(text.replace("Rådhus".encode("cp1252"), b"R\x81dhus"))
    assert_refused(
        capsys,
        seeded,
        path,
        "række 3",
        'kolonne "enhed"',
        "0x81",
        "hverken UTF-8 eller Windows-1252",
    )


def test_mixed_utf8_and_windows_1252_is_refused(seeded, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    good = csv_text([with_value("enhed", "Rådhus")]).encode("utf-8")
    bad = ";".join(with_value("enhed", "Kørekort")).encode("cp1252") + b"\r\n"
    path.write_bytes(good + bad)
    assert_refused(capsys, seeded, path, "række 3", 'kolonne "enhed"', "blander to tegnsæt")


# --- empty files and missing columns ----------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", codecs.BOM_UTF8, b"   "])
def test_empty_file_is_refused(seeded, tmp_path, capsys, content):
    path = tmp_path / "tom.csv"
    path.write_bytes(content)
    assert_refused(capsys, seeded, path, "tom.csv: filen er tom")


def test_header_without_rows_is_refused(seeded, tmp_path, capsys):
    path = write_csv(tmp_path / "lk.csv", [])
    assert_refused(capsys, seeded, path, "ingen datarækker")


@pytest.mark.parametrize("missing", ["kommunekode", "runde", "opgave", "henvendelsestype",
                                     "retning", "kanal", "antal"])  # fmt: skip
def test_missing_column_is_refused(seeded, tmp_path, capsys, missing):
    keep = [i for i, c in enumerate(COLUMNS) if c != missing]
    header = [COLUMNS[i] for i in keep]
    path = write_csv(tmp_path / "lk.csv", [[ROW[i] for i in keep]], header=header)
    assert_refused(capsys, seeded, path, f'lk.csv, række 1, kolonne "{missing}": kolonnen mangler')


def test_unknown_column_is_refused_with_a_suggestion(seeded, tmp_path, capsys):
    header = [*COLUMNS[:8], "straksafslutet", COLUMNS[9]]
    path = write_csv(tmp_path / "lk.csv", [ROW], header=header)
    assert_refused(
        capsys, seeded, path, 'række 1, kolonne "straksafslutet"', "ukendt kolonne",
        'Mente du "straksafsluttet"?',
    )  # fmt: skip


def test_row_with_too_many_fields_is_refused(seeded, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    path.write_text(csv_text([ROW]) + ";".join(ROW) + ";ekstra\r\n", encoding="utf-8")
    assert_refused(capsys, seeded, path, "række 3", "11 felter", "overskriften har 10")


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_without_a_sheet_with_the_header_is_refused(seeded, tmp_path, capsys):
    book = Workbook()
    book.active.title = "Vejledning"
    book.active.append(["Sådan udfylder du skemaet"])
    data = book.create_sheet("Data")
    data.append(["kommunekode", "runde", "opgave"])
    data.append([187, "E2011", "Flytning"])
    path = tmp_path / "lk.xlsx"
    book.save(path)
    assert_refused(
        capsys, seeded, path, 'lk.xlsx, ark "Data", række 1, kolonne "henvendelsestype": kolonnen'
    )


def test_xlsx_extra_sheets_do_not_hide_a_bad_row(seeded, tmp_path, capsys):
    book = Workbook()
    book.active.title = "Noter"
    book.active.append(["Tal fra tælleugen"])
    data = book.create_sheet("Data")
    data.append(COLUMNS)
    data.append(with_value("kanal", "Telefn"))
    book.create_sheet("Pivot").append(["kommunekode", "noget andet"])
    path = tmp_path / "lk.xlsx"
    book.save(path)
    assert_refused(
        capsys, seeded, path, 'ark "Data", række 2, kolonne "kanal", værdi "Telefn"', "Telefon"
    )


def test_xlsx_percent_formatted_cell_is_refused(seeded, tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append(ROW[:7] + [0.49, None, None])
    sheet["H2"].number_format = "0%"
    path = tmp_path / "lk.xlsx"
    book.save(path)
    assert_refused(capsys, seeded, path, 'række 2, kolonne "antal", værdi "49%"', "procent")


def test_not_really_xlsx_is_refused(seeded, tmp_path, capsys):
    path = tmp_path / "lk.xlsx"
    path.write_bytes(b"PK\x03\x04 this is no workbook")
    assert_refused(capsys, seeded, path, "ikke et helt zip-arkiv, så den er beskadiget")


# --- wide shape -------------------------------------------------------------------------

WIDE_HEADER = COLUMNS[:6] + ["SLVBTJN", "Telefon", "Papirpost", "Total"]


def test_wide_total_that_does_not_add_up_is_refused(seeded, tmp_path, capsys):
    rows = [ROW[:6] + ["10", "5", "", "15"], ROW[:3] + ["Pas"] + ROW[4:6] + ["10", "5", "1", "17"]]
    path = write_csv(tmp_path / "bred.csv", rows, header=WIDE_HEADER)
    assert_refused(
        capsys, seeded, path, 'bred.csv, række 3, kolonne "Total", værdi "17"',
        "svarer ikke til summen af kanalerne (16)",
    )  # fmt: skip


def test_wide_count_in_a_column_of_the_other_direction_is_refused(seeded, tmp_path, capsys):
    rows = [with_value("retning", "ud")[:6] + ["0", "5", "", ""]]
    path = write_csv(tmp_path / "bred.csv", rows, header=WIDE_HEADER)
    assert_refused(
        capsys, seeded, path, 'række 2, kolonne "SLVBTJN", værdi "0"', "kun for indgående"
    )


def test_wide_percent_is_refused(seeded, tmp_path, capsys):
    path = write_csv(tmp_path / "bred.csv", [ROW[:6] + ["49%", "51%", "", ""]], header=WIDE_HEADER)
    assert_refused(capsys, seeded, path, 'kolonne "SLVBTJN", værdi "49%"', "procent")


def test_wide_unknown_channel_column_is_refused(seeded, tmp_path, capsys):
    header = COLUMNS[:6] + ["SLVBTJN", "Telefn"]
    path = write_csv(tmp_path / "bred.csv", [ROW[:6] + ["1", "2"]], header=header)
    assert_refused(capsys, seeded, path, 'række 1, kolonne "Telefn"', 'Mente du "Telefon"?')


# --- several files and many problems ----------------------------------------------------


def test_one_bad_file_stops_every_file(seeded, tmp_path, capsys):
    good = write_csv(tmp_path / "god.csv", [with_value("antal", "999")])
    bad = write_csv(tmp_path / "lk.csv", [with_value("kanal", "Telefn")])
    assert_refused(capsys, seeded, bad, "række 2", files=[str(good), str(bad)])


def test_many_problems_are_listed_up_to_a_limit(seeded, tmp_path, capsys):
    rows = [with_values(enhed=f"Enhed {i}", antal="-1") for i in range(250)]
    path = write_csv(tmp_path / "lk.csv", rows)
    err = assert_refused(capsys, seeded, path, "række 201,", "… og 50 flere problemer")
    assert "række 202," not in err


def test_missing_file_is_refused(seeded, tmp_path, capsys):
    assert_refused(capsys, seeded, tmp_path / "findes-ikke.csv", "filen findes ikke")


def test_row_numbers_count_blank_lines_as_excel_does(seeded, tmp_path, capsys):
    path = tmp_path / "lk.csv"
    text = csv_text([ROW]) + "\r\n;;;;;;;;;\r\n" + ";".join(with_value("kanal", "Telefn")) + "\r\n"
    path.write_text(text, encoding="utf-8")
    assert_refused(capsys, seeded, path, 'lk.csv, række 5, kolonne "kanal", værdi "Telefn"')
