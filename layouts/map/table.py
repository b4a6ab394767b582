"""The map page's frames as download tables: Danish headers, percent as numbers."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from landkort import reference as ref
from landkort.views.map import MIN_N, MapMeasure
from layouts.components.numbers import percents
from layouts.components.tables import cell_text, sortable_cell, sortable_head, sortable_table

REGION_NAVN = {r.kode: r.navn for r in ref.REGIONER}


def _unit(spec: MapMeasure) -> str:
    return "%" if spec.kind == "share" else "pct.-point"


def kommune_download(frame: pd.DataFrame, spec: MapMeasure) -> pd.DataFrame:
    """One row per kommune of the area, best first; non-participants last and empty."""
    unit = _unit(spec)
    rows = frame.sort_values(["rank", "navn"], na_position="last")
    return pd.DataFrame(
        {
            "Kommunekode": [ref.format_kommunekode(int(k)) for k in rows.index],
            "Kommune": rows["navn"].to_list(),
            "Region": [REGION_NAVN[r] for r in rows["region"]],
            "Deltog": ["ja" if d else "nej" for d in rows["deltog"]],
            f"{spec.label} ({unit})": percents(rows["value"], 1),
            f"95 %-interval, nedre ({unit})": percents(rows["lav"], 1),
            f"95 %-interval, øvre ({unit})": percents(rows["hoej"], 1),
            "n (registreringer)": rows["n"].astype("int64").to_list(),
            f"Usikkert (n < {MIN_N})": ["ja" if u else "" for u in rows["usikker"]],
            "Placering": pd.array(rows["rank"], dtype="Int64"),
        }
    )


def trend_download(frame: pd.DataFrame, spec: MapMeasure, area: str) -> pd.DataFrame:
    """The pooled value per round for the area."""
    unit = _unit(spec)
    return pd.DataFrame(
        {
            "Runde": [ref.RUNDER[r - 1].kode for r in frame["runde_id"]],
            "Område": area,
            f"{spec.label} ({unit})": percents(frame["value"], 1),
            f"95 %-interval, nedre ({unit})": percents(frame["lav"], 1),
            f"95 %-interval, øvre ({unit})": percents(frame["hoej"], 1),
            "n (registreringer)": frame["n"].astype("int64").to_list(),
        }
    )


def kommune_table(table: pd.DataFrame, caption: str, query: str = "") -> html.Div:
    """The download table as an HTML table: every kommune's value in words and numbers,
    each kommune linked to its page, sortable by any column, for keyboards, screen
    readers and anyone who prefers a list to a map."""
    columns = list(table.columns)
    kommune = columns.index("Kommune")

    def cell(i: int, value, kode: str) -> html.Td:
        if i == kommune:
            return sortable_cell(dcc.Link(value, href=f"/kommune/{kode}{query}"), value)
        return sortable_cell(cell_text(value), value)

    rows = [
        html.Tr([cell(i, v, row[0]) for i, v in enumerate(row)])
        for row in table.itertuples(index=False, name=None)
    ]
    head = sortable_head("map-kommuner", columns, sorted_by=columns.index("Placering"))
    children = [html.Caption(caption), head, html.Tbody(rows)]
    return sortable_table("map-kommuner", children, "map-kommune-table small mb-0")
