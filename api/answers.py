"""What the API answers, as plain JSON-ready dicts built from ``landkort`` results."""

from __future__ import annotations

import math

import pandas as pd

from landkort import reference as ref
from landkort.views import compare
from landkort.views.map import MAP_MEASURES, MIN_N, Selection


def number(value) -> float | None:
    """A float for JSON, None for missing values (never NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    return float(value)


def index(prefix: str) -> dict:
    """Where to start: the description and the endpoints."""
    from api.openapi import openapi_document

    paths = [p for p in openapi_document()["paths"] if p != "/"]
    return {
        "navn": "Digitalt Landkort API",
        "beskrivelse": f"{prefix}/openapi.json",
        "adresser": [prefix + p for p in paths],
    }


def _region_names() -> dict[int, str]:
    return {r.kode: r.navn for r in ref.REGIONER}


def kommuner(region: int | None) -> list[dict]:
    names = _region_names()
    return [
        {
            "kode": k.kode_tekst,
            "navn": k.navn,
            "region": k.region_kode,
            "region_navn": names[k.region_kode],
        }
        for k in ref.KOMMUNER
        if region in (None, k.region_kode)
    ]


def regioner() -> list[dict]:
    return [{"kode": r.kode, "navn": r.navn} for r in ref.REGIONER]


def opgaver() -> list[dict]:
    return [
        {
            "id": o.id,
            "navn": o.navn,
            "boelge": o.boelge,
            "obligatorisk_fra": o.obligatorisk_fra.isoformat() if o.obligatorisk_fra else None,
        }
        for o in ref.OPGAVER
    ]


def kanaler(retning: str | None) -> list[dict]:
    return [
        {"id": k.id, "kode": k.kode, "navn": k.navn, "retning": k.retning, "digital": k.digital}
        for k in ref.KANALER
        if retning in (None, k.retning)
    ]


def runder(data: compare.CompareData) -> list[dict]:
    counts = data.participation.groupby("runde_id").size().to_dict()
    return [
        {
            "id": r.id,
            "kode": r.kode,
            "navn": r.navn,
            "uge_fra": r.uge_fra,
            "uge_til": r.uge_til,
            "har_data": r.id in data.rounds,
            "kommuner_deltaget": int(counts.get(r.id, 0)),
        }
        for r in ref.RUNDER
    ]


def maal() -> list[dict]:
    return [
        {"kode": m.key, "navn": m.label, "art": m.kind, "grupper": list(m.groups)}
        for m in MAP_MEASURES.values()
    ]


def _selection_dict(sel: Selection) -> dict:
    return {
        "maal": sel.measure,
        "opgave": sel.opgave,
        "gruppe": sel.effective_gruppe,
        "region": sel.region,
    }


def _value_dict(row) -> dict:
    return {
        "vaerdi": number(row.value),
        "lav": number(row.v_lav),
        "hoej": number(row.v_hoej),
        "andel": number(row.andel),
        "n": int(row.n),
        "usikker": bool(row.usikker),
    }


def national_rows(data: compare.CompareData, sel: Selection, runde: int | None) -> list[dict]:
    frame = compare.national(data, sel)
    if runde is not None:
        frame = frame[frame["runde_id"] == runde]
    return [{"runde": row.runde, **_value_dict(row)} for row in frame.itertuples()]


def kommune_tal(data: compare.CompareData, sel: Selection) -> dict:
    """Every kommune (in the region) for a round, ranked, with Hele landet."""
    frame = compare.ranking(data, sel, None)
    national = national_rows(
        data, Selection(sel.measure, sel.runde, sel.opgave, sel.gruppe), sel.runde
    )
    rows = [
        {
            "kode": ref.format_kommunekode(int(row.kode)),
            "navn": row.navn,
            "region": row.region,
            "deltog": bool(row.deltog),
            **_value_dict(row),
            "nr": None if pd.isna(row.rank) else int(row.rank),
        }
        for row in frame.itertuples()
    ]
    return {
        "runde": ref.RUNDER[sel.runde - 1].kode,
        **_selection_dict(sel),
        "min_n": MIN_N,
        "hele_landet": national[0] if national else None,
        "kommuner": rows,
    }


def kommune_serie(data: compare.CompareData, sel: Selection, kode: int) -> dict:
    frame = compare.series(data, sel, [kode])
    own = frame[frame["kommune_kode"] == kode]
    k = ref.kommune_by_kode()[kode]
    return {
        "kode": k.kode_tekst,
        "navn": k.navn,
        **_selection_dict(sel),
        "runder": [
            {"runde": row.runde, "deltog": bool(row.deltog), **_value_dict(row)}
            for row in own.itertuples()
        ],
    }


def hele_landet(data: compare.CompareData, sel: Selection, runde: int | None) -> dict:
    return {**_selection_dict(sel), "runder": national_rows(data, sel, runde)}
