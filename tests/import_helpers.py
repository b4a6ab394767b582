"""Helpers shared by the importer and export tests: files, the CLI, database snapshots."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select

from landkort import cli, schema
from landkort.export.database import EXPORT_COLUMNS

COLUMNS = list(EXPORT_COLUMNS)  # the long shape, as export writes it

# A small valid long file: two kommuner, three rounds, units, NULLs, both directions.
GOOD_ROWS = [
    line.split(";")
    for line in """\
0187;E2011;Borgerservice;Flytning;Oprettelse ny sag;ind;SLVBTJN;120;100;30
0187;E2011;Borgerservice;Flytning;Oprettelse ny sag;ind;TLFIND;40;35;
0187;E2011;;Pas;Råd/vejledning;ind;WEB;1.234;;
0187;E2011;;Pas;Råd/vejledning;ud;DOCUD;7;;
Vallensbæk;Forår 2013;Jobcenter;Pas;Information om eksisterende sag;indgående;Telefon;15;15;0
101;2011;;Sundhedskort (gult);Ændring status, eksisterende sag;udgående;Fjernprint;3;;1
""".splitlines()
]


def csv_text(rows: list[list[str]], sep: str = ";", header: list[str] | None = None) -> str:
    lines = [sep.join(header or COLUMNS)] + [sep.join(r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def write_csv(path: Path, rows: list[list[str]], sep: str = ";", encoding: str = "utf-8",
              header: list[str] | None = None) -> Path:  # fmt: skip
    path.write_bytes(csv_text(rows, sep, header).encode(encoding))
    return path


def run_cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run ``python -m landkort ARGS`` in-process; return (status, stdout, stderr)."""
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def fact_rows(url: str) -> list[tuple]:
    """Every fact as (kommune, runde, enhed name, opgave, type, retning, kanal, values...)."""
    engine = create_engine(url)
    f, e = schema.fact, schema.enhed
    stmt = select(
        f.c.kommune_kode, f.c.runde_id, e.c.navn, f.c.opgave_id, f.c.henvendelsestype_id,
        f.c.retning, f.c.kanal_id, f.c.antal, f.c.straksafsluttet, f.c.med_blanket,
    ).join(e, e.c.id == f.c.enhed_id)  # fmt: skip
    try:
        with engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(stmt))
    finally:
        engine.dispose()


def table_rows(url: str, table) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(select(table)))
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, object]:
    """The database as bytes on disk (SQLite file and WAL) plus its facts and import log."""
    state: dict[str, object] = {
        "facts": fact_rows(url),
        "log": table_rows(url, schema.import_log),
    }
    path = sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal"):
            file = Path(f"{path}{suffix}")
            state[f"sha256{suffix}"] = (
                hashlib.sha256(file.read_bytes()).hexdigest() if file.exists() else None
            )
    return state


@pytest.fixture
def database(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An initialised database the CLI uses (LANDKORT_DATABASE_URL), engine disposed."""
    engine.dispose()
    monkeypatch.setenv("LANDKORT_DATABASE_URL", db_url)
    return db_url


ROW = ["0187", "E2011", "", "Flytning", "Oprettelse ny sag", "ind", "SLVBTJN", "12", "3", "2"]


def with_value(column: str, value: str, row: list[str] = ROW) -> list[str]:
    changed = list(row)
    changed[COLUMNS.index(column)] = value
    return changed


def with_values(**values: str) -> list[str]:
    row = list(ROW)
    for column, value in values.items():
        row[COLUMNS.index(column)] = value
    return row


@pytest.fixture
def seeded(database: str, tmp_path: Path, capsys) -> str:
    """A database that already holds the good rows, so 'unchanged' is not trivially true."""
    good = write_csv(tmp_path / "good.csv", GOOD_ROWS)
    status, _, err = run_cli(capsys, "import", str(good))
    assert status == 0, err
    return database


def assert_refused(capsys, url: str, path: Path, *expected: str, files=None) -> str:
    """Import ``path``; assert status 1, the expected text, and an untouched database."""
    before = snapshot(url)
    status, out, err = run_cli(capsys, "import", *(files or [str(path)]))
    assert status == 1
    assert out == ""
    for text in (path.name, *expected):
        assert text in err, f"{text!r} not in:\n{err}"
    assert "Intet er indlæst" in err
    assert "Traceback" not in err
    assert snapshot(url) == before
    return err


# --- XLSX files, built and then taken apart ----------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    """A workbook as openpyxl writes it: one sheet, the header, then the rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header or COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezipped(raw: bytes, changes: dict[str, Callable[[bytes], bytes] | bytes | None]) -> bytes:
    """The same zip archive with some parts changed (a function or new bytes) or removed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            change = changes.get(info.filename, data)
            if change is None:
                continue
            data = change(data) if callable(change) else change
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
