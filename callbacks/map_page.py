"""Glue for the map page: URL ⇄ controls, recolouring with a Patch, the side panel."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from dash import Dash, Input, Output, Patch, State, ctx, no_update
from sqlalchemy import Engine

from landkort import reference as ref
from landkort.mapview import MAP_MEASURES, Selection, kommune_values, pooled_trend, pooled_value
from landkort.metrics import participants
from landkort.urlstate import MapState, format_state, parse_state
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


def rounds_with_data(engine: Engine) -> list[tuple[int, str, str]]:
    from landkort.status import dataset_status

    with engine.connect() as conn:
        status = dataset_status(conn)
    by_kode = ref.runde_by_kode()
    return [(by_kode[r.kode].id, r.kode, r.navn) for r in status.rounds]


def latest_round(engine: Engine) -> int:
    rounds = rounds_with_data(engine)
    return rounds[-1][0] if rounds else ref.RUNDER[-1].id


def map_layout(engine: Engine, search: str | None) -> list:
    """The map page for a URL's query string."""
    rounds = rounds_with_data(engine)
    default = rounds[-1][0] if rounds else ref.RUNDER[-1].id
    state = parse_state(search, default_runde=default, default_form=default_form())
    return map_page(state, rounds, geo_geometry() is not None)


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


def _area_name(region: int | None) -> str:
    return (
        "Hele landet"
        if region is None
        else f"Region {dict((r.kode, r.navn) for r in ref.REGIONER)[region]}"
    )


def register(app: Dash, engine: Engine) -> None:
    """Attach the map page's callbacks to the app."""

    def current_state(search: str | None) -> MapState:
        return parse_state(search, default_runde=latest_round(engine), default_form=default_form())

    @app.callback(
        Output("map-url", "search"),
        *(Output(c, "value") for c in CONTROLS),
        Input("map-url", "search"),
        *(Input(c, "value") for c in CONTROLS),
    )
    def sync_url_and_controls(search, *values):
        """One source of truth: a URL change sets the controls, a control sets the URL."""
        if ctx.triggered_id in CONTROLS:
            state = _state_from_controls(*values)
            default = latest_round(engine)
            new = format_state(state, default_runde=default, default_form=default_form())
            return (new if new != (search or "") else no_update), *([no_update] * len(CONTROLS))
        state = current_state(search)
        wanted = _control_values(state)
        return no_update, *(w if w != v else no_update for w, v in zip(wanted, values, strict=True))

    @app.callback(
        Output("ctl-gruppe", "options"),
        Output("ctl-gruppe", "disabled"),
        Input("ctl-maal", "value"),
    )
    def group_choices(measure):
        return group_options(measure)

    @app.callback(
        Output("map", "figure"),
        Output("map-shown", "data"),
        Input("map-url", "search"),
        State("map-shown", "data"),
    )
    def recolour(search, shown):
        """Full figure when the geometry changes; otherwise a Patch of values only."""
        state = current_state(search)
        sel = state.selection
        with engine.connect() as conn:
            frame = kommune_values(conn, sel)
            pooled = pooled_value(conn, sel)
        runde_kode = ref.RUNDER[sel.runde - 1].kode
        traces = map_figure.trace_values(frame, sel.spec, pooled, runde_kode)
        traces[map_figure.HIGHLIGHT] = map_figure.highlight_values(frame, state.kommune)
        geometry_key = f"{state.form}:{sel.region or ''}"
        if shown != geometry_key:
            fig = map_figure.map_figure(geometry(state.form), state.form, sel.spec, traces)
            return fig, geometry_key
        patched = Patch()
        for i, values in enumerate(traces):
            for key, value in values.items():
                patched["data"][i][key] = value
        for key, value in map_figure.colour_props(sel.spec).items():
            patched["data"][0][key] = value
            if key != "colorbar":
                patched["data"][1][key] = value
        return patched, no_update

    @app.callback(Output("map-panel", "children"), Input("map-url", "search"))
    def side_panel(search):
        state = current_state(search)
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
            participants=len(deltagere),
            area=_area_name(sel.region),
            search=search or "",
            kommune=state.kommune,
        )

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
        ids = [o["value"] for o in options]
        later = [i for i in ids if i > runde]
        if not later:
            return no_update, True, "▶ Afspil"
        return later[0], (len(later) == 1), ("▶ Afspil" if len(later) == 1 else "⏸ Stop")

    @app.callback(
        Output("url", "pathname"),
        Input("map", "clickData"),
        State("map-url", "search"),
        prevent_initial_call=True,
    )
    def open_kommune(click, _search):
        """Clicking a kommune opens its page."""
        if not click or not click.get("points"):
            return no_update
        kode = click["points"][0].get("location")
        if kode is None:
            return no_update
        return f"/kommune/{int(kode):04d}"


__all__ = ["map_layout", "register", "MAP_MEASURES"]
