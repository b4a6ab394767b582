"""'Hent data' buttons beside a chart or table: CSV and XLSX of exactly what it shows.

Buttons carry pattern-matching ids ``{"type": "download", "page": …, "key": …,
"fmt": "csv"|"xlsx"}``; each page registers one callback that turns (key, format)
into a file with ``landkort.export.tables`` and sends it through its ``dcc.Download``.
"""

from __future__ import annotations

from dash import dcc, html

from layouts.components.bootstrap import button


def download_id(page: str, key: str, fmt: str) -> dict:
    return {"type": "download", "page": page, "key": key, "fmt": fmt}


def download_buttons(page: str, key: str) -> html.Div:
    """Two small buttons: the data behind one chart or table as CSV or XLSX."""
    return html.Div(
        [
            html.Span("Hent data:", className="text-muted small me-1"),
            button(
                "CSV",
                id=download_id(page, key, "csv"),
                size="sm",
                color="link",
                className="p-0 me-2 small",
                n_clicks=0,
            ),
            button(
                "XLSX",
                id=download_id(page, key, "xlsx"),
                size="sm",
                color="link",
                className="p-0 small",
                n_clicks=0,
            ),
        ],
        className="download-buttons d-print-none",
    )


def download_target(page: str) -> html.Div:
    """The one dcc.Download a page sends its files through, and the store that says which
    button was pressed (filled in the browser, so buttons that merely appear send
    nothing: callbacks/charts.py)."""
    return html.Div([dcc.Download(id=f"download-{page}"), dcc.Store(id=f"download-asked-{page}")])
