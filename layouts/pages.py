"""Every page of the dashboard, in navbar order: the one route table.

A page is its folder in ``layouts/``, its module ``callbacks/<key>.py`` and its entry
here. Routing (callbacks/routing.py), the navbar, the app factory, ``/embed/`` and the
'Indlejr' dialog all read this table.
"""

from __future__ import annotations

from landkort.status import dataset_status
from landkort.urlstate.compare import compare_problems
from landkort.urlstate.map import state_problems
from landkort.views.compare_view import compare_view
from landkort.views.kommune_view import kommune_embed_view, kommune_problems, kommune_view
from landkort.views.map_view import map_view
from layouts.compare import charts as compare_charts
from layouts.compare.page import compare_page
from layouts.data.page import data_page
from layouts.kommune import charts as kommune_charts
from layouts.kommune.page import kommune_page
from layouts.map import charts as map_charts
from layouts.map.page import map_page
from layouts.registry import Page
from layouts.statement.page import statement_page

SITE = "Digitalt Landkort"

PAGES: tuple[Page, ...] = (
    Page(
        key="map",
        path="/",
        nav="Kort",
        title=lambda view: SITE,
        view=lambda conn, values, search: map_view(conn, search),
        layout=map_page,
        charts=map_charts.CHARTS,
        embed_prefix="",
        embed_view=map_view,
        problems=state_problems,
    ),
    Page(
        key="compare",
        path="/sammenlign",
        nav="Sammenlign",
        title=lambda view: f"Sammenlign kommuner · {SITE}",
        view=lambda conn, values, search: compare_view(conn, search),
        layout=compare_page,
        charts=compare_charts.CHARTS,
        embed_prefix="sammenlign-",
        embed_view=compare_view,
        problems=compare_problems,
    ),
    Page(
        key="data",
        path="/data",
        nav="Data",
        title=lambda view: f"Data · {SITE}",
        view=lambda conn, values, search: dataset_status(conn),
        layout=data_page,
        callbacks=False,
    ),
    Page(
        key="kommune",
        path="/kommune/<kode>",
        title=lambda view: f"{view.title} · {SITE}",
        view=lambda conn, values, search: kommune_view(conn, values["kode"], search),
        layout=kommune_page,
        charts=kommune_charts.CHARTS,
        draw_first=False,
        embed_prefix="kommune-",
        embed_view=kommune_embed_view,
        problems=kommune_problems,
        file_name=kommune_charts.file_name,
    ),
    Page(
        key="statement",
        path="/tilgaengelighed",
        title=lambda view: f"Tilgængelighedserklæring · {SITE}",
        view=lambda conn, values, search: None,
        layout=statement_page,
        callbacks=False,
    ),
)


def page(key: str) -> Page:
    """The registry entry of the page ``key``."""
    return next(p for p in PAGES if p.key == key)
