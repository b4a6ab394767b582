"""The frame every page shares, built per page load (the demo mark can change), and its
small browser-side behaviours (assets/landkort.js)."""

from __future__ import annotations

import logging

from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, dcc, html
from sqlalchemy import Engine

from callbacks.routing import page_content
from landkort.store import is_demo
from layouts.components.account import account_menu
from layouts.components.embed import embed_dialog
from layouts.components.shell import page_frame
from layouts.pages import PAGES
from server.auth import csrf_token, current_account
from server.page_address import PageAddress

log = logging.getLogger("landkort.pages")


def shell_layout(engine: Engine, address: PageAddress | None = None) -> html.Div:
    """The frame, with the page for ``address`` already in it when the address is known:
    a first load then draws without asking the routing callback (``server.page_address``)."""
    with engine.connect() as conn:
        demo = is_demo(conn)
    nav = [(page.nav, page.path) for page in PAGES if page.nav]
    body, title, drawn = [], None, None
    if address is not None:
        try:
            body, title = page_content(engine, address.pathname, address.search)
            drawn = address.seen
        except Exception:  # noqa: BLE001 - the frame still draws; routing answers the page
            log.exception("siden %r kunne ikke tegnes i layoutet", address.pathname)
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="page-drawn", data=drawn),  # the address the page was drawn for
            dcc.Store(id="route-asked"),  # an address the page does not show yet
            dcc.Store(id="page-title", data=title),
            dcc.Store(id="view-title"),
            dcc.Store(id="view-search"),  # the query, when it changed on the same page
            dcc.Store(id="embed-asked"),  # which 'Indlejr' button was pressed
            embed_dialog(),
            page_frame([html.Div(body, id="page")], demo=demo, nav=nav, account=_account_menu()),
        ]
    )


def _account_menu() -> html.Div:
    account = current_account()
    if account is None:
        return account_menu(None)
    return account_menu(account.navn, account.description, csrf_token())


def register(app: Dash) -> None:
    """The navbar's menu button, the title, focus and announcement of a new page, and the
    sorting of every table with sort buttons in its headers (layouts/components/tables.py)."""
    app.clientside_callback(
        ClientsideFunction("landkort", "toggleNav"),
        Output("nav-collapse", "is_open"),
        Output("nav-toggle", "aria-expanded"),
        Input("nav-toggle", "n_clicks"),
        State("nav-collapse", "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("landkort", "pageShown"),
        Output("live", "children"),
        Input("page-title", "data"),  # a first load's comes with the layout: titles only
    )
    app.clientside_callback(  # a first load's page came with the layout: no route asked
        ClientsideFunction("landkort", "routeAsked"),
        Output("route-asked", "data"),
        Output("page-drawn", "data"),
        Input("url", "pathname"),
        State("url", "search"),
        State("page-drawn", "data"),
    )
    app.clientside_callback(  # a query of its own, not the one a page came with
        ClientsideFunction("landkort", "searchChanged"),
        Output("view-search", "data"),
        Input("url", "search"),
        State("url", "pathname"),
    )
    app.clientside_callback(  # the same page in a new state: only the title follows
        ClientsideFunction("landkort", "retitle"),
        Output("view-title", "id"),
        Input("view-title", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("landkort", "sortTable"),
        Output({"type": "sortable", "table": MATCH}, "children"),
        Input({"type": "sort-column", "table": MATCH, "col": ALL}, "n_clicks"),
        State({"type": "sortable", "table": MATCH}, "children"),
        prevent_initial_call=True,
    )
