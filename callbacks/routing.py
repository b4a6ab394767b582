"""Which page a URL shows, read from the page registry (layouts/pages.py)."""

from __future__ import annotations

from dash import Dash, Input, Output, State
from sqlalchemy import Connection, Engine

from callbacks.charts import draw_all
from landkort.kept import Kept
from layouts.components.shell import not_found
from layouts.pages import PAGES, SITE
from layouts.registry import Page, find_page

# The pages anyone is shown alike (``shared_answers``), as drawn for an address in a data
# version: a first load builds its page into the layout (callbacks/shell.py), which the
# server's answer store does not see, so the drawn page is kept here instead.
_SHARED: Kept[tuple[list, str]] = Kept(32)


def page_content(engine: Engine, pathname: str | None, search: str | None) -> tuple[list, str]:
    """The body and the document title for an address."""
    pathname = pathname or "/"
    found = find_page(PAGES, pathname)
    if found is None:
        return not_found(f"Adressen {pathname} findes ikke i Digitalt Landkort."), SITE
    page, values = found
    search = search or ""
    with engine.connect() as conn:
        if not page.shared_answers:
            return _drawn(conn, page, values, search)
        return _SHARED.get(conn, (pathname, search), lambda: _drawn(conn, page, values, search))


def _drawn(conn: Connection, page: Page, values: dict[str, int], search: str) -> tuple[list, str]:
    try:
        view = page.view(conn, values, search)
    except LookupError as missing:
        return not_found(str(missing)), SITE
    if page.first is not None:
        drawn = page.first(conn, page, view)
    else:
        drawn = draw_all(conn, page, view) if page.draw_first else {}
    return page.layout(page, view, drawn), page.title(view)


def view_title(engine: Engine, pathname: str | None, search: object) -> str:
    """The document title for the page's current state (its controls write the query)."""
    if not isinstance(search, str):
        search = ""
    found = find_page(PAGES, pathname or "/")
    if found is None:
        return SITE
    page, values = found
    with engine.connect() as conn:
        try:
            return page.title(page.view(conn, values, search or ""))
        except LookupError:
            return SITE


def register(app: Dash, engine: Engine) -> None:
    @app.callback(
        Output("view-title", "data"),
        Input("view-search", "data"),  # callbacks/shell.py: a change on the same page
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def retitle(search, pathname):
        return view_title(engine, pathname, search)

    @app.callback(
        Output("page", "children"),
        Output("page-title", "data"),
        Input("route-asked", "data"),  # callbacks/shell.py: an address not drawn yet
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def route(_asked, pathname, search):
        return page_content(engine, pathname, search)
