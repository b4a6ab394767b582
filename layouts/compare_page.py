"""The compare page (``/sammenlign``): controls, the five views and their downloads."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort import reference as ref
from landkort.urlstate.compare import CompareState
from landkort.views.map import MAP_MEASURES, MIN_N
from layouts.downloads import download_buttons, download_target
from layouts.embed import embed_button
from layouts.map_page import ALL, DROPDOWN_LABELS, group_options

PAGE = "sammenlign"
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


def _label(text: str, target: str) -> dbc.Label:
    return dbc.Label(text, html_for=target, className="small fw-semibold mb-1")


def _dropdown(id_: str, options: list[dict], value, **kwargs) -> dcc.Dropdown:
    kwargs.setdefault("clearable", False)
    labels = {**DROPDOWN_LABELS, "selected_count": "{num_selected} valgt"}
    return dcc.Dropdown(id=id_, options=options, value=value, labels=labels, **kwargs)


def _field(label: str, control, **width) -> dbc.Col:
    return dbc.Col([_label(label, control.id), control], **width)


def kommune_options() -> list[dict]:
    return [
        {
            "label": f"{k.navn} ({k.kode_tekst})",
            "value": k.kode,
            "search": f"{k.navn} {k.kode_tekst} {k.kode}",
        }
        for k in sorted(ref.KOMMUNER, key=lambda k: k.navn)
    ]


def controls(state: CompareState, rounds: list[tuple[int, str, str]]) -> dbc.Card:
    sel = state.selection
    gruppe_options, gruppe_disabled = group_options(sel.measure)
    runde_options = [
        {"label": navn, "value": rid, "search": f"{kode} {navn}"} for rid, kode, navn in rounds
    ]
    row1 = dbc.Row(
        [
            _field(
                "Mål",
                _dropdown(
                    "cmp-maal",
                    [{"label": m.label, "value": k} for k, m in MAP_MEASURES.items()],
                    sel.measure,
                ),
                lg=4,
                md=6,
            ),
            _field(
                "Opgave",
                _dropdown(
                    "cmp-opgave",
                    [{"label": "Alle 35 opgaver", "value": ALL}]
                    + [{"label": o.navn, "value": o.id} for o in ref.OPGAVER],
                    sel.opgave or ALL,
                ),
                lg=4,
                md=6,
            ),
            _field(
                "Henvendelsestype",
                _dropdown(
                    "cmp-gruppe",
                    gruppe_options,
                    sel.effective_gruppe or gruppe_options[0]["value"],
                    disabled=gruppe_disabled,
                ),
                lg=2,
                md=6,
            ),
            _field(
                "Region",
                _dropdown(
                    "cmp-region",
                    [{"label": "Hele landet", "value": ALL}]
                    + [{"label": f"Region {r.navn}", "value": r.kode} for r in ref.REGIONER],
                    sel.region or ALL,
                ),
                lg=2,
                md=6,
            ),
        ],
        className="g-2",
    )
    row2 = dbc.Row(
        [
            _field("Vis", _dropdown("cmp-udvalg", UDVALG_OPTIONS, state.udvalg), lg=3, md=6),
            _field(
                "Kommuner (navn eller kode)",
                _dropdown(
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
            _field("Runde", _dropdown("cmp-runde", runde_options, sel.runde), lg=2, md=6),
            _field("Sammenlign med", _dropdown("cmp-fra", runde_options, state.fra), lg=2, md=6),
        ],
        className="g-2 mt-1",
    )
    return dbc.Card(dbc.CardBody([row1, row2]), className="mb-3 controls")


_EMBEDS = {
    "udvikling": "sammenlign-linjer",
    "aendring": "sammenlign-aendring",
    "fordeling": "sammenlign-spredning",
    "opgaver": "sammenlign-opgaver",
}


def _card(title: str, key: str, body, *, note=None, title_id: str | None = None) -> dbc.Card:
    tools = [download_buttons(PAGE, key)]
    if key in _EMBEDS:
        tools.append(embed_button(_EMBEDS[key]))
    head = html.Div(
        [
            html.H2(title, className="h6 mb-0 fw-semibold", id=title_id),
            html.Div(tools, className="d-flex gap-3 align-items-center"),
        ],
        className="d-flex justify-content-between align-items-center mb-2 gap-2 flex-wrap",
    )
    return dbc.Card(dbc.CardBody([head, body, note]), className="mb-3")


def _graph(id_: str, figure) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(id=id_, figure=figure, config=GRAPH_CONFIG), type="dot", delay_show=400
    )


def legend_note() -> html.Div:
    return html.Div(
        [
            html.Span("Åbne punkter, kursiv og blege celler: usikre tal (under "),
            html.Span(f"{MIN_N} registreringer"),
            html.Span("). Huller i linjerne og grå celler: kommunen deltog ikke. "),
            html.Span(
                "Alle andele er samlet over kommunernes registreringer (ikke gennemsnit af andele)."
            ),
        ],
        className="small text-muted mt-1",
    )


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


def compare_page(state: CompareState, rounds: list[tuple[int, str, str]], views: dict) -> list:
    """The page body, with every view drawn for the URL it was opened with."""
    return [
        dcc.Location(id="cmp-url", refresh=False),
        download_target(PAGE),
        html.H1("Sammenlign kommuner", className="h4 mb-1"),
        html.P(
            "Følg kommunerne over runderne, rangér dem og find dem, der flytter sig mest.",
            className="text-muted mb-3",
        ),
        controls(state, rounds),
        export_links(),
        _card(
            views["lines_title"],
            "udvikling",
            _graph("cmp-lines", views["lines"]),
            note=legend_note(),
            title_id="cmp-lines-title",
        ),
        dbc.Row(
            [
                dbc.Col(
                    _card(
                        views["dumbbell_title"],
                        "aendring",
                        _graph("cmp-dumbbell", views["dumbbell"]),
                        title_id="cmp-dumbbell-title",
                        note=html.Div(
                            "Kun kommuner med tal i begge runder. * usikkert (under "
                            f"{MIN_N} registreringer) i mindst én af runderne.",
                            className="small text-muted",
                        ),
                    ),
                    lg=6,
                ),
                dbc.Col(
                    _card(
                        views["box_title"],
                        "fordeling",
                        _graph("cmp-box", views["box"]),
                        title_id="cmp-box-title",
                    ),
                    lg=6,
                ),
            ],
            className="g-3",
        ),
        _card(
            views["ranking_title"],
            "rangliste",
            html.Div(views["ranking"], id="cmp-ranking-box"),
            title_id="cmp-ranking-title",
            note=html.Div(
                views["ranking_note"], id="cmp-ranking-note", className="small text-muted mt-2"
            ),
        ),
        _card(
            views["heatmap_title"],
            "opgaver",
            _graph("cmp-heatmap", views["heatmap"]),
            title_id="cmp-heatmap-title",
        ),
    ]
