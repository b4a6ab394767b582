"""Glue for the map page: URL ⇄ controls, recolouring with a Patch, the side panel.

The page arrives with its map and panel already drawn for the URL (one request);
later changes go through the URL, and the map then receives only new values.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, no_update
from sqlalchemy import Engine

from callbacks.charts import register_downloads, register_tables
from callbacks.controls import register_group_choices, register_url_sync
from landkort.urlstate.map import MapState
from landkort.views.map import Selection
from landkort.views.map_view import MapView, map_view
from layouts.components.alt_text import summary
from layouts.components.controls import ALL, group_options
from layouts.map import charts, panel
from layouts.map import figure as map_figure
from layouts.pages import page
from layouts.registry import draw

PAGE = page("map")
CONTROLS = (
    "ctl-maal",
    "ctl-runde",
    "ctl-opgave",
    "ctl-gruppe",
    "ctl-region",
    "ctl-kommune",
    "ctl-form",
)


def current_view(engine: Engine, search: str | None) -> MapView:
    with engine.connect() as conn:
        return map_view(conn, search)


def recolour_patch(frame, view: MapView) -> Patch:
    """Only the new locations, values, hover texts and colour scale: no geometry."""
    patched = Patch()
    for i, values in enumerate(charts.traces(frame, view)):
        for key, value in values.items():
            patched["data"][i][key] = value
    for key, value in map_figure.colour_props(view.selection.spec).items():
        patched["data"][0][key] = value
        if key != "colorbar":
            patched["data"][1][key] = value
    return patched


def side_panel(engine: Engine, view: MapView) -> list:
    with engine.connect() as conn:
        drawn = {key: draw(PAGE.chart(key), conn, view) for key in charts.PANEL}
        drawn["kort"] = (charts.kommune_frame(conn, view), None)  # the panel reads its frame
    return panel.panel(PAGE, view, drawn, charts.PANEL)


def _state_from_controls(maal, runde, opgave, gruppe, region, kommune, form) -> MapState:
    selection = Selection(
        measure=maal,
        runde=runde,
        opgave=opgave or None,
        gruppe=gruppe or None,
        region=region or None,
    )
    return MapState(replace(selection, gruppe=selection.effective_gruppe), form, kommune)


def _control_values(state: MapState) -> list:
    sel = state.selection
    options, _ = group_options(sel.measure)
    return [
        sel.measure,
        sel.runde,
        sel.opgave or ALL,
        sel.effective_gruppe or options[0]["value"],
        sel.region or ALL,
        state.kommune,
        state.form,
    ]


def register(app: Dash, engine: Engine) -> None:
    """Attach the map page's callbacks to the app."""

    def from_controls(_trigger, values):
        view = current_view(engine, "")
        return view.query(_state_from_controls(*values)), None

    register_url_sync(
        app,
        "map-url",
        CONTROLS,
        from_controls=from_controls,
        from_url=lambda search, values: _control_values(current_view(engine, search).state),
    )

    register_group_choices(app, "ctl-maal", "ctl-gruppe")

    @app.callback(
        Output("map", "figure"),
        Output("map-shown", "data"),
        Output("map-legend-box", "children"),
        Output("map-kort-summary", "children"),
        Output("map-said", "data"),
        Input("map-url", "search"),
        State("map-shown", "data"),
        prevent_initial_call=True,
    )
    def recolour(search, shown):
        """Full figure when the geometry changes; otherwise a Patch of values only. The
        text alternative follows, and screen readers hear what the map shows now."""
        view, chart = current_view(engine, search), PAGE.chart("kort")
        with engine.connect() as conn:
            frame = charts.kommune_frame(conn, view)
        text = summary(chart.title_for(view), chart.table_for(frame, view))
        said = f"Kortet viser nu {view.describe()}, {view.runde_kode}, {view.area}."
        if shown != view.geometry_key:
            figure = chart.figure(frame, view)
            return figure, view.geometry_key, panel.legend_note(view.state.form), text, said
        return recolour_patch(frame, view), no_update, no_update, text, said

    # What the map shows now, for screen readers (the live region is outside the page,
    # and a server callback writing there would run again on every first load).
    app.clientside_callback(
        ClientsideFunction("landkort", "announce"),
        Output("live", "children", allow_duplicate=True),
        Input("map-said", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("map-panel", "children"),
        Input("map-url", "search"),
        prevent_initial_call=True,
    )
    def update_panel(search):
        return side_panel(engine, current_view(engine, search))

    address = [State("map-url", "search")]
    register_downloads(app, engine, PAGE, address, lambda conn, s: map_view(conn, s))
    # open tables follow the address
    follows = Input("map-url", "search")
    register_tables(app, engine, PAGE, address, lambda conn, s: map_view(conn, s), follows)
    _register_play(app)

    @app.callback(
        Output("url", "pathname"),
        Input("map", "clickData"),
        prevent_initial_call=True,
    )
    def open_kommune(click):
        """Clicking a kommune opens its page (the query string, with its round, stays)."""
        points = (click or {}).get("points") or []
        if not points or points[0].get("location") is None:
            return no_update
        return f"/kommune/{int(points[0]['location']):04d}"


def _register_play(app: Dash) -> None:
    @app.callback(
        Output("play-timer", "disabled"),
        Output("btn-play", "children"),
        Input("btn-play", "n_clicks"),
        State("play-timer", "disabled"),
        prevent_initial_call=True,
    )
    def toggle_play(_clicks, disabled):
        return (False, "⏸ Stop") if disabled else (True, "▶ Afspil")

    @app.callback(
        Output("ctl-runde", "value", allow_duplicate=True),
        Output("play-timer", "disabled", allow_duplicate=True),
        Output("btn-play", "children", allow_duplicate=True),
        Input("play-timer", "n_intervals"),
        State("ctl-runde", "value"),
        State("ctl-runde", "options"),
        prevent_initial_call=True,
    )
    def step_round(_n, runde, options):
        """Advance to the next round with data; stop after the last."""
        later = [o["value"] for o in options if o["value"] > runde]
        if not later:
            return no_update, True, "▶ Afspil"
        last = len(later) == 1
        return later[0], last, ("▶ Afspil" if last else "⏸ Stop")
