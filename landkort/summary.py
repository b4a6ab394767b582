"""``python -m landkort summary``: the headline measures of one round as JSON or text."""

from __future__ import annotations

import json
import sys

from sqlalchemy.engine import Connection

from landkort import lookup, metrics
from landkort import reference as ref
from landkort.formatting import format_int, format_percent

SUMMARY_MEASURES = (
    "selvbetjeningsgrad",
    "hjemmeside_andel",
    "digital_andel_udgaaende",
    "papir_andel_udgaaende",
    "straksafslutningsgrad",
    "blanketandel",
)


def summary(
    conn: Connection, runde: int, *, kommune: int | None = None, opgave: int | None = None
) -> dict:
    """Key figures for a round: Hele landet, or one kommune; all 35 opgaver or one."""
    deltagere = metrics.participants(conn, runde)
    result: dict = {
        "runde": ref.RUNDER[runde - 1].kode,
        "kommune": ref.format_kommunekode(kommune) if kommune is not None else None,
        "kommune_navn": ref.kommune_by_kode()[kommune].navn if kommune else "Hele landet",
        "opgave": ref.OPGAVER[opgave - 1].navn if opgave is not None else None,
        "kommuner_deltaget": len(deltagere),
    }
    if kommune is not None:
        result["deltaget"] = kommune in deltagere
    for measure in SUMMARY_MEASURES:
        share = metrics.share(conn, measure, runde, kommune=kommune, opgave=opgave)
        result[measure] = share.as_dict()
    return result


def _resolve(kind: str, text: str | None, resolver) -> int | None:
    if text is None:
        return None
    value = resolver(text)
    if value is None:
        hint = lookup.suggest(text, kind)
        tail = f' Mente du "{hint}"?' if hint else ""
        raise SystemExit(f'Ukendt {kind}: "{text}".{tail}')
    return value


def _as_text(result: dict) -> str:
    opgave = result["opgave"] or "alle 35 opgaver"
    lines = [f"{result['kommune_navn']}, {result['runde']}, {opgave}"]
    lines.append(f"Kommuner der deltog i runden: {result['kommuner_deltaget']}")
    if result.get("deltaget") is False:
        lines.append("Kommunen deltog ikke i denne runde.")
    for measure in SUMMARY_MEASURES:
        s = result[measure]
        interval = (
            f" (95 %-interval {format_percent(s['lav'])}–{format_percent(s['hoej'])})"
            if s["n"]
            else ""
        )
        lines.append(
            f"{metrics.MEASURE_NAMES[measure]}: {format_percent(s['andel'])}{interval}, "
            f"n = {format_int(s['n'])}"
        )
    return "\n".join(lines)


def cli_summary(
    runde: str, kommune: str | None = None, opgave: str | None = None, *, as_json: bool = False
) -> int:
    from landkort.database import open_database

    try:
        runde_id = _resolve("runde", runde, lookup.resolve_runde)
        kommune_kode = _resolve("kommune", kommune, lookup.resolve_kommune)
        opgave_id = _resolve("opgave", opgave, lookup.resolve_opgave)
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 1
    engine = open_database()
    with engine.connect() as conn:
        result = summary(conn, runde_id, kommune=kommune_kode, opgave=opgave_id)
    print(json.dumps(result, ensure_ascii=False, indent=2) if as_json else _as_text(result))
    return 0
