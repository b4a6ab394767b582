"""Which page a URL shows: the map, a kommune, the data overview."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from dash import Dash, Input, Output, State
from sqlalchemy import Engine

from callbacks.compare_page import compare_layout
from callbacks.map_page import map_layout
from landkort import lookup, metrics
from landkort import reference as ref
from landkort.formatting import format_percent
from landkort.status import dataset_status
from landkort.summary import SUMMARY_MEASURES, summary
from layouts.home import home_page
from layouts.kommune_page import kommune_page, not_found

_KOMMUNE_PATH = re.compile(r"^/kommune/(\d{1,4})/?$")


def kommune_layout(engine: Engine, kode: int, search: str | None) -> list:
    kommuner = ref.kommune_by_kode()
    if kode not in kommuner:
        return not_found(f"Der er ingen kommune med koden {kode:04d}.")
    params = parse_qs((search or "").lstrip("?"))
    with engine.connect() as conn:
        taken = metrics.rounds_taken_part(conn, kode)
        wanted = lookup.resolve_runde(params["runde"][0]) if "runde" in params else None
        runde = wanted or (taken[-1] if taken else ref.RUNDER[-1].id)
        own = summary(conn, runde, kommune=kode)
        national = summary(conn, runde)
        series = metrics.shares_by(conn, "selvbetjeningsgrad", "runde", kommune=kode)
    k = kommuner[kode]
    regions = {r.kode: r.navn for r in ref.REGIONER}
    return kommune_page(
        navn=k.navn,
        kode=k.kode_tekst,
        region=regions[k.region_kode],
        runde=ref.RUNDER[runde - 1].kode,
        rounds=[
            (ref.RUNDER[r - 1].kode, format_percent(series[r].andel)) for r in taken if r in series
        ],
        kommune=own,
        national=national,
        measures=SUMMARY_MEASURES,
        back=f"/{search or ''}",
    )


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
