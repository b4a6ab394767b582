"""A frame as a plain HTML table, for 'Vis som tabel' and the map's list of kommuner:
numbers in Danish format, headers as column headers, a caption naming it.

Every column header is a button that sorts the rows (a keyboard reaches it with Tab and
presses it with Enter or Space); the sorting happens in the browser
(``landkort.sortTable`` in assets/landkort.js, wired in callbacks/shell.py) on the
``data-sort`` value of each cell, so '1.234' sorts as a number and '–' comes last.
"""

from __future__ import annotations

from numbers import Integral, Real

import pandas as pd
from dash import html

from landkort.formatting import format_decimal, format_int
from layouts.components.bootstrap import table

ARROWS = {"ascending": "▲", "descending": "▼", None: "↕"}


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


def sort_value(value) -> float | str | None:
    """What a cell sorts on: the number itself, text as it is, nothing for a missing value."""
    if pd.isna(value):
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Real):
        return float(value)
    return str(value)


def sortable_cell(content, value) -> html.Td:
    """A body cell showing ``content`` and sorting on ``value``."""
    key = sort_value(value)
    return html.Td(content, **({} if key is None else {"data-sort": key}))


def sortable_head(table_id: str, columns: list, sorted_by: int | None = None) -> html.Thead:
    """Column headers as sort buttons; ``sorted_by`` is the column the rows come sorted
    by (ascending), marked with ``aria-sort``."""

    def header(i: int, name) -> html.Th:
        state = "ascending" if i == sorted_by else None
        button = html.Button(
            [str(name), html.Span(ARROWS[state], className="sort-mark", **{"aria-hidden": "true"})],
            id={"type": "sort-column", "table": table_id, "col": i},
            n_clicks=0,
            type="button",
            className="sort-button",
            title=f"Sortér efter {name}",
        )
        return html.Th(button, scope="col", **({"aria-sort": state} if state else {}))

    return html.Thead(html.Tr([header(i, c) for i, c in enumerate(columns)]))


def sortable_table(table_id: str, children: list, class_name: str) -> html.Div:
    """The table in a box the sort callback redraws, scrolling sideways in its own box."""
    return html.Div(
        table(children, striped=True, className=class_name),
        id={"type": "sortable", "table": table_id},
        className="table-scroll",
    )


def frame_table(
    table: pd.DataFrame,
    caption: str,
    table_id: str = "tabel",
    limit: int = 500,
    totals: int = 0,
) -> html.Div:
    """The first ``limit`` rows of the table, sortable, scrolling in its own box when wide;
    the last ``totals`` rows stand in the table's foot, where sorting leaves them."""
    body, foot = (table.iloc[:-totals], table.iloc[-totals:]) if totals else (table, None)
    rows = [
        html.Tr([sortable_cell(cell_text(v), v) for v in row])
        for row in body.head(limit).itertuples(index=False, name=None)
    ]
    more = (
        f" (de første {limit} af {len(body)} rækker; hent alle som CSV)"
        if len(body) > limit
        else ""
    )
    head = sortable_head(table_id, list(table.columns))
    children = [html.Caption(caption + more), head, html.Tbody(rows)]
    if foot is not None:
        children.append(
            html.Tfoot(
                [
                    html.Tr([html.Td(cell_text(v)) for v in row], className="fw-semibold")
                    for row in foot.itertuples(index=False, name=None)
                ]
            )
        )
    return sortable_table(table_id, children, "small mb-0 chart-table")
