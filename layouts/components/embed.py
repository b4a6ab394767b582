"""The 'Indlejr' button beside a chart and the dialog with its ready-to-copy <iframe>."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from markupsafe import escape

from layouts.components.bootstrap import button


def embed_button(chart: str) -> html.Button:
    return button(
        "Indlejr",
        id={"type": "embed-open", "chart": chart},
        size="sm",
        color="link",
        className="p-0 small d-print-none",
        title="Vis HTML-koden, der indlejrer netop denne graf på en anden side",
        n_clicks=0,
    )


def iframe_snippet(src: str, title: str, height: int) -> str:
    """The <iframe> for an intranet page; every value escaped."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" '
        f'height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )


def embed_dialog() -> dbc.Modal:
    """One dialog per page; a callback fills it for the chart whose button was pressed."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Indlejr grafen", id="embed-dialog-title")),
            dbc.ModalBody(
                [
                    html.P(
                        "Kopiér koden ind i intranetsiden. Grafen viser præcis det valg, du "
                        "ser nu, og opdateres, når der kommer nye tal.",
                        className="small",
                    ),
                    html.Div(
                        [
                            html.Pre(
                                id="embed-snippet",
                                className="small bg-light p-2 mb-0",
                                style={"whiteSpace": "pre-wrap", "wordBreak": "break-all"},
                            ),
                            dcc.Clipboard(
                                target_id="embed-snippet",
                                title="Kopiér koden",
                                className="position-absolute top-0 end-0 m-1 landkort-clipboard",
                            ),
                        ],
                        className="position-relative",
                    ),
                    html.Div(id="embed-height", className="small text-muted mt-2"),
                    html.A(
                        "Se den indlejrede graf",
                        id="embed-preview",
                        target="_blank",
                        className="small",
                    ),
                ]
            ),
        ],
        id="embed-dialog",
        labelledby="embed-dialog-title",
        size="lg",
        is_open=False,
    )
