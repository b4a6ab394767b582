"""Glue for the kommune page: URL state, one callback per section, prices, downloads.

The route draws the controls set from the URL, the header and the first section
(layouts/kommune/first.py); one batched callback fills the other sections when the
reader nears them, the cost section with the prices kept in the browser. Each section's
callback (one loop over layouts/kommune/charts.py's sections) fires again when the
controls it follows change. Controls write the URL; prices also live in the browser
(``dcc.Store``, local storage).
"""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update
from sqlalchemy import Engine

from callbacks.charts import register_chart_tools
from callbacks.controls import refuse_odd
from landkort import reference as ref
from landkort.urlstate.kommune import (
    Prices,
    default_prices,
    format_state,
    parse_price,
)
from landkort.views.kommune_header import header
from landkort.views.kommune_view import (
    DEFAULT_OPGAVE,
    KommuneView,
    control_problems,
    kode_problems,
    kommune_view_from_controls,
    state_from_controls,
)
from layouts.kommune import first, sections
from layouts.kommune.charts import SECTIONS
from layouts.kommune.page import price_text
from layouts.pages import page

PAGE = page("kommune")
PRICE_INPUTS = {"type": "kp-price", "kanal": ALL}
CONTROLS = (  # (name, component id, property) of everything the page's view is built from
    ("kode", "kp-kode", "data"),
    ("runde", "kp-runde", "value"),
    ("opgave", "kp-opgave", "value"),
    ("gruppe", "kp-gruppe", "value"),
    ("prices", PRICE_INPUTS, "value"),
    ("price-ids", PRICE_INPUTS, "id"),
    ("visning", "kp-visning", "value"),
    ("flyt", "kp-flyt", "value"),
    ("hvis-opgave", "kp-hvis-opgave", "value"),
)


def _dependencies(follows: tuple[str, ...] = ()) -> list:
    """Every control in CONTROLS' order: an Input when followed, else a State."""
    return [(Input if name in follows else State)(id_, prop) for name, id_, prop in CONTROLS]


def prices_from_inputs(values: list, ids: list[dict]) -> Prices:
    prices = default_prices()
    refuse_odd([] if _price_inputs_fit(values, ids, prices) else ["prisfelterne passer ikke"])
    for value, id_ in zip(values, ids, strict=True):
        prices[id_["kanal"]] = parse_price(value)
    return prices


def _price_inputs_fit(values, ids, prices: Prices) -> bool:
    return (
        isinstance(values, list)
        and isinstance(ids, list)
        and len(values) == len(ids)
        and all(isinstance(i, dict) and i.get("kanal") in prices for i in ids)
    )


def view_from_controls(
    conn, kode, runde, opgave, gruppe, values, ids, visning="andel", flyt=0, hvis_opgave=None
) -> KommuneView:
    problems = control_problems(runde, opgave, gruppe, visning, flyt, hvis_opgave)
    refuse_odd(kode_problems(kode) + problems)
    prices = prices_from_inputs(values, ids)
    return kommune_view_from_controls(
        conn, kode, runde, opgave, gruppe, prices, visning, flyt, _opgave_value(hvis_opgave)
    )


def _opgave_value(value) -> int | None:
    """The what-if's opgave control: an opgave's id, or ALL (every opgave)."""
    return value if isinstance(value, int) and 1 <= value <= len(ref.OPGAVER) else None


def _section_callback(app: Dash, engine: Engine, section: sections.Section) -> None:
    """A section again when a control it follows changes. A section is drawn with the
    page or by the batch, so it owns nothing on a first load (prevent_initial_call)."""
    batched = section.id not in first.FIRST  # the batch owns its output
    output = Output(section.id, "children", allow_duplicate=batched)

    @app.callback(output, *_dependencies(section.inputs), prevent_initial_call=True)
    def update(*controls):
        with engine.connect() as conn:
            view = view_from_controls(conn, *controls)
            return first.section_drawn(conn, PAGE, section, view)


def _batch_callback(app: Dash, engine: Engine) -> None:
    """Every section the page did not bring drawn, in one request, once the reader nears
    them (``kp-near``, set in the browser by assets/near.js)."""
    batch = first.batched()

    @app.callback(
        [Output(section.id, "children") for section in batch],
        Input("kp-near", "data"),
        *_dependencies(),
        prevent_initial_call=True,
    )
    def fill(near, *controls):
        if not near:
            return [no_update] * len(batch)
        with engine.connect() as conn:
            view = view_from_controls(conn, *controls)
            return [first.section_drawn(conn, PAGE, section, view) for section in batch]


def register(app: Dash, engine: Engine) -> None:
    """Attach the kommune page's callbacks to the app."""

    @app.callback(
        Output("kp-header", "children"),
        Output("kp-report-round", "children"),
        Input("kp-runde", "value"),
        State("kp-kode", "data"),
        prevent_initial_call=True,  # drawn with the page
    )
    def update_header(runde, kode):
        refuse_odd(kode_problems(kode) + control_problems(runde))
        with engine.connect() as conn:
            return sections.header_card(header(conn, kode, runde)), first.report_caption(runde)

    for section in SECTIONS:
        _section_callback(app, engine, section)
    _batch_callback(app, engine)
    app.clientside_callback(  # the small multiples in two columns on a phone
        ClientsideFunction("landkort", "reflowPanels"),
        Output("kp-fig-multiples", "figure"),
        Output("kp-fig-multiples", "style"),
        Input("kp-fig-multiples", "figure"),
    )
    register_chart_tools(app, engine, PAGE, _dependencies(), view_from_controls)
    _register_state(app)


def _register_state(app: Dash) -> None:
    @app.callback(
        Output("kp-url", "search"),
        Input("kp-runde", "value"),
        Input("kp-opgave", "value"),
        Input("kp-gruppe", "value"),
        Input(PRICE_INPUTS, "value"),
        Input("kp-visning", "value"),
        Input("kp-flyt", "value"),
        Input("kp-hvis-opgave", "value"),
        State(PRICE_INPUTS, "id"),
        State("kp-default-runde", "data"),
        State("kp-url", "search"),
        prevent_initial_call=True,
    )
    def write_url(runde, opgave, gruppe, values, visning, flyt, hvis, ids, default_runde, search):
        """Every control writes the query string, so a view can be bookmarked."""
        problems = control_problems(runde, opgave, gruppe, visning, flyt, hvis)
        refuse_odd(problems + control_problems(default_runde))
        prices = prices_from_inputs(values, ids)
        state = state_from_controls(
            runde, opgave, gruppe, prices, visning, flyt, _opgave_value(hvis)
        )
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
        Input("kp-prices-saved", "data"),
        State(PRICE_INPUTS, "id"),
        State("kp-prices-store", "data"),
        State("kp-prices-from-url", "data"),
    )
    def keep_prices(_stamp, values, saved, ids, stored, from_url):
        """Prices typed are kept in the browser. A page without prices in its URL starts
        from the browser's, else from the kommune's saved defaults (``kp-prices-saved``,
        filled by callbacks/kommune_prices.py), else from the published ones. The answer
        depends on the request alone, so it may be kept for everyone."""
        typed = prices_from_inputs(values, ids)
        keep = [no_update] * len(ids)
        trigger = ctx.triggered_id
        same = isinstance(stored, dict) and {**default_prices(), **stored} == typed
        if same and trigger not in (None, "kp-prices-saved"):
            return no_update, keep  # nothing new: this also ends the store ⇄ inputs round
        # Browsers stored the published prices on their first visit before kommuner could
        # save theirs: those are not the browser's own and do not hide the kommune's.
        own = stored if isinstance(stored, dict) and not same_as_published(stored) else None
        start = starting_prices(own, saved)
        if not isinstance(trigger, dict) and not from_url:  # not typed: where the page starts
            if start == typed:
                return no_update, keep
            return no_update, [price_text(start.get(i["kanal"])) for i in ids]
        if same or (own is None and typed == start):
            return no_update, keep  # the kommune's (or published) prices shown, not typed
        return typed, keep


def same_as_published(stored: dict) -> bool:
    return starting_prices(stored, None) == default_prices()


def starting_prices(stored, saved) -> Prices:
    """Where a page without prices in its URL starts: the browser's own prices, else the
    kommune's saved defaults, else the published prices."""
    prices = default_prices()
    for source in (stored, saved):
        if isinstance(source, dict):
            for kode in prices:
                if kode in source:
                    prices[kode] = parse_price(source[kode])
            return prices
    return prices
