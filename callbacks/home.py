"""The start page, built per request from the database's current state."""

from __future__ import annotations

from dash import html
from sqlalchemy import Engine

from landkort.status import dataset_status
from layouts.home import home_page
from layouts.shell import page_frame


def home_layout(engine: Engine) -> html.Div:
    with engine.connect() as conn:
        status = dataset_status(conn)
    return page_frame(home_page(status), demo=status.demo)
