"""The map page: controls, the choropleth and the panel beside it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort import reference as ref
from landkort.urlstate.map import MapState
from landkort.views.map_view import MapView
from layouts.components import bootstrap as bs
from layouts.components.about_link import about_link
from layouts.components.chart_tools import chart_tools, described, table_box, table_button
from layouts.components.controls import (
    ALL,
    dropdown,
    group_options,
    label,
    measure_options,
    opgave_options,
    region_options,
)
from layouts.components.downloads import download_target
from layouts.map.charts import BELOW, PANEL
from layouts.map.panel import legend_note
from layouts.map.panel import panel as side_panel
from layouts.map.timeline import selection_key, url_rules
from layouts.registry import Chart, Page

# plotly's geo layer fetches a world topojson from a CDN even when hidden; ours is an
# empty one served locally, so the map works offline and loads nothing from outside.
MAP_CONFIG = {
    "displayModeBar": False,
    "scrollZoom": False,
    "responsive": True,
    "topojsonURL": "/assets/topojson/",
}


def controls(state: MapState, rounds: list[tuple[int, str, str]], geo_available: bool) -> html.Div:
    """Measure, round (with play), opgave, group, region, search and map form."""
    sel = state.selection
    gruppe_options, gruppe_disabled = group_options(sel.measure)
    gruppe_value = sel.effective_gruppe or gruppe_options[0]["value"]
    row1 = bs.row(
        [
            bs.col(
                [
                    label("Mål", "ctl-maal"),
                    dropdown(
                        "ctl-maal",
                        measure_options(),
                        sel.measure,
                    ),
                ],
                lg=5,
                md=6,
            ),
            bs.col(
                [
                    label("Opgave", "ctl-opgave"),
                    dropdown(
                        "ctl-opgave",
                        opgave_options(),
                        sel.opgave or ALL,
                    ),
                ],
                lg=7,
                md=6,
            ),
        ],
        className="g-2",
    )
    row2 = bs.row(
        [
            bs.col(
                [
                    label("Henvendelsestype", "ctl-gruppe"),
                    dropdown("ctl-gruppe", gruppe_options, gruppe_value, disabled=gruppe_disabled),
                ],
                lg=3,
                md=6,
            ),
            bs.col(
                [
                    label("Region", "ctl-region"),
                    dropdown(
                        "ctl-region",
                        region_options(),
                        sel.region or ALL,
                    ),
                ],
                lg=3,
                md=6,
            ),
            bs.col(
                [
                    label("Find kommune", "ctl-kommune"),
                    dropdown(
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
            bs.col(
                [
                    label("Kortform", "ctl-form"),
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
    return bs.card([row1, row2], className="mb-3 controls")


SPEEDS = (("Langsom", 2400), ("Normal", 1400), ("Hurtig", 700))  # ms per round


def timeline(view: MapView) -> html.Div:
    """Under the map: the rounds on a slider (arrow keys step, Home/End jump), play and
    its speed. The browser recolours from the rounds' values (layouts/map/timeline.py)."""
    rounds = list(view.rounds) or [(view.selection.runde, view.runde_kode, "")]
    first, last = rounds[0][0], rounds[-1][0]
    names = {rid: f"{kode} ({navn})" if navn else kode for rid, kode, navn in rounds}
    marks = [
        html.Span(
            kode,
            className="timeline-mark",
            style={"left": f"{(rid - first) / max(last - first, 1) * 100:.2f}%"},
        )
        for rid, kode, _ in rounds
    ]
    return html.Div(
        [
            html.Div(
                [
                    html.Label("Runde", htmlFor="ctl-runde", className="form-label mb-0 me-2"),
                    html.Output(
                        names.get(view.selection.runde, view.runde_kode),
                        id="timeline-now",
                        htmlFor="ctl-runde",
                        className="fw-semibold",
                    ),
                ],
                className="d-flex align-items-baseline flex-wrap",
            ),
            dcc.Input(
                id="ctl-runde",
                type="range",
                min=first,
                max=last,
                step=1,
                value=view.selection.runde,
                className="timeline-range",
                debounce=False,
            ),
            html.Div(marks, className="timeline-marks", **{"aria-hidden": "true"}),
            html.Div(
                [
                    bs.button(
                        "▶ Afspil",
                        id="btn-play",
                        color="secondary",
                        outline=True,
                        size="sm",
                        title="Gennemløb runderne fra den første",
                        n_clicks=0,
                    ),
                    html.Label("Hastighed", htmlFor="play-speed", className="small mb-0"),
                    dbc.Select(
                        id="play-speed",
                        options=[{"label": n, "value": str(ms)} for n, ms in SPEEDS],
                        value=str(SPEEDS[1][1]),
                        size="sm",
                        style={"width": "auto"},
                    ),
                ],
                className="d-flex gap-2 align-items-center flex-wrap mt-1",
            ),
            dcc.Store(id="timeline-names", data={str(k): v for k, v in names.items()}),
        ],
        className="timeline mt-2",
        id="timeline",
    )


def map_page(page: Page, view: MapView, drawn: dict) -> list:
    """The page body, drawn for the URL it was opened with."""
    hint = (
        None
        if view.geo_available
        else html.Div(
            "Geografisk kort kræver kommunegrænser: kør 'python -m landkort boundaries fetch'.",
            className="small text-muted",
        )
    )
    figure = drawn["kort"][1]
    # 620 px, less on a narrow screen so the map keeps its shape
    style = {"height": "min(620px, 125vw)"}
    graph = dcc.Graph(id="map", figure=figure, config=MAP_CONFIG, style=style)
    return [
        # The query it was drawn for, so that the address it finds on mounting is no
        # change: the charts arrive drawn, and no callback draws them a second time. Not
        # "callback-nav": the shell's address would hear every round and ask the server
        # for a title; the title comes with the rounds' values instead (map-rounds).
        dcc.Location(id="map-url", refresh=False, search=view.query()),
        dcc.Store(id="map-shown", data=view.geometry_key),
        dcc.Store(id="map-said"),  # what a recolour announces (callbacks/map.py)
        dcc.Store(id="map-selection", data=selection_key(view)),
        dcc.Store(id="map-panel-drawn", data=selection_key(view)),  # the panel's selection
        dcc.Store(id="map-panel-asked"),  # a selection the panel does not show yet
        dcc.Store(id="map-rules", data=url_rules(view)),
        dcc.Store(id="map-rounds"),  # every round of the selection (layouts/map/timeline.py)
        dcc.Store(id="map-rounds-wanted"),  # set when the reader reaches for the timeline
        dcc.Store(id="map-round-now"),  # its round on screen, sent first
        dcc.Store(id="map-tables-follow"),
        dcc.Interval(id="play-timer", interval=SPEEDS[1][1], disabled=True),
        download_target(page.key),
        html.H1(
            ["Kommunerne på kortet", about_link(page.chart("kort"), view)], className="h4 mb-2"
        ),
        controls(view.state, list(view.rounds), view.geo_available),
        bs.row(
            [
                bs.col(
                    [
                        chart_tools(page, page.chart("kort"), "justify-content-end"),
                        described(graph, page, page.chart("kort"), drawn["kort"][0], view),
                        timeline(view),
                        table_box(page, page.chart("kort")),
                        html.Div(legend_note(view.state.form), id="map-legend-box"),
                        hint,
                    ],
                    lg=7,
                ),
                bs.col(
                    html.Div(
                        side_panel(page, view, drawn, PANEL),
                        id="map-panel",
                        # what it shows, so the first rounds to arrive draw it not again
                        **{"data-drawn": f"{selection_key(view)}@{view.selection.runde}"},
                    ),
                    lg=5,
                ),
            ],
            className="g-3",
        ),
        *(below_card(page, page.chart(key), view, drawn[key]) for key in BELOW),
    ]


def below_card(page: Page, chart: Chart, view: MapView, drawn: tuple) -> html.Section:
    """A table under the map, drawn when asked for (98 rows of cells cost the browser
    seconds on every recolour)."""
    return html.Section(
        [
            html.H2(
                [
                    html.Span(
                        chart.heading_for(drawn[0], view), id=f"{page.key}-{chart.key}-heading"
                    ),
                    about_link(chart, view),
                ],
                className="h6 fw-semibold mb-1",
            ),
            html.Div(
                [chart_tools(page, chart), table_button(page, chart, "Vis tabellen")],
                className="d-flex gap-3 align-items-center flex-wrap",
            ),
            table_box(page, chart),
        ],
        className="mt-3",
    )
