"""The Data page's user management, for KL accounts only: the accounts with their role
and kommuner, a form to add one, a new password, and removal.

Ids start ``data-admin-``: ``server.auth`` refuses those callbacks before Dash runs them
unless a logged-in KL account sent the session's CSRF token, and the callbacks in
``callbacks/data.py`` check the account again themselves.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from landkort.accounts import MIN_PASSWORD, ROLES, Account
from layouts.components import bootstrap as bs


def _field(label: str, control) -> html.Div:
    return bs.col(
        [
            html.Label(label, htmlFor=control.id, className="form-label small fw-semibold mb-1"),
            control,
        ],
        md=True,
    )


def accounts_table(accounts: list[Account], me: str) -> html.Div:
    """Every account: name, role, kommuner, and a button that removes it (not one's own)."""
    rows = [
        html.Tr(
            [
                html.Td(a.navn),
                html.Td(a.description),
                html.Td(
                    ""
                    if a.navn == me
                    else html.Button(
                        "Fjern",
                        id={"type": "data-admin-remove", "navn": a.navn},
                        n_clicks=0,
                        type="button",
                        className="btn btn-outline-danger btn-sm",
                        **{"aria-label": f"Fjern brugeren {a.navn}"},
                    )
                ),
            ]
        )
        for a in accounts
    ]
    head = html.Thead(
        html.Tr([html.Th("Bruger", scope="col"), html.Th("Rolle", scope="col"), html.Th("")])
    )
    return bs.table([html.Caption("Brugere"), head, html.Tbody(rows)], size="sm", striped=True)


def users_section(accounts: list[Account], me: str) -> html.Section:
    """KL's user management."""
    add_form = bs.row(
        [
            _field("Brugernavn", dbc.Input(id="data-admin-navn", autocomplete="off")),
            _field(
                "Rolle",
                dbc.Select(
                    id="data-admin-rolle",
                    options=[{"label": r, "value": r} for r in ROLES],
                    value="kommune",
                ),
            ),
            _field(
                "Kommuner (koder eller navne)",
                dbc.Input(id="data-admin-kommuner", placeholder="0187, Ishøj"),
            ),
            _field(
                f"Adgangskode (mindst {MIN_PASSWORD} tegn)",
                dbc.Input(id="data-admin-kode", type="password", autocomplete="new-password"),
            ),
        ],
        className="g-2",
    )
    return html.Section(
        [
            html.H2("Brugere", className="h5 mt-5", id="data-admin-title"),
            html.P(
                "Som KL opretter og fjerner du konti og giver nye adgangskoder. En ny "
                "adgangskode eller en fjernet konto logger brugeren ud alle steder.",
                className="small text-muted",
            ),
            html.Div(accounts_table(accounts, me), id="data-admin-list", className="table-scroll"),
            html.H3("Opret bruger eller giv ny adgangskode", className="h6 mt-3"),
            add_form,
            html.Div(
                [
                    html.Button(
                        "Opret bruger",
                        id="data-admin-add",
                        n_clicks=0,
                        type="button",
                        className="btn btn-primary btn-sm",
                    ),
                    html.Button(
                        "Giv ny adgangskode",
                        id="data-admin-passwd",
                        n_clicks=0,
                        type="button",
                        className="btn btn-outline-primary btn-sm",
                    ),
                ],
                className="d-flex gap-2 mt-2",
            ),
            html.Div(id="data-admin-result", className="mt-2", **{"aria-live": "polite"}),
        ],
        **{"aria-labelledby": "data-admin-title"},
    )


def admin_result(text: str, ok: bool) -> html.Div:
    return html.Div(text, className=f"alert alert-{'success' if ok else 'danger'} py-2")
