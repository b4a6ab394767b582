"""Export: the database's cells in the interchange format's long shape.

The output is what the importer reads, so importing an export into an empty database
reproduces it. CSV is written as UTF-8 with BOM and ``;`` so Danish Excel opens it
directly; ``.xlsx`` gives a workbook with one sheet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from landkort import lookup, schema
from landkort.export.cells import defuse_column

EXPORT_COLUMNS = (
    "kommunekode",
    "runde",
    "enhed",
    "opgave",
    "henvendelsestype",
    "retning",
    "kanal",
    "antal",
    "straksafsluttet",
    "med_blanket",
)
_TEXT_COLUMNS = EXPORT_COLUMNS[: len(schema.FACT_KEY)]  # the key columns, written as text
_NUMBER_COLUMNS = EXPORT_COLUMNS[len(schema.FACT_KEY) :]
_XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header


def export_frame(conn: Connection, runde: int | None = None, kommune: int | None = None):
    """The long shape as a DataFrame, sorted by the reference order of every key.

    ``runde`` is a runde id and ``kommune`` a kommunekode (resolve user text with
    ``landkort.lookup`` first). straksafsluttet and med_blanket are empty where NULL.
    """
    f = schema.fact
    stmt = (
        select(
            f.c.kommune_kode,
            schema.runde.c.id.label("runde_id"),
            schema.runde.c.kode.label("runde"),
            schema.enhed.c.navn.label("enhed"),
            f.c.opgave_id,
            schema.opgave.c.navn.label("opgave"),
            f.c.henvendelsestype_id,
            schema.henvendelsestype.c.navn.label("henvendelsestype"),
            f.c.retning,
            f.c.kanal_id,
            schema.kanal.c.kode.label("kanal"),
            *(f.c[name] for name in schema.FACT_VALUES),
        )
        .join(schema.runde, schema.runde.c.id == f.c.runde_id)
        .join(schema.enhed, schema.enhed.c.id == f.c.enhed_id)
        .join(schema.opgave, schema.opgave.c.id == f.c.opgave_id)
        .join(schema.henvendelsestype, schema.henvendelsestype.c.id == f.c.henvendelsestype_id)
        .join(schema.kanal, schema.kanal.c.id == f.c.kanal_id)
    )
    if runde is not None:
        stmt = stmt.where(f.c.runde_id == runde)
    if kommune is not None:
        stmt = stmt.where(f.c.kommune_kode == kommune)
    rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=list(stmt.selected_columns.keys()))
    # Sorting here rather than in SQL keeps the order the same on every database
    # (collations differ on æøå); enhed sorts by code point, '' first.
    frame = frame.sort_values(list(schema.CELL_KEY), kind="stable").reset_index(drop=True)
    out = pd.DataFrame(
        {
            "kommunekode": frame["kommune_kode"].map("{:04d}".format).astype(object),
            "runde": frame["runde"].astype(object),
            "enhed": frame["enhed"].astype(object),
            "opgave": frame["opgave"].astype(object),
            "henvendelsestype": frame["henvendelsestype"].astype(object),
            "retning": frame["retning"].astype(object),
            "kanal": frame["kanal"].astype(object),
            "antal": frame["antal"].astype("int64"),
            "straksafsluttet": frame["straksafsluttet"].astype("Int64"),
            "med_blanket": frame["med_blanket"].astype("Int64"),
        },
        columns=list(EXPORT_COLUMNS),
    )
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM and ';': what Danish Excel opens without an import dialog.

    Formula-like text in the key columns gets an apostrophe (``landkort.export.cells``);
    the importer refuses such text, so a database it filled never has any to escape.
    """
    changed = {}
    for column in _TEXT_COLUMNS:
        original = frame[column]
        escaped = defuse_column(original)
        if escaped is not original:
            changed[column] = escaped
    if changed:
        frame = frame.assign(**changed)
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """One sheet 'Data'; text stays text (no formulas from '=…', no lost leading zeros)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(list(EXPORT_COLUMNS))
    texts = [frame[c].tolist() for c in _TEXT_COLUMNS]
    numbers = [[None if pd.isna(v) else int(v) for v in frame[c]] for c in _NUMBER_COLUMNS]
    for values in zip(*texts, *numbers, strict=True):
        row = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=value)
            if i < len(_TEXT_COLUMNS):
                cell.data_type = "s"
            row.append(cell)
        sheet.append(row)
    book.save(path)


def cli_export(file: str, runde: str | None = None, kommune: str | None = None) -> int:
    """``python -m landkort export FILE [--runde R] [--kommune K]``."""
    from landkort.database import open_database

    path = Path(file)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsm"):
        print(f'Kan ikke skrive "{path.name}": brug endelsen .xlsx eller .csv.', file=sys.stderr)
        return 1
    runde_id = _resolved(runde, lookup.resolve_runde, "runde")
    kommune_kode = _resolved(kommune, lookup.resolve_kommune, "kommune")
    if runde_id is False or kommune_kode is False:
        return 1
    engine = open_database()
    try:
        with engine.connect() as conn:
            frame = export_frame(conn, runde=runde_id, kommune=kommune_kode)
    finally:
        engine.dispose()
    if suffix == ".xlsx":
        if len(frame) > _XLSX_MAX_ROWS:
            print(
                f"{_count(len(frame))} rækker er flere end et Excel-ark kan rumme; "
                "eksporter til .csv eller vælg en runde eller kommune.",
                file=sys.stderr,
            )
            return 1
        write_xlsx(frame, path)
    else:
        write_csv(frame, path)
    print(f"Skrev {_count(len(frame))} rækker til {path}")
    return 0


def _resolved(text: str | None, resolver, kind: str):
    """The id for ``text``, None when not given, False (after a Danish message) if unknown."""
    if text is None:
        return None
    value = resolver(text)
    if value is not None:
        return value
    message = f'Ukendt {kind} "{text}".'
    hint = lookup.suggest(text, kind)
    if hint:
        message += f' Mente du "{hint}"?'
    print(message, file=sys.stderr)
    return False


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")
