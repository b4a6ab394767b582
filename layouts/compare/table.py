"""The ranking table and the Danish-headed tables behind every compare download.

The DataTable holds numbers (so it sorts as numbers) and shows them with Danish
decimal comma and thousands point through its locale, matching ``formatting``.
"""

from __future__ import annotations

import pandas as pd
from dash import dash_table
from dash.dash_table.Format import Format, Group, Scheme, Sign, Symbol

from landkort.formatting import format_decimal
from landkort.views.map import MIN_N, MapMeasure
from layouts.components import colours
from layouts.components.numbers import percent

STATUS_THIN = f"Usikkert (n < {MIN_N})"
STATUS_ABSENT = "Deltog ikke"
STATUS_NO_DATA = "Ingen tal"


def _unit(spec: MapMeasure) -> str:
    return "%" if spec.kind == "share" else "pct.-point"


def _interval(spec: MapMeasure, low, high) -> str:
    if low is None or pd.isna(low):
        return ""
    unit = "%" if spec.kind == "share" else "pp"
    return f"{format_decimal(low * 100)}–{format_decimal(high * 100)} {unit}"


def _status(row, fra: str | None = None) -> str:
    if not row.deltog:
        return STATUS_ABSENT
    if pd.isna(row.value):
        return STATUS_NO_DATA
    notes = [STATUS_THIN] if row.usikker else []
    if fra and pd.isna(row.aendring):
        notes.append(f"Ingen tal i {fra}")
    return "; ".join(notes)


def _number(decimals: int, suffix: str = "", signed: bool = False) -> Format:
    fmt = Format(precision=decimals, scheme=Scheme.fixed, group=Group.yes)
    if signed:
        fmt = fmt.sign(Sign.positive)
    return fmt.symbol(Symbol.yes).symbol_suffix(suffix) if suffix else fmt


def ranking_columns(spec: MapMeasure, runde: str, fra: str | None) -> list[dict]:
    value_suffix = " %" if spec.kind == "share" else " pp"
    columns = [
        {"name": "Nr.", "id": "nr", "type": "numeric"},
        {"name": "Kommune", "id": "kommune", "type": "text"},
        {"name": "Kode", "id": "kode", "type": "text"},
        {"name": "Region", "id": "region", "type": "text"},
        {
            "name": f"{spec.label}, {runde}",
            "id": "vaerdi",
            "type": "numeric",
            "format": _number(1, value_suffix, signed=spec.kind != "share"),
        },
        {"name": "95 %-interval", "id": "interval", "type": "text"},
        {"name": "n", "id": "n", "type": "numeric", "format": _number(0)},
    ]
    if fra:
        columns.append(
            {
                "name": f"Ændring i andel siden {fra}",
                "id": "aendring",
                "type": "numeric",
                "format": _number(1, " pp", signed=True),
            }
        )
    columns.append({"name": "Bemærkning", "id": "status", "type": "text"})
    return columns


def ranking_records(frame: pd.DataFrame, spec: MapMeasure, fra: str | None) -> list[dict]:
    return [
        {
            "nr": None if pd.isna(r.rank) else int(r.rank),
            "kommune": r.navn,
            "kode": f"{int(r.kode):04d}",
            "region": r.region,
            "vaerdi": percent(r.value, 1),
            "interval": _interval(spec, r.v_lav, r.v_hoej),
            "n": int(r.n) if r.deltog else None,
            "aendring": percent(r.aendring, 1),
            "status": _status(r, fra),
        }
        for r in frame.itertuples()
    ]


def _signed(condition: str, colour: str) -> dict:
    """The change column in a colour for a rise or a fall."""
    return {"if": {"filter_query": f"{{aendring}} {condition}", "column_id": "aendring"},
            "color": colour}  # fmt: skip


def ranking_table(columns: list[dict], records: list[dict]) -> dash_table.DataTable:
    return dash_table.DataTable(
        id="cmp-rangliste",
        columns=columns,
        data=records,
        sort_action="native",
        sort_mode="single",
        filter_action="native",
        filter_options={"case": "insensitive", "placeholder_text": "Filtrér …"},
        style_filter={"color": "#212529"},
        page_action="none",  # 98 rows at most; page buttons would be icons without names
        locale_format={"decimal": ",", "group": ".", "symbol": ["", ""]},
        style_table={"overflowX": "auto"},
        style_cell={
            "fontFamily": "system-ui, -apple-system, 'Segoe UI', sans-serif",
            "fontSize": "14px",
            "padding": "4px 8px",
            "textAlign": "left",
        },
        style_cell_conditional=[
            {"if": {"column_type": "numeric"}, "textAlign": "right"},
        ],
        style_header={"fontWeight": "600", "backgroundColor": "#f3f5f8", "whiteSpace": "normal"},
        style_data_conditional=[
            {
                "if": {"filter_query": f'{{status}} contains "{STATUS_THIN}"'},
                "fontStyle": "italic",
                "color": "#6c757d",
            },
            {
                "if": {"filter_query": f'{{status}} = "{STATUS_ABSENT}"'},
                "color": "#595959",  # 6.3:1 on the grey row: dimmed, still readable
                "backgroundColor": "#f4f4f4",
            },
            {
                "if": {"filter_query": "{aendring} > 0", "column_id": "aendring"},
                "color": colours.RISE,
            },
            {
                "if": {"filter_query": "{aendring} < 0", "column_id": "aendring"},
                "color": colours.GOAL,
            },
        ],
    )


# --- the tables behind the downloads (Danish headers, numbers as numbers) -------------


def ranking_download(
    frame: pd.DataFrame, spec: MapMeasure, runde: str, fra: str | None
) -> pd.DataFrame:
    unit = _unit(spec)
    out = pd.DataFrame(
        {
            "Nr.": frame["rank"].astype("Int64"),
            "Kommunekode": [f"{int(k):04d}" for k in frame["kode"]],
            "Kommune": frame["navn"],
            "Region": frame["region"],
            "Runde": runde,
            f"{spec.label} ({unit})": [percent(v, 1) for v in frame["value"]],
            f"95 %-interval, nedre ({unit})": [percent(v, 1) for v in frame["v_lav"]],
            f"95 %-interval, øvre ({unit})": [percent(v, 1) for v in frame["v_hoej"]],
            "Andel (%)": [percent(v, 1) for v in frame["andel"]],
            "n (registreringer)": frame["n"].where(frame["deltog"]).astype("Int64"),
        }
    )
    if fra:
        out[f"Andel {fra} (%)"] = [percent(v, 1) for v in frame["andel_fra"]]
        out[f"Ændring siden {fra} (pct.-point)"] = [percent(v, 1) for v in frame["aendring"]]
    out["Bemærkning"] = [_status(r, fra) for r in frame.itertuples()]
    return out


def series_download(frame: pd.DataFrame, spec: MapMeasure) -> pd.DataFrame:
    unit = _unit(spec)
    return pd.DataFrame(
        {
            "Kommunekode": ["" if k == 0 else f"{int(k):04d}" for k in frame["kommune_kode"]],
            "Kommune": frame["navn"],
            "Runde": frame["runde"],
            f"{spec.label} ({unit})": [percent(v, 1) for v in frame["value"]],
            f"95 %-interval, nedre ({unit})": [percent(v, 1) for v in frame["v_lav"]],
            f"95 %-interval, øvre ({unit})": [percent(v, 1) for v in frame["v_hoej"]],
            "n (registreringer)": frame["n"].where(frame["deltog"]).astype("Int64"),
            "Bemærkning": [
                STATUS_ABSENT if not d else (STATUS_THIN if u and k != 0 else "")
                for d, u, k in zip(
                    frame["deltog"], frame["usikker"], frame["kommune_kode"], strict=True
                )
            ],
        }
    )


def change_download(frame: pd.DataFrame, spec: MapMeasure, fra: str, til: str) -> pd.DataFrame:
    unit = _unit(spec)
    return pd.DataFrame(
        {
            "Kommunekode": [f"{int(k):04d}" for k in frame["kode"]],
            "Kommune": frame["navn"],
            f"{spec.label} {fra} ({unit})": [percent(v, 1) for v in frame["value_fra"]],
            f"{spec.label} {til} ({unit})": [percent(v, 1) for v in frame["value_til"]],
            "Ændring (pct.-point)": [percent(v, 1) for v in frame["aendring"]],
            f"n {fra}": frame["n_fra"].astype("Int64"),
            f"n {til}": frame["n_til"].astype("Int64"),
            "Bemærkning": [STATUS_THIN if u else "" for u in frame["usikker"]],
        }
    )


def distribution_download(frame: pd.DataFrame, spec: MapMeasure) -> pd.DataFrame:
    unit = _unit(spec)
    return pd.DataFrame(
        {
            "Runde": frame["runde"],
            "Kommunekode": [f"{int(k):04d}" for k in frame["kode"]],
            "Kommune": frame["navn"],
            f"{spec.label} ({unit})": [percent(v, 1) for v in frame["value"]],
            "n (registreringer)": frame["n"].astype("Int64"),
            "Bemærkning": [STATUS_THIN if u else "" for u in frame["usikker"]],
        }
    )


def matrix_download(frame: pd.DataFrame, spec: MapMeasure, runde: str) -> pd.DataFrame:
    unit = _unit(spec)
    return pd.DataFrame(
        {
            "Runde": runde,
            "Opgave": frame["opgave"],
            "Kommunekode": [f"{int(k):04d}" for k in frame["kode"]],
            "Kommune": frame["navn"],
            f"{spec.label} ({unit})": [percent(v, 1) for v in frame["value"]],
            "n (registreringer)": frame["n"].astype("Int64"),
            "Bemærkning": [STATUS_THIN if u else "" for u in frame["usikker"]],
        }
    )
