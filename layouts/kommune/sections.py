"""The kommune page's sections: the header, chart cards from the chart table, the tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import dash_table, dcc, html

from landkort import reference as ref
from landkort.formatting import format_decimal, format_int, format_percent, format_points
from landkort.views.kommune import THIN
from landkort.views.kommune_header import Header, sentences
from landkort.views.map import MIN_N
from layouts.components.about_link import about_link
from layouts.components.bootstrap import alert, badge, card, col, row, table
from layouts.components.chart_tools import chart_tools, described, table_box
from layouts.components.plainfigure import PlainFigure
from layouts.kommune import figures as figures
from layouts.registry import Chart, Page


def _tile(label: str, value: str, sub: str = "", tile_id: str | None = None) -> html.Div:
    return col(
        html.Div(
            [
                html.Div(label, className="small text-muted"),
                html.Div(value, className="fs-4 fw-semibold", id=tile_id),
                html.Div(sub, className="small text-muted"),
            ],
            className="kp-tile border rounded p-2 h-100 bg-white",
        ),
        xs=6,
        md=4,
        lg=True,
    )


def header_card(h: Header) -> html.Div:
    """Rounds taken part, the latest figures as tiles, and the plain sentences."""
    runde = ref.RUNDER[h.runde - 1]
    taken = ", ".join(ref.RUNDER[r - 1].kode for r in h.rounds) or "ingen"
    lines = [
        html.P(
            f"Deltog i {len(h.rounds)} af {len(ref.RUNDER)} runder: {taken}",
            className="small mb-2",
            id="kp-rounds",
        )
    ]
    if not h.deltog:
        lines.append(
            alert(
                f"{h.navn} deltog ikke i tælleugen {runde.navn.lower()} ({runde.kode}). "
                + (
                    "Der vises derfor ingen tal for kommunen i denne runde – vælg en af de "
                    "runder, kommunen deltog i."
                    if h.rounds
                    else "Kommunen har ikke deltaget i nogen af tælleugerne i disse data."
                ),
                color="secondary",
                id="kp-not-taken",
            )
        )
        return html.Div(lines, className="kp-header mb-3")
    lines.append(row(_tiles(h), className="g-2 mb-2"))
    lines.append(
        html.Ul(
            [html.Li(s) for s in sentences(h)], className="kp-sentences mb-1", id="kp-sentences"
        )
    )
    if h.thin:
        lines.append(badge(f"Usikkert: under {MIN_N} registreringer", color="warning"))
    return html.Div(lines, className="kp-header mb-3")


def _tiles(h: Header) -> list:
    runde = ref.RUNDER[h.runde - 1].kode
    interval = f"95 %-interval {format_percent(h.own.lav)}–{format_percent(h.own.hoej)}"
    change_sub = (
        f"siden {ref.RUNDER[h.previous - 1].kode}" if h.previous else "ingen tidligere runde"
    )
    return [
        _tile(
            f"Selvbetjeningsgrad {runde}",
            format_percent(h.own.andel),
            f"{interval} · n = {format_int(h.own.n)}",
            "kp-share",
        ),
        _tile("Afstand til 80 %", format_points(h.distance), "mål: 80 %", "kp-distance"),
        _tile(
            "Hele landet",
            format_percent(h.national.andel),
            f"n = {format_int(h.national.n)}",
            "kp-national",
        ),
        _tile(
            "Placering",
            f"{h.rank} af {h.of}" if h.rank else "–",
            "1 = højeste selvbetjeningsgrad",
            "kp-rank",
        ),
        _tile("Ændring", format_points(h.change), change_sub, "kp-change"),
    ]


def not_taken(navn: str, runde: int) -> html.Div:
    r = ref.RUNDER[runde - 1]
    return alert(
        f"{navn} deltog ikke i tælleugen {r.navn.lower()} ({r.kode}), så der er ingen "
        "rapport for kommunen i denne runde.",
        color="secondary",
        className="kp-not-taken",
    )


def whole_markers() -> list:
    """Where an opgave became mandatory self-service (only wave 1 is known)."""
    dates = sorted({o.obligatorisk_fra for o in ref.OPGAVER if o.obligatorisk_fra})
    return [(d, "Bølge 1: obligatorisk<br>selvbetjening 1.12.2012") for d in dates]


def opgave_markers(opgave: ref.Opgave) -> list:
    if not opgave.obligatorisk_fra:
        return []
    return [(opgave.obligatorisk_fra, f"Obligatorisk fra<br>{opgave.obligatorisk_fra:%d.%m.%Y}")]


def group_rows(groups: pd.DataFrame, navn: str) -> pd.DataFrame:
    """The group pattern as one bar per group and area (kommune, then Hele landet)."""
    parts = []
    for area, share, count in (
        (navn, "Andel, kommunen", "Antal, kommunen"),
        ("Hele landet", "Andel, Hele landet", "Antal, Hele landet"),
    ):
        part = groups[["Gruppe", "Kanal", share, count]].rename(
            columns={share: "Andel", count: "Antal"}
        )
        part["Række"] = part["Gruppe"] + " – " + area
        part["order"] = part["Gruppe"].map({g: i for i, g in enumerate(ref.GRUPPER.values())})
        part["area"] = 0 if area == navn else 1
        parts.append(part)
    frame = pd.concat(parts).sort_values(["order", "area"], kind="stable")
    return frame[frame["Andel"].notna()]


HEAT_BINS = ((25, 50, "#deebf7", "#222"), (50, 75, "#9ecae1", "#222"), (75, 101, "#2b6cb0", "#fff"))


def _heat_styles(columns: list[str]) -> list[dict]:
    """Three shades per share column (under 25 % stays white): few rules draw fast."""
    styles = [
        {
            "if": {"filter_query": f"{{{c}}} >= {low} && {{{c}}} < {high}", "column_id": c},
            "backgroundColor": colour,
            "color": text,
        }
        for c in columns
        for low, high, colour, text in HEAT_BINS
    ]
    styles.append({"if": {"filter_query": f"{{{THIN}}} = 'ja'"}, "fontStyle": "italic"})
    return styles


def opgave_table(frame: pd.DataFrame, gruppe: str) -> html.Div:
    """Heat-coloured, sortable: one row per opgave, each channel's share of the row."""
    shares = [c for c in frame.columns if c not in ("Opgave", "Registreringer", THIN)]
    total = frame.iloc[-1]  # 'I alt': under the table, where sorting leaves it
    shown = frame.iloc[:-1].copy()
    for column in shares:
        shown[column] = (shown[column] * 100).round(1)
    shown[THIN] = shown[THIN].map({True: "ja", False: ""})
    percent = dash_table.Format.Format(
        precision=1, scheme=dash_table.Format.Scheme.fixed, decimal_delimiter=",",
        group_delimiter=".", symbol=dash_table.Format.Symbol.yes, symbol_suffix=" %",
        nully="–",
    )  # fmt: skip
    integer = dash_table.Format.Format(group=True, group_delimiter=".", decimal_delimiter=",")
    columns = [{"name": "Opgave", "id": "Opgave"}]
    columns.append({"name": "Registreringer", "id": "Registreringer", "type": "numeric",
                    "format": integer})  # fmt: skip
    columns += [{"name": c, "id": c, "type": "numeric", "format": percent} for c in shares]
    columns.append({"name": f"Under {MIN_N}", "id": THIN})
    return html.Div(
        [_opgave_datatable(shown, columns, shares), _opgave_total(total, shares)],
        className="table-scroll",
    )


def _opgave_total(total: pd.Series, shares: list[str]) -> html.P:
    """'I alt: 851 registreringer · Selvbetjening 49,0 % · …' under the per-opgave table."""
    parts = [f"{format_int(total['Registreringer'])} registreringer"]
    parts += [f"{c} {format_percent(total[c])}" for c in shares if total[c] == total[c]]
    return html.P(
        [html.Strong(f"{total['Opgave']}: "), " · ".join(parts)], className="small mt-2 mb-0"
    )


def _opgave_datatable(shown: pd.DataFrame, columns: list[dict], shares: list[str]):
    return dash_table.DataTable(
        id="kp-opgave-datatable",
        data=shown.to_dict("records"),
        columns=columns,
        sort_action="native",
        style_table={"overflowX": "auto"},
        style_cell={
            "fontFamily": figures.FONT, "fontSize": 12, "padding": "3px 6px",
            "textAlign": "right", "minWidth": 60, "whiteSpace": "normal", "height": "auto",
        },
        style_cell_conditional=[
            {"if": {"column_id": "Opgave"}, "textAlign": "left", "minWidth": 200},
            {"if": {"column_id": THIN}, "textAlign": "center", "minWidth": 50},
        ],
        style_header={"fontWeight": 600, "backgroundColor": "#f3f5f7", "whiteSpace": "normal"},
        style_data_conditional=_heat_styles(shares),
        locale_format={"decimal": ",", "group": "."},
    )  # fmt: skip


def cost_note(summary: pd.DataFrame) -> str:
    """Which channels are left out of the costs for want of a price."""
    unpriced = sorted({k for text in summary["Kanaler uden pris"] for k in text.split(", ") if k})
    if not unpriced:
        return "Alle kanaler med henvendelser er prissat."
    return (
        "Ikke prissat (indgår ikke): " + ", ".join(unpriced) + ". Angiv priser under "
        "'Kanalpriser' øverst."
    )


def cost_table(summary: pd.DataFrame) -> html.Div:
    """Per group: contacts, priced contacts, cost, kr. per contact against Hele landet."""
    rows = [
        html.Tr(
            [
                html.Td(r["Gruppe"]),
                html.Td(format_int(r["Henvendelser"])),
                html.Td(format_int(r["Prissatte henvendelser"])),
                html.Td(_kr(r["Omkostning (kr.)"])),
                html.Td(_kr(r["Kr. pr. prissat henvendelse"], 2)),
                html.Td(_kr(r["Hele landet, kr. pr. prissat henvendelse"], 2)),
            ]
        )
        for _, r in summary.iterrows()
    ]
    head = html.Thead(
        html.Tr(
            [html.Th(h) for h in ("Gruppe", "Henvendelser", "Heraf prissat", "Omkostning",
                                   "Kr. pr. prissat henv.", "Hele landet")]
        )
    )  # fmt: skip
    return table([head, html.Tbody(rows)], className="mt-2", id="kp-cost-table", responsive=True)


def _kr(value, decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return "–"
    if decimals:
        return f"{format_decimal(value, decimals)} kr."
    return f"{format_int(value)} kr."


@dataclass(frozen=True)
class Section:
    """A titled part of the page, filled by one callback from its charts."""

    id: str  # the element the callback fills
    title: str
    rows: tuple[tuple[str, ...], ...]  # chart keys: each inner tuple side by side
    inputs: tuple[str, ...]  # the controls it follows: runde, opgave, gruppe, prices
    intro: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for keys in self.rows for key in keys)


def graph(figure, graph_id: str) -> dcc.Graph:
    """A figure (plotly dict, PlainFigure or go.Figure) at its own height."""
    fig = figure.to_dict() if hasattr(figure, "to_dict") else figure
    height = fig.get("layout", {}).get("height")
    return dcc.Graph(
        figure=fig,
        config=figures.GRAPH_CONFIG,
        id=graph_id,
        style={"height": f"{height}px"} if height else None,
        className="kp-graph",
    )


def chart_card(page: Page, chart: Chart, view, frame: pd.DataFrame, figure) -> html.Div:
    """One chart or table with its heading, notes and tools."""
    if chart.empty and frame.empty:
        body = html.P(chart.empty, className="text-muted")
    elif isinstance(figure, PlainFigure | dict):
        body = described(graph(figure, f"kp-fig-{chart.key}"), page, chart, frame, view)
    else:
        body = figure
    if chart.details:
        body = html.Div([body, chart.details(frame, view)])
    notes = chart.notes_for(frame, view)
    return card(
        [
            html.H3([chart.heading_for(frame, view), about_link(chart, view)], className="h6 mb-2"),
            body,
            *(html.Div(n, className="small text-muted mt-1") for n in notes),
            chart_tools(page, chart),
            table_box(page, chart),
        ],
        className="kp-chart mb-3 shadow-sm",
        id=f"kp-card-{chart.key}",
    )


def section_body(section: Section, view, cards: dict[str, html.Div]) -> list:
    """The section's cards, a row of columns where charts stand side by side."""
    body = []
    for keys in section.rows:
        if len(keys) == 1:
            body.append(cards[keys[0]])
        else:
            body.append(row([col(cards[key], lg=12 // len(keys)) for key in keys], className="g-3"))
    return body


def empty_section(
    section: Section, controls=None, body: list | None = None, *, later: bool = False
) -> html.Section:
    """A titled section whose body its callback fills (its own ``controls`` above it),
    or already holds ``body``. A section drawn ``later`` is filled when the reader nears
    it (assets/near.js)."""
    return html.Section(
        [
            html.H2(section.title, className="h5 mt-4 mb-1"),
            html.P(section.intro, className="small text-muted mb-2") if section.intro else None,
            controls,
            html.Div(
                body,
                id=section.id,
                className="kp-body kp-later" if later else "kp-body",
                **({"data-near": "kp-near"} if later else {}),
            ),
        ],
        className="kp-section",
    )
