"""Which page a URL shows: the map, a kommune, the data overview."""

from __future__ import annotations

import re

from dash import Dash, Input, Output, State
from sqlalchemy import Engine

from callbacks.compare_page import compare_layout
from callbacks.kommune_page import kommune_layout
from callbacks.map_page import map_layout
from landkort.status import dataset_status
from layouts.home import home_page
from layouts.kommune_page import not_found

_KOMMUNE_PATH = re.compile(r"^/kommune/(\d{1,4})/?$")


def register(app: Dash, engine: Engine) -> None:
    @app.callback(Output("page", "children"), Input("url", "pathname"), State("url", "search"))
    def route(pathname, search):
        pathname = pathname or "/"
        if pathname == "/":
            return map_layout(engine, search)
        match = _KOMMUNE_PATH.match(pathname)
        if match:
            return kommune_layout(engine, int(match.group(1)), search)
        if pathname.rstrip("/") == "/sammenlign":
            return compare_layout(engine, search)
        if pathname == "/data":
            with engine.connect() as conn:
                return home_page(dataset_status(conn))
        return not_found(f"Adressen {pathname} findes ikke i Digitalt Landkort.")
