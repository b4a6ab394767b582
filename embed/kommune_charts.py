"""Embeddable charts of the kommune page: ``/embed/kommune-<chart>?kommune=0187&…``."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlencode

from sqlalchemy import Engine

from callbacks import kommune_page
from landkort import lookup
from landkort import reference as ref
from landkort.urlstate.kommune import default_prices, format_state, parse_price
from landkort.views.kommune_header import kommune_title

PREFIX = "kommune-"


def kommune_problems(search: str) -> list[str]:
    """Every parameter value that names nothing known, in Danish (``kommune`` required)."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    problems = []
    kommuner = params.get("kommune", [])
    if not kommuner:
        problems.append("Angiv kommunen, fx «?kommune=0187»")
    checks = {
        "kommune": lambda v: lookup.resolve_kommune(v) is not None,
        "runde": lambda v: lookup.resolve_runde(v) is not None,
        "opgave": lambda v: lookup.resolve_opgave(v) is not None,
        "gruppe": lambda v: v in ref.GRUPPER,
        "pris": _prices_ok,
    }
    for key, ok in checks.items():
        for value in params.get(key, []):
            if not ok(value.strip()):
                problems.append(f"Ukendt værdi for «{key}»: «{value}»")
    return problems


def _prices_ok(text: str) -> bool:
    known = default_prices()
    for item in filter(None, text.split(",")):
        kode, _, value = item.partition(":")
        if kode.strip().upper() not in known or (value.strip() and parse_price(value) is None):
            return False
    return True


def _kode(search: str) -> int:
    params = parse_qs((search or "").lstrip("?"))
    return lookup.resolve_kommune(params["kommune"][0])


def kommune_query(engine: Engine, pathname: str, search: str) -> str:
    """The embed query for a kommune page: its code first, then its own state."""
    kode = int(pathname.rstrip("/").rsplit("/", 1)[-1])
    state, default = kommune_page.kommune_state(engine, kode, search)
    own = format_state(state, default_runde=default).lstrip("?")
    return f"?{urlencode({'kommune': f'{kode:04d}'})}" + (f"&{own}" if own else "")


def kommune_chart(key: str) -> Callable:
    title, build = kommune_page.KOMMUNE_FIGURES[key]

    def chart(engine: Engine, search: str):
        from embed.charts import EmbedChart

        kode = _kode(search)
        state, default = kommune_page.kommune_state(engine, kode, search)
        with engine.connect() as conn:
            figure = build(conn, kode, state)
        navn = ref.kommune_by_kode()[kode].navn
        return EmbedChart(
            figure=figure,
            title=f"{kommune_title(navn)}: {title}",
            runde=ref.RUNDER[state.runde - 1].kode,
            full_view=f"/kommune/{kode:04d}{format_state(state, default_runde=default)}",
        )

    return chart
