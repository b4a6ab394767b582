"""Hostile and careless files (issue 14): every one is refused with exit status 1 and a
Danish message naming the file (and row, column and value where there is one), never a
traceback, and the database is left byte for byte as it was."""

from __future__ import annotations

import pytest

from landkort import lookup
from tests import import_helpers
from tests.import_helpers import write_csv
from tests.test_import_bad import assert_refused, seeded, with_value

database = import_helpers.database  # the fixtures, shared with the other import tests
__all__ = ["database", "seeded"]

# --- digits that are not ASCII digits ---------------------------------------------------

NOT_ASCII_DIGITS = ["²", "³", "①", "¹⁸⁷", "٠١٨٧", "１８７", "0187²", "1" * 5000]


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS)
def test_lookup_returns_none_for_digits_that_are_not_ascii(text):
    assert lookup.resolve_kommune(text) is None
    assert lookup.resolve_opgave(text) is None
    assert lookup.resolve_runde(text) is None
    assert lookup.resolve_runde(f"E{text}") is None
    assert lookup.ascii_int(text) is None


def test_lookup_still_reads_ascii_numbers():
    assert lookup.resolve_kommune(" 0187 ") == 187
    assert lookup.resolve_kommune("101") == 101
    assert lookup.resolve_opgave("5") == 5
    assert lookup.resolve_runde("2011") == lookup.resolve_runde("E2011")
    assert lookup.ascii_int("0042") == 42


@pytest.mark.parametrize(
    ("column", "explanation"),
    [
        ("kommunekode", "ukendt kommune"),
        ("opgave", "ukendt opgave"),
        ("runde", "ukendt runde"),
        ("antal", "antal skal være et helt tal"),
        ("straksafsluttet", "straksafsluttet skal være et helt tal"),
    ],
)
def test_superscript_two_is_refused_not_a_traceback(seeded, tmp_path, capsys, column, explanation):
    path = write_csv(tmp_path / "lk.csv", [with_value(column, "²")])
    err = assert_refused(
        capsys, seeded, path, f'lk.csv, række 2, kolonne "{column}", værdi "²": {explanation}'
    )
    assert "Traceback" not in err
