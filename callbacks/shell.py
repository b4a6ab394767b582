"""The frame every page shares, built per page load (the demo mark can change)."""

from __future__ import annotations

from dash import dcc, html
from sqlalchemy import Engine

from landkort.store import is_demo
from layouts.embed import embed_dialog
from layouts.shell import page_frame


def shell_layout(engine: Engine) -> html.Div:
    with engine.connect() as conn:
        demo = is_demo(conn)
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            embed_dialog(),
            page_frame([html.Div(id="page")], demo=demo),
        ]
    )
