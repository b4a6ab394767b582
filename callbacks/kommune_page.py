"""Glue for the kommune page: URL state, one callback per section, prices, downloads.

The route draws the skeleton with the controls set from the URL; each section's
callback then fires once (and again when its controls change). Controls write the
URL; prices also live in the browser (``dcc.Store``, local storage).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlencode

import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, dcc, no_update
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from callbacks.map_page import rounds_with_data
from landkort import metrics
from landkort import reference as ref
from landkort.export import tables as downloads
from landkort.store import is_demo
from landkort.urlstate.kommune import (
    KommuneState,
    Prices,
    default_prices,
    format_state,
    parse_price,
    parse_state,
)
from landkort.views import kommune as report
from landkort.views.kommune_header import header, kommune_title
from layouts import kommune_figures as figures
from layouts import kommune_sections as sections
from layouts.kommune_page import PAGE, kommune_page, not_found, price_text

DEFAULT_OPGAVE = 5  # Flytning: wave 1, counted everywhere


def _default_runde(engine: Engine, taken: list[int]) -> int:
    rounds = rounds_with_data(engine)
    return taken[-1] if taken else (rounds[-1][0] if rounds else ref.RUNDER[-1].id)


def kommune_layout(engine: Engine, kode: int, search: str | None) -> list:
    """The kommune page for ``/kommune/<kode>`` and its query string."""
    kommuner = ref.kommune_by_kode()
    if kode not in kommuner:
        return not_found(f"Der er ingen kommune med koden {kode:04d}.")
    with engine.connect() as conn:
        taken = metrics.rounds_taken_part(conn, kode)
    state, default = kommune_state(engine, kode, search)
    k = kommuner[kode]
    regions = {r.kode: r.navn for r in ref.REGIONER}
    return kommune_page(
        navn=k.navn,
        kode=k.kode_tekst,
        region=regions[k.region_kode],
        state=state,
        rounds=rounds_with_data(engine),
        taken=taken,
        default_runde=default,
        back=f"/{_map_search(search)}",
    )


def _map_search(search: str | None) -> str:
    """The map's own query string (the kommune page's parameters dropped)."""
    params = parse_qs((search or "").lstrip("?"))
    keep = {k: v[0] for k, v in params.items() if k not in ("opgave", "gruppe", "pris")}
    return f"?{urlencode(keep)}" if keep else ""


def prices_from_inputs(values: list, ids: list[dict]) -> Prices:
    prices = default_prices()
    for value, id_ in zip(values, ids, strict=True):
        prices[id_["kanal"]] = parse_price(value)
    return prices


def _navn(kode: int) -> str:
    return ref.kommune_by_kode()[kode].navn


def _codes(engine: Engine) -> list[str]:
    return [kode for _, kode, _ in rounds_with_data(engine)]


# --- the sections -------------------------------------------------------------------


def header_section(conn: Connection, kode: int, runde: int):
    return sections.header_card(header(conn, kode, runde))


def progress_section(conn: Connection, kode: int, opgave: int):
    whole = report.selvbetjening_series(conn, kode)
    one = report.selvbetjening_series(conn, kode, opgave)
    return sections.progress_body(whole, one, ref.OPGAVER[opgave - 1], _navn(kode))


def mix_section(conn: Connection, kode: int, opgave: int, gruppe: str, codes: list[str]):
    mix = report.channel_mix_over_time(conn, kode, opgave, gruppe)
    taken = [ref.RUNDER[r - 1].kode for r in metrics.rounds_taken_part(conn, kode)]
    title = f"{ref.OPGAVER[opgave - 1].navn} · {ref.GRUPPER[gruppe]}"
    return sections.mix_body(mix, _navn(kode), title, codes, taken)


def _ordering_round(conn: Connection, kode: int, runde: int) -> int:
    taken = [r for r in metrics.rounds_taken_part(conn, kode) if r <= runde]
    return taken[-1] if taken else runde


def multiples_section(conn: Connection, kode: int, runde: int):
    used = _ordering_round(conn, kode, runde)
    progress = report.opgave_progress(conn, kode, used)
    return sections.multiples_body(progress, report.runde_kode(used), _navn(kode))


def _taken(conn: Connection, kode: int, runde: int) -> bool:
    return runde in metrics.rounds_taken_part(conn, kode)


def patterns_section(conn: Connection, kode: int, runde: int):
    if not _taken(conn, kode, runde):
        return sections.not_taken(_navn(kode), runde)
    frames = {
        "ind": report.direction_pattern(conn, kode, runde, ref.IND),
        "ud": report.direction_pattern(conn, kode, runde, ref.UD),
        "types": report.type_split(conn, kode, runde),
        "groups": report.group_pattern(conn, kode, runde),
    }
    return sections.patterns_body(frames, _navn(kode))


def opgave_table_section(conn: Connection, kode: int, runde: int, gruppe: str):
    if not _taken(conn, kode, runde):
        return sections.not_taken(_navn(kode), runde)
    frame = report.opgave_channel_table(conn, kode, runde, gruppe)
    return sections.opgave_table_body(frame, gruppe, report.runde_kode(runde))


def quality_section(conn: Connection, kode: int, runde: int):
    if not _taken(conn, kode, runde):
        return sections.not_taken(_navn(kode), runde)
    return sections.quality_body(
        report.straks_by_group(conn, kode, runde),
        report.opgave_kanal_beside(conn, kode, runde, "straks", _navn(kode)),
        report.opgave_kanal_beside(conn, kode, runde, "blanket", _navn(kode)),
        _navn(kode),
    )


def cost_section(conn: Connection, kode: int, runde: int, prices: Prices):
    if not _taken(conn, kode, runde):
        return sections.not_taken(_navn(kode), runde)
    cost = report.cost_by_group(conn, kode, runde, prices)
    return sections.cost_body(cost, report.cost_summary(cost))


def enhed_section(conn: Connection, kode: int, runde: int):
    if not _taken(conn, kode, runde):
        return sections.not_taken(_navn(kode), runde)
    return sections.enhed_body(report.enhed_pattern(conn, kode, runde), _navn(kode))


# --- downloads ------------------------------------------------------------------------

Frame = Callable[[Connection, int, KommuneState], pd.DataFrame]

FRAMES: dict[str, tuple[str, Frame]] = {
    "progress-all": (
        "selvbetjeningsgrad pr. runde, alle 35 opgaver",
        lambda c, k, s: report.selvbetjening_series(c, k),
    ),
    "progress-opgave": (
        "selvbetjeningsgrad pr. runde for opgaven",
        lambda c, k, s: report.selvbetjening_series(c, k, s.opgave),
    ),
    "mix": (
        "kanalfordeling pr. runde",
        lambda c, k, s: report.channel_mix_over_time(c, k, s.opgave, s.gruppe),
    ),
    "multiples": (
        "selvbetjeningsgrad pr. opgave og runde",
        lambda c, k, s: report.opgave_progress(c, k, _ordering_round(c, k, s.runde)),
    ),
    "ind": (
        "indgående henvendelser pr. kanal",
        lambda c, k, s: report.direction_pattern(c, k, s.runde, ref.IND),
    ),
    "ud": (
        "udgående henvendelser pr. kanal",
        lambda c, k, s: report.direction_pattern(c, k, s.runde, ref.UD),
    ),
    "types": ("fordeling på henvendelsestyper", lambda c, k, s: report.type_split(c, k, s.runde)),
    "groups": ("kanalmønster pr. gruppe", lambda c, k, s: report.group_pattern(c, k, s.runde)),
    "opgave-table": (
        "kanalfordeling pr. opgave",
        lambda c, k, s: report.opgave_channel_table(c, k, s.runde, s.gruppe),
    ),
    "straks-group": (
        "straksafslutningsgrad pr. gruppe",
        lambda c, k, s: report.straks_by_group(c, k, s.runde),
    ),
    "straks-opgave": (
        "straksafslutningsgrad pr. opgave og kanal",
        lambda c, k, s: report.opgave_kanal_beside(c, k, s.runde, "straks", _navn(k)),
    ),
    "blanket-opgave": (
        "blanketandel pr. opgave og kanal",
        lambda c, k, s: report.opgave_kanal_beside(c, k, s.runde, "blanket", _navn(k)),
    ),
    "cost": (
        "omkostninger pr. gruppe og kanal",
        lambda c, k, s: report.cost_by_group(c, k, s.runde, s.prices),
    ),
    "enhed": ("kanalmønster pr. enhed", lambda c, k, s: report.enhed_pattern(c, k, s.runde)),
}


def download_file(engine: Engine, key: str, fmt: str, kode: int, state: KommuneState) -> dict:
    """The data behind one chart or table as CSV or XLSX (with the source line)."""
    what, build = FRAMES[key]
    with engine.connect() as conn:
        frame = build(conn, kode, state)
        demo = is_demo(conn)
    runde = report.runde_kode(state.runde)
    source = downloads.source_line(demo=demo, what=f"{kommune_title(_navn(kode))}, {what}, {runde}")
    name = f"{kode:04d}-{key}-{runde}"
    if fmt == "xlsx":
        return dcc.send_bytes(downloads.to_xlsx(frame, source), f"{name}.xlsx")
    return dcc.send_bytes(downloads.to_csv(frame, source), f"{name}.csv")


# --- registration ---------------------------------------------------------------------

PRICE_INPUTS = {"type": "kp-price", "kanal": ALL}


def _on(engine: Engine, build, *args):
    with engine.connect() as conn:
        return build(conn, *args)


def register(app: Dash, engine: Engine) -> None:
    """Attach the kommune page's callbacks to the app."""

    @app.callback(
        Output("kp-header", "children"),
        Output("kp-report-round", "children"),
        Input("kp-runde", "value"),
        State("kp-kode", "data"),
    )
    def update_header(runde, kode):
        r = ref.RUNDER[runde - 1]
        caption = f"Runde {r.kode} ({r.navn.lower()}, uge {r.uge_fra}–{r.uge_til}), hver figur "
        caption += "med kommunen ved siden af Hele landet."
        return _on(engine, header_section, kode, runde), caption

    @app.callback(
        Output("kp-progress", "children"), Input("kp-opgave", "value"), State("kp-kode", "data")
    )
    def update_progress(opgave, kode):
        return _on(engine, progress_section, kode, opgave)

    @app.callback(
        Output("kp-mix", "children"),
        Input("kp-opgave", "value"),
        Input("kp-gruppe", "value"),
        State("kp-kode", "data"),
    )
    def update_mix(opgave, gruppe, kode):
        return _on(engine, mix_section, kode, opgave, gruppe, _codes(engine))

    @app.callback(
        Output("kp-multiples", "children"), Input("kp-runde", "value"), State("kp-kode", "data")
    )
    def update_multiples(runde, kode):
        return _on(engine, multiples_section, kode, runde)

    @app.callback(
        Output("kp-patterns", "children"), Input("kp-runde", "value"), State("kp-kode", "data")
    )
    def update_patterns(runde, kode):
        return _on(engine, patterns_section, kode, runde)

    @app.callback(
        Output("kp-opgave-table", "children"),
        Input("kp-runde", "value"),
        Input("kp-gruppe", "value"),
        State("kp-kode", "data"),
    )
    def update_opgave_table(runde, gruppe, kode):
        return _on(engine, opgave_table_section, kode, runde, gruppe)

    @app.callback(
        Output("kp-quality", "children"), Input("kp-runde", "value"), State("kp-kode", "data")
    )
    def update_quality(runde, kode):
        return _on(engine, quality_section, kode, runde)

    @app.callback(
        Output("kp-cost", "children"),
        Input("kp-runde", "value"),
        Input(PRICE_INPUTS, "value"),
        State(PRICE_INPUTS, "id"),
        State("kp-kode", "data"),
    )
    def update_cost(runde, values, ids, kode):
        return _on(engine, cost_section, kode, runde, prices_from_inputs(values, ids))

    @app.callback(
        Output("kp-enheder", "children"), Input("kp-runde", "value"), State("kp-kode", "data")
    )
    def update_enheder(runde, kode):
        return _on(engine, enhed_section, kode, runde)

    _register_state(app)
    _register_downloads(app, engine)


def _register_state(app: Dash) -> None:
    @app.callback(
        Output("kp-url", "search"),
        Input("kp-runde", "value"),
        Input("kp-opgave", "value"),
        Input("kp-gruppe", "value"),
        Input(PRICE_INPUTS, "value"),
        State(PRICE_INPUTS, "id"),
        State("kp-default-runde", "data"),
        State("kp-url", "search"),
        prevent_initial_call=True,
    )
    def write_url(runde, opgave, gruppe, values, ids, default_runde, search):
        """Every control writes the query string, so a view can be bookmarked."""
        state = KommuneState(runde, opgave, gruppe, prices_from_inputs(values, ids))
        new = format_state(state, default_runde=default_runde).replace(
            f"opgave={DEFAULT_OPGAVE}", ""
        )
        new = new.replace("?&", "?").replace("&&", "&").rstrip("&")
        new = "" if new == "?" else new
        return new if new != (search or "") else no_update

    @app.callback(
        Output("kp-prices-store", "data"),
        Output(PRICE_INPUTS, "value"),
        Input("kp-prices-store", "modified_timestamp"),
        Input(PRICE_INPUTS, "value"),
        State(PRICE_INPUTS, "id"),
        State("kp-prices-store", "data"),
        State("kp-prices-from-url", "data"),
    )
    def keep_prices(_stamp, values, ids, stored, from_url):
        """Prices typed are kept in the browser; a page without prices in its URL
        starts from the browser's."""
        typed = prices_from_inputs(values, ids)
        keep = [no_update] * len(ids)
        if stored is not None and {**default_prices(), **stored} == typed:
            return no_update, keep  # nothing new: this also ends the store ⇄ inputs round
        if ctx.triggered_id in ("kp-prices-store", None) and stored and not from_url:
            prices = {**default_prices(), **stored}
            return no_update, [price_text(prices.get(i["kanal"])) for i in ids]
        return typed, keep


def _register_downloads(app: Dash, engine: Engine) -> None:
    @app.callback(
        Output(f"download-{PAGE}", "data"),
        Input({"type": "download", "page": PAGE, "key": ALL, "fmt": ALL}, "n_clicks"),
        State("kp-kode", "data"),
        State("kp-runde", "value"),
        State("kp-opgave", "value"),
        State("kp-gruppe", "value"),
        State(PRICE_INPUTS, "value"),
        State(PRICE_INPUTS, "id"),
        prevent_initial_call=True,
    )
    def send_download(clicks, kode, runde, opgave, gruppe, values, ids):
        trigger = ctx.triggered_id
        if not trigger or not any(t["value"] for t in ctx.triggered):
            return no_update
        state = KommuneState(runde, opgave, gruppe, prices_from_inputs(values, ids))
        return download_file(engine, trigger["key"], trigger["fmt"], kode, state)


# --- the charts one by one (for embedding) ---------------------------------------------

Figure = Callable[[Connection, int, KommuneState], object]


def _needs_round(build: Figure) -> Figure:
    """Report charts of a round the kommune skipped say so instead of drawing zeros."""

    def figure(conn: Connection, kode: int, state: KommuneState):
        if not _taken(conn, kode, state.runde):
            r = ref.RUNDER[state.runde - 1]
            return figures.message_figure(f"{_navn(kode)} deltog ikke i {r.navn.lower()}")
        return build(conn, kode, state)

    return figure


KOMMUNE_FIGURES: dict[str, tuple[str, Figure]] = {
    "progress-all": (
        "selvbetjeningsgrad, alle 35 opgaver",
        lambda c, k, s: figures.progress_figure(
            report.selvbetjening_series(c, k), _navn(k), sections.whole_markers()
        ),
    ),
    "progress-opgave": (
        "selvbetjeningsgrad for opgaven",
        lambda c, k, s: figures.progress_figure(
            report.selvbetjening_series(c, k, s.opgave),
            _navn(k),
            sections.opgave_markers(ref.OPGAVER[s.opgave - 1]),
        ),
    ),
    "mix": (
        "kanalfordeling over runderne",
        lambda c, k, s: figures.mix_figure(
            report.channel_mix_over_time(c, k, s.opgave, s.gruppe),
            _navn(k),
            [kode for _, kode, _ in _rounds_of(c)],
            [ref.RUNDER[r - 1].kode for r in metrics.rounds_taken_part(c, k)],
        ),
    ),
    "multiples": (
        "selvbetjeningsgrad pr. opgave",
        lambda c, k, s: figures.multiples_figure(
            report.opgave_progress(c, k, _ordering_round(c, k, s.runde)),
            report.runde_kode(_ordering_round(c, k, s.runde)),
            _navn(k),
        ),
    ),
    "ind": (
        "indgående henvendelser pr. kanal",
        _needs_round(lambda c, k, s: figures.beside_bars(
            report.direction_pattern(c, k, s.runde, ref.IND), "Kanal", _navn(k))),
    ),
    "ud": (
        "udgående henvendelser pr. kanal",
        _needs_round(lambda c, k, s: figures.beside_bars(
            report.direction_pattern(c, k, s.runde, ref.UD), "Kanal", _navn(k))),
    ),
    "types": (
        "fordeling på henvendelsestyper",
        _needs_round(lambda c, k, s: figures.beside_bars(
            report.type_split(c, k, s.runde), "Henvendelsestype", _navn(k))),
    ),
    "groups": (
        "kanalmønster pr. gruppe",
        _needs_round(lambda c, k, s: figures.stacked_rows(
            sections.group_rows(report.group_pattern(c, k, s.runde), _navn(k)), "Række",
            _navn(k))),
    ),
    "straks-group": (
        "straksafslutningsgrad pr. gruppe",
        _needs_round(lambda c, k, s: figures.straks_figure(
            report.straks_by_group(c, k, s.runde), _navn(k))),
    ),
    "straks-opgave": (
        "straksafslutningsgrad pr. opgave og kanal",
        _needs_round(lambda c, k, s: figures.heatmap_figure(
            report.opgave_kanal_beside(c, k, s.runde, "straks", _navn(k)),
            "Straksafslutningsgrad",
            "Registreret (n)", "green")),
    ),
    "blanket-opgave": (
        "blanketandel pr. opgave og kanal",
        _needs_round(lambda c, k, s: figures.heatmap_figure(
            report.opgave_kanal_beside(c, k, s.runde, "blanket", _navn(k)), "Blanketandel",
            "Registreret (n)", "orange")),
    ),
    "cost": (
        "omkostninger pr. gruppe",
        _needs_round(lambda c, k, s: figures.cost_figure(
            report.cost_by_group(c, k, s.runde, s.prices))),
    ),
    "enhed": (
        "kanalmønster pr. enhed",
        _needs_round(lambda c, k, s: figures.stacked_rows(
            report.enhed_pattern(c, k, s.runde), "Enhed", _navn(k),
            title_n="Registreringer i enheden")),
    ),
}  # fmt: skip


def _rounds_of(conn: Connection) -> list[tuple[int, str, str]]:
    from landkort.status import dataset_status

    by_kode = ref.runde_by_kode()
    return [(by_kode[r.kode].id, r.kode, r.navn) for r in dataset_status(conn).rounds]


def kommune_state(engine: Engine, kode: int, search: str | None) -> tuple[KommuneState, int]:
    """The page state for a query string, and the round a link means when it names none."""
    with engine.connect() as conn:
        taken = metrics.rounds_taken_part(conn, kode)
    default = _default_runde(engine, taken)
    state = parse_state(search, default_runde=default)
    if state.opgave is None:
        state = KommuneState(state.runde, DEFAULT_OPGAVE, state.gruppe, state.prices,
                             state.prices_in_url)  # fmt: skip
    return state, default
