"""KL's user management on the Data page: add an account, give a new password, remove one.

The account is checked here, on the server (only KL), besides the guard in
``server.auth`` that refuses a ``data-admin-`` callback without a KL session and its
CSRF token. Each change is one transaction and is logged with who made it.
"""

from __future__ import annotations

import logging

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy import Engine

from landkort import accounts
from layouts.data import users as ui
from server.auth import current_account

log = logging.getLogger("landkort.login")
REFUSED = "Kun KL kan ændre brugere."


def _kommuner(text: str | None) -> frozenset[int]:
    parts = [p.strip() for p in (text or "").replace(";", ",").split(",")]
    return accounts.parse_kommuner(p for p in parts if p)


def change(engine: Engine, me: accounts.Account, action, navn, rolle, kommuner, kode) -> str:
    """Do one change; its Danish receipt. AccountError (Danish) when it cannot be done."""
    navn = (navn or "").strip()
    with engine.begin() as conn:
        if isinstance(action, dict):  # a 'Fjern' button
            navn = action["navn"]
            if navn == me.navn:
                raise accounts.AccountError("Du kan ikke fjerne din egen konto.")
            accounts.remove_account(conn, navn)
            done = f"Brugeren {navn} er fjernet."
        elif action == "data-admin-passwd":
            accounts.set_password(conn, navn, kode or "")
            done = f"{navn} har fået en ny adgangskode og er logget ud alle steder."
        else:
            added = accounts.add_account(conn, navn, rolle or "", kode or "", _kommuner(kommuner))
            done = f"Brugeren {added.navn} er oprettet ({added.description})."
    log.info("%s (KL): %s", me.navn, done)
    return done


def register(app: Dash, engine: Engine) -> None:
    @app.callback(
        Output("data-admin-result", "children"),
        Output("data-admin-list", "children"),
        Output("data-admin-kode", "value"),
        Input("data-admin-add", "n_clicks"),
        Input("data-admin-passwd", "n_clicks"),
        Input({"type": "data-admin-remove", "navn": ALL}, "n_clicks"),
        State("data-admin-navn", "value"),
        State("data-admin-rolle", "value"),
        State("data-admin-kommuner", "value"),
        State("data-admin-kode", "value"),
        prevent_initial_call=True,
    )
    def manage_users(_add, _passwd, _removes, navn, rolle, kommuner, kode):
        me = current_account()
        if me is None or not me.is_kl:
            return ui.admin_result(REFUSED, False), no_update, ""
        if not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate  # a list drawn anew, not a press
        try:
            done = change(engine, me, ctx.triggered_id, navn, rolle, kommuner, kode)
        except accounts.AccountError as error:
            return ui.admin_result(str(error), False), no_update, ""
        with engine.connect() as conn:
            listed = accounts.accounts(conn)
        return ui.admin_result(done, True), ui.accounts_table(listed, me.navn), ""
