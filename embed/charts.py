"""The charts that can be embedded, by name, each drawn from its page's chart table.

``/embed/<name>`` names a chart as ``<page prefix><key>`` (``kort``,
``sammenlign-linjer``, ``kommune-mix`` …); the query holds the page's own parameters,
checked strictly (unknown values are refused). The chart is the page's own entry:
the same frame and figure as on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from landkort.store import is_demo
from layouts.components.chart_image import image_meta, with_image_meta
from layouts.components.plainfigure import message_figure
from layouts.pages import PAGES
from layouts.registry import embed_charts


@dataclass(frozen=True)
class EmbedChart:
    figure: dict
    title: str
    runde: str  # the round shown, for the footer
    full_view: str  # path and query of the page the chart comes from
    credit: str | None = None  # a further source to credit (the map's boundaries)


def build_chart(engine: Engine, name: str, search: str) -> EmbedChart:
    """The chart ``name`` for a validated query string (see :func:`chart_problems`)."""
    page, chart = embed_charts(PAGES)[name]
    with engine.connect() as conn:
        view = page.embed_view(conn, search)
        missing = chart.missing(view)
        if missing:
            figure = message_figure(missing)
        else:
            figure = chart.figure(chart.frame(conn, view), view)
            figure = with_image_meta(figure, image_meta(chart, view, is_demo(conn)))
    # pages build plotly figures, plain dicts or PlainFigures (for speed): make it a dict
    figure = figure if isinstance(figure, dict) else figure.to_dict()
    figure.setdefault("layout", {}).update(height=None, autosize=True)
    title = view.chart_title(chart.title_for(view))
    return EmbedChart(figure, title, view.runde_kode, view.full_view(), chart.credit_for(view))


def chart_problems(name: str, search: str) -> list[str]:
    """Why a request cannot be answered (unknown chart or parameter values), in Danish."""
    charts = embed_charts(PAGES)
    if name not in charts:
        return [f"Ukendt graf: «{name}». Kendte grafer: {', '.join(charts)}"]
    return charts[name][0].problems(search)
