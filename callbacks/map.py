"""Glue for the map page: URL ⇄ controls, the timeline, the side panel.

The page arrives with its map and panel already drawn for the URL (one request); the
values of every round for its selection follow once, and a change of round is then
drawn in the browser (``assets/map_timeline.js``) with a Patch of values only.
"""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, no_update
from sqlalchemy import Engine

from callbacks.charts import register_downloads, register_tables
from callbacks.controls import register_group_choices
from landkort.store import is_demo
from landkort.views.map_view import MapView, map_view
from layouts.components.chart_image import image_meta, with_image_meta
from layouts.map import charts, panel
from layouts.map.timeline import cached_payload, payload_now
from layouts.pages import page
from layouts.registry import draw

PAGE = page("map")
CONTROLS = (  # the round is apart: it changes nothing on the server
    "ctl-maal",
    "ctl-opgave",
    "ctl-gruppe",
    "ctl-region",
    "ctl-kommune",
    "ctl-form",
)


def current_view(engine: Engine, search: str | None) -> MapView:
    with engine.connect() as conn:
        return map_view(conn, search)


def side_panel(engine: Engine, view: MapView) -> list:
    with engine.connect() as conn:
        drawn = {key: draw(PAGE.chart(key), conn, view) for key in charts.PANEL}
        drawn["kort"] = (charts.kommune_frame(conn, view), None)  # the panel reads its frame
    return panel.panel(PAGE, view, drawn, charts.PANEL)


def rounds_payload(engine: Engine, search: str | None) -> dict:
    """Every round's values for the address's selection (layouts/map/timeline.py)."""
    with engine.connect() as conn:
        view = map_view(conn, search)
        return cached_payload(conn, view, is_demo(conn), PAGE.title)


def register(app: Dash, engine: Engine) -> None:
    """Attach the map page's callbacks to the app.

    The address and the controls follow each other in the browser
    (``landkort.mapAddress``), which also keeps ``map-selection``: the address without
    the round. Only a change of that asks the server for anything: the values of every
    round (``map-rounds``), the side panel, and the map's shapes when they change. A
    change of round is drawn in the browser from ``map-rounds`` (``landkort.showRound``).
    """
    app.clientside_callback(
        ClientsideFunction("landkort", "mapAddress"),
        Output("map-url", "search"),
        Output("ctl-runde", "value"),
        *(Output(c, "value") for c in CONTROLS),
        Output("map-selection", "data"),
        Input("map-url", "search"),
        Input("ctl-runde", "value"),
        *(Input(c, "value") for c in CONTROLS),
        State("map-selection", "data"),
        State("map-rules", "data"),
        prevent_initial_call=True,
    )

    register_group_choices(app, "ctl-maal", "ctl-gruppe")

    @app.callback(
        Output("map-rounds", "data"),
        Input("map-round-now", "data"),
        Input("map-rounds-wanted", "data"),
        State("map-url", "search"),
        prevent_initial_call=True,
    )
    def load_rounds(_now, _wanted, search):
        """Every round of the selection: once the reader reaches for the timeline or asks
        for a round not on screen (``map-rounds-wanted``, set by assets/map_timeline.js),
        and after the round on screen was sent for a new selection (one after the other,
        not both at once in a worker, so the map is recoloured as soon as can be). A
        first load that never changes the round does not fetch them: the page came drawn
        for its round."""
        return rounds_payload(engine, search)

    @app.callback(
        Output("map-round-now", "data"),
        Input("map-selection", "data"),
        State("map-url", "search"),
        prevent_initial_call=True,
    )
    def load_round_now(_selection, search):
        """The round on screen for a new selection, while all rounds are computed."""
        with engine.connect() as conn:
            view = map_view(conn, search)
            return payload_now(conn, view, is_demo(conn), PAGE.title)

    shown = (
        Output("map", "figure", allow_duplicate=True),
        Output("map-kort-summary", "children"),
        Output("map-said", "data"),
        Output("timeline-now", "children"),
    )
    app.clientside_callback(
        ClientsideFunction("landkort", "showRound"),
        *shown,
        Input("ctl-runde", "value"),
        Input("map-rounds", "data"),
        State("map-round-now", "data"),
        State("map-selection", "data"),
        prevent_initial_call=True,
    )
    # apart, since Dash holds back a callback while another will change one of its inputs
    app.clientside_callback(
        ClientsideFunction("landkort", "showRoundNow"),
        *shown,
        Input("map-round-now", "data"),
        State("ctl-runde", "value"),
        State("map-selection", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("landkort", "showRoundPanel"),
        Output("pooled-head", "children"),
        Output("pooled-value", "children"),
        Output("pooled-interval", "children"),
        Output("participants", "children"),
        Output("map-spredning", "figure"),
        Output("map-spredning-heading", "children"),
        Output("map-udvikling", "figure"),
        Output("top-bottom", "children"),
        Input("ctl-runde", "value"),
        Input("map-rounds", "data"),
        Input("map-round-now", "data"),
        State("map-selection", "data"),
        State("map-rules", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("map", "figure"),
        Output("map-shown", "data"),
        Output("map-legend-box", "children"),
        Input("map-selection", "data"),
        State("map-url", "search"),
        State("map-shown", "data"),
        prevent_initial_call=True,
    )
    def reshape(_selection, search, shown):
        """The whole figure when the shapes change (map form, region); the colours of
        every change come from ``map-rounds`` in the browser."""
        view, chart = current_view(engine, search), PAGE.chart("kort")
        if shown == view.geometry_key:
            return no_update, no_update, no_update
        with engine.connect() as conn:
            frame = charts.kommune_frame(conn, view)
            meta = image_meta(chart, view, is_demo(conn))
        figure = with_image_meta(chart.figure(frame, view), meta)
        return figure, view.geometry_key, panel.legend_note(view.state.form)

    # What the map shows now, for screen readers (the live region is outside the page,
    # and a server callback writing there would run again on every first load).
    app.clientside_callback(
        ClientsideFunction("landkort", "announce"),
        Output("live", "children", allow_duplicate=True),
        Input("map-said", "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(  # the page's first rounds need no new panel, nor a request
        ClientsideFunction("landkort", "panelAsked"),
        Output("map-panel-asked", "data"),
        Input("map-rounds", "data"),
        State("map-selection", "data"),
        State("map-panel-drawn", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("map-panel", "children"),
        Output("map-panel-drawn", "data"),
        Input("map-panel-asked", "data"),
        State("map-url", "search"),
        State("map-selection", "data"),
        prevent_initial_call=True,
    )
    def update_panel(_asked, search, selection):
        """The panel for a new selection, once its rounds have arrived: the map's colours
        come first (computed side by side, the two would share one worker's time)."""
        return side_panel(engine, current_view(engine, search)), selection

    address = [State("map-url", "search")]
    register_downloads(app, engine, PAGE, address, lambda conn, s: map_view(conn, s))
    # open tables follow the address (map-tables-follow: the address, while one is open)
    app.clientside_callback(
        ClientsideFunction("landkort", "tablesFollow"),
        Output("map-tables-follow", "data"),
        Input("map-url", "search"),
        State({"type": "show-table", "page": PAGE.key, "key": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    follows = Input("map-tables-follow", "data")
    register_tables(app, engine, PAGE, address, lambda conn, s: map_view(conn, s), follows)
    _register_play(app)

    app.clientside_callback(  # a kommune clicked opens its page, without a request
        ClientsideFunction("landkort", "openKommune"),
        Output("url", "pathname"),
        Input("map", "clickData"),
        prevent_initial_call=True,
    )


def _register_play(app: Dash) -> None:
    """▶ Afspil: from the first round when the slider stands on the last; in the browser."""
    app.clientside_callback(
        ClientsideFunction("landkort", "togglePlay"),
        Output("play-timer", "disabled"),
        Output("btn-play", "children"),
        Output("ctl-runde", "value", allow_duplicate=True),
        Input("btn-play", "n_clicks"),
        State("play-timer", "disabled"),
        State("ctl-runde", "value"),
        State("ctl-runde", "min"),
        State("ctl-runde", "max"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("landkort", "stepRound"),
        Output("ctl-runde", "value", allow_duplicate=True),
        Output("play-timer", "disabled", allow_duplicate=True),
        Output("btn-play", "children", allow_duplicate=True),
        Input("play-timer", "n_intervals"),
        State("ctl-runde", "value"),
        State("ctl-runde", "max"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function (ms) { return parseInt(ms, 10) || 1400; }",
        Output("play-timer", "interval"),
        Input("play-speed", "value"),
        prevent_initial_call=True,
    )
