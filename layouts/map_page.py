"""The map page: controls, the choropleth and the panel beside it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort import reference as ref
from landkort.urlstate.map import MapState
from landkort.views.map import MAP_MEASURES
from layouts.embed import embed_button
from layouts.map_panel import legend_note

# plotly's geo layer fetches a world topojson from a CDN even when hidden; ours is an
# empty one served locally, so the map works offline and loads nothing from outside.
MAP_CONFIG = {"displayModeBar": False, "scrollZoom": False, "topojsonURL": "/assets/topojson/"}

ALL = 0  # the "all opgaver" / "whole country" choice in dropdowns (None is not a value)


def _label(text: str, target: str) -> dbc.Label:
    return dbc.Label(text, html_for=target, className="small fw-semibold mb-1")


DROPDOWN_LABELS = {
    "search": "Søg",
    "clear_search": "Ryd søgning",
    "clear_selection": "Ryd valget",
    "no_options_found": "Intet passer",
    "select_all": "Vælg alle",
    "deselect_all": "Fravælg alle",
}


def _dropdown(id_: str, options: list[dict], value, **kwargs) -> dcc.Dropdown:
    kwargs.setdefault("clearable", False)
    return dcc.Dropdown(id=id_, options=options, value=value, labels=DROPDOWN_LABELS, **kwargs)


def group_options(measure: str) -> tuple[list[dict], bool]:
    """The group choices a measure allows, and whether the control is disabled."""
    groups = MAP_MEASURES[measure].groups
    if len(groups) == 1:
        return [{"label": ref.GRUPPER[groups[0]], "value": groups[0]}], True
    default = "Alle grupper" if len(groups) == len(ref.GRUPPER) else ref.GRUPPER[groups[0]]
    options = [{"label": default, "value": ""}]
    options += [{"label": ref.GRUPPER[g], "value": g} for g in groups]
    return options, False


def controls(state: MapState, rounds: list[tuple[int, str, str]], geo_available: bool) -> dbc.Card:
    """Measure, round (with play), opgave, group, region, search and map form."""
    sel = state.selection
    gruppe_options, gruppe_disabled = group_options(sel.measure)
    gruppe_value = sel.effective_gruppe or gruppe_options[0]["value"]
    runde_options = [{"label": f"{kode} ({navn})", "value": rid} for rid, kode, navn in rounds]
    row1 = dbc.Row(
        [
            dbc.Col(
                [
                    _label("Mål", "ctl-maal"),
                    _dropdown(
                        "ctl-maal",
                        [{"label": m.label, "value": k} for k, m in MAP_MEASURES.items()],
                        sel.measure,
                    ),
                ],
                lg=4,
                md=6,
            ),
            dbc.Col(
                [
                    _label("Runde", "ctl-runde"),
                    dbc.InputGroup(
                        [
                            html.Div(
                                _dropdown("ctl-runde", runde_options, sel.runde),
                                className="flex-grow-1",
                            ),
                            dbc.Button(
                                "▶ Afspil",
                                id="btn-play",
                                color="secondary",
                                outline=True,
                                title="Gennemløb runderne",
                                n_clicks=0,
                            ),
                        ],
                        className="flex-nowrap",
                    ),
                ],
                lg=3,
                md=6,
            ),
            dbc.Col(
                [
                    _label("Opgave", "ctl-opgave"),
                    _dropdown(
                        "ctl-opgave",
                        [{"label": "Alle 35 opgaver", "value": ALL}]
                        + [{"label": o.navn, "value": o.id} for o in ref.OPGAVER],
                        sel.opgave or ALL,
                    ),
                ],
                lg=5,
                md=12,
            ),
        ],
        className="g-2",
    )
    row2 = dbc.Row(
        [
            dbc.Col(
                [
                    _label("Henvendelsestype", "ctl-gruppe"),
                    _dropdown("ctl-gruppe", gruppe_options, gruppe_value, disabled=gruppe_disabled),
                ],
                lg=3,
                md=6,
            ),
            dbc.Col(
                [
                    _label("Region", "ctl-region"),
                    _dropdown(
                        "ctl-region",
                        [{"label": "Hele landet", "value": ALL}]
                        + [{"label": f"Region {r.navn}", "value": r.kode} for r in ref.REGIONER],
                        sel.region or ALL,
                    ),
                ],
                lg=3,
                md=6,
            ),
            dbc.Col(
                [
                    _label("Find kommune", "ctl-kommune"),
                    _dropdown(
                        "ctl-kommune",
                        options=[
                            {"label": f"{k.navn} ({k.kode_tekst})", "value": k.kode}
                            for k in sorted(ref.KOMMUNER, key=lambda k: k.navn)
                        ],
                        value=state.kommune,
                        placeholder="Navn eller kommunekode …",
                        searchable=True,
                        clearable=True,
                    ),
                ],
                lg=3,
                md=6,
            ),
            dbc.Col(
                [
                    _label("Kortform", "ctl-form"),
                    dbc.RadioItems(
                        id="ctl-form",
                        options=[
                            {"label": "Sekskanter", "value": "hex"},
                            {"label": "Geografisk", "value": "geo", "disabled": not geo_available},
                        ],
                        value=state.form,
                        inline=True,
                        className="btn-group",
                        inputClassName="btn-check",
                        labelClassName="btn btn-outline-secondary btn-sm",
                        labelCheckedClassName="active",
                    ),
                ],
                lg=3,
                md=6,
            ),
        ],
        className="g-2 mt-1",
    )
    return dbc.Card(dbc.CardBody([row1, row2]), className="mb-3 controls")


def map_page(
    state: MapState,
    rounds: list[tuple[int, str, str]],
    geo_available: bool,
    *,
    figure,
    geometry_key: str,
    panel: list,
) -> list:
    """The page body, drawn for the URL it was opened with."""
    hint = (
        None
        if geo_available
        else html.Div(
            "Geografisk kort kræver kommunegrænser: kør 'python -m landkort boundaries fetch'.",
            className="small text-muted",
        )
    )
    graph = dcc.Graph(id="map", figure=figure, config=MAP_CONFIG, style={"height": "620px"})
    return [
        dcc.Location(id="map-url", refresh=False),
        dcc.Store(id="map-shown", data=geometry_key),
        dcc.Interval(id="play-timer", interval=1600, disabled=True),
        controls(state, rounds, geo_available),
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.Div(embed_button("kort"), className="text-end"),
                        graph,
                        html.Div(legend_note(state.form), id="map-legend-box"),
                        hint,
                    ],
                    lg=7,
                ),
                dbc.Col(html.Div(panel, id="map-panel"), lg=5),
            ],
            className="g-3",
        ),
    ]
