"""The compare page (``/sammenlign``): controls, the five views and their downloads."""

from __future__ import annotations

import copy

from dash import dcc, html

from landkort import reference as ref
from landkort.urlstate.compare import CompareState
from landkort.views.compare_view import CompareView
from layouts.compare.charts import ROWS
from layouts.components import bootstrap as bs
from layouts.components.about_link import about_link
from layouts.components.chart_tools import chart_tools, described, table_box
from layouts.components.controls import (
    ALL,
    dropdown,
    field,
    group_options,
    measure_options,
    opgave_options,
    region_options,
)
from layouts.components.downloads import download_target
from layouts.registry import Chart, Page

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}
UDVALG_OPTIONS = [
    {"label": "Valgte kommuner", "value": "kommuner"},
    {"label": "Alle deltagere", "value": "alle"},
    {"label": "De ti største flyttere", "value": "flyttere"},
]
CONTROLS = (
    "cmp-maal",
    "cmp-opgave",
    "cmp-gruppe",
    "cmp-region",
    "cmp-udvalg",
    "cmp-kommuner",
    "cmp-runde",
    "cmp-fra",
)


def kommune_options() -> list[dict]:
    return [
        {
            "label": f"{k.navn} ({k.kode_tekst})",
            "value": k.kode,
            "search": f"{k.navn} {k.kode_tekst} {k.kode}",
        }
        for k in sorted(ref.KOMMUNER, key=lambda k: k.navn)
    ]


def controls(state: CompareState, rounds: list[tuple[int, str, str]]) -> html.Div:
    sel = state.selection
    gruppe_options, gruppe_disabled = group_options(sel.measure)
    runde_options = [
        {"label": navn, "value": rid, "search": f"{kode} {navn}"} for rid, kode, navn in rounds
    ]
    row1 = bs.row(
        [
            field(
                "Mål",
                dropdown(
                    "cmp-maal",
                    measure_options(),
                    sel.measure,
                ),
                lg=4,
                md=6,
            ),
            field(
                "Opgave",
                dropdown(
                    "cmp-opgave",
                    opgave_options(),
                    sel.opgave or ALL,
                ),
                lg=4,
                md=6,
            ),
            field(
                "Henvendelsestype",
                dropdown(
                    "cmp-gruppe",
                    gruppe_options,
                    sel.effective_gruppe or gruppe_options[0]["value"],
                    disabled=gruppe_disabled,
                ),
                lg=2,
                md=6,
            ),
            field(
                "Region",
                dropdown(
                    "cmp-region",
                    region_options(),
                    sel.region or ALL,
                ),
                lg=2,
                md=6,
            ),
        ],
        className="g-2",
    )
    row2 = bs.row(
        [
            field("Vis", dropdown("cmp-udvalg", UDVALG_OPTIONS, state.udvalg), lg=3, md=6),
            field(
                "Kommuner (navn eller kode)",
                dropdown(
                    "cmp-kommuner",
                    kommune_options(),
                    list(state.kommuner),
                    multi=True,
                    searchable=True,
                    clearable=True,
                    placeholder="Vælg kommuner, fx Vallensbæk eller 0187 …",
                ),
                lg=5,
                md=12,
            ),
            field("Runde", dropdown("cmp-runde", runde_options, sel.runde), lg=2, md=6),
            field("Sammenlign med", dropdown("cmp-fra", runde_options, state.fra), lg=2, md=6),
        ],
        className="g-2 mt-1",
    )
    return bs.card([row1, row2], className="mb-3 controls")


def _card(page: Page, chart: Chart, view, frame, body, **note_options) -> html.Div:
    """A chart's card: heading and tools on one line, the chart, its note."""
    head = html.Div(
        [
            html.Div(
                [
                    html.H2(
                        chart.heading_for(frame, view),
                        className="h6 mb-0 fw-semibold d-inline",
                        id=f"cmp-{chart.key}-title",
                    ),
                    about_link(chart, view),
                ]
            ),
            chart_tools(page, chart),
        ],
        className="d-flex justify-content-between align-items-center mb-2 gap-2 flex-wrap",
    )
    notes = chart.notes_for(frame, view)
    note = html.Div(" ".join(notes), className="small text-muted mt-1", **note_options)
    box = table_box(page, chart) if chart.kind == "graph" else None
    return bs.card([head, body, note, box], className="mb-3")


def _graph_card(page: Page, key: str, view, drawn: dict) -> html.Div:
    chart, (frame, figure) = page.chart(key), drawn[key]
    graph = dcc.Graph(id=f"cmp-{key}", figure=figure, config=GRAPH_CONFIG)
    body = dcc.Loading(described(graph, page, chart, frame, view), type="dot", delay_show=400)
    return _card(page, chart, view, frame, body)


def _table_card(page: Page, key: str, view, drawn: dict) -> html.Div:
    """A table's card. Its rows wait in a store until the reader nears the table
    (``data-near``, assets/near.js; callbacks/compare.py puts them in): the ranking's
    98 rows were the first load's longest task, and most visits look at the charts."""
    chart, (frame, table) = page.chart(key), drawn[key]
    later = copy.copy(table)  # the drawn table may be kept for other visits: not changed
    later.data = []
    body = html.Div(
        [
            later,
            dcc.Store(id=f"cmp-{key}-rows", data=table.data),
            dcc.Store(id=f"cmp-{key}-near"),
        ],
        id=f"cmp-{key}-box",
        className="table-scroll",
        **{"data-near": f"cmp-{key}-near"},
    )
    return _card(page, chart, view, frame, body, id=f"cmp-{key}-note")


def export_links() -> html.Div:
    return html.Div(
        [
            html.Span("Hele databasen i udvekslingsformatet: ", className="small text-muted"),
            html.A(
                "CSV",
                href="/api/v1/eksport?format=csv",
                id="cmp-export-csv",
                className="small me-2",
                download="",
            ),
            html.A(
                "XLSX",
                href="/api/v1/eksport?format=xlsx",
                className="small me-3",
                download="",
                title="Et regneark med alle celler; første gang kan det tage et par minutter",
            ),
            html.Span("JSON-API: ", className="small text-muted"),
            html.A(
                "/api/v1/openapi.json",
                href="/api/v1/openapi.json",
                className="small",
                target="_blank",
            ),
        ],
        className="mb-3 d-print-none",
    )


def compare_page(page: Page, view: CompareView, drawn: dict) -> list:
    """The page body, with every chart drawn for the URL it was opened with."""
    return [
        # callback-nav: the shell's address hears the new query, and the title follows it.
        # The query it was drawn for, so that the address it finds on mounting is no
        # change: the charts arrive drawn, and no callback draws them a second time.
        dcc.Location(id="cmp-url", refresh="callback-nav", search=view.query()),
        download_target(page.key),
        html.H1("Sammenlign kommuner", className="h4 mb-1"),
        html.P(
            "Følg kommunerne over runderne, rangér dem og find dem, der flytter sig mest.",
            className="text-muted mb-3",
        ),
        controls(view.state, list(view.rounds)),
        export_links(),
        *(_row(page, keys, view, drawn) for keys in ROWS),
    ]


def _row(page: Page, keys: tuple[str, ...], view: CompareView, drawn: dict):
    cards = [
        (_table_card if page.chart(k).kind == "table" else _graph_card)(page, k, view, drawn)
        for k in keys
    ]
    if len(cards) == 1:
        return cards[0]
    return bs.row([bs.col(card, lg=12 // len(cards)) for card in cards], className="g-3")
