"""Beside the map: the pooled figure, its trend, the spread over kommuner, top and bottom."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from landkort import reference as ref
from landkort.formatting import format_int
from landkort.views.map import MIN_N, MapMeasure, Value
from layouts.components import bootstrap as bs
from layouts.components import colours
from layouts.components.about_link import about_link
from layouts.components.chart_tools import chart_tools, described, table_box
from layouts.components.plainfigure import default_template, trace
from layouts.map.figure import ABSENT_MARK, GREY, UNCERTAIN_MARK, format_value
from layouts.registry import Chart, Page

_SMALL = {"displayModeBar": False, "responsive": True}
_AXIS_FONT = {"size": 11}


def _scale(spec: MapMeasure, x: float | None) -> float | None:
    return None if x is None else round(x * 100, 2)


def pooled_card(
    spec: MapMeasure, pooled: Value, *, area: str, runde: str, participants: int
) -> html.Div:
    """The pooled figure for the selection with interval, n and participants."""
    interval = (
        f"95 %-interval {format_value(spec, pooled.lav)} til {format_value(spec, pooled.hoej)}"
        if pooled.lav is not None
        else "Intet interval"
    )
    return bs.card(
        [
            html.Div(f"{area}, {runde}", className="text-muted small", id="pooled-head"),
            html.Div(
                format_value(spec, pooled.value),
                className="display-6 fw-semibold",
                id="pooled-value",
            ),
            html.Div(spec.label, className="fw-semibold"),
            html.Div(interval, className="small", id="pooled-interval"),
            html.Div(
                f"n = {format_int(pooled.n)} registreringer · "
                f"{format_int(participants)} kommuner deltog",
                className="small",
                id="participants",
            ),
        ],
        className="mb-3",
    )


def _trend_values(spec: MapMeasure, v: Value) -> tuple:
    """The goal view's trend shows the share itself against the 80 % line."""
    if spec.kind == "goal":
        return tuple(None if x is None else x + 0.8 for x in (v.value, v.lav, v.hoej))
    return v.value, v.lav, v.hoej


def trend_figure(spec: MapMeasure, points: list[tuple[str, Value]], current: str) -> dict:
    """The pooled value per round, with interval band and the 80 % goal where it applies.

    A plain dict with plotly's default template (as go.Figure drew it, without its
    validation: the side panel is redrawn on every change of selection)."""
    rounds = [r for r, _ in points]
    values = [_trend_values(spec, v) for _, v in points]
    y, low, high = ([_scale(spec, t[i]) for t in values] for i in range(3))
    data = [
        trace("scatter", x=rounds, y=high, mode="lines", line={"width": 0}, hoverinfo="skip",
              showlegend=False),
        trace("scatter", x=rounds, y=low, mode="lines", line={"width": 0}, fill="tonexty",
              fillcolor="rgba(49,104,142,0.2)", hoverinfo="skip", showlegend=False),
        trace(
            "scatter",
            x=rounds,
            y=y,
            mode="lines+markers",
            line={"color": colours.SERIES, "width": 2},
            marker={"size": [10 if r == current else 6 for r in rounds]},
            hovertext=[format_value(spec, v.value) for _, v in points],
            customdata=[v.n for _, v in points],
            hovertemplate="%{x}: %{hovertext}<extra></extra>",
            showlegend=False,
        ),
    ]  # fmt: skip
    layout: dict = {}
    reference_line = None
    if spec.kind == "change":
        reference_line = (0, "Ingen ændring")
    elif spec.metric == "selvbetjeningsgrad":
        reference_line = (80, "Mål 80 %")
    if reference_line is not None:
        y0, text = reference_line
        where = {"xref": "x domain", "yref": "y"}
        layout["shapes"] = [
            {"type": "line", "x0": 0, "x1": 1, "y0": y0, "y1": y0, **where,
             "line": {"color": colours.GOAL, "dash": "dash", "width": 1}}
        ]  # fmt: skip
        layout["annotations"] = [
            {"text": text, "showarrow": False, "x": 0, "xanchor": "left", "y": y0,
             "yanchor": "bottom", **where, "font": {"size": 10, "color": colours.GOAL}}
        ]  # fmt: skip
    share_axis = spec.kind in ("share", "goal")
    yaxis = {"ticksuffix": " %" if share_axis else "", "tickfont": _AXIS_FONT}
    layout |= {
        "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
        "yaxis": {**yaxis, "range": [0, 100]} if share_axis else yaxis,
        "xaxis": {"tickfont": _AXIS_FONT, "type": "category"},
        "height": 190,
        "separators": ",.",
        "plot_bgcolor": "white",
        "template": default_template(),
    }
    return {"data": data, "layout": layout}


def _vline(x: float, width: int, dash: str | None = None) -> dict:
    line = {"color": colours.GOAL, "width": width, **({"dash": dash} if dash else {})}
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": line,
    }


def spread_values(spec: MapMeasure, values: list[tuple[str, float]], pooled: Value) -> dict:
    """The spread's points, lines and notes as plotly reads them; the browser's timeline
    swaps them per round (layouts/map/timeline.py), the page draws them here."""
    # the goal view spreads the shares themselves, around the 80 % line
    shift = 0.8 if spec.kind == "goal" else 0.0
    shapes, annotations = [], []
    if spec.kind == "goal":
        shapes.append(_vline(80, 1, "dash"))
    if pooled.value is not None:
        x = _scale(spec, pooled.value + shift)
        shapes.append(_vline(x, 2))
        annotations.append(
            {
                "text": "Hele landet",
                "font": {"size": 10},
                "showarrow": False,
                "x": x,
                "xref": "x",
                "xanchor": "left",
                "y": 1,
                "yref": "paper",
                "yanchor": "top",
            }
        )
    return {
        "x": [_scale(spec, v + shift) for _, v in values],
        "hovertext": [f"{n}: {format_value(spec, v)}" for n, v in values],
        "customdata": [n for n, _ in values],
        "shapes": shapes,
        "annotations": annotations,
    }


def distribution_figure(spec: MapMeasure, values: list[tuple[str, float]], pooled: Value) -> dict:
    """Each participating kommune as a dot, with the box of the spread and the pooled line
    (a plain dict, as :func:`trend_figure`)."""
    spread = spread_values(spec, values, pooled)
    box = trace(
        "box",
        x=spread["x"],
        hovertext=spread["hovertext"],
        hoverinfo="text",
        boxpoints="all",
        jitter=0.5,
        pointpos=0,
        name="",
        marker={"size": 5, "color": colours.SERIES, "opacity": 0.7},
        line={"color": "#5b5b5b", "width": 1},
        fillcolor="rgba(0,0,0,0)",
        customdata=spread["customdata"],
    )
    layout = {
        "shapes": spread["shapes"],
        "annotations": spread["annotations"],
        "height": 150,
        "margin": {"l": 10, "r": 10, "t": 20, "b": 30},
        "separators": ",.",
        "xaxis": {"ticksuffix": "" if spec.kind == "change" else " %", "tickfont": _AXIS_FONT},
        "yaxis": {"visible": False},
        "plot_bgcolor": "white",
        "showlegend": False,
        "template": default_template(),
    }
    return {"data": [box], "layout": layout}


def ranking_list(title: str, rows: list[tuple[int, str, str, int]], *, search: str) -> html.Div:
    """Top or bottom kommuner: (kode, navn, formatted value, rank), linked to their pages."""
    items = [
        html.Li(
            [
                html.Span(f"{rank}. ", className="text-muted"),
                dcc.Link(navn, href=f"/kommune/{kode:04d}{search}"),
                html.Span(value, className="float-end"),
            ]
        )
        for kode, navn, value, rank in rows
    ]
    return html.Div(
        [
            html.Div(title, className="fw-semibold small"),
            html.Ul(items, className="list-unstyled small mb-2"),
        ]
    )


def legend_note(form: str = "hex") -> html.Div:
    """How to read grey (×) and pale (?) kommuner, and, on the real map, whose borders."""
    mark = "d-inline-block me-1 align-middle border text-center lh-1 map-mark"
    return html.Div(
        [
            html.Span(ABSENT_MARK, className=mark, style={"background": GREY}),
            html.Span("Deltog ikke i runden", className="me-3"),
            html.Span(UNCERTAIN_MARK, className=mark, style={"background": "#bcdedc"}),
            html.Span(f"Usikkert: under {MIN_N} registreringer", className="me-3"),
            html.Span(
                "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur"
                if form == "geo"
                else "Sekskantkort: én lige stor sekskant pr. kommune",
                className="d-block d-md-inline",
            ),
        ],
        className="small text-muted mt-1",
        id="map-legend",
    )


def kommune_text(spec: MapMeasure, frame, kommune: int) -> str:
    """'Vallensbæk: 52,1 %, nr. 40 af 98.' for the kommune picked in the search box."""
    row = frame.loc[kommune]
    if not row["deltog"]:
        return f"{row['navn']} deltog ikke i runden."
    rank = f", nr. {int(row['rank'])} af {int(row['of'])}" if row["rank"] == row["rank"] else ""
    return f"{row['navn']}: {format_value(spec, row['value'])}{rank}."


def _kommune_card(spec: MapMeasure, frame, kommune: int, search: str) -> html.Div:
    text = html.Span(kommune_text(spec, frame, kommune), id="selected-kommune-text")
    return bs.alert(
        [text, " ", dcc.Link("Åbn kommunesiden →", href=f"/kommune/{kommune:04d}{search}")],
        color="light",
        className="py-2 small mb-3",
        id="selected-kommune",
    )


def ranked(frame):
    """Participants with a value, best first."""
    return frame[frame["rank"].notna()].sort_values(["rank", "navn"])


def trend_chart(sel, trend: pd.DataFrame) -> dict:
    """The pooled trend of a selection (one row per round, see layouts/map/charts.py)."""
    points = [
        (ref.RUNDER[int(r.runde_id) - 1].kode, Value(r.value, r.lav, r.hoej, int(r.n), r.andel))
        for r in trend.itertuples()
    ]
    return trend_figure(sel.spec, points, ref.RUNDER[sel.runde - 1].kode)


def spread_points(frame) -> list[tuple[str, float]]:
    """(navn, value) of every kommune with a value, best first."""
    top = ranked(frame)
    return list(zip(top["navn"].tolist(), top["value"].tolist(), strict=True))


def distribution_chart(sel, frame, pooled: Value) -> dict:
    return distribution_figure(sel.spec, spread_points(frame), pooled)


def _heading(page: Page, chart: Chart, view, frame, className: str = "") -> html.Div:
    return html.Div(
        [
            html.Span(
                [
                    html.Span(chart.heading_for(frame, view), id=f"{page.key}-{chart.key}-heading"),
                    about_link(chart, view),
                ],
                className="fw-semibold small",
            ),
            chart_tools(page, chart),
        ],
        className=f"d-flex justify-content-between align-items-center {className}",
    )


def panel(page: Page, view, drawn: dict, keys: tuple[str, ...]) -> list:
    """Everything beside the map for one view: the pooled figure, the charts ``keys``
    (drawn, from the page's chart table), top and bottom five."""
    spec = view.selection.spec
    frame = drawn["kort"][0]  # every kommune of the area, the pooled value in attrs
    pooled = frame.attrs["pooled"]
    top = ranked(frame)
    rows = [
        (int(k), r["navn"], format_value(spec, r["value"]), int(r["rank"]))
        for k, r in top.iterrows()
    ]
    children = [
        pooled_card(
            spec, pooled, area=view.area, runde=view.runde_kode, participants=view.participants
        ),
    ]
    kommune = view.state.kommune
    if kommune is not None and kommune in frame.index:
        children.append(_kommune_card(spec, frame, kommune, view.query()))
    for i, key in enumerate(keys):
        chart_frame, figure = drawn[key]
        chart = page.chart(key)
        graph = dcc.Graph(id=f"map-{key}", figure=figure, config=_SMALL)
        children += [
            _heading(page, chart, view, chart_frame, "mt-2" if i else ""),
            described(graph, page, chart, chart_frame, view),
            table_box(page, chart),
        ]
    children += [
        bs.row(
            [
                bs.col(ranking_list("Højeste fem", rows[:5], search=view.query()), md=6),
                bs.col(ranking_list("Laveste fem", rows[-5:][::-1], search=view.query()), md=6),
            ],
            className="mt-2",
            id="top-bottom",
        ),
    ]
    return children
