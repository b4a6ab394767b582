"""Glue for the map page: URL ⇄ controls, recolouring with a Patch, the side panel.

The page arrives with its map and panel already drawn for the URL (one request);
later changes go through the URL, and the map then receives only new values.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache

from dash import Dash, Input, Output, Patch, State, ctx, no_update
from sqlalchemy import Engine, func, select

from landkort import reference as ref
from landkort import schema
from landkort.metrics import participants
from landkort.urlstate.map import MapState, format_state, parse_state
from landkort.views.map import Selection, kommune_values, pooled_trend, pooled_value
from layouts import map_figure, map_panel
from layouts.map_page import ALL, group_options, map_page

CONTROLS = (
    "ctl-maal",
    "ctl-runde",
    "ctl-opgave",
    "ctl-gruppe",
    "ctl-region",
    "ctl-kommune",
    "ctl-form",
)


@cache
def hex_geometry() -> dict:
    from landkort.geography.hexmap import hex_geojson

    return hex_geojson()


@cache
def geo_geometry() -> dict | None:
    """Real boundaries when the user has fetched or pointed to them (read once)."""
    from landkort.geography.boundaries import load_boundaries

    return load_boundaries()


def geometry(form: str) -> dict:
    return (geo_geometry() if form == "geo" else None) or hex_geometry()


def default_form() -> str:
    return "geo" if geo_geometry() is not None else "hex"


def _data_version(engine: Engine) -> int:
    """Changes with every import or demo load (the import log's newest id)."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(schema.import_log.c.id))).scalar() or 0


@lru_cache(maxsize=8)
def _rounds(engine: Engine, version: int) -> tuple[tuple[int, str, str], ...]:
    from landkort.status import dataset_status

    with engine.connect() as conn:
        status = dataset_status(conn)
    by_kode = ref.runde_by_kode()
    return tuple((by_kode[r.kode].id, r.kode, r.navn) for r in status.rounds)


def rounds_with_data(engine: Engine) -> list[tuple[int, str, str]]:
    """(id, kode, navn) of the rounds that hold data, cached per data version."""
    return list(_rounds(engine, _data_version(engine)))


def latest_round(engine: Engine) -> int:
    rounds = rounds_with_data(engine)
    return rounds[-1][0] if rounds else ref.RUNDER[-1].id


def current_state(engine: Engine, search: str | None) -> MapState:
    return parse_state(search, default_runde=latest_round(engine), default_form=default_form())


def _geometry_key(state: MapState) -> str:
    return f"{state.form}:{state.selection.region or ''}"


def _traces(engine: Engine, state: MapState) -> tuple[list, Selection]:
    sel = state.selection
    with engine.connect() as conn:
        frame = kommune_values(conn, sel)
        pooled = pooled_value(conn, sel)
    traces = map_figure.trace_values(frame, sel.spec, pooled, ref.RUNDER[sel.runde - 1].kode)
    traces[map_figure.HIGHLIGHT] = map_figure.highlight_values(frame, state.kommune)
    return traces, sel


def full_figure(engine: Engine, state: MapState):
    traces, sel = _traces(engine, state)
    return map_figure.map_figure(geometry(state.form), state.form, sel.spec, traces)


def recolour_patch(engine: Engine, state: MapState) -> Patch:
    """Only the new locations, values, hover texts and colour scale: no geometry."""
    traces, sel = _traces(engine, state)
    patched = Patch()
    for i, values in enumerate(traces):
        for key, value in values.items():
            patched["data"][i][key] = value
    for key, value in map_figure.colour_props(sel.spec).items():
        patched["data"][0][key] = value
        if key != "colorbar":
            patched["data"][1][key] = value
    return patched


def _in_region(koder: list[int], region: int | None) -> list[int]:
    if region is None:
        return koder
    kommuner = ref.kommune_by_kode()
    return [k for k in koder if kommuner[k].region_kode == region]


def _area_name(region: int | None) -> str:
    names = {r.kode: r.navn for r in ref.REGIONER}
    return "Hele landet" if region is None else f"Region {names[region]}"


def side_panel(engine: Engine, state: MapState, search: str) -> list:
    sel = state.selection
    with engine.connect() as conn:
        frame = kommune_values(conn, sel)
        pooled = pooled_value(conn, sel)
        trend = pooled_trend(conn, sel)
        deltagere = participants(conn, sel.runde)
    return map_panel.panel(
        sel,
        frame,
        pooled,
        trend,
        participants=len(_in_region(deltagere, sel.region)),
        area=_area_name(sel.region),
        search=search,
        kommune=state.kommune,
    )


def trend_for(engine: Engine, state: MapState):
    with engine.connect() as conn:
        trend = pooled_trend(conn, state.selection)
    return map_panel.trend_chart(state.selection, trend)


def distribution_for(engine: Engine, state: MapState):
    with engine.connect() as conn:
        frame = kommune_values(conn, state.selection)
        pooled = pooled_value(conn, state.selection)
    return map_panel.distribution_chart(state.selection, frame, pooled)


def map_layout(engine: Engine, search: str | None) -> list:
    """The map page for a URL's query string, drawn in full."""
    state = current_state(engine, search)
    return map_page(
        state,
        rounds_with_data(engine),
        geo_geometry() is not None,
        figure=full_figure(engine, state),
        geometry_key=_geometry_key(state),
        panel=side_panel(engine, state, search or ""),
    )


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

    @app.callback(
        Output("map-url", "search"),
        *(Output(c, "value") for c in CONTROLS),
        Input("map-url", "search"),
        *(Input(c, "value") for c in CONTROLS),
        prevent_initial_call=True,
    )
    def sync_url_and_controls(search, *values):
        """One source of truth: a URL change sets the controls, a control sets the URL."""
        if ctx.triggered_id in CONTROLS:
            state = _state_from_controls(*values)
            new = format_state(
                state, default_runde=latest_round(engine), default_form=default_form()
            )
            return (new if new != (search or "") else no_update), *([no_update] * len(CONTROLS))
        wanted = _control_values(current_state(engine, search))
        return no_update, *(w if w != v else no_update for w, v in zip(wanted, values, strict=True))

    @app.callback(
        Output("ctl-gruppe", "options"),
        Output("ctl-gruppe", "disabled"),
        Input("ctl-maal", "value"),
        prevent_initial_call=True,
    )
    def group_choices(measure):
        return group_options(measure)

    @app.callback(
        Output("map", "figure"),
        Output("map-shown", "data"),
        Output("map-legend-box", "children"),
        Input("map-url", "search"),
        State("map-shown", "data"),
        prevent_initial_call=True,
    )
    def recolour(search, shown):
        """Full figure when the geometry changes; otherwise a Patch of values only."""
        state = current_state(engine, search)
        key = _geometry_key(state)
        if shown != key:
            return full_figure(engine, state), key, map_panel.legend_note(state.form)
        return recolour_patch(engine, state), no_update, no_update

    @app.callback(
        Output("map-panel", "children"),
        Input("map-url", "search"),
        prevent_initial_call=True,
    )
    def update_panel(search):
        return side_panel(engine, current_state(engine, search), search or "")

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
