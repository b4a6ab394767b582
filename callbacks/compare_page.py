"""Glue for the compare page: URL ⇄ controls, one callback per view, downloads.

The page arrives drawn for its URL; later every control writes the URL and each view
redraws from it, answering from ``landkort.views.compare``'s in-memory frame.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ALL as ALL_IDS
from dash import Dash, Input, Output, State, ctx, dcc, no_update
from sqlalchemy import Engine

from landkort import reference as ref
from landkort.export.tables import source_line, to_csv, to_xlsx
from landkort.store import is_demo
from landkort.urlstate.compare import CompareState, format_compare, parse_compare
from landkort.views import compare
from landkort.views.map import MIN_N, Selection
from layouts import compare_figures as figs
from layouts import compare_table as tables
from layouts.compare_page import CONTROLS, PAGE, compare_page
from layouts.map_page import ALL, group_options


def compare_data(engine: Engine) -> compare.CompareData:
    with engine.connect() as conn:
        return compare.cached(conn)


def default_rounds(data: compare.CompareData) -> tuple[int, int]:
    """The rounds a compare link means when it names none: (latest, earliest)."""
    rounds = data.rounds or (ref.RUNDER[-1].id,)
    return rounds[-1], rounds[0]


def rounds_with_data(data: compare.CompareData) -> list[tuple[int, str, str]]:
    return [(r, ref.RUNDER[r - 1].kode, ref.RUNDER[r - 1].navn) for r in data.rounds]


def current_state(data: compare.CompareData, search: str | None) -> CompareState:
    runde, fra = default_rounds(data)
    return parse_compare(search, default_runde=runde, default_fra=fra)


def _kode(runde: int) -> str:
    return ref.RUNDER[runde - 1].kode


def _area(sel: Selection) -> str:
    names = {r.kode: r.navn for r in ref.REGIONER}
    return "" if sel.region is None else f", Region {names[sel.region]}"


def _chosen(data: compare.CompareData, state: CompareState) -> list[int]:
    return compare.chosen(data, state.selection, state.udvalg, state.kommuner, state.fra)


def _udvalg_text(state: CompareState, koder: list[int]) -> str:
    sel = state.selection
    if state.udvalg == "flyttere":
        return f"de ti største flyttere {_kode(state.fra)}–{_kode(sel.runde)}{_area(sel)}"
    if state.udvalg == "alle":
        return f"alle {len(koder)} deltagere i {_kode(sel.runde)}{_area(sel)}"
    return "valgte kommuner" if koder else "vælg kommuner ovenfor"


def lines_view(data: compare.CompareData, state: CompareState) -> tuple:
    koder = _chosen(data, state)
    spec = state.selection.spec
    frame = compare.series(data, state.selection, koder)
    title = f"{spec.label} over runderne: {_udvalg_text(state, koder)} og Hele landet"
    return figs.lines_figure(frame, spec, koder), title


def dumbbell_view(data: compare.CompareData, state: CompareState) -> tuple:
    sel, fra = state.selection, state.fra
    frame = compare.change_between(data, sel, fra, sel.runde, _chosen(data, state))
    title = f"Fra {_kode(fra)} til {_kode(sel.runde)}: {sel.spec.label.lower()}"
    return figs.dumbbell_figure(frame, sel.spec, _kode(fra), _kode(sel.runde)), title


def box_view(data: compare.CompareData, state: CompareState) -> tuple:
    sel = state.selection
    frame = compare.distribution(data, sel)
    national = compare.national(data, replace(sel, region=None))
    title = f"Spredningen over kommunerne pr. runde{_area(sel)}"
    return figs.box_figure(frame, national, sel.spec), title


def ranking_view(data: compare.CompareData, state: CompareState) -> tuple:
    sel = state.selection
    fra = state.fra if state.fra != sel.runde else None
    frame = compare.ranking(data, sel, fra)
    columns = tables.ranking_columns(sel.spec, _kode(sel.runde), _kode(fra) if fra else None)
    records = tables.ranking_records(frame, sel.spec, _kode(fra) if fra else None)
    ranked = int(frame["rank"].notna().sum())
    absent = int((~frame["deltog"]).sum())
    thin = int(frame["usikker"].sum())
    title = f"Rangliste {_kode(sel.runde)}{_area(sel)}: {ranked} kommuner med tal"
    note = (
        f"{absent} kommuner deltog ikke; {thin} har under {MIN_N} registreringer (usikre). "
        "Klik på en kolonneoverskrift for at sortere; skriv i feltet under den for at filtrere "
        "(fx > 80 eller Midt)."
    )
    return columns, records, title, note


def heatmap_view(data: compare.CompareData, state: CompareState) -> tuple:
    sel = state.selection
    koder = _chosen(data, state)
    frame = compare.opgave_matrix(data, sel, koder)
    title = f"Opgaver × kommuner, {_kode(sel.runde)}: {sel.spec.label.lower()}"
    return figs.heatmap_figure(frame, sel.spec, koder, _kode(sel.runde)), title


def compare_layout(engine: Engine, search: str | None) -> list:
    """The compare page for a URL's query string, drawn in full."""
    data = compare_data(engine)
    state = current_state(data, search)
    views = {}
    views["lines"], views["lines_title"] = lines_view(data, state)
    views["dumbbell"], views["dumbbell_title"] = dumbbell_view(data, state)
    views["box"], views["box_title"] = box_view(data, state)
    columns, records, views["ranking_title"], views["ranking_note"] = ranking_view(data, state)
    views["ranking"] = tables.ranking_table(columns, records)
    views["heatmap"], views["heatmap_title"] = heatmap_view(data, state)
    return compare_page(state, rounds_with_data(data), views)


def _state_from_controls(trigger, maal, opgave, gruppe, region, udvalg, kommuner, runde, fra):
    kommuner = tuple(kommuner or ())
    if trigger == "cmp-kommuner" and kommuner:
        udvalg = "kommuner"
    selection = Selection(maal, runde, opgave or None, gruppe or None, region or None)
    selection = replace(selection, gruppe=selection.effective_gruppe)
    return CompareState(selection, fra, udvalg, kommuner)


def _control_values(state: CompareState, shown_kommuner) -> list:
    sel = state.selection
    options, _ = group_options(sel.measure)
    kommuner = list(state.kommuner) if state.udvalg == "kommuner" else shown_kommuner
    return [
        sel.measure,
        sel.opgave or ALL,
        sel.effective_gruppe or options[0]["value"],
        sel.region or ALL,
        state.udvalg,
        kommuner,
        sel.runde,
        state.fra,
    ]


def _download_frame(data: compare.CompareData, state: CompareState, key: str):
    sel, spec = state.selection, state.selection.spec
    til, fra = _kode(sel.runde), _kode(state.fra)
    if key == "udvikling":
        return tables.series_download(compare.series(data, sel, _chosen(data, state)), spec)
    if key == "rangliste":
        since = state.fra if state.fra != sel.runde else None
        frame = compare.ranking(data, sel, since)
        return tables.ranking_download(frame, spec, til, fra if since else None)
    if key == "aendring":
        frame = compare.change_between(data, sel, state.fra, sel.runde, _chosen(data, state))
        return tables.change_download(frame, spec, fra, til)
    if key == "fordeling":
        return tables.distribution_download(compare.distribution(data, sel), spec)
    if key == "opgaver":
        frame = compare.opgave_matrix(data, sel, _chosen(data, state))
        return tables.matrix_download(frame, spec, til)
    raise ValueError(key)


def _describe(state: CompareState) -> str:
    sel = state.selection
    parts = [sel.spec.label]
    parts.append(ref.OPGAVER[sel.opgave - 1].navn if sel.opgave else "alle 35 opgaver")
    if sel.effective_gruppe:
        parts.append(ref.GRUPPER[sel.effective_gruppe])
    if sel.region:
        parts.append(_area(sel).lstrip(", "))
    return ", ".join(parts)


def register(app: Dash, engine: Engine) -> None:
    """Attach the compare page's callbacks to the app."""

    @app.callback(
        Output("cmp-url", "search"),
        *(Output(c, "value") for c in CONTROLS),
        Input("cmp-url", "search"),
        *(Input(c, "value") for c in CONTROLS),
        prevent_initial_call=True,
    )
    def sync_url_and_controls(search, *values):
        """A URL change sets the controls; a control sets the URL (and 'Vis' if needed)."""
        data = compare_data(engine)
        runde, fra = default_rounds(data)
        if ctx.triggered_id in CONTROLS:
            state = _state_from_controls(ctx.triggered_id, *values)
            new = format_compare(state, default_runde=runde, default_fra=fra)
            url = new if new != (search or "") else no_update
        else:
            state, url = current_state(data, search), no_update
        wanted = _control_values(state, values[5])
        return url, *(w if w != v else no_update for w, v in zip(wanted, values, strict=True))

    @app.callback(
        Output("cmp-gruppe", "options"),
        Output("cmp-gruppe", "disabled"),
        Input("cmp-maal", "value"),
        prevent_initial_call=True,
    )
    def group_choices(measure):
        return group_options(measure)

    def view_callback(graph: str, view) -> None:
        @app.callback(
            Output(graph, "figure"),
            Output(f"{graph}-title", "children"),
            Input("cmp-url", "search"),
            prevent_initial_call=True,
        )
        def redraw(search):
            data = compare_data(engine)
            return view(data, current_state(data, search))

    view_callback("cmp-lines", lines_view)
    view_callback("cmp-dumbbell", dumbbell_view)
    view_callback("cmp-box", box_view)
    view_callback("cmp-heatmap", heatmap_view)

    @app.callback(
        Output("cmp-ranking", "columns"),
        Output("cmp-ranking", "data"),
        Output("cmp-ranking-title", "children"),
        Output("cmp-ranking-note", "children"),
        Input("cmp-url", "search"),
        prevent_initial_call=True,
    )
    def rerank(search):
        data = compare_data(engine)
        return ranking_view(data, current_state(data, search))

    @app.callback(
        Output(f"download-{PAGE}", "data"),
        Input({"type": "download", "page": PAGE, "key": ALL_IDS, "fmt": ALL_IDS}, "n_clicks"),
        State("cmp-url", "search"),
        prevent_initial_call=True,
    )
    def download(clicks, search):
        trigger = ctx.triggered_id
        if not trigger or not any(clicks):
            return no_update
        data = compare_data(engine)
        state = current_state(data, search)
        frame = _download_frame(data, state, trigger["key"])
        with engine.connect() as conn:
            source = source_line(demo=is_demo(conn), what=_describe(state))
        name = f"landkort-{trigger['key']}-{_kode(state.selection.runde)}"
        if trigger["fmt"] == "xlsx":
            return dcc.send_bytes(to_xlsx(frame, source), f"{name}.xlsx")
        return dcc.send_bytes(to_csv(frame, source), f"{name}.csv")
