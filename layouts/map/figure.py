"""The choropleth: four traces over one geometry (hexagons or real boundaries).

Trace 0 holds solid values, trace 1 uncertain ones (few registrations, drawn pale),
trace 2 the kommuner that did not take part (grey), trace 3 the outline of the
kommune picked in the search box. A recolour replaces only locations, values and
hover texts (see :func:`trace_values`), never the geometry.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from landkort.formatting import format_int, format_percent, format_points
from landkort.geography.hexmap import hex_label_positions, short_names
from landkort.views.map import MIN_N, MapMeasure, Value

GREY = "#bdbdbd"  # non-participants: apart from every colour of the scales
LINE = "#ffffff"
MARK_COLOUR = "#1a1a1a"  # the × and ? drawn on grey and pale kommuner
PALE = 0.35  # the opacity of uncertain values
SOLID, UNCERTAIN, ABSENT, HIGHLIGHT, MARKS = range(5)
ABSENT_MARK, UNCERTAIN_MARK = "×", "?"  # told by more than colour (WCAG 1.4.1)
LABEL_SHADOW = "1px 0 1px #fff, -1px 0 1px #fff, 0 1px 1px #fff, 0 -1px 1px #fff"

# Colour-blind-safe scales: Viridis for shares, diverging Red–Yellow–Blue / Purple–Orange
# centred on the goal or on no change.
# Scales are spelled out as stops so a Patch and a full figure colour identically
# (plotly.js's own "Viridis" differs slightly from plotly.py's).
_SHARE = {"colorscale": get_colorscale("Viridis"), "zmin": 0, "zmax": 100}
_GOAL = {"colorscale": get_colorscale("RdYlBu"), "zmin": -60, "zmax": 20, "zmid": 0}
_CHANGE = {"colorscale": get_colorscale("PuOr"), "zmin": -20, "zmax": 20, "zmid": 0}


def colour_props(spec: MapMeasure) -> dict:
    """Colour scale, range and colour bar for a measure (values in percent or points)."""
    base = {"share": _SHARE, "goal": _GOAL, "change": _CHANGE}[spec.kind]
    unit = " %" if spec.kind == "share" else ""
    title = {"share": "Andel", "goal": "Pct.-point fra 80 %", "change": "Pct.-point"}[spec.kind]
    colorbar = {  # under the map, so the map has the whole width (also at 320 px)
        "title": {"text": title, "side": "top"},
        "ticksuffix": unit,
        "tickformat": "+d" if spec.kind != "share" else "d",
        "orientation": "h",
        "thickness": 10,
        "len": 0.7,
        "x": 0.5,
        "xanchor": "center",
        "y": 0,
        "yanchor": "top",
    }
    if spec.kind == "goal":
        colorbar["tickvals"] = [-60, -40, -20, 0, 20]
        colorbar["ticktext"] = ["20 %", "40 %", "60 %", "80 % (mål)", "100 %"]
        colorbar["title"] = {"text": "Selvbetjeningsgrad", "side": "top"}
    return {**base, "colorbar": colorbar}


def format_value(spec: MapMeasure, value: float | None) -> str:
    if spec.kind == "share":
        return format_percent(value)
    return format_points(value)


def _hover(row, spec: MapMeasure, pooled: Value, runde_kode: str) -> str:
    head = f"<b>{row.navn}</b> ({row.Index:04d})"
    if not row.deltog:
        return f"{head}<br>Deltog ikke i runden {runde_kode}"
    lines = [head, f"{spec.label}: <b>{format_value(spec, row.value)}</b>"]
    if spec.kind != "share" and row.andel is not None:
        lines.append(f"Andel: {format_percent(row.andel)}")
    if row.lav is not None and pd.notna(row.lav):
        lines.append(
            f"95 %-interval: {format_value(spec, row.lav)} til {format_value(spec, row.hoej)}"
        )
    lines.append(f"n = {format_int(row.n)} registreringer")
    if pd.notna(row.rank):
        lines.append(f"Nr. {int(row.rank)} af {int(row.of)} deltagere")
    elif spec.kind == "change":
        lines.append("Ingen tal fra forrige runde")
    lines.append(f"Hele landet: {format_value(spec, pooled.value)}")
    if row.usikker:
        lines.append(f"<i>Usikkert: under {MIN_N} registreringer</i>")
    return "<br>".join(lines)


def trace_values(frame: pd.DataFrame, spec: MapMeasure, pooled: Value, runde_kode: str) -> list:
    """locations, z and hover text for the four traces, as plain lists."""
    hover = {row.Index: _hover(row, spec, pooled, runde_kode) for row in frame.itertuples()}
    has_value = frame["value"].notna()
    solid = frame[has_value & ~frame["usikker"]]
    uncertain = frame[has_value & frame["usikker"]]
    absent = frame[~has_value]

    def part(sub: pd.DataFrame, z: list) -> dict:
        codes = [int(k) for k in sub.index]
        return {"locations": codes, "z": z, "hovertext": [hover[k] for k in codes]}

    return [
        part(solid, [round(v * 100, 2) for v in solid["value"]]),
        part(uncertain, [round(v * 100, 2) for v in uncertain["value"]]),
        part(absent, [0] * len(absent)),
        {"locations": [], "z": [], "hovertext": []},
    ]


def mark_values(frame: pd.DataFrame, centres: dict[int, tuple[float, float]]) -> dict:
    """A '×' on every kommune that did not take part, a '?' on every uncertain one."""
    marks = [
        (centres[int(k)], ABSENT_MARK if not row.deltog else UNCERTAIN_MARK)
        for k, row in zip(frame.index, frame.itertuples(), strict=True)
        if int(k) in centres and (not row.deltog or row.usikker)
    ]
    return {
        "lon": [c[0] for c, _ in marks],
        "lat": [c[1] for c, _ in marks],
        "text": [m for _, m in marks],
    }


def highlight_values(frame: pd.DataFrame, kommune: int | None) -> dict:
    if kommune is None or kommune not in frame.index:
        return {"locations": [], "z": [], "hovertext": []}
    return {"locations": [kommune], "z": [1], "hovertext": [frame.loc[kommune, "navn"]]}


def _hex_labels() -> go.Scattergeo:
    """A short name under the middle of every hexagon (hidden on a narrow screen, where
    a hexagon is too small to hold it: assets/landkort.css)."""
    positions, names = hex_label_positions(), short_names()
    codes = sorted(positions)
    return go.Scattergeo(
        lon=[positions[k][0] for k in codes],
        lat=[positions[k][1] for k in codes],
        text=[names[k] for k in codes],
        mode="text",
        textposition="bottom center",
        textfont={"size": 9, "color": "#1a1a1a", "shadow": LABEL_SHADOW},
        hoverinfo="skip",
        showlegend=False,
        name="navne",
    )


def map_figure(geojson: str | dict, form: str, spec: MapMeasure, traces: list) -> dict:
    """The whole figure: its shapes are ``geojson``, the address plotly.js fetches them
    from (server/geometry.py; the browser keeps them) or the shapes themselves.

    A plain dict: plotly's Figure deep-copies every trace it is given, and with the
    geometry in four traces that was most of a first load's time on the server. The
    figure is built without it and ``geojson`` is set into the choropleths afterwards.
    """
    common = {
        "featureidkey": "id",
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {"line": {"color": LINE, "width": 0.6}},
    }
    colours = colour_props(spec)
    fig = go.Figure(
        [
            go.Choropleth(**common, **traces[SOLID], **colours, name="solid"),
            go.Choropleth(
                **{
                    **common,
                    "marker": {"line": {"color": "#8a8a8a", "width": 0.6}, "opacity": PALE},
                },
                **traces[UNCERTAIN],
                **{k: v for k, v in colours.items() if k != "colorbar"},
                showscale=False,
                name="usikker",
            ),
            go.Choropleth(
                **common,
                **traces[ABSENT],
                colorscale=[[0, GREY], [1, GREY]],
                showscale=False,
                name="deltog ikke",
            ),
            go.Choropleth(
                featureidkey="id",
                **traces[HIGHLIGHT],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"color": "#111111", "width": 3}},
                hoverinfo="skip",
                name="valgt",
            ),
            go.Scattergeo(
                **traces[MARKS],
                mode="text",
                textfont={"size": 11, "color": MARK_COLOUR},
                hoverinfo="skip",
                showlegend=False,
                name="mærker",
            ),
        ]
    )
    if form == "hex":
        fig.add_trace(_hex_labels())
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection_type="mercator" if form == "geo" else "equirectangular",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 60},
        autosize=True,  # the graph's box (CSS: 620 px, less on a narrow screen) sets it
        separators=",.",
        paper_bgcolor="rgba(0,0,0,0)",
        dragmode=False,
        hoverlabel={"bgcolor": "white", "font": {"size": 13}},
        uirevision=form,
    )
    figure = fig.to_dict()
    for trace in figure["data"]:
        if trace["type"] == "choropleth":
            trace["geojson"] = geojson
    return figure
