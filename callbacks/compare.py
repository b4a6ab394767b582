"""Glue for the compare page: URL ⇄ controls, one redraw per chart, downloads.

The page arrives drawn for its URL; later every control writes the URL and each chart
of the page's table redraws from it, answering from ``landkort.views.compare``'s
in-memory frame.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ClientsideFunction, Dash, Input, Output, State
from sqlalchemy import Engine

from callbacks.charts import register_downloads, register_tables
from callbacks.controls import refuse_odd, register_group_choices, register_url_sync
from landkort.urlstate.compare import CompareState, control_problems
from landkort.views.compare_view import CompareView, compare_view
from landkort.views.map import Selection
from layouts.compare.charts import ranking_parts
from layouts.compare.page import CONTROLS
from layouts.components.alt_text import summary
from layouts.components.chart_tools import graph_style
from layouts.components.controls import ALL, group_options
from layouts.pages import page
from layouts.registry import Chart, draw

PAGE = page("compare")


def current_view(engine: Engine, search: str | None) -> CompareView:
    with engine.connect() as conn:
        return compare_view(conn, search)


def _state_from_controls(trigger, maal, opgave, gruppe, region, udvalg, kommuner, runde, fra):
    kommuner = tuple(kommuner or ())
    if trigger == "cmp-kommuner" and kommuner:
        udvalg = "kommuner"
    selection = Selection(maal, runde, opgave or None, gruppe or None, region or None)
    selection = replace(selection, gruppe=selection.effective_gruppe)
    return CompareState(selection, fra, udvalg, kommuner)


def _control_values(state: CompareState, shown_kommuner) -> list:
    sel = state.selection
    options, _ = group_options(sel.measure)
    kommuner = list(state.kommuner) if state.udvalg == "kommuner" else shown_kommuner
    return [
        sel.measure,
        sel.opgave or ALL,
        sel.effective_gruppe or options[0]["value"],
        sel.region or ALL,
        state.udvalg,
        kommuner,
        sel.runde,
        state.fra,
    ]


def _redraw_graph(app: Dash, engine: Engine, chart: Chart) -> None:
    @app.callback(
        Output(f"cmp-{chart.key}", "figure"),
        Output(f"cmp-{chart.key}-title", "children"),
        Output(f"{PAGE.key}-{chart.key}-summary", "children"),
        Output(f"cmp-{chart.key}", "style"),
        Input("cmp-url", "search"),
        prevent_initial_call=True,
    )
    def redraw(search):
        """The figure, and the height of its box (a ranking's grows with its rows)."""
        view = current_view(engine, search)
        with engine.connect() as conn:
            frame, figure = draw(chart, conn, view)
        text = summary(chart.title_for(view), chart.table_for(frame, view))
        return figure, chart.heading_for(frame, view), text, graph_style(figure)


def _redraw_table(app: Dash, engine: Engine, chart: Chart) -> None:
    # the rows the page came with, once the reader nears the table (layouts/compare/page.py)
    app.clientside_callback(
        ClientsideFunction("landkort", "rowsWhenNear"),
        Output(f"cmp-{chart.key}", "data", allow_duplicate=True),
        Output(f"cmp-{chart.key}-rows", "data", allow_duplicate=True),
        Input(f"cmp-{chart.key}-near", "data"),
        State(f"cmp-{chart.key}-rows", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(f"cmp-{chart.key}", "columns"),
        Output(f"cmp-{chart.key}", "data"),
        Output(f"cmp-{chart.key}-title", "children"),
        Output(f"cmp-{chart.key}-note", "children"),
        Output(f"cmp-{chart.key}-rows", "data"),
        Input("cmp-url", "search"),
        prevent_initial_call=True,
    )
    def redraw(search):
        """The table for a new address, at once (the rows it came with are dropped)."""
        view = current_view(engine, search)
        with engine.connect() as conn:
            frame = chart.frame(conn, view)
        columns, records = ranking_parts(frame, view)
        note = " ".join(chart.notes_for(frame, view))
        return columns, records, chart.heading_for(frame, view), note, None


def register(app: Dash, engine: Engine) -> None:
    """Attach the compare page's callbacks to the app."""

    def from_controls(trigger, values):
        refuse_odd(control_problems(*values))
        view = current_view(engine, "")
        state = _state_from_controls(trigger, *values)
        return view.query(state), _control_values(state, values[5])

    register_url_sync(
        app,
        "cmp-url",
        CONTROLS,
        from_controls=from_controls,
        from_url=lambda search, values: _control_values(
            current_view(engine, search).state, values[5]
        ),
    )

    register_group_choices(app, "cmp-maal", "cmp-gruppe")

    for chart in PAGE.charts:
        (_redraw_table if chart.kind == "table" else _redraw_graph)(app, engine, chart)
    address = [State("cmp-url", "search")]
    register_downloads(app, engine, PAGE, address, lambda conn, s: compare_view(conn, s))
    # open tables follow the address
    follows = Input("cmp-url", "search")
    register_tables(app, engine, PAGE, address, lambda conn, s: compare_view(conn, s), follows)
