"""The kommune page's saved prices: the kommune's defaults, and saving them.

Registered apart from callbacks/kommune.py on purpose: that module's answers are kept
for everyone per data version (server/callback_cache.py), but whether the save button
is shown depends on who asks, and the saved prices change without a new data version.
The save callback's output carries ``data-write-`` so ``server.auth`` refuses it without
a session, a CSRF token, or a right to write for the kommune named in the button's id;
the callback checks the account again itself.
"""

from __future__ import annotations

import logging

from dash import ALL, Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate
from sqlalchemy import Engine

from callbacks.kommune import PRICE_INPUTS, prices_from_inputs
from landkort import reference as ref
from landkort.kommune_prices import PriceError, save_prices, saved_prices
from layouts.components.bootstrap import button
from server.auth import current_account

log = logging.getLogger("landkort.prices")
SAVE_BUTTON = "kp-save-prices"
RESULT = "data-write-kp-prices-result"


def _kode(value) -> int | None:
    return value if isinstance(value, int) and value in ref.kommune_by_kode() else None


def save_area(kode: int) -> html.Div:
    """The button and where its answer appears (read aloud when it changes)."""
    navn = ref.kommune_by_kode()[kode].navn
    return html.Div(
        [
            button(
                "Gem som kommunens standardpriser",
                id={"type": SAVE_BUTTON, "kommune": kode},
                color="secondary",
                size="sm",
                n_clicks=0,
                title=f"Gem priserne ovenfor som {navn}s standardpriser for alle besøgende",
            ),
            html.Div(id=RESULT, role="status", **{"aria-live": "polite"}, className="small mt-1"),
        ]
    )


def register(app: Dash, engine: Engine) -> None:
    @app.callback(
        Output("kp-prices-saved", "data"),
        Output("kp-prices-account", "children"),
        Input("kp-kode", "data"),
    )
    def kommune_defaults(kode):
        """The kommune's saved prices (None: none saved), read on every page load, and
        the save button when the account may write for the kommune (one request)."""
        kode = _kode(kode)
        if kode is None:
            return None, None
        with engine.connect() as conn:
            saved = saved_prices(conn, kode)
        account = current_account()
        if account is None or not account.may_write(kode):
            return saved, None
        return saved, save_area(kode)

    @app.callback(
        Output(RESULT, "children"),
        Input({"type": SAVE_BUTTON, "kommune": ALL}, "n_clicks"),
        State(PRICE_INPUTS, "value"),
        State(PRICE_INPUTS, "id"),
        prevent_initial_call=True,
    )
    def save(clicks, values, ids):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks):
            raise PreventUpdate
        kode = _kode(trigger.get("kommune"))
        account = current_account()
        if kode is None or account is None or not account.may_write(kode):
            return _message("Din konto må ikke gemme priser for denne kommune.", error=True)
        navn = ref.kommune_by_kode()[kode].navn
        try:
            save_prices(engine, kode, prices_from_inputs(values, ids), account.navn)
        except (PriceError, ValueError) as exc:
            return _message(f"Priserne blev ikke gemt: {exc}", error=True)
        except Exception:
            log.exception("priser for %s kunne ikke gemmes", kode)
            return _message("Priserne blev ikke gemt: der skete en fejl. Prøv igen.", error=True)
        log.info("%s gemte standardpriser for %s", account.navn, kode)
        return _message(f"Gemt: priserne er nu standard for {navn}.")


def _message(text: str, error: bool = False) -> html.Span:
    return html.Span(text, className="text-danger" if error else "text-success")
