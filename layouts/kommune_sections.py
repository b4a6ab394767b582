"""The bodies of the kommune page's sections, built from ``landkort.views.kommune`` frames."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dash_table, html

from landkort import reference as ref
from landkort.formatting import format_decimal, format_int, format_percent, format_points
from landkort.views.kommune import THIN
from landkort.views.kommune_header import Header, sentences
from landkort.views.map import MIN_N
from layouts import kommune_figures as figures
from layouts.kommune_page import chart_card, graph


def _tile(label: str, value: str, sub: str = "", tile_id: str | None = None) -> dbc.Col:
    return dbc.Col(
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
            dbc.Alert(
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
    lines.append(dbc.Row(_tiles(h), className="g-2 mb-2"))
    lines.append(
        html.Ul(
            [html.Li(s) for s in sentences(h)], className="kp-sentences mb-1", id="kp-sentences"
        )
    )
    if h.thin:
        lines.append(dbc.Badge(f"Usikkert: under {MIN_N} registreringer", color="warning"))
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


def not_taken(navn: str, runde: int) -> dbc.Alert:
    r = ref.RUNDER[runde - 1]
    return dbc.Alert(
        f"{navn} deltog ikke i tælleugen {r.navn.lower()} ({r.kode}), så der er ingen "
        "rapport for kommunen i denne runde.",
        color="secondary",
        className="kp-not-taken",
    )


def _any_thin(frame: pd.DataFrame) -> bool:
    return bool(frame[THIN].any()) if THIN in frame else False


def whole_markers() -> list:
    """Where an opgave became mandatory self-service (only wave 1 is known)."""
    dates = sorted({o.obligatorisk_fra for o in ref.OPGAVER if o.obligatorisk_fra})
    return [(d, "Bølge 1: obligatorisk<br>selvbetjening 1.12.2012") for d in dates]


def opgave_markers(opgave: ref.Opgave) -> list:
    if not opgave.obligatorisk_fra:
        return []
    return [(opgave.obligatorisk_fra, f"Obligatorisk fra<br>{opgave.obligatorisk_fra:%d.%m.%Y}")]


def progress_body(whole: pd.DataFrame, one: pd.DataFrame, opgave: ref.Opgave, navn: str) -> dbc.Row:
    whole_markers_, one_markers = whole_markers(), opgave_markers(opgave)
    note = (
        None
        if opgave.obligatorisk_fra
        else "Opgavens bølge for obligatorisk selvbetjening er ikke registreret."
    )
    return dbc.Row(
        [
            dbc.Col(
                chart_card(
                    "Alle 35 opgaver",
                    "progress-all",
                    figures.progress_figure(whole, navn, whole_markers_),
                    thin=_any_thin(whole),
                ),
                lg=6,
            ),
            dbc.Col(
                chart_card(
                    opgave.navn,
                    "progress-opgave",
                    figures.progress_figure(one, navn, one_markers),
                    note=note,
                    thin=_any_thin(one),
                ),
                lg=6,
            ),
        ],
        className="g-3",
    )


def mix_body(mix: pd.DataFrame, navn: str, title: str, codes: list, taken: list) -> dbc.Card:
    if mix.empty:
        return chart_card(title, "mix", html.P("Ingen registreringer.", className="text-muted"))
    return chart_card(
        title, "mix", figures.mix_figure(mix, navn, codes, taken), thin=_any_thin(mix)
    )


def multiples_body(progress: pd.DataFrame, runde: str, navn: str) -> dbc.Card:
    return chart_card(
        f"Selvbetjeningsgrad pr. opgave, sorteret efter afstand til 80 % i {runde}",
        "multiples",
        figures.multiples_figure(progress, runde, navn),
        note="Procenten i titlen er kommunens selvbetjeningsgrad i runden (rød: mere end "
        "20 procentpoint fra målet). Åbne punkter: færre end "
        f"{MIN_N} registreringer.",
    )


def patterns_body(frames: dict[str, pd.DataFrame], navn: str) -> list:
    ind, ud = frames["ind"], frames["ud"]
    return [
        dbc.Row(
            [
                dbc.Col(
                    chart_card(
                        "Indgående henvendelser pr. kanal (35 opgaver)",
                        "ind",
                        figures.beside_bars(ind, "Kanal", navn),
                        thin=_any_thin(ind),
                    ),
                    lg=6,
                ),
                dbc.Col(
                    chart_card(
                        "Udgående henvendelser pr. kanal (35 opgaver)",
                        "ud",
                        figures.beside_bars(ud, "Kanal", navn),
                        thin=_any_thin(ud),
                    ),
                    lg=6,
                ),
            ],
            className="g-3",
        ),
        dbc.Row(
            [
                dbc.Col(
                    chart_card(
                        "Fordeling på de seks henvendelsestyper (indgående)",
                        "types",
                        figures.beside_bars(frames["types"], "Henvendelsestype", navn),
                    ),
                    lg=6,
                ),
                dbc.Col(
                    chart_card(
                        "Kanalmønster for hver gruppe (indgående)",
                        "groups",
                        figures.stacked_rows(group_rows(frames["groups"], navn), "Række", navn),
                    ),
                    lg=6,
                ),
            ],
            className="g-3",
        ),
    ]


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


def opgave_table(frame: pd.DataFrame, gruppe: str) -> dash_table.DataTable:
    """Heat-coloured, sortable: one row per opgave, each channel's share of the row."""
    shares = [c for c in frame.columns if c not in ("Opgave", "Registreringer", THIN)]
    shown = frame.copy()
    for column in shares:
        shown[column] = (shown[column] * 100).round(1)
    shown[THIN] = shown[THIN].map({True: "ja", False: ""})
    percent = dash_table.Format.Format(
        precision=1, scheme=dash_table.Format.Scheme.fixed, decimal_delimiter=",",
        group_delimiter=".", symbol=dash_table.Format.Symbol.yes, symbol_suffix=" %",
    )  # fmt: skip
    integer = dash_table.Format.Format(group=True, group_delimiter=".", decimal_delimiter=",")
    columns = [{"name": "Opgave", "id": "Opgave"}]
    columns.append({"name": "Registreringer", "id": "Registreringer", "type": "numeric",
                    "format": integer})  # fmt: skip
    columns += [{"name": c, "id": c, "type": "numeric", "format": percent} for c in shares]
    columns.append({"name": f"Under {MIN_N}", "id": THIN})
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


def opgave_table_body(frame: pd.DataFrame, gruppe: str, runde: str) -> dbc.Card:
    label = ref.GRUPPER[gruppe]
    if frame.empty:
        body = html.P("Ingen registreringer i gruppen.", className="text-muted")
    else:
        body = opgave_table(frame, gruppe)
    return chart_card(
        f"{label}: kanalfordeling pr. opgave, {runde}",
        "opgave-table",
        body,
        note="Hver række summer til 100 %; klik på en kolonneoverskrift for at sortere. "
        "Farve: hvid under 25 %, lyseblå 25–50 %, blå 50–75 %, mørkeblå fra 75 %. "
        "Sidste procentkolonne er Hele landets andel for samme opgave; kursiv: under "
        f"{MIN_N} registreringer.",
        thin=_any_thin(frame),
    )


def quality_body(straks: pd.DataFrame, straks_ok: pd.DataFrame, blanket: pd.DataFrame,
                 navn: str) -> list:  # fmt: skip
    heat_note = "Tom celle: ingen registreringer."
    return [
        chart_card(
            "Straksafslutningsgrad pr. gruppe",
            "straks-group",
            figures.straks_figure(straks, navn),
            note="Andel af de indgående henvendelser, der blev afsluttet ved første kontakt "
            "(kun hvor det er registreret). Streger: kommunens 95 %-interval.",
            thin=_any_thin(straks),
        ),
        chart_card(
            "Straksafslutningsgrad pr. opgave og kanal, kommunen og Hele landet",
            "straks-opgave",
            figures.heatmap_figure(straks_ok, "Straksafslutningsgrad", "Registreret (n)", "green"),
            note=heat_note,
            thin=_any_thin(straks_ok),
        ),
        chart_card(
            "Blanketandel pr. opgave og kanal (transaktioner), kommunen og Hele landet",
            "blanket-opgave",
            figures.heatmap_figure(blanket, "Blanketandel", "Registreret (n)", "orange"),
            note="Andel af transaktionerne, der kom med blanket (papir, vedhæftet PDF eller "
            "selvbetjening uden dataoverførsel). " + heat_note,
            thin=_any_thin(blanket),
        ),
    ]


def cost_body(cost: pd.DataFrame, summary: pd.DataFrame) -> dbc.Card:
    unpriced = sorted({k for text in summary["Kanaler uden pris"] for k in text.split(", ") if k})
    note = (
        "Ikke prissat (indgår ikke): " + ", ".join(unpriced) + ". Angiv priser under "
        "'Kanalpriser' øverst."
        if unpriced
        else "Alle kanaler med henvendelser er prissat."
    )
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
    table = dbc.Table([head, html.Tbody(rows)], size="sm", className="mt-2", id="kp-cost-table")
    return chart_card(
        "Omkostninger pr. gruppe (indgående henvendelser i tælleugerne)",
        "cost",
        html.Div([graph(figures.cost_figure(cost), "kp-fig-cost"), table]),
        note=note,
    )


def _kr(value, decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return "–"
    if decimals:
        return f"{format_decimal(value, decimals)} kr."
    return f"{format_int(value)} kr."


def enhed_body(frame: pd.DataFrame, navn: str) -> dbc.Card:
    return chart_card(
        "Kanalmønster for hver enhed (indgående, alle grupper)",
        "enhed",
        figures.stacked_rows(frame, "Enhed", navn, title_n="Registreringer i enheden"),
        note="Enhederne registrerer forskelligt; sammenlign med forsigtighed. "
        "Nederste række er Hele landet.",
        thin=_any_thin(frame),
    )
