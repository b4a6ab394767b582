"""The frame around every page: header with the product name and the demo mark."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html


def demo_badge(demo: bool) -> html.Span | None:
    """The visible mark that the numbers are simulated."""
    if not demo:
        return None
    return dbc.Badge(
        "Demodata (simuleret)",
        color="warning",
        text_color="dark",
        className="ms-2 demo-badge",
        title="Tallene er simulerede demodata, ikke rigtige tælleugeresultater.",
    )


def page_frame(content: list, *, demo: bool, nav: list[tuple[str, str]]) -> html.Div:
    """Header, content and footer of a page; ``nav`` holds (label, path) of the navbar."""
    header = dbc.Navbar(
        dbc.Container(
            [
                html.A(
                    [html.Span("Digitalt Landkort", className="fw-semibold")],
                    href="/",
                    className="navbar-brand text-white",
                ),
                dbc.Nav(
                    [dbc.NavLink(label, href=path, active="exact") for label, path in nav],
                    navbar=True,
                    className="me-auto",
                ),
                demo_badge(demo),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-4",
    )
    source = (
        "Tallene er simulerede demodata, kalibreret til KL's offentliggjorte landstal; "
        "de er ikke kommunernes rigtige registreringer."
        if demo
        else "Kilde: kommunernes registreringer i KOMHEN-tælleugerne efter KL's metode."
    )
    footer = html.Footer(
        [html.Span("KOMHEN-tælleuger 2011–2016. "), html.Span(source, id="data-source")],
        className="text-muted small mt-5 mb-3",
    )
    return html.Div([header, dbc.Container([*content, footer], fluid="lg")])


def not_found(text: str) -> list:
    """The body of a page for an address that shows nothing."""
    return [
        html.H1("Siden findes ikke", className="h3"),
        html.P(text),
        dcc.Link("Til kortet", href="/"),
    ]
