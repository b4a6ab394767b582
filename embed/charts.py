"""The charts that can be embedded, by name, each built from the same state as its page.

A chart is looked up by the name in ``/embed/<name>``; it reads the page's own query
parameters (strictly: unknown values are refused) and returns the page's figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import plotly.graph_objects as go
from sqlalchemy import Engine

from callbacks import compare_page, kommune_page, map_page
from embed import kommune_charts
from landkort import reference as ref
from landkort.urlstate.compare import compare_problems, format_compare
from landkort.urlstate.map import format_state, state_problems


@dataclass(frozen=True)
class EmbedChart:
    figure: go.Figure | dict  # or a PlainFigure; build_chart makes it a dict
    title: str
    runde: str  # the round shown, for the footer
    full_view: str  # path and query of the page the chart comes from


@dataclass(frozen=True)
class ChartSpec:
    build: Callable[[Engine, str], EmbedChart]
    problems: Callable[[str], list[str]]
    height: int  # suggested iframe height in pixels
    query: Callable[[Engine, str, str], str]  # (pathname, search) of the page -> embed query


def _map_query(engine: Engine, _pathname: str, search: str) -> str:
    state = map_page.current_state(engine, search)
    return format_state(
        state, default_runde=map_page.latest_round(engine), default_form=map_page.default_form()
    )


def _compare_query(engine: Engine, _pathname: str, search: str) -> str:
    data = compare_page.compare_data(engine)
    runde, fra = compare_page.default_rounds(data)
    state = compare_page.current_state(data, search)
    return format_compare(state, default_runde=runde, default_fra=fra)


def _opgave_text(opgave: int | None) -> str:
    return ref.OPGAVER[opgave - 1].navn if opgave else "alle 35 opgaver"


def _map_chart(build: Callable) -> Callable[[Engine, str], EmbedChart]:
    def chart(engine: Engine, search: str) -> EmbedChart:
        state = map_page.current_state(engine, search)
        sel = state.selection
        return EmbedChart(
            figure=build(engine, state),
            title=f"{sel.spec.label}, {_opgave_text(sel.opgave)}",
            runde=ref.RUNDER[sel.runde - 1].kode,
            full_view=f"/{_map_query(engine, '/', search)}",
        )

    return chart


def _compare_chart(view: Callable) -> Callable[[Engine, str], EmbedChart]:
    def chart(engine: Engine, search: str) -> EmbedChart:
        data = compare_page.compare_data(engine)
        state = compare_page.current_state(data, search)
        figure, title = view(data, state)
        return EmbedChart(
            figure=figure,
            title=title,
            runde=ref.RUNDER[state.selection.runde - 1].kode,
            full_view=f"/sammenlign{_compare_query(engine, '/sammenlign', search)}",
        )

    return chart


def _map(build: Callable, height: int) -> ChartSpec:
    return ChartSpec(_map_chart(build), state_problems, height, _map_query)


def _compare(view: Callable, height: int) -> ChartSpec:
    return ChartSpec(_compare_chart(view), compare_problems, height, _compare_query)


CHARTS: dict[str, ChartSpec] = {
    "kort": _map(map_page.full_figure, 620),
    "udvikling": _map(map_page.trend_for, 320),
    "spredning": _map(map_page.distribution_for, 260),
    "sammenlign-linjer": _compare(compare_page.lines_view, 480),
    "sammenlign-aendring": _compare(compare_page.dumbbell_view, 560),
    "sammenlign-spredning": _compare(compare_page.box_view, 420),
    "sammenlign-opgaver": _compare(compare_page.heatmap_view, 760),
}
_KOMMUNE_HEIGHTS = {"multiples": 900, "straks-opgave": 760, "blanket-opgave": 760, "enhed": 520}
CHARTS.update(
    {
        f"{kommune_charts.PREFIX}{key}": ChartSpec(
            kommune_charts.kommune_chart(key),
            kommune_charts.kommune_problems,
            _KOMMUNE_HEIGHTS.get(key, 420),
            kommune_charts.kommune_query,
        )
        for key in kommune_page.KOMMUNE_FIGURES
    }
)


def build_chart(engine: Engine, name: str, search: str) -> EmbedChart:
    """The chart ``name`` for a validated query string (see :func:`chart_problems`)."""
    chart = CHARTS[name].build(engine, search)
    # pages build plotly figures, plain dicts or PlainFigures (for speed): make it a dict
    figure = chart.figure if isinstance(chart.figure, dict) else chart.figure.to_dict()
    figure.setdefault("layout", {}).update(height=None, autosize=True)
    return replace(chart, figure=figure)


def chart_problems(name: str, search: str) -> list[str]:
    """Why a request cannot be answered (unknown chart or parameter values), in Danish."""
    if name not in CHARTS:
        return [f"Ukendt graf: «{name}». Kendte grafer: {', '.join(CHARTS)}"]
    return CHARTS[name].problems(search)
