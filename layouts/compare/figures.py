"""The compare page's charts, drawn from the frames ``landkort.views.compare`` returns.

Only trace types the trimmed plotly.js holds: scatter (lines, dumbbell), box, heatmap.
Thin data (n < MIN_N) is drawn with open markers and named in the hover text; a round
a kommune did not take part in is a gap in its line, as grey is on the map.

Figures are plain dicts (layouts/components/plainfigure.py): plotly.graph_objects'
validation of every property was two thirds of the page's server time. They keep
plotly's default template, so they look as they did when drawn with go.Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px

from landkort import reference as ref
from landkort.formatting import format_int, format_percent
from landkort.views.compare import NATIONAL_KODE
from landkort.views.map import MIN_N, MapMeasure
from layouts.components import colours
from layouts.components.numbers import percent
from layouts.components.plainfigure import PlainFigure, default_template, trace
from layouts.map.figure import colour_props, format_value

PALETTE = px.colors.qualitative.D3 + px.colors.qualitative.Dark2
NATIONAL = "#222222"
GREY = "#d9d9d9"
UNCERTAIN_NOTE = f"<i>Usikkert: under {MIN_N} registreringer</i>"
MANY_LINES = 13  # above this many lines (Hele landet included) the legend goes


def _axis_title(spec: MapMeasure) -> str:
    return {"share": "Andel", "goal": "Pct.-point fra 80 %", "change": "Pct.-point"}[spec.kind]


def _figure(traces: list[dict] | None = None) -> PlainFigure:
    """A figure of one plot, without the subplot axes PlainFigure sets up for grids."""
    fig = PlainFigure()
    fig.data = list(traces or [])
    fig.layout = {"annotations": [], "shapes": [], "xaxis": {}, "yaxis": {}}
    return fig


def _plain(fig: PlainFigure) -> dict:
    """The figure's JSON: empty lists and axes left out, plotly's template put in."""
    layout = {k: v for k, v in fig.layout.items() if v != [] and v != {}}
    return {"data": fig.data, "layout": {**layout, "template": default_template()}}


def _layout(fig: PlainFigure, spec: MapMeasure, height: int, **extra) -> PlainFigure:
    settings = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "separators": ",.",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "white",
        "hoverlabel": {"bgcolor": "white", "font": {"size": 13}},
        # above the plot: below it the legend ran into slanted round labels on a phone
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "font": {"size": 12},
        },
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', sans-serif", "size": 12},
    }
    fig.update_layout(**{**settings, **extra})
    fig.update_yaxes(
        ticksuffix=" %" if spec.kind == "share" else "",
        gridcolor="#eeeeee",
        zerolinecolor="#999999",
        title={"text": _axis_title(spec)},
    )
    return fig


def empty_figure(message: str, height: int = 260) -> dict:
    fig = _figure()
    fig.update_layout(
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        annotations=[{"text": message, "showarrow": False, "font": {"size": 14, "color": "#666"}}],
    )
    return _plain(fig)


def _hover(row, spec: MapMeasure) -> str:
    head = f"<b>{row.navn}</b>, {row.runde}"
    if not row.deltog:
        return f"{head}<br>Deltog ikke i runden"
    if pd.isna(row.value):
        return f"{head}<br>Ingen tal"
    lines = [head, f"{spec.label}: <b>{format_value(spec, row.value)}</b>"]
    if pd.notna(row.v_lav):
        lines.append(
            f"95 %-interval: {format_value(spec, row.v_lav)} til {format_value(spec, row.v_hoej)}"
        )
    lines.append(f"n = {format_int(row.n)} registreringer")
    if row.usikker and row.kommune_kode != NATIONAL_KODE:
        lines.append(UNCERTAIN_NOTE)
    return "<br>".join(lines)


def _goal_line(fig: PlainFigure, spec: MapMeasure) -> None:
    if spec.metric != "selvbetjeningsgrad" or spec.kind == "change":
        return
    y = 80 if spec.kind == "share" else 0
    fig.add_hline(y, line={"color": colours.GOAL, "dash": "dot", "width": 1.5})
    fig.add_annotation(
        x=0,
        xref="paper",
        y=y,
        text="80 %-målet",
        showarrow=False,
        yshift=9,
        xanchor="left",
        font={"color": colours.GOAL, "size": 11},
    )


def _line_trace(own: pd.DataFrame, hover: list[str], colour: str, national: bool) -> dict:
    """One scatter trace as a plain dict (many lines: plotly's validation is the cost)."""
    thin = [bool(t) and not national for t in own["usikker"]]
    return {
        "type": "scatter",
        "x": list(own["runde"]),
        "y": [percent(v) for v in own["value"]],
        "name": own["navn"].iloc[0],
        "mode": "lines+markers",
        "connectgaps": False,
        "line": {
            "color": colour,
            "width": 3.5 if national else 2,
            "dash": "dash" if national else "solid",
        },
        "marker": {
            "size": [9 if t else 7 for t in thin],
            "symbol": ["circle-open" if t else "circle" for t in thin],
            "color": colour,
            "line": {"width": 2, "color": colour},
        },
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def lines_figure(frame: pd.DataFrame, spec: MapMeasure, koder: list[int]) -> dict:
    """One line per chosen kommune over the rounds, Hele landet in black."""
    hover = pd.Series([_hover(r, spec) for r in frame.itertuples()], index=frame.index)
    groups = dict(tuple(frame.groupby("kommune_kode", sort=False)))
    traces = []
    for i, kode in enumerate([*koder, NATIONAL_KODE]):
        own = groups.get(kode)
        if own is None or own.empty:
            continue
        national = kode == NATIONAL_KODE
        colour = NATIONAL if national else PALETTE[i % len(PALETTE)]
        traces.append(_line_trace(own, list(hover[own.index]), colour, national))
    many = len(traces) > MANY_LINES
    if many:  # a thin, faded line per kommune; hover names them, Hele landet stands out
        for trace in traces[:-1]:
            trace.update(opacity=0.55, showlegend=False)
            trace["line"]["width"] = 1.2
            trace["marker"]["size"] = [5 for _ in trace["marker"]["size"]]
    fig = _figure(traces)
    _goal_line(fig, spec)
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=[r.kode for r in ref.RUNDER]
    )
    return _plain(_layout(fig, spec, 420, hovermode="closest"))


def dumbbell_figure(frame: pd.DataFrame, spec: MapMeasure, fra: str, til: str) -> dict:
    """Each kommune's value in two rounds joined by a line, largest rise on top."""
    if frame.empty:
        return empty_figure(f"Ingen af de valgte kommuner har tal i både {fra} og {til}.")
    frame = frame.iloc[::-1]
    label = [
        f"{n}{' *' if u else ''}" for n, u in zip(frame["navn"], frame["usikker"], strict=True)
    ]
    xs, ys = [], []
    for a, b, y in zip(frame["value_fra"], frame["value_til"], label, strict=True):
        xs += [percent(a), percent(b), None]
        ys += [y, y, None]
    hover = [
        f"<b>{r.navn}</b><br>{fra}: {format_value(spec, r.value_fra)} (n = {format_int(r.n_fra)})"
        f"<br>{til}: {format_value(spec, r.value_til)} (n = {format_int(r.n_til)})"
        f"<br>Ændring: {format_value(_points(spec), r.aendring)}"
        + (f"<br>{UNCERTAIN_NOTE}" if r.usikker else "")
        for r in frame.itertuples()
    ]
    fig = _figure(
        [
            trace(
                "scatter",
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#9e9e9e", "width": 3},
                hoverinfo="skip",
                showlegend=False,
            ),
            trace(
                "scatter",
                x=[percent(v) for v in frame["value_fra"]],
                y=label,
                mode="markers",
                name=fra,
                marker={"size": 10, "color": "#9ecae1", "line": {"color": "#4a7fa5", "width": 1}},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            trace(
                "scatter",
                x=[percent(v) for v in frame["value_til"]],
                y=label,
                mode="markers",
                name=til,
                marker={"size": 11, "color": "#08519c"},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ),
        ]
    )
    fig = _layout(fig, spec, max(260, 26 * len(frame) + 90))
    fig.layout["yaxis"].pop("title")
    fig.update_yaxes(ticksuffix="", type="category", automargin=True)
    fig.update_xaxes(
        ticksuffix=" %" if spec.kind == "share" else "",
        gridcolor="#eeeeee",
        title={"text": _axis_title(spec)},
        side="top",
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.04 if len(frame) > 12 else -0.15})
    return _plain(fig)


def _points(spec: MapMeasure) -> MapMeasure:
    """A measure spec that formats a difference as procentpoint."""
    return MapMeasure(spec.key, spec.label, spec.metric, "change")


def box_figure(frame: pd.DataFrame, national: pd.DataFrame, spec: MapMeasure) -> dict:
    """The spread over kommuner per round (one box each, every kommune a dot)."""
    if frame.empty:
        return empty_figure("Ingen tal for valget.")
    runder = frame["runde"].tolist()
    shown = set(runder)  # once, not per round: the frame has a row per kommune and round
    order = [r.kode for r in ref.RUNDER if r.kode in shown]
    hover = [
        f"<b>{navn}</b>, {runde}<br>{format_value(spec, value)}, n = {format_int(n)}"
        + (f"<br>{UNCERTAIN_NOTE}" if usikker else "")
        for navn, runde, value, n, usikker in zip(
            frame["navn"].tolist(), runder, frame["value"].tolist(), frame["n"].tolist(),
            frame["usikker"].tolist(), strict=True,
        )
    ]  # fmt: skip
    fig = _figure(
        [
            trace(
                "box",
                x=runder,
                y=[percent(v) for v in frame["value"].tolist()],
                name="Kommuner",
                boxpoints="all",
                jitter=0.45,
                pointpos=0,
                marker={"size": 4, "color": "#6a51a3", "opacity": 0.55},
                line={"color": "#54278f"},
                fillcolor="rgba(158,154,200,0.25)",
                hovertext=hover,
                hoverinfo="text",
                hoveron="points",
            ),
            trace(
                "scatter",
                x=national["runde"].tolist(),
                y=[percent(v) for v in national["value"]],
                name="Hele landet",
                mode="lines+markers",
                line={"color": NATIONAL, "dash": "dash", "width": 2},
                hovertext=[
                    f"<b>Hele landet</b>, {r.runde}<br>{format_value(spec, r.value)}"
                    for r in national.itertuples()
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
        ]
    )
    _goal_line(fig, spec)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    return _plain(_layout(fig, spec, 380))


def _matrix_hover(spec: MapMeasure, kommune: str, opgave: str, value, n) -> str:
    head = f"<b>{kommune}</b><br>{opgave}"
    if pd.isna(value):
        return f"{head}<br>Ingen tal (deltog ikke eller ingen registreringer)"
    thin = f"<br>{UNCERTAIN_NOTE}" if n < MIN_N else ""
    return f"{head}<br>{format_value(spec, value)}, n = {format_int(n)}{thin}"


def heatmap_figure(frame: pd.DataFrame, spec: MapMeasure, koder: list[int], runde: str) -> dict:
    """Opgaver (rows) × chosen kommuner (columns); thin cells pale, absent cells grey."""
    if frame.empty or not koder:
        return empty_figure(f"Ingen opgavetal for de valgte kommuner i {runde}.")
    kommuner = ref.kommune_by_kode()
    present = set(int(k) for k in frame["kode"])
    columns = [kommuner[k].navn for k in koder]
    labels = [
        c if k in present else f"{c} (deltog ikke)" for c, k in zip(columns, koder, strict=True)
    ]
    rows = [o.navn for o in ref.OPGAVER]

    def wide(column: str) -> pd.DataFrame:
        table = frame.pivot_table(index="opgave", columns="navn", values=column, aggfunc="first")
        return table.reindex(index=rows, columns=columns)

    value, n = wide("value").to_numpy(dtype=float), wide("n").to_numpy(dtype=float)
    thin = n < MIN_N
    text = [
        [
            _matrix_hover(spec, k, o, v, c)
            for k, v, c in zip(columns, value[i], n[i], strict=True)
        ]
        for i, o in enumerate(rows)
    ]  # fmt: skip
    solid = [[percent(v) for v in row] for row in np.where(thin, np.nan, value)]
    pale = [[percent(v) for v in row] for row in np.where(thin, value, np.nan)]
    colours = {k: v for k, v in colour_props(spec).items() if k != "colorbar"}
    bar = {**colour_props(spec)["colorbar"], "x": 1.01, "len": 0.5}
    common = {"x": labels, "y": rows, "xgap": 1, "ygap": 1, **colours}
    fig = _figure(
        [
            trace(
                "heatmap",
                z=solid,
                hovertext=text,
                hovertemplate="%{hovertext}<extra></extra>",
                colorbar=bar,
                name="sikre tal",
                **common,
            ),
            trace(
                "heatmap",
                z=pale,
                opacity=0.45,
                showscale=False,
                hoverinfo="skip",
                hoverongaps=False,
                name="usikre tal",
                **common,
            ),
        ]
    )
    fig = _layout(fig, spec, 24 * len(rows) + 170, plot_bgcolor=GREY)
    fig.layout["yaxis"].pop("title")
    fig.update_yaxes(
        autorange="reversed",
        ticksuffix="",
        automargin=True,
        tickfont={"size": 11},
        showgrid=False,
    )
    fig.update_xaxes(
        side="top",
        automargin=True,
        tickangle=-40 if len(columns) > 6 else 0,
        type="category",
        showgrid=False,
    )
    return _plain(fig)


def share_label(spec: MapMeasure, value) -> str:
    return format_percent(value) if spec.kind == "share" else format_value(spec, value)
