"""Fuzzing the importer with malformed CSV and XLSX files (issue 14).

Files are generated from a seeded ``random.Random``, so every run tries the same files:
valid rows, then one to three mutations each (encodings, separators, quoting, line
endings, sizes, odd numbers, markup, formulas, control characters, headers; for XLSX
also the sheet's XML, its dimension, row numbers, styles, shared strings and the zip
archive itself). Each file goes through ``python -m landkort import`` in-process and
must either

- be imported (exit 0), leaving no formula, markup or control character in the
  database, and change nothing when imported again; or
- be refused (exit 1) with Danish messages that start with the file's name, no
  traceback and no English parser text, and the fact table and import log unchanged.

The count is fixed and each test also stops at a deadline, so a slow machine tries fewer
files rather than running long; ``pytest -s`` prints what was tried and the outcomes.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import random
import re
import time
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import create_engine, func, select

from landkort import cli, schema
from landkort import reference as ref
from landkort.importer.texts import enhed_refusal
from tests import import_helpers
from tests.import_helpers import COLUMNS, GOOD_ROWS, SHEET, fact_rows, rezipped, xlsx_bytes

database = import_helpers.database
seeded = import_helpers.seeded

# Another seed or more files, to search further: LANDKORT_FUZZ_SEED=7 LANDKORT_FUZZ_FILES=2000
SEED = int(os.environ.get("LANDKORT_FUZZ_SEED", "20141"))
FILES = int(os.environ.get("LANDKORT_FUZZ_FILES", "200"))  # per format
DEADLINE_SECONDS = float(os.environ.get("LANDKORT_FUZZ_SECONDS", "25"))  # per format
MIN_FILES = 40  # fewer than this means the machine is far too slow to judge anything

# English words that only a leaked exception or parser message would bring.
ENGLISH = re.compile(
    r"Traceback|Error\b|Exception|\bExpected\b|\bnot a zip\b|\bNo such\b|\binvalid\b|"
    r"\bUnable\b|\bcould not\b|\bmust be\b|\bcannot\b|\bline \d|\bcolumn \d",
)
ODD_NUMBERS = [
    "²", "①", "١٢", "１２", "1.234", "1,5", "-3", "1e3", " 12 ", "99999999999", "12%",
    "NaN", "inf", "0x10", "", " ", "1.2.3", "+7", "007", "1_000", "٣", "⁴", "Ⅻ",
]  # fmt: skip
HOSTILE_TEXTS = [
    "=1+1", "+45", "-x", "@SUM(A1)", "\tTab", "<b>fed</b>", "a>b", "Borger\x1bservice",
    "\u202egnirts", "=HYPERLINK(\"https://example.org\")", "E" * 150, "Børn- og Unge",
    "Ærø-kontoret", "  mellemrum  ", "Jobcenter", '"citat"', "semi;kolon", "komma,",
]  # fmt: skip


# --- generating files -------------------------------------------------------------------


def valid_rows(rng: random.Random) -> list[list[str]]:
    """A few rows that import: channels that fit their direction and type."""
    rows = [list(r) for r in rng.sample(GOOD_ROWS, rng.randint(1, len(GOOD_ROWS)))]
    for _ in range(rng.randint(0, 6)):
        opgave = rng.choice(ref.OPGAVER).navn
        kommune = rng.choice(ref.KOMMUNER)
        kode = rng.choice([f"{kommune.kode:04d}", str(kommune.kode), kommune.navn])
        antal = rng.randint(0, 5000)
        enhed = rng.choice(["", "Borgerservice", "Jobcenter", "Børn- og Ungeforvaltning"])
        rows.append([kode, "F2013", enhed, opgave, "Oprettelse ny sag", "ind", "TLFIND",
                     str(antal), str(rng.randint(0, antal)), ""])  # fmt: skip
    unique = {tuple(r[:7]): r for r in rows}  # the same cell twice is (rightly) refused
    return list(unique.values())


def mutate_rows(rng: random.Random, header: list[str], rows: list[list[str]]) -> None:
    """Change cells and the header in place."""
    kind = rng.choice(["number", "text", "header", "columns", "rows", "none"])
    row = rng.choice(rows) if rows else []
    if kind == "number" and len(row) > 9:
        row[rng.choice([7, 8, 9])] = rng.choice(ODD_NUMBERS)
    elif kind == "text" and len(row) > 6:
        row[rng.choice([0, 1, 2, 2, 2, 3, 4, 5, 6])] = rng.choice(HOSTILE_TEXTS + ODD_NUMBERS)
    elif kind == "header":
        i = rng.randrange(len(header))
        header[i] = rng.choice([
            header[i].upper(), f"  {header[i]} ", header[i].replace("_", " "), "", "ukendt",
            header[rng.randrange(len(header))], "Kommune-kode", "I alt", "SLVBTJN", "=A1",
        ])  # fmt: skip
    elif kind == "columns":
        if rng.random() < 0.5:
            i = rng.randrange(len(header))
            del header[i]
            for row in rows:
                del row[i]
        else:
            header.append(rng.choice(["", "noter", "Telefon"]))
            for row in rows:
                row.append(rng.choice(["", "x", "1"]))
    elif kind == "rows":
        extra = rng.choice([0, 1, 50, 500])
        rows.extend([list(rng.choice(rows or [COLUMNS])) for _ in range(extra)])
        rng.shuffle(rows)


def csv_file(rng: random.Random) -> bytes:
    header, rows = list(COLUMNS), valid_rows(rng)
    for _ in range(rng.randint(0, 2)):
        mutate_rows(rng, header, rows)
    sep = rng.choice([";", ";", ",", "\t"])
    quote = rng.random() < 0.3
    eol = rng.choice(["\r\n", "\r\n", "\n", "\r"])

    def field(value: str) -> str:
        if quote or sep in value or '"' in value or "\n" in value or "\r" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    text = eol.join(sep.join(field(v) for v in line) for line in [header, *rows]) + eol
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])
    raw = text.encode(encoding, errors="replace")
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        raw = mutate_bytes(rng, raw)
    return raw


def mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    """One change of raw bytes: cut, flip, insert or repeat."""
    if not raw:
        return rng.choice([b"", b"\xef\xbb\xbf", b"\x00", b";;;\r\n"])
    at = rng.randrange(len(raw))
    how = rng.choice(["cut", "flip", "insert", "repeat", "quote", "nul", "bom", "huge-field"])
    if how == "cut":
        return raw[:at]
    if how == "flip":
        return raw[:at] + bytes([raw[at] ^ (1 << rng.randrange(8))]) + raw[at + 1 :]
    if how == "insert":
        return raw[:at] + rng.choice([b";", b"\r\n", b'"', b"\xff", b"\xc3", b"\x81"]) + raw[at:]
    if how == "repeat":
        return raw + raw[at:] * rng.randint(1, 3)
    if how == "quote":
        return raw[:at] + b'"' + raw[at:]
    if how == "nul":
        return raw[:at] + b"\x00" + raw[at:]
    if how == "bom":
        return raw[:at] + codecs.BOM_UTF8 + raw[at:]
    return raw[:at] + b"x" * 200_000 + raw[at:]


def xlsx_file(rng: random.Random) -> bytes:
    header, rows = list(COLUMNS), valid_rows(rng)
    for _ in range(rng.randint(0, 2)):
        mutate_rows(rng, header, rows)
    typed = [[_typed(v) if rng.random() < 0.8 else v for v in row] for row in rows]
    # openpyxl will not write most control characters; the XML changes below add them.
    typed = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
             for row in typed]  # fmt: skip
    raw = xlsx_bytes(typed, header=[ILLEGAL_CHARACTERS_RE.sub("", h) for h in header])
    if rng.random() < 0.3:
        raw = shared_strings(raw)
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        raw = mutate_workbook(rng, raw)
    return raw


def _typed(value: str) -> object:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else value


def _sheet_changes(rng: random.Random) -> list:
    """Changes of the sheet's XML."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    return [
        lambda x: re.sub(rb'<dimension ref="[^"]*" />', b'<dimension ref="A1:B2" />', x),
        lambda x: re.sub(rb'<dimension ref="[^"]*" />', b"", x),
        lambda x: re.sub(rb'<dimension ref="[^"]*" />', b'<dimension ref="A1:ZZZ99999999" />', x),
        lambda x: x.replace(b'<row r="3"', b'<row r="1"', 1),
        lambda x: re.sub(rb' r="[0-9]+"', b"", x, count=rng.randint(1, 50)),
        lambda x: x.replace(b'<row r="2"', b'<row r="1048577"', 1),
        lambda x: x.replace(b'<row r="2"', b'<row r="0"', 1),
        lambda x: x.replace(b'r="B2"', b'r="XFE2"', 1),
        lambda x: x.replace(b"<sheetData>", b"<sheetData>" + doctype, 1),
        lambda x: doctype + x,
        lambda x: x[: rng.randrange(len(x))],
        lambda x: x.replace(b"<t>", b"<t>\x01", 1),
        lambda x: x.replace(b't="n"', b't="s"', 1),
        lambda x: x.replace(b't="n"', b't="b"', 1),
        lambda x: x.replace(b't="n"', b't="e"', 1),
        lambda x: x.replace(b't="n"', b't="d"', 1),
        lambda x: x.replace(b't="n"', b't="n" s="99"', 1),
        lambda x: x.replace(b"<v>", b"<v>1E+400", 1),
        lambda x: x.replace(b"<v>", b"<v>-", 1),
        lambda x: x.replace(b"</row>", b"</row>" * 2, 1),
        lambda x: x.replace(b"<c ", b"<x:c ", 1),
        lambda x: x.replace(b"<t>", b"<t>=cmd|' /C calc'!A0", 1),
        lambda x: x.replace(b"<t>", b"<t>&lt;a href='x'&gt;", 1),
        lambda x: x.replace(
            b"</sheetData>", b'<row r="999"><c r="A999"><v>1</v></c></row></sheetData>'
        ),  # fmt: skip
    ]


def mutate_workbook(rng: random.Random, raw: bytes) -> bytes:
    """One change of a workbook; once its zip is broken, only changes of bytes."""
    try:
        return _mutate_workbook(rng, raw)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, zlib.error):
        return mutate_bytes(rng, raw)


def _mutate_workbook(rng: random.Random, raw: bytes) -> bytes:
    how = rng.choice(["sheet", "sheet", "sheet", "zip-bytes", "parts", "styles"])
    if how == "sheet":
        return rezipped(raw, {SHEET: rng.choice(_sheet_changes(rng))})
    if how == "zip-bytes":
        return mutate_bytes(rng, raw)
    if how == "styles":
        percent = (
            b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="%d"/></cellXfs></styleSheet>'
        ) % rng.choice([9, 10, 14, 22, 999])
        return rezipped(raw, {"xl/styles.xml": percent})
    names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    change = rng.choice(["drop", "junk", "stored", "empty"])
    if change == "drop":
        return rezipped(raw, {rng.choice(names): None})
    if change == "empty":
        return rezipped(raw, {rng.choice(names): b""})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            method = zipfile.ZIP_STORED if change == "stored" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info.filename), compress_type=method)
        if change == "junk":
            junk = bytes(rng.randrange(256) for _ in range(999))
            target.writestr(f"xl/media/junk{rng.randrange(10**9)}.bin", junk)
    return out.getvalue()


def shared_strings(raw: bytes) -> bytes:
    """The workbook with its inline strings moved to a shared strings part, as Excel does."""
    strings: dict[bytes, int] = {}

    def to_shared(match: re.Match) -> bytes:
        index = strings.setdefault(match.group(2), len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), index)

    def sheet(xml: bytes) -> bytes:
        return re.sub(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>',
                      to_shared, xml)  # fmt: skip

    raw = rezipped(raw, {SHEET: sheet})
    table = b"".join(b"<si><t>%s</t></si>" % s for s in strings)
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table)
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>'
    )
    relation = (
        b'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" />'
        b"</Relationships>"
    )
    out = rezipped(raw, {
        "[Content_Types].xml": lambda x: x.replace(b"</Types>", override),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", relation),
    })  # fmt: skip
    buffer = io.BytesIO(out)
    with zipfile.ZipFile(buffer, "a") as book:
        book.writestr("xl/sharedStrings.xml", sst)
    return buffer.getvalue()


# --- judging the outcome ----------------------------------------------------------------


def fact_state(url: str) -> tuple:
    """The fact table's row count and a checksum of its rows, and the import log's size."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(schema.fact).order_by(*schema.fact.primary_key)).all()
            logged = conn.execute(select(func.count()).select_from(schema.import_log)).scalar()
    finally:
        engine.dispose()
    digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return len(rows), digest, logged


KINDS: Counter[str] = Counter()  # what the files were refused for (the first problem)


def judge(url: str, path: Path, capsys) -> tuple[str, str | None]:
    """Import one file; return (outcome, what went wrong or None)."""
    before = fact_state(url)
    try:
        status = cli.main(["import", str(path)])
    except BaseException as exc:  # noqa: BLE001 - a traceback is exactly what is looked for
        capsys.readouterr()
        return "traceback", f"{type(exc).__name__}: {exc}"
    out, err = capsys.readouterr()
    KINDS[kind_of_problem(err) if status else "imported"] += 1
    after = fact_state(url)
    if status == 0:
        bad = [n for (_k, _r, n, *_rest) in fact_rows(url) if n and enhed_refusal(n)]
        if bad:
            return "imported", f"refused text got in: {bad[:3]!r}"
        if cli.main(["import", str(path)]) != 0 or fact_state(url)[:2] != after[:2]:
            return "imported", "importing it again changed the facts"
        capsys.readouterr()
        return "imported", None
    if status != 1:
        return f"status {status}", err
    if after != before:
        return "refused", "the database changed"
    lines = err.splitlines()
    if out or not lines or "Intet er indlæst" not in lines[-1]:
        return "refused", f"no summary line: {err[-300:]!r}"
    if not all(line.startswith((path.name, "… og")) for line in lines[:-1]):
        return "refused", f"a line without the file's name: {err[:300]!r}"
    english = ENGLISH.search(err)
    if english:
        return "refused", f"English or a traceback ({english.group()!r}): {err[:300]!r}"
    return "refused", None


def kind_of_problem(err: str) -> str:
    """The first problem's explanation, names and numbers taken out, for counting."""
    first = err.splitlines()[0] if err else ""
    explanation = first.split(": ", 1)[-1] if ": " in first else first
    return re.sub(r'"[^"]*"|\([^)]*\)|[0-9][0-9.]*', "…", explanation)[:50].strip()


def fuzz(kind: str, make, url: str, tmp_path: Path, capsys) -> None:
    rng = random.Random(f"{SEED}-{kind}")
    KINDS.clear()
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    tried = 0
    for number in range(FILES):
        if time.monotonic() - started > DEADLINE_SECONDS:
            break
        raw = make(rng)
        path = tmp_path / f"fuzz-{number:03d}.{kind}"
        path.write_bytes(raw)
        outcome, failure = judge(url, path, capsys)
        tried += 1
        outcomes[outcome] += 1
        if failure:
            failures.append(f"{path.name} ({len(raw)} bytes): {outcome}: {failure}")
        path.unlink()
    elapsed = time.monotonic() - started
    summary = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items()))
    print(f"\nfuzz {kind}: {tried} files in {elapsed:.1f} s (seed {SEED}): {summary}; "
          f"{len(failures)} failed the rules")  # fmt: skip
    for problem, n in KINDS.most_common(12):
        print(f"  {n:4d}  {problem}")
    for failure in failures[:20]:
        print("  " + failure)
    assert tried >= MIN_FILES, f"only {tried} files in {DEADLINE_SECONDS} s"
    assert not failures, "\n".join(failures[:20])
    assert outcomes["imported"] and outcomes["refused"], outcomes


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_malformed_files_are_imported_or_refused_cleanly(seeded, tmp_path, capsys, kind):
    fuzz(kind, csv_file if kind == "csv" else xlsx_file, seeded, tmp_path, capsys)
