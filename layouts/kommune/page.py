"""A kommune's page: header, progress toward 80 %, channel mix over time, KL's report.

The skeleton (controls and empty sections) comes from :func:`kommune_page`; the
callbacks in ``callbacks/kommune.py`` fill each section from its charts' entries in
``layouts/kommune/charts.py``. Nothing here reads the database.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort import reference as ref
from landkort.formatting import format_decimal
from landkort.urlstate.kommune import VISNINGER, KommuneState
from landkort.views.kommune_view import KommuneView
from layouts.components.bootstrap import card, classes, col, col_classes, row
from layouts.components.controls import ALL, dropdown, label
from layouts.components.downloads import download_target
from layouts.kommune.charts import REPORT_STARTS, SECTIONS
from layouts.kommune.first import batched, report_caption
from layouts.kommune.sections import empty_section, header_card
from layouts.registry import Page


def runde_options(rounds: list[tuple[int, str, str]], taken: list[int]) -> list[dict]:
    return [
        {"label": f"{kode} ({navn})" + ("" if rid in taken else " – deltog ikke"), "value": rid}
        for rid, kode, navn in rounds
    ]


def price_text(value: float | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, 0 if value == int(value) else 2)


def _price_cell(k: ref.Kanal, state: KommuneState) -> html.Label:
    """A channel's price field inside its label (the input's id is a dict, which a
    ``for`` cannot name)."""
    return html.Label(
        [
            k.navn,
            dcc.Input(
                id={"type": "kp-price", "kanal": k.kode},
                value=price_text(state.prices.get(k.kode)),
                placeholder="angiv pris",
                inputMode="decimal",
                debounce=True,
                className="form-control form-control-sm mt-1",
            ),
        ],
        className=classes(col_classes(xs=6, md=4, lg=True), "small fw-semibold kp-price"),
    )


def price_inputs(state: KommuneState) -> html.Div:
    """One small input per channel, inbound and outbound: kr. per contact; empty = not
    costed."""
    note = html.P(
        "Pris pr. henvendelse (variable omkostninger, arbejdstid med overhead). "
        "Selvbetjening 19 kr. (inkl. manuel sagsbehandling) og hjemmeside 5 kr. er KL's og "
        "Devoteams offentliggjorte priser (2011); de øvrige kanaler skal du selv prissætte. "
        "En kanal uden pris indgår ikke i omkostningerne. Priserne gemmes i browseren og i "
        "adressen; har kommunen gemt sine egne standardpriser, starter siden fra dem.",
        className="small text-muted mb-2",
    )
    rows = []
    for retning, title in ((ref.IND, "Indgående"), (ref.UD, "Udgående")):
        cells = [_price_cell(k, state) for k in ref.KANALER if k.retning == retning]
        heading = html.H3(f"{title} (kr. pr. henvendelse)", className="h6 mt-2 mb-1")
        rows += [heading, row(cells, className="g-2")]
    # Filled by callbacks/kommune_prices.py for an account that may write for the kommune
    # (never by a kept callback: who may save is not the same for everyone).
    account = html.Div(id="kp-prices-account", className="mt-2")
    return html.Div([note, *rows, account], className="kp-prices")


def whatif_controls(state: KommuneState) -> html.Div:
    """'Hvad hvis': how much of the analogue transaktioner moves, and of which opgave."""
    opgaver = [{"label": "Alle 35 opgaver", "value": ALL}] + [
        {"label": o.navn, "value": o.id} for o in ref.OPGAVER
    ]
    return row(
        [
            col(
                [
                    html.Label(
                        "Hvad hvis: andel af de analoge transaktioner flyttet til selvbetjening",
                        htmlFor="kp-flyt",
                        className="form-label small fw-semibold mb-1",
                        id="kp-flyt-label",
                    ),
                    dcc.Slider(
                        id="kp-flyt",
                        min=0,
                        max=100,
                        step=5,
                        value=state.flyt,
                        marks={v: f"{v} %" for v in range(0, 101, 25)},
                        tooltip={"placement": "bottom", "template": "{value} %"},
                        allow_direct_input=False,
                    ),
                ],
                md=8,
            ),
            col(
                [
                    label("Hvad hvis: opgave", "kp-hvis-opgave"),
                    dropdown("kp-hvis-opgave", opgaver, state.hvis_opgave or ALL),
                ],
                md=4,
            ),
        ],
        className="g-2 mb-2 d-print-none kp-controls-slider",
    )


def controls(state: KommuneState, rounds: list[tuple[int, str, str]], taken: list[int]) -> html.Div:
    opgaver = [{"label": o.navn, "value": o.id} for o in ref.OPGAVER]
    grupper = [{"label": label, "value": key} for key, label in ref.GRUPPER.items()]
    choices = row(
        [
            col(
                [
                    label("Runde", "kp-runde"),
                    dropdown("kp-runde", runde_options(rounds, taken), state.runde),
                ],
                md=4,
            ),
            col(
                [label("Opgave", "kp-opgave"), dropdown("kp-opgave", opgaver, state.opgave)],
                md=5,
            ),
            col(
                [
                    label("Henvendelsestype", "kp-gruppe"),
                    dropdown("kp-gruppe", grupper, state.gruppe),
                ],
                md=3,
            ),
        ],
        className="g-2",
    )
    visning = html.Fieldset(
        [
            html.Legend("Kanalfordelinger som", className="small fw-semibold mb-1 float-none"),
            dbc.RadioItems(
                id="kp-visning",
                options=[{"label": text, "value": key} for key, text in VISNINGER.items()],
                value=state.visning,
                inline=True,
                className="small",
            ),
        ],
        className="mt-2",
    )
    prices = html.Details(
        [html.Summary("Kanalpriser til omkostningsberegningen", className="small"),
         price_inputs(state)],
        className="mt-2",
    )  # fmt: skip
    return card([choices, visning, prices], className="mb-3 controls kp-controls")


def kommune_page(page: Page, view: KommuneView, drawn: dict) -> list:
    """The page body: controls, the header and the first section drawn (``drawn``, from
    layouts/kommune/first.py), and the sections its callbacks fill."""
    state = view.state
    k = ref.kommune_by_kode()[view.kode]
    region = {r.kode: r.navn for r in ref.REGIONER}[k.region_kode]
    sections = []
    for section in SECTIONS:
        if section.id == REPORT_STARTS:
            sections += [
                html.H2("KL's kommunerapport", className="h4 mt-5 mb-0 kp-report-title"),
                html.Div(
                    report_caption(state.runde) if drawn else None,
                    id="kp-report-round",
                    className="text-muted small mb-2",
                ),
            ]
        extra = whatif_controls(state) if section.id == "kp-cost" else None
        body = drawn.get("sections", {}).get(section.id)
        sections.append(empty_section(section, extra, body, later=section in batched()))
    return [
        # callback-nav: the shell's address hears the new query, and the title follows it
        dcc.Location(id="kp-url", refresh="callback-nav"),
        dcc.Store(id="kp-kode", data=view.kode),
        dcc.Store(id="kp-default-runde", data=view.default_runde),
        dcc.Store(id="kp-prices-from-url", data=state.prices_in_url),
        dcc.Store(id="kp-prices-store", storage_type="local"),
        dcc.Store(id="kp-prices-saved"),  # the kommune's saved prices (kommune_prices.py)
        dcc.Store(id="kp-near"),  # true once the reader nears the later sections
        download_target(page.key),
        html.Div(
            [
                dcc.Link("← Til kortet", href=view.back, className="small d-print-none"),
                html.H1(view.title, className="h3 mt-2 mb-0", id="kommune-title"),
                html.P(
                    f"Kommunekode {k.kode_tekst} · Region {region}", className="text-muted mb-2"
                ),
            ]
        ),
        controls(state, list(view.rounds), list(view.taken)),
        html.Div(header_card(drawn["header"]) if "header" in drawn else None, id="kp-header"),
        *sections,
    ]
