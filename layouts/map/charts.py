"""The map page's chart table: the map, the pooled trend and the spread over kommuner.

The map and the spread show the same frame (one row per kommune, from
``landkort.views.map``) with the pooled value for the area in ``frame.attrs``; the
trend shows the pooled value per round. Each downloads with Danish headers and embeds
as ``/embed/kort``, ``/embed/udvikling`` and ``/embed/spredning`` (names kept for the
links already on intranet pages).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy.engine import Connection

from landkort.geography.geometry import centres
from landkort.views.map import Value, kommune_values, pooled_trend, pooled_value
from landkort.views.map_view import MapView
from layouts.map import figure as map_figure
from layouts.map import panel, table
from layouts.registry import Chart

V = MapView


def _measure(view: V) -> str:
    """The section of /om that explains the measure on the map."""
    return f"maal-{view.selection.measure}"


def kommune_frame(conn: Connection, view: V) -> pd.DataFrame:
    """One row per kommune of the area, the pooled value in ``attrs['pooled']``."""
    frame = kommune_values(conn, view.selection)
    frame.attrs["pooled"] = pooled_value(conn, view.selection)
    return frame


def trend_frame(conn: Connection, view: V) -> pd.DataFrame:
    """The pooled value per round with data: runde_id, value, lav, hoej, n, andel."""
    rows = [(r, *vars(v).values()) for r, v in pooled_trend(conn, view.selection)]
    return pd.DataFrame(rows, columns=["runde_id", *Value.__dataclass_fields__])


def traces(frame: pd.DataFrame, view: V, pooled: Value | None = None) -> list:
    """The four traces' values (see layouts/map/figure.py), the search highlight included;
    Hele landet from ``pooled`` or the frame's attrs."""
    sel = view.selection
    pooled = pooled or frame.attrs["pooled"]
    values = map_figure.trace_values(frame, sel.spec, pooled, view.runde_kode)
    values[map_figure.HIGHLIGHT] = map_figure.highlight_values(frame, view.state.kommune)
    values.append(map_figure.mark_values(frame, centres(view.state.form)))
    return values


def _map(frame: pd.DataFrame, view: V):
    figure = map_figure.map_figure(
        view.geometry_url, view.state.form, view.selection.spec, traces(frame, view)
    )
    # what it shows, so the browser's timeline knows not to draw it again
    figure["layout"]["meta"] = {"drawn": f"{view.selection_key()}@{view.selection.runde}"}
    return figure


CHARTS: tuple[Chart, ...] = (
    Chart(
        "kort",
        lambda v: v.describe(),
        kommune_frame,
        _map,
        height=620,
        table=lambda f, v: table.kommune_download(f, v.selection.spec),
        credit=lambda v: v.credit,
    ),
    Chart(
        "udvikling",
        lambda v: v.describe(),
        trend_frame,
        lambda f, v: panel.trend_chart(v.selection, f),
        height=320,
        heading=lambda f, v: f"{v.area} over runderne",
        table=lambda f, v: table.trend_download(f, v.selection.spec, v.area),
    ),
    Chart(
        "spredning",
        lambda v: v.describe(),
        kommune_frame,
        lambda f, v: panel.distribution_chart(v.selection, f, f.attrs["pooled"]),
        height=260,
        heading=lambda f, v: f"Spredning mellem kommunerne ({len(panel.ranked(f))} med tal)",
        table=lambda f, v: table.kommune_download(f, v.selection.spec),
    ),
    Chart(
        "kommuner",
        lambda v: f"{v.describe()}, alle kommuner",
        kommune_frame,
        lambda f, v: table.kommune_table(
            table.kommune_download(f, v.selection.spec),
            f"{v.describe()}, {v.runde_kode}",
            v.query(),
        ),
        embeddable=False,
        kind="table",
        heading=lambda f, v: f"Alle kommuner som tabel ({v.area}, {v.runde_kode})",
        table=lambda f, v: table.kommune_download(f, v.selection.spec),
    ),
)
CHARTS = tuple(replace(c, about=_measure) for c in CHARTS)
PANEL = ("udvikling", "spredning")  # beside the map, under the pooled figure
BELOW = ("kommuner",)  # under the map, the whole width
