"""The 'Indlejr' dialog, one for every page: the <iframe> for the chart whose button was
pressed, in exactly the state the page's address holds."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, no_update
from sqlalchemy import Engine

from layouts.components.embed import iframe_snippet
from layouts.pages import PAGES
from layouts.registry import embed_charts, find_page
from server.public import public_base_url


def embed_address(engine: Engine, name: str, pathname: str, search: str) -> tuple[str, str, int]:
    """(src, title, height) of the iframe for chart ``name`` on the page at ``pathname``."""
    page, chart = embed_charts(PAGES)[name]
    _, values = find_page(PAGES, pathname) or (page, {})
    with engine.connect() as conn:
        view = page.view(conn, values, search)
    src = f"{public_base_url()}/embed/{name}{view.embed_query()}"
    return src, f"Digitalt Landkort: {view.chart_title(chart.title_for(view))}", chart.height


def register(app: Dash, engine: Engine) -> None:
    app.clientside_callback(  # a press, not a button drawn: no request for those
        ClientsideFunction("landkort", "pressed"),
        Output("embed-asked", "data"),
        Input({"type": "embed-open", "chart": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("embed-dialog", "is_open"),
        Output("embed-snippet", "children"),
        Output("embed-height", "children"),
        Output("embed-preview", "href"),
        Input("embed-asked", "data"),
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def show_embed_code(asked, pathname, search):
        name = pressed_chart(asked)
        if name is None:  # a hand-made request: nothing to show
            return no_update, no_update, no_update, no_update
        src, title, height = embed_address(engine, name, pathname or "/", search or "")
        return (
            True,
            iframe_snippet(src, title, height),
            f"Foreslået højde: {height} pixel. Bredden følger siden.",
            src,
        )


def pressed_chart(asked: object) -> str | None:
    """The embeddable chart whose 'Indlejr' button the press in ``asked`` came from."""
    button = asked.get("id") if isinstance(asked, dict) else None
    name = button.get("chart") if isinstance(button, dict) else None
    return name if isinstance(name, str) and name in embed_charts(PAGES) else None
