"""A frame as a plain HTML table, for 'Vis som tabel' and the map's list of kommuner:
numbers in Danish format, headers as column headers, a caption naming it."""

from __future__ import annotations

from numbers import Integral, Real

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from landkort.formatting import format_decimal, format_int


def cell_text(value) -> str:
    """'1.234', '49,3', '–' for nothing; text as it is (Dash escapes it)."""
    if pd.isna(value):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, Integral):
        return format_int(value)
    if isinstance(value, Real):
        return format_decimal(value, 3 if abs(value) < 1 and value != 0 else 1)
    return str(value)


def frame_table(table: pd.DataFrame, caption: str, limit: int = 500) -> html.Div:
    """The first ``limit`` rows of the table, scrolling in its own box when wide."""
    head = html.Thead(html.Tr([html.Th(str(c), scope="col") for c in table.columns]))
    rows = [
        html.Tr([html.Td(cell_text(v)) for v in row])
        for row in table.head(limit).itertuples(index=False, name=None)
    ]
    more = (
        f" (de første {limit} af {len(table)} rækker; hent alle som CSV)"
        if len(table) > limit
        else ""
    )
    return html.Div(
        dbc.Table(
            [html.Caption(caption + more), head, html.Tbody(rows)],
            size="sm",
            striped=True,
            className="small mb-0 chart-table",
        ),
        className="table-scroll",
    )
