"""A kommune's page: header, progress toward 80 %, channel mix over time, KL's report.

The skeleton (controls and empty sections) comes from :func:`kommune_page`; the
callbacks in ``callbacks/kommune_page.py`` fill each section from the frames of
``landkort.views.kommune``. Nothing here reads the database.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort import reference as ref
from landkort.formatting import format_decimal
from landkort.urlstate.kommune import KommuneState
from landkort.views.kommune_header import kommune_title
from layouts.downloads import download_buttons, download_target
from layouts.embed import embed_button
from layouts.kommune_figures import GRAPH_CONFIG, THIN_NOTE
from layouts.map_page import DROPDOWN_LABELS
from layouts.plainfigure import PlainFigure

PAGE = "kommune"


def _label(text: str, target: str) -> dbc.Label:
    return dbc.Label(text, html_for=target, className="small fw-semibold mb-1")


def _dropdown(id_: str, options: list[dict], value) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=id_, options=options, value=value, clearable=False, labels=DROPDOWN_LABELS
    )


def runde_options(rounds: list[tuple[int, str, str]], taken: list[int]) -> list[dict]:
    return [
        {"label": f"{kode} ({navn})" + ("" if rid in taken else " – deltog ikke"), "value": rid}
        for rid, kode, navn in rounds
    ]


def price_text(value: float | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, 0 if value == int(value) else 2)


def price_inputs(state: KommuneState) -> html.Div:
    """One small input per inbound channel: kr. per contact; empty = not costed."""
    cells = [
        dbc.Col(
            [
                _label(k.navn, f"kp-price-{k.kode}"),
                dbc.InputGroup(
                    [
                        dbc.Input(
                            id={"type": "kp-price", "kanal": k.kode},
                            value=price_text(state.prices.get(k.kode)),
                            placeholder="ikke prissat",
                            inputmode="decimal",
                            debounce=True,
                            size="sm",
                        ),
                        dbc.InputGroupText("kr.", className="small"),
                    ],
                    size="sm",
                ),
            ],
            xs=6,
            md=4,
            lg=True,
        )
        for k in ref.KANALER
        if k.retning == ref.IND
    ]
    note = html.P(
        "Pris pr. henvendelse (variable omkostninger, arbejdstid med overhead). "
        "Selvbetjening 19 kr. og hjemmeside 5 kr. er KL's og Devoteams offentliggjorte "
        "priser (2011); de øvrige kanaler skal du selv prissætte. En kanal uden pris "
        "indgår ikke i omkostningerne. Priserne gemmes i browseren og i adressen.",
        className="small text-muted mb-2",
    )
    return html.Div([note, dbc.Row(cells, className="g-2")], className="kp-prices")


def controls(state: KommuneState, rounds: list[tuple[int, str, str]], taken: list[int]) -> dbc.Card:
    opgaver = [{"label": o.navn, "value": o.id} for o in ref.OPGAVER]
    grupper = [{"label": label, "value": key} for key, label in ref.GRUPPER.items()]
    row = dbc.Row(
        [
            dbc.Col(
                [
                    _label("Runde", "kp-runde"),
                    _dropdown("kp-runde", runde_options(rounds, taken), state.runde),
                ],
                md=4,
            ),
            dbc.Col(
                [_label("Opgave", "kp-opgave"), _dropdown("kp-opgave", opgaver, state.opgave)],
                md=5,
            ),
            dbc.Col(
                [
                    _label("Henvendelsestype", "kp-gruppe"),
                    _dropdown("kp-gruppe", grupper, state.gruppe),
                ],
                md=3,
            ),
        ],
        className="g-2",
    )
    prices = html.Details(
        [html.Summary("Kanalpriser til omkostningsberegningen", className="small"),
         price_inputs(state)],
        className="mt-2",
    )  # fmt: skip
    return dbc.Card(dbc.CardBody([row, prices]), className="mb-3 controls kp-controls")


def section(title: str, body_id: str, intro: str | None = None) -> html.Section:
    """A titled section whose body a callback fills."""
    return html.Section(
        [
            html.H2(title, className="h5 mt-4 mb-1"),
            html.P(intro, className="small text-muted mb-2") if intro else None,
            html.Div(id=body_id, className="kp-body"),
        ],
        className="kp-section",
    )


def graph(fig: PlainFigure, graph_id: str) -> dcc.Graph:
    height = fig.layout.get("height")
    return dcc.Graph(
        figure=fig.to_dict(),
        config=GRAPH_CONFIG,
        id=graph_id,
        style={"height": f"{height}px"} if height else None,
        className="kp-graph",
    )


# every chart (not the tables) can be embedded: see embed/kommune_charts.py
EMBEDDABLE = frozenset(
    ("progress-all", "progress-opgave", "mix", "multiples", "ind", "ud", "types", "groups",
     "straks-group", "straks-opgave", "blanket-opgave", "cost", "enhed")
)  # fmt: skip


def chart_card(
    title: str,
    key: str,
    body,
    *,
    note: str | None = None,
    thin: bool = False,
    graph_id: str | None = None,
) -> dbc.Card:
    """One chart or table with its title, notes and 'Hent data' buttons."""
    if isinstance(body, PlainFigure):
        body = graph(body, graph_id or f"kp-fig-{key}")
    notes = [n for n in (note, THIN_NOTE if thin else None) if n]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(title, className="h6 mb-2"),
                body,
                *(html.Div(n, className="small text-muted mt-1") for n in notes),
                html.Div(
                    [download_buttons(PAGE, key), embed_button(f"kommune-{key}")]
                    if key in EMBEDDABLE
                    else [download_buttons(PAGE, key)],
                    className="d-flex gap-3 align-items-center",
                ),
            ]
        ),
        className="kp-chart mb-3 shadow-sm",
        id=f"kp-card-{key}",
    )


def kommune_page(
    *,
    navn: str,
    kode: str,
    region: str,
    state: KommuneState,
    rounds: list[tuple[int, str, str]],
    taken: list[int],
    default_runde: int,
    back: str,
) -> list:
    """The page body: controls and the sections the callbacks fill."""
    return [
        dcc.Location(id="kp-url", refresh=False),
        dcc.Store(id="kp-kode", data=int(kode)),
        dcc.Store(id="kp-default-runde", data=default_runde),
        dcc.Store(id="kp-prices-from-url", data=state.prices_in_url),
        dcc.Store(id="kp-prices-store", storage_type="local"),
        download_target(PAGE),
        html.Div(
            [
                dcc.Link("← Til kortet", href=back, className="small d-print-none"),
                html.H1(kommune_title(navn), className="h3 mt-2 mb-0", id="kommune-title"),
                html.P(f"Kommunekode {kode} · Region {region}", className="text-muted mb-2"),
            ]
        ),
        controls(state, rounds, taken),
        html.Div(id="kp-header"),
        section(
            "Udviklingen mod 80 %-målet",
            "kp-progress",
            "Selvbetjeningsgrad (andel af ansøgninger og anmeldelser via digital selvbetjening) "
            "i hver runde med 95 %-interval; det stiplede grå er Hele landet, det røde målet.",
        ),
        section(
            "Kanalfordeling over tid",
            "kp-mix",
            "Hver kanals andel af de indgående henvendelser for den valgte opgave og "
            "henvendelsestype, runde for runde.",
        ),
        section(
            "Alle 35 opgaver: hvem halter?",
            "kp-multiples",
            "Selvbetjeningsgraden for hver opgave over runderne, sorteret efter afstanden til "
            "80 % i den valgte runde (længst fra målet først).",
        ),
        html.H2("KL's kommunerapport", className="h4 mt-5 mb-0 kp-report-title"),
        html.Div(id="kp-report-round", className="text-muted small mb-2"),
        section("Henvendelsesmønster", "kp-patterns"),
        section("Kanalfordeling pr. opgave", "kp-opgave-table"),
        section("Straksafslutning og blanketter", "kp-quality"),
        section("Omkostninger", "kp-cost"),
        section("Enhedernes mønstre", "kp-enheder"),
    ]


def not_found(text: str) -> list:
    return [
        html.H1("Siden findes ikke", className="h3"),
        html.P(text),
        dcc.Link("Til kortet", href="/"),
    ]
