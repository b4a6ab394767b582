"""The charts that can be embedded, by name, each built from the same state as its page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from sqlalchemy import Engine

from callbacks import map_page
from landkort import reference as ref
from landkort.urlstate import format_state, state_problems


@dataclass(frozen=True)
class EmbedChart:
    figure: go.Figure
    title: str
    runde: str  # the round shown, for the footer
    full_view: str  # path and query of the page the chart comes from


@dataclass(frozen=True)
class ChartSpec:
    title: str
    build: Callable[[Engine, object], go.Figure]
    problems: Callable[[str], list[str]]
    state: Callable[[Engine, str], object]


def _map_state(engine: Engine, search: str):
    return map_page.current_state(engine, search)


def _map_title(label: str) -> Callable:
    def title(state) -> str:
        sel = state.selection
        opgave = ref.OPGAVER[sel.opgave - 1].navn if sel.opgave else "alle 35 opgaver"
        return f"{label}: {sel.spec.label}, {opgave}"

    return title


CHARTS: dict[str, ChartSpec] = {
    "kort": ChartSpec("Kort", map_page.full_figure, state_problems, _map_state),
    "udvikling": ChartSpec("Udvikling", map_page.trend_for, state_problems, _map_state),
    "spredning": ChartSpec("Spredning", map_page.distribution_for, state_problems, _map_state),
}


def build_chart(engine: Engine, name: str, search: str) -> EmbedChart:
    """The chart ``name`` for a validated query string (see :func:`chart_problems`)."""
    spec = CHARTS[name]
    state = spec.state(engine, search)
    figure = spec.build(engine, state)
    figure.update_layout(
        height=None,
        autosize=True,
        margin={"l": 40, "r": 10, "t": 10, "b": 30}
        if name != "kort"
        else {"l": 0, "r": 0, "t": 0, "b": 0},
    )
    full = format_state(
        state, default_runde=map_page.latest_round(engine), default_form=map_page.default_form()
    )
    return EmbedChart(
        figure=figure,
        title=_map_title(spec.title)(state),
        runde=ref.RUNDER[state.selection.runde - 1].kode,
        full_view=f"/{full}",
    )


def chart_problems(name: str, search: str) -> list[str]:
    """Why a request cannot be answered (unknown chart or parameter values), in Danish."""
    if name not in CHARTS:
        return [f"Ukendt graf: «{name}». Kendte grafer: {', '.join(CHARTS)}"]
    return CHARTS[name].problems(search)
