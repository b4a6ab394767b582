"""The frame around every page: header with the product name and the demo mark."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort.geography.boundaries import CREDIT
from layouts.components.bootstrap import badge


def demo_badge(demo: bool) -> html.Span | None:
    """The visible mark that the numbers are simulated."""
    if not demo:
        return None
    return badge(
        "Demodata (simuleret)",
        color="warning",
        text_color="dark",
        className="ms-2 demo-badge",
        title="Tallene er simulerede demodata, ikke rigtige tælleugeresultater.",
    )


INDEX_STRING = """<!DOCTYPE html>
<html lang="da">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def navbar(nav: list[tuple[str, str]], demo: bool, account=None) -> dbc.Navbar:
    """The product name, the pages (folded behind a button on a narrow screen), the demo
    mark."""
    links = dbc.Nav(
        [dbc.NavLink(label, href=path, active="exact") for label, path in nav],
        navbar=True,
        className="me-auto",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                html.A(
                    [html.Span("Digitalt Landkort", className="fw-semibold")],
                    href="/",
                    className="navbar-brand text-white",
                ),
                demo_badge(demo),
                html.Button(
                    html.Span(className="navbar-toggler-icon"),
                    id="nav-toggle",
                    n_clicks=0,
                    type="button",
                    className="navbar-toggler",
                    **{
                        "aria-label": "Menu",
                        "aria-controls": "nav-collapse",
                        "aria-expanded": "false",
                    },
                ),
                dbc.Collapse([links, account], id="nav-collapse", is_open=False, navbar=True),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        expand="md",
        className="mb-4 landkort-navbar",
    )


def page_frame(content: list, *, demo: bool, nav: list[tuple[str, str]], account=None) -> html.Div:
    """Skip link, header, the page's main landmark, footer; ``nav`` holds (label, path),
    ``account`` who is logged in (``layouts.components.account``)."""
    source = (
        "Tallene er simulerede demodata, kalibreret til KL's offentliggjorte landstal; "
        "de er ikke kommunernes rigtige registreringer."
        if demo
        else "Kilde: kommunernes registreringer i KOMHEN-tælleugerne efter KL's metode."
    )
    footer = html.Footer(
        [
            html.Span("KOMHEN-tælleuger 2011–2016. "),
            html.Span(source, id="data-source"),
            html.Span(f" {CREDIT}.", id="boundaries-source"),
            html.Span(" "),
            dcc.Link("Tilgængelighedserklæring", href="/tilgaengelighed"),
        ],
        className="text-muted small mt-5 mb-3",
    )
    return html.Div(
        [
            html.A("Gå til indholdet", href="#main", className="visually-hidden-focusable skip"),
            html.Header(navbar(nav, demo, account)),
            html.Div(
                [html.Main(content, id="main", tabIndex="-1"), footer], className="container-lg"
            ),
            html.Div(id="live", className="visually-hidden", **{"aria-live": "polite"}),
        ]
    )


def not_found(text: str) -> list:
    """The body of a page for an address that shows nothing."""
    return [
        html.H1("Siden findes ikke", className="h3"),
        html.P(text),
        dcc.Link("Til kortet", href="/"),
    ]
