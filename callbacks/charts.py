"""A page's chart table wired to Dash: charts drawn for a view, and 'Hent data' files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from landkort.export.tables import chart_file, source_line
from landkort.store import is_demo
from layouts.components.tables import frame_table
from layouts.registry import Page, draw


def draw_all(conn: Connection, page: Page, view: Any) -> dict[str, tuple]:
    """Every chart of the page for the view: key -> (frame, figure)."""
    return {chart.key: draw(chart, conn, view) for chart in page.charts}


def chart_download(engine: Engine, page: Page, view: Any, key: str, fmt: str) -> dict:
    """The data behind one chart as CSV or XLSX, with its source line, for dcc.Download."""
    chart = page.chart(key)
    with engine.connect() as conn:
        frame = chart.download_frame(conn, view)
        demo = is_demo(conn)
    what = f"{view.describe()}, {chart.title_for(view)}, {view.runde_kode}"
    data = chart_file(frame, source_line(demo=demo, what=what), fmt)
    return dcc.send_bytes(data, f"{page.download_name(view, key)}.{fmt}")


def register_chart_tools(
    app: Dash, engine: Engine, page: Page, states: list[State], view_from: Callable
) -> None:
    """The callbacks behind every chart's tools: 'Hent data' and 'Vis som tabel'."""
    register_downloads(app, engine, page, states, view_from)
    register_tables(app, engine, page, states, view_from)


def register_downloads(
    app: Dash, engine: Engine, page: Page, states: list[State], view_from: Callable
) -> None:
    """One callback for every 'Hent data' button of the page: ``view_from(conn, *states)``
    gives the view the page shows."""

    app.clientside_callback(  # a press, not a button drawn: no request for those
        ClientsideFunction("landkort", "pressed"),
        Output(f"download-asked-{page.key}", "data"),
        Input({"type": "download", "page": page.key, "key": ALL, "fmt": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(f"download-{page.key}", "data"),
        Input(f"download-asked-{page.key}", "data"),
        *states,
        prevent_initial_call=True,
    )
    def send_download(asked, *values):
        button = asked.get("id") if isinstance(asked, dict) else None
        if not _is_download(button, page):
            return no_update  # a hand-made request
        with engine.connect() as conn:
            view = view_from(conn, *values)
        return chart_download(engine, page, view, button["key"], button["fmt"])


def _is_download(button: object, page: Page) -> bool:
    """Whether ``button`` is the id of one of the page's 'Hent data' buttons."""
    return (
        isinstance(button, dict)
        and button.get("fmt") in ("csv", "xlsx")
        and isinstance(button.get("key"), str)
        and any(button["key"] == chart.key for chart in page.charts)
    )


def register_tables(
    app: Dash,
    engine: Engine,
    page: Page,
    states: list[State],
    view_from: Callable,
    follows: Input | None = None,
) -> None:
    """'Vis som tabel' under a chart: its download table (a table chart: itself), drawn
    only when asked, since hundreds of table cells cost the browser seconds; a second
    press hides it. With ``follows`` (the page's address), open tables are drawn again
    when it changes."""

    def table_for(conn, key: str, view) -> object:
        chart = page.chart(key)
        frame = chart.frame(conn, view)
        if chart.kind == "table":
            return chart.figure(frame, view)
        return frame_table(chart.table_for(frame, view), chart.title_for(view), f"{page.key}-{key}")

    @app.callback(
        Output({"type": "table-box", "page": page.key, "key": MATCH}, "children"),
        Output({"type": "show-table", "page": page.key, "key": MATCH}, "aria-expanded"),
        Input({"type": "show-table", "page": page.key, "key": MATCH}, "n_clicks"),
        *states,
        prevent_initial_call=True,
    )
    def show_table(clicks, *values):
        if not clicks or clicks % 2 == 0:
            return [], "false"
        with engine.connect() as conn:
            return table_for(conn, ctx.triggered_id["key"], view_from(conn, *values)), "true"

    if follows is None:
        return

    @app.callback(
        Output(
            {"type": "table-box", "page": page.key, "key": ALL}, "children", allow_duplicate=True
        ),
        follows,
        State({"type": "show-table", "page": page.key, "key": ALL}, "n_clicks"),
        State({"type": "show-table", "page": page.key, "key": ALL}, "id"),
        *states,
        prevent_initial_call=True,
    )
    def redraw_open_tables(_changed, clicks, ids, *values):
        open_keys = {i["key"] for c, i in zip(clicks, ids, strict=True) if c and c % 2}
        keys = [output["id"]["key"] for output in ctx.outputs_list]
        if not open_keys:
            return [no_update] * len(keys)
        with engine.connect() as conn:
            view = view_from(conn, *values)
            return [table_for(conn, k, view) if k in open_keys else no_update for k in keys]
