"""Every page of the dashboard, in navbar order: the one route table.

A page is its folder in ``layouts/``, its module ``callbacks/<key>.py`` and its entry
here. Routing (callbacks/routing.py), the navbar, the app factory, ``/embed/`` and the
'Indlejr' dialog all read this table.
"""

from __future__ import annotations

from landkort import reference as ref
from landkort.status import dataset_status
from landkort.urlstate.compare import compare_problems
from landkort.urlstate.map import state_problems
from landkort.views.about import about_view
from landkort.views.compare_view import compare_view
from landkort.views.kommune_view import (
    DEFAULT_OPGAVE,
    kommune_embed_view,
    kommune_problems,
    kommune_view,
)
from landkort.views.map_view import map_view
from layouts.about.page import about_page
from layouts.compare import charts as compare_charts
from layouts.compare.page import compare_page
from layouts.data.page import data_page
from layouts.kommune import charts as kommune_charts
from layouts.kommune.first import first_drawn as kommune_first
from layouts.kommune.page import kommune_page
from layouts.map import charts as map_charts
from layouts.map.page import map_page
from layouts.registry import Page, find_page
from layouts.statement.page import statement_page

SITE = "Digitalt Landkort"


def titled(*parts: str) -> str:
    """'Vallensbæk Kommune – Digitalt Landkort': what the page shows first, the site last."""
    return " – ".join([*parts, SITE])


def map_title(view) -> str:
    """The map's title names what it shows: 'Selvbetjeningsgrad (transaktioner), alle 35
    opgaver, E2016, Hele landet – Kort – Digitalt Landkort'."""
    return titled(f"{view.describe()}, {view.runde_kode}, {view.area}", "Kort")


def compare_title(view) -> str:
    return titled(f"Sammenlign kommuner: {view.describe()}, {view.runde_kode}")


def kommune_title(view) -> str:
    """'Vallensbæk Kommune – Digitalt Landkort'; a round or opgave other than the page's
    defaults is named after the kommune."""
    parts = [view.title]
    if view.state.runde != view.default_runde:
        parts.append(view.runde_kode)
    if view.state.opgave != DEFAULT_OPGAVE:
        parts.append(ref.OPGAVER[view.state.opgave - 1].navn)
    return titled(", ".join(parts))


PAGES: tuple[Page, ...] = (
    Page(
        key="map",
        description=(
            "Kort over Danmarks 98 kommuner: hvor stor en del af borgernes henvendelser der "
            "er digitale (selvbetjening) i hver tælleuge, per opgave og over tid."
        ),
        shared_answers=True,
        path="/",
        nav="Kort",
        title=map_title,
        view=lambda conn, values, search: map_view(conn, search),
        layout=map_page,
        charts=map_charts.CHARTS,
        embed_prefix="",
        embed_view=map_view,
        problems=state_problems,
    ),
    Page(
        key="compare",
        description=(
            "Sammenlign kommuners kanalfordeling og selvbetjeningsgrad på tværs af "
            "tælleugernes runder."
        ),
        shared_answers=True,
        path="/sammenlign",
        nav="Sammenlign",
        title=compare_title,
        view=lambda conn, values, search: compare_view(conn, search),
        layout=compare_page,
        charts=compare_charts.CHARTS,
        embed_prefix="sammenlign-",
        embed_view=compare_view,
        problems=compare_problems,
    ),
    Page(
        key="data",
        description=(
            "Kommunernes tovholdere indlæser tælleugens tal her; KL administrerer brugere og "
            "importer."
        ),
        path="/data",
        nav="Data",
        title=lambda view: titled("Data"),
        view=lambda conn, values, search: dataset_status(conn),
        layout=data_page,
    ),
    Page(
        key="kommune",
        description=(
            "Kommunens tælleugerapport: kanalmønstre, straksafslutning, blanketter, enheder "
            "og kanalomkostninger ved siden af Hele landet."
        ),
        shared_answers=True,
        path="/kommune/<kode>",
        title=kommune_title,
        view=lambda conn, values, search: kommune_view(conn, values["kode"], search),
        layout=kommune_page,
        charts=kommune_charts.CHARTS,
        draw_first=False,
        first=kommune_first,
        embed_prefix="kommune-",
        embed_view=kommune_embed_view,
        problems=kommune_problems,
        file_name=kommune_charts.file_name,
    ),
    Page(
        key="about",
        description=(
            "Om tallene: hvad en tælleuge er, de 35 opgaver, kanalerne og hvordan hvert mål "
            "og dets usikkerhed beregnes."
        ),
        path="/om",
        nav="Om tallene",
        title=lambda view: titled("Om tallene"),
        view=lambda conn, values, search: about_view(conn),
        layout=about_page,
        callbacks=False,
    ),
    Page(
        key="statement",
        description="Tilgængelighedserklæring for Digitalt Landkort (WCAG 2.1 AA).",
        path="/tilgaengelighed",
        title=lambda view: titled("Tilgængelighedserklæring"),
        view=lambda conn, values, search: None,
        layout=statement_page,
        callbacks=False,
    ),
)


def page(key: str) -> Page:
    """The registry entry of the page ``key``."""
    return next(p for p in PAGES if p.key == key)


def description_for(pathname: str) -> str:
    """The meta description of the page at ``pathname`` (the map's for an unknown path)."""
    found = find_page(PAGES, pathname or "/")
    return (found[0] if found else PAGES[0]).description
