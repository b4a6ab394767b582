"""Plotly figures for the kommune page, drawn from the frames in ``landkort.views.kommune``.

Only bar, scatter and heatmap traces (the trimmed plotly.js bundle). Percentages are
plotted as 0–100 with a ' %' suffix and Danish separators; hover texts are formatted
in Python with ``landkort.formatting``. Thin data (n < 30) is drawn with open markers
or a '*' and said in the hover text.
"""

from __future__ import annotations

from datetime import date
from html import escape

import pandas as pd

from landkort import reference as ref
from landkort.formatting import format_int, format_percent
from landkort.views.kommune import HELE_LANDET, THIN
from landkort.views.map import MIN_N
from layouts.components.colours import readable_on
from layouts.components.numbers import percents
from layouts.components.plainfigure import PlainFigure, column_lists, trace

KOMMUNE_COLOUR = "#1f4e79"
NATIONAL_COLOUR = "#8c8c8c"
GOAL_COLOUR = "#c0392b"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
KANAL_COLOURS = {
    "Selvbetjening": "#1b7837",
    "Hjemmeside": "#7fbc41",
    "Digital post": "#2166ac",
    "E-mail": "#67a9cf",
    "Chat": "#9ecae1",
    "SMS": "#c6dbef",
    "Fjernprint": "#4393c3",
    "Output manager": "#92c5de",
    "Telefon": "#f4a582",
    "Personlig henvendelse": "#d6604d",
    "Papirpost": "#b2182b",
}
THIN_NOTE = f"* færre end {MIN_N} registreringer: usikkert"
GRAPH_CONFIG = {"displayModeBar": False, "locale": "da"}


def base_layout(fig: PlainFigure, height: int, **kwargs) -> PlainFigure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        separators=",.",
        font={"family": FONT, "size": 12, "color": "#222"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.12, "x": 0, "font": {"size": 11}},
        hoverlabel={"font": {"family": FONT}},
        **kwargs,
    )
    fig.update_xaxes(gridcolor="#eee", zeroline=False, automargin=True)
    fig.update_yaxes(gridcolor="#eee", zeroline=False, automargin=True)
    return fig


def _round_start(runde: ref.Runde) -> date:
    return date.fromisocalendar(runde.aar, runde.uge_fra, 1)


def mandatory_position(codes: list[str], when: date) -> float | None:
    """Where on a category axis of round codes a date falls (between two rounds)."""
    by_kode = ref.runde_by_kode()
    before = [i for i, c in enumerate(codes) if _round_start(by_kode[c]) < when]
    if not before or before[-1] == len(codes) - 1:
        return None
    return before[-1] + 0.5


def _goal_line(fig: PlainFigure, width: float = 2, **where) -> None:
    fig.add_hline(
        y=ref.MAAL_SELVBETJENING * 100,
        line={"color": GOAL_COLOUR, "dash": "dash", "width": width},
        **where,
    )


def progress_figure(
    series: pd.DataFrame, navn: str, markers: list[tuple[date, str]]
) -> PlainFigure:
    """Selvbetjeningsgrad per round with its 95 % band, Hele landet and the 80 % goal."""
    fig = PlainFigure()
    codes = series["Runde"].tolist()
    own = series[series["Deltog"] & (series["Transaktioner (n)"] > 0)]
    x = own["Runde"].tolist()
    fig.add_trace(_band(x, own["95 %-interval, øvre"], None))
    fig.add_trace(_band(x, own["95 %-interval, nedre"], "tonexty"))
    fig.add_trace(
        trace(
            "scatter",
            x=series["Runde"],
            y=percents(series["Hele landet"]),
            name=HELE_LANDET,
            mode="lines+markers",
            line={"color": NATIONAL_COLOUR, "dash": "dot", "width": 2},
            marker={"size": 5},
            customdata=[
                f"Hele landet, {r}: {format_percent(v)} (n = {format_int(n)})"
                for r, v, n in zip(
                    series["Runde"], series["Hele landet"], series["Hele landet (n)"], strict=True
                )
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        trace(
            "scatter",
            x=x,
            y=percents(own["Selvbetjeningsgrad"]),
            name=navn,
            mode="lines+markers",
            line={"color": KOMMUNE_COLOUR, "width": 3},
            marker={
                "size": 9,
                "color": ["white" if t else KOMMUNE_COLOUR for t in own[THIN]],
                "line": {"color": KOMMUNE_COLOUR, "width": 2},
            },
            customdata=[_own_hover(row) for _, row in own.iterrows()],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    _goal_line(fig)
    fig.add_annotation(
        x=0, xref="paper", y=80, text="Mål 80 %", showarrow=False, xanchor="left",
        yanchor="bottom", font={"color": GOAL_COLOUR, "size": 11},
    )  # fmt: skip
    for when, text in markers:
        _mandatory_marker(fig, codes, when, text)
    if own.empty:
        fig.add_annotation(
            text=f"Ingen registreringer fra {navn}", showarrow=False, x=0.5, y=0.5,
            xref="paper", yref="paper", font={"color": "#555"}, bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    base_layout(fig, 340, showlegend=True)
    fig.update_yaxes(range=[0, 100], ticksuffix=" %", dtick=20)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=codes)
    return fig


def _band(x: list, values: pd.Series, fill: str | None) -> dict:
    return trace(
        "scatter",
        x=x,
        y=percents(values),
        mode="lines",
        line={"width": 0, "color": KOMMUNE_COLOUR},
        fill=fill,
        fillcolor="rgba(31, 78, 121, 0.18)",
        hoverinfo="skip",
        showlegend=fill is not None,
        name="95 %-interval",
    )


def _own_hover(row: pd.Series) -> str:
    text = (
        f"{row['Runde']}: {format_percent(row['Selvbetjeningsgrad'])}"
        f"<br>95 %-interval {format_percent(row['95 %-interval, nedre'])}"
        f"–{format_percent(row['95 %-interval, øvre'])}"
        f"<br>n = {format_int(row['Transaktioner (n)'])} transaktioner"
    )
    return text + ("<br><b>Få registreringer: usikkert</b>" if row[THIN] else "")


def _mandatory_marker(fig: PlainFigure, codes: list[str], when: date, text: str) -> None:
    x = mandatory_position(codes, when)
    if x is None:
        return
    fig.add_vline(x=x, line={"color": "#555", "dash": "dot", "width": 1})
    fig.add_annotation(
        x=x, y=4, text=text, showarrow=False, xanchor="left", yanchor="bottom",
        font={"size": 10, "color": "#555"}, xshift=3, align="left",
    )  # fmt: skip


def mix_figure(
    mix: pd.DataFrame, navn: str, codes: list[str], taken: list[str], counts: bool = False
) -> PlainFigure:
    """100 % stacked bars of each channel's share per round (or, with ``counts``, stacked
    counts on each area's own scale): the kommune beside Hele landet."""
    fig = PlainFigure(1, 2, titles=[navn, HELE_LANDET], hspace=0.08 if counts else 0.04)
    columns = column_lists(mix)
    kanaler = list(dict.fromkeys(columns["Kanal"]))
    rows: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(columns["Område"], columns["Kanal"], strict=True)):
        rows.setdefault(key, []).append(i)
    for col, area in ((1, navn), (2, HELE_LANDET)):
        for kanal in kanaler:
            part = {c: [v[i] for i in rows.get((area, kanal), [])] for c, v in columns.items()}
            fig.add_trace(_mix_bar(part, kanal, show=col == 1, counts=counts), row=1, col=col)
    for code in codes:
        if code not in taken:
            fig.add_annotation(
                x=code, y=0 if counts else 50, yanchor="bottom" if counts else "middle",
                text="deltog ikke", textangle=-90, showarrow=False,
                font={"size": 10, "color": "#595959"}, row=1, col=1,
            )  # fmt: skip
    base_layout(fig, 380, barmode="stack", bargap=0.25)
    if counts:
        _own_scales(fig, "yaxis2")
        fig.update_yaxes(rangemode="tozero", tickformat=",d")
    else:
        fig.update_yaxes(range=[0, 100], ticksuffix=" %", dtick=25)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=codes)
    fig.update_annotations(font_size=12)
    return fig


def _own_scales(fig: PlainFigure, axis: str) -> None:
    """A subplot on its own scale: Hele landet's counts dwarf a kommune's."""
    fig.layout[axis].pop("matches", None)
    fig.layout[axis]["showticklabels"] = True


def _mix_bar(rows: dict[str, list], kanal: str, *, show: bool, counts: bool = False) -> dict:
    """One channel's bars for one area, from the mix frame's columns as lists."""
    hover = [
        f"{a}, {r}<br>{kanal}: {format_percent(s)} ({format_int(n)} af {format_int(t)})"
        + ("<br><b>Få registreringer: usikkert</b>" if thin else "")
        for a, r, s, n, t, thin in zip(
            rows["Område"], rows["Runde"], rows["Andel"], rows["Antal"],
            rows["Henvendelser i runden (n)"], rows[THIN], strict=True,
        )
    ]  # fmt: skip
    return trace(
        "bar",
        x=rows["Runde"],
        y=[int(n) for n in rows["Antal"]] if counts else percents(rows["Andel"]),
        name=kanal,
        legendgroup=kanal,
        showlegend=show,
        marker={"color": KANAL_COLOURS.get(kanal, "#999"), "line": {"width": 0}},
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
    )


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


PANEL_H = 100  # y units per panel (0–100 %)
PANEL_GAP_Y = 38
COLS = 5
ROW_PX, EXTRA_PX = 118, 70  # pixels per row of panels, and for the legend and margins


def multiples_figure(progress: pd.DataFrame, runde: str, navn: str) -> PlainFigure:
    """35 small line charts of selvbetjeningsgrad, ordered by distance to 80 % in ``runde``.

    Drawn on one pair of hidden axes (each panel offset in x and y) with a handful of
    traces: 35 real subplots took plotly.js over half a second to draw. The grid is in
    ``layout.meta.panels`` so that a narrow screen can lay the same panels out in two
    columns in the browser (``landkort.reflowPanels`` in assets/landkort.js).
    """
    distance_col = [c for c in progress.columns if c.startswith("Afstand")][0]
    order = progress.drop_duplicates("Opgave").sort_values("Rækkefølge")
    codes = list(dict.fromkeys(progress["Runde"]))
    width = len(codes) + 1.5
    rows = -(-len(order) // COLS)
    place = {o: (i // COLS, i % COLS) for i, o in enumerate(order["Opgave"])}

    def xy(opgave: str, runde_kode: str, value) -> tuple[float, float | None]:
        r, c = place[opgave]
        y0 = (rows - 1 - r) * (PANEL_H + PANEL_GAP_Y)
        return c * width + codes.index(runde_kode), None if pd.isna(value) else y0 + value * 100

    fig = PlainFigure()
    fig.add_trace(_frames(place, rows, width, len(codes), 0))
    fig.add_trace(_frames(place, rows, width, len(codes), 80))
    for name, column, colour, line_width in (
        (HELE_LANDET, "Hele landet", NATIONAL_COLOUR, 1.2),
        (navn, "Selvbetjeningsgrad", KOMMUNE_COLOUR, 2),
    ):
        fig.add_trace(_panel_lines(progress, order, xy, name, column, colour, line_width))
    fig.add_trace(_panel_titles(order, place, rows, width, distance_col))
    base_layout(fig, rows * ROW_PX + EXTRA_PX, showlegend=True)
    step = PANEL_H + PANEL_GAP_Y
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        hovermode="closest",
        meta={"panels": {"cols": COLS, "rows": rows, "count": len(order), "width": width,
                         "step": step, "rowPx": ROW_PX, "extraPx": EXTRA_PX}},
    )  # fmt: skip
    fig.update_xaxes(visible=False, range=[-0.8, COLS * width - 1.2])
    fig.update_yaxes(visible=False, range=[-6, rows * (PANEL_H + PANEL_GAP_Y) - 8])
    return fig


def _frames(place: dict, rows: int, width: float, n: int, level: int) -> dict:
    """Each panel's 0 % baseline (level 0) or 80 % goal line, as one trace broken by gaps."""
    xs, ys = [], []
    for r, c in place.values():
        y = (rows - 1 - r) * (PANEL_H + PANEL_GAP_Y) + level
        xs += [c * width - 0.4, c * width + n - 0.6, None]
        ys += [y, y, None]
    if level == 0:
        return trace("scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                     line={"color": "#bbb", "width": 1})  # fmt: skip
    return trace(
        "scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", name="Mål 80 %",
        line={"color": GOAL_COLOUR, "width": 1, "dash": "dot"}, showlegend=True,
    )  # fmt: skip


def _panel_lines(progress, order, xy, name, column, colour, width) -> dict:
    national = column == "Hele landet"
    xs, ys, hover, fills = [], [], [], []
    previous = None
    for opgave, runde, value, n, thin in zip(
        progress["Opgave"], progress["Runde"], progress[column],
        progress["Transaktioner (n)"], progress[THIN], strict=True,
    ):  # fmt: skip
        if previous is not None and opgave != previous:
            xs.append(None)
            ys.append(None)
            hover.append("")
            fills.append(colour)
        previous = opgave
        x, y = xy(opgave, runde, value)
        if y is None:
            continue
        thin = bool(thin) and not national
        xs.append(x)
        ys.append(y)
        fills.append("white" if thin else colour)
        extra = "" if national else f" (n = {format_int(n)})"
        note = "<br><b>Få registreringer</b>" if thin else ""
        hover.append(f"{opgave}, {runde}<br>{name}: {format_percent(value)}{extra}{note}")
    return trace(
        "scatter", x=xs, y=ys, name=name, mode="lines" if national else "lines+markers",
        line={"color": colour, "width": width},
        marker={"size": 4, "color": fills, "line": {"color": colour, "width": 1}},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>",
    )  # fmt: skip


def _panel_titles(order, place, rows, width, distance_col) -> dict:
    xs, ys, texts = [], [], []
    for _, row in order.iterrows():
        r, c = place[row["Opgave"]]
        xs.append(c * width - 0.4)
        ys.append((rows - 1 - r) * (PANEL_H + PANEL_GAP_Y) + PANEL_H + 4)
        texts.append(_panel_title(row, distance_col))
    return trace(
        "scatter", x=xs, y=ys, text=texts, mode="text", textposition="top right",
        textfont={"size": 10.5}, hoverinfo="skip", showlegend=False,
    )  # fmt: skip


def _panel_title(row: pd.Series, distance_col: str) -> str:
    d = row[distance_col]
    if pd.isna(d):
        return _short(row["Opgave"], 24)
    colour = GOAL_COLOUR if d < -0.2 else ("#b35806" if d < 0 else "#1b7837")
    now = format_percent(d + ref.MAAL_SELVBETJENING, 0)
    return f"{_short(row['Opgave'], 19)} <span style='color:{colour}'><b>{now}</b></span>"


def beside_bars(
    frame: pd.DataFrame,
    label: str,
    navn: str,
    height: int | None = None,
    with_counts: bool = False,
    counts: bool = False,
):
    """Horizontal bars: the kommune's share beside Hele landet's for each row of ``label``;
    ``with_counts`` writes each bar's count beside its share ('28 % (1.234)'). With
    ``counts`` the bars are the counts, the kommune and Hele landet each on its own scale."""
    if counts:
        return _count_bars(frame, label, navn, height)
    fig = PlainFigure()
    labels = frame[label].tolist()
    for area, colour, share, count in (
        (navn, KOMMUNE_COLOUR, "Andel, kommunen", "Antal, kommunen"),
        (HELE_LANDET, NATIONAL_COLOUR, "Andel, Hele landet", "Antal, Hele landet"),
    ):
        fig.add_trace(
            trace(
                "bar",
                y=labels,
                x=percents(frame[share]),
                name=area,
                orientation="h",
                marker={"color": colour},
                text=[
                    format_percent(v, 0) + (f" ({format_int(n)})" if with_counts else "")
                    for v, n in zip(frame[share], frame[count], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                customdata=[
                    f"{area}: {lbl}<br>{format_percent(v)} ({format_int(n)} henvendelser)"
                    for lbl, v, n in zip(labels, frame[share], frame[count], strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    base_layout(fig, height or 60 + 42 * len(labels), barmode="group", bargap=0.25)
    fig.update_layout(
        legend={"y": 1.0, "yanchor": "bottom"},
        margin={"l": 10, "r": 90 if with_counts else 40, "t": 30, "b": 10},
    )
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(ticksuffix=" %", rangemode="tozero")
    return fig


def _count_bars(frame: pd.DataFrame, label: str, navn: str, height: int | None):
    labels = frame[label].tolist()
    fig = PlainFigure(1, 2, titles=[navn, HELE_LANDET], hspace=0.12)
    for col, area, colour, count in (
        (1, navn, KOMMUNE_COLOUR, "Antal, kommunen"),
        (2, HELE_LANDET, NATIONAL_COLOUR, "Antal, Hele landet"),
    ):
        values = frame[count].astype(int).tolist()
        fig.add_trace(
            trace(
                "bar", y=labels, x=values, name=area, orientation="h",
                marker={"color": colour}, text=[format_int(v) for v in values],
                textposition="outside", cliponaxis=False, showlegend=False,
                customdata=[f"{area}: {lbl}<br>{format_int(v)} henvendelser"
                            for lbl, v in zip(labels, values, strict=True)],
                hovertemplate="%{customdata}<extra></extra>",
            ),
            row=1, col=col,
        )  # fmt: skip
    base_layout(fig, height or 60 + 34 * len(labels), bargap=0.3)
    _own_scales(fig, "xaxis2")
    fig.layout["yaxis2"]["showticklabels"] = False
    fig.update_layout(margin={"l": 10, "r": 50, "t": 40, "b": 10})
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(rangemode="tozero", tickformat=",d")
    return fig


def stacked_rows(
    frame: pd.DataFrame,
    row_col: str,
    navn: str,
    share: str = "Andel",
    title_n: str | None = None,
    counts: bool = False,
) -> PlainFigure:
    """100 % stacked horizontal bars: one bar per row (group or enhed), segments per kanal.
    With ``counts``, the segments are counts and Hele landet's rows are left out (its
    volume would flatten every kommune row); its shares stay a switch away."""
    if counts:
        frame = frame[~frame[row_col].astype(str).str.endswith(HELE_LANDET)]
        share = "Antal"
    fig = PlainFigure()
    columns = {c: frame[c].tolist() for c in {row_col, "Kanal", share, "Andel", "Antal"}}
    rows = list(dict.fromkeys(columns[row_col]))
    labels = {r: escape(str(r)) for r in rows}  # names from files: plotly reads HTML
    if title_n:
        totals = dict(zip(columns[row_col][::-1], frame[title_n].tolist()[::-1], strict=True))
        labels = {r: f"{escape(str(r))} (n = {format_int(totals[r])})" for r in rows}
    by_kanal: dict[str, list[int]] = {}
    for i, kanal in enumerate(columns["Kanal"]):
        by_kanal.setdefault(kanal, []).append(i)
    for kanal, at in by_kanal.items():
        row, value, andel, antal = (
            [columns[c][i] for i in at] for c in (row_col, share, "Andel", "Antal")
        )
        fig.add_trace(
            trace(
                "bar",
                y=[labels[r] for r in row],
                x=[int(v) for v in value] if counts else percents(value),
                name=kanal,
                orientation="h",
                marker={"color": KANAL_COLOURS.get(kanal, "#999"), "line": {"width": 0}},
                text=_segment_texts(andel, antal, counts),
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 10, "color": readable_on(KANAL_COLOURS.get(kanal, "#999999"))},
                customdata=[
                    f"{escape(str(r))}<br>{kanal}: {format_percent(v)} ({format_int(n)})"
                    for r, v, n in zip(row, andel, antal, strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    base_layout(fig, 110 + 34 * len(rows), barmode="stack", bargap=0.3)
    fig.update_layout(
        legend={"y": -0.1, "yanchor": "top", "traceorder": "normal"},
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    order = [labels[r] for r in rows]
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=order)
    if counts:
        fig.update_xaxes(rangemode="tozero", tickformat=",d")
    else:
        fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    return fig


def _segment_texts(andel: list[float], antal: list[int], counts: bool) -> list[str]:
    """A segment's share (or count) written in it when it is wide enough to hold it."""
    wide = [a >= 0.06 for a in andel]
    if counts:
        return [format_int(n) if w else "" for n, w in zip(antal, wide, strict=True)]
    return [format_percent(v, 0) if w else "" for v, w in zip(andel, wide, strict=True)]


def straks_figure(frame: pd.DataFrame, navn: str) -> PlainFigure:
    """Straksafslutningsgrad per group with the kommune's 95 % interval, beside Hele landet."""
    fig = PlainFigure()
    groups = frame["Gruppe"].tolist()
    err_plus = (frame["95 %-interval, øvre"] - frame["Straksafslutningsgrad"]) * 100
    err_minus = (frame["Straksafslutningsgrad"] - frame["95 %-interval, nedre"]) * 100
    fig.add_trace(
        trace(
"bar",
            x=groups, y=percents(frame["Straksafslutningsgrad"]), name=navn,
            marker={"color": KOMMUNE_COLOUR},
            error_y={"type": "data", "array": err_plus.tolist(),
                     "arrayminus": err_minus.tolist(), "color": "#333", "thickness": 1},
            text=[format_percent(v, 0) + ("*" if t else "")
                  for v, t in zip(frame["Straksafslutningsgrad"], frame[THIN], strict=True)],
            textposition="inside", textfont={"color": readable_on(KOMMUNE_COLOUR)},
            customdata=[
                f"{navn}, {g}: {format_percent(v)} af {format_int(n)}"
                for g, v, n in zip(groups, frame["Straksafslutningsgrad"],
                                   frame["Registreret (n)"], strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        trace(
"bar",
            x=groups, y=percents(frame["Hele landet"]), name=HELE_LANDET,
            marker={"color": NATIONAL_COLOUR},
            text=[format_percent(v, 0) for v in frame["Hele landet"]], textposition="inside",
            textfont={"color": readable_on(NATIONAL_COLOUR)},
            customdata=[f"Hele landet, {g}: {format_percent(v)}"
                        for g, v in zip(groups, frame["Hele landet"], strict=True)],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )  # fmt: skip
    base_layout(fig, 300, barmode="group", bargap=0.35)
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    return fig


HEAT_SCALES = {
    "green": [[0, "#f7fcf5"], [0.5, "#74c476"], [1, "#00441b"]],
    "orange": [[0, "#fff5eb"], [0.5, "#fd8d3c"], [1, "#7f2704"]],
}


def _heat_grid(frame: pd.DataFrame, value: str, count: str, opgaver: list, kanaler: list):
    """z, cell texts and hovers on an opgave × kanal grid (dict lookups: pivots were slow)."""
    cells = {
        (o, k): (v, m)
        for o, k, v, m in zip(
            frame["Opgave"].tolist(),
            frame["Kanal"].tolist(),
            frame[value].tolist(),
            frame[count].tolist(),
            strict=True,
        )
        if not pd.isna(v)
    }
    z, text, hover = [], [], []
    for o in opgaver:
        row = [cells.get((o, k)) for k in kanaler]
        z.append([None if c is None else c[0] * 100 for c in row])
        text.append(
            ["" if c is None else format_percent(c[0], 0) + ("*" if c[1] < MIN_N else "")
             for c in row]
        )  # fmt: skip
        hover.append(
            [
                f"{o} · {k}<br>{value}: {format_percent(c[0])}<br>n = {format_int(c[1])}"
                if c is not None
                else f"{o} · {k}<br>ingen registreringer"
                for k, c in zip(kanaler, row, strict=True)
            ]
        )
    return z, text, hover


def heatmap_figure(frame: pd.DataFrame, value: str, count: str, colours: str) -> PlainFigure:
    """Opgave × kanal heat map of a share; empty where nothing was registered.

    With a column "Område" (see ``kommunereport.opgave_kanal_beside``) the kommune and
    Hele landet are drawn side by side on the same rows and columns.
    """
    areas = (list(dict.fromkeys(frame["Område"])) if "Område" in frame else []) or [None]
    own = frame[frame["Område"] == areas[0]] if areas[0] is not None else frame
    own_opgaver = set(own["Opgave"].tolist())  # once: a set per element was 20 ms
    opgaver = [o.navn for o in ref.OPGAVER if o.navn in own_opgaver]
    present = set(frame["Kanal"].tolist())
    kanaler = list(dict.fromkeys(k.navn for k in ref.KANALER if k.navn in present))
    fig = PlainFigure(1, len(areas), titles=areas if areas[0] else None, hspace=0.02)
    for i, area in enumerate(areas, start=1):
        part = frame[frame["Område"] == area] if area is not None else frame
        z, text, hover = _heat_grid(part, value, count, opgaver, kanaler)
        fig.add_trace(
            trace(
                "heatmap", z=z, x=kanaler, y=opgaver,
                **({"text": text, "texttemplate": "%{text}"} if i == 1 else {}),
                textfont={"size": 10}, customdata=hover,
                hovertemplate=f"{area or ''}<br>%{{customdata}}<extra></extra>",
                colorscale=HEAT_SCALES[colours], zmin=0, zmax=100, xgap=1, ygap=1,
                showscale=i == len(areas),
                colorbar={"ticksuffix": " %", "thickness": 10, "len": 0.5},
            ),
            col=i,
        )  # fmt: skip
    base_layout(fig, 110 + 21 * len(opgaver))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30 if areas[0] else 10, "b": 10})
    fig.update_yaxes(autorange="reversed", tickfont={"size": 11})
    fig.update_xaxes(side="bottom" if areas[0] else "top", tickfont={"size": 10}, tickangle=-45)
    return fig


def cost_figure(cost: pd.DataFrame) -> PlainFigure:
    """The kommune's cost per group, stacked by the priced channels."""
    fig = PlainFigure()
    priced = cost[cost["Pris (kr.)"].notna() & (cost["Antal"] > 0)]
    groups = list(dict.fromkeys(cost["Gruppe"]))
    for kanal in dict.fromkeys(priced["Kanal"]):
        part = priced[priced["Kanal"] == kanal]
        fig.add_trace(
            trace(
"bar",
                y=part["Gruppe"], x=part["Omkostning (kr.)"], name=kanal, orientation="h",
                marker={"color": KANAL_COLOURS.get(kanal, "#999")},
                customdata=[
                    f"{g} · {kanal}<br>{format_int(n)} × {format_int(p)} kr. = {format_int(c)} kr."
                    for g, n, p, c in zip(part["Gruppe"], part["Antal"], part["Pris (kr.)"],
                                          part["Omkostning (kr.)"], strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )  # fmt: skip
    base_layout(fig, 90 + 45 * len(groups), barmode="stack", bargap=0.35)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=groups)
    fig.update_xaxes(ticksuffix=" kr.", rangemode="tozero", tickformat=",.0f")
    fig.update_layout(legend={"y": -0.25, "yanchor": "top", "traceorder": "normal"})
    return fig


def whatif_figure(frame: pd.DataFrame, navn: str) -> PlainFigure:
    """Selvbetjeningsgrad before and after the move, the kommune beside Hele landet, with
    the 80 % goal."""
    fig = PlainFigure()
    areas = [navn if a == "Kommunen" else a for a in frame["Område"]]
    for column, name, colour in (
        ("Selvbetjeningsgrad før", "Nu", NATIONAL_COLOUR),
        ("Selvbetjeningsgrad efter", "Hvad hvis", KOMMUNE_COLOUR),
    ):
        values = frame[column]
        fig.add_trace(
            trace(
                "bar", x=areas, y=percents(values), name=name, marker={"color": colour},
                text=[format_percent(v, 0) for v in values], textposition="outside",
                cliponaxis=False,
                customdata=[f"{a}, {name.lower()}: {format_percent(v)}"
                            for a, v in zip(areas, values, strict=True)],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )  # fmt: skip
    base_layout(fig, 320, barmode="group", bargap=0.3)
    fig.add_hline(y=80, line={"color": GOAL_COLOUR, "dash": "dash", "width": 1.5})
    fig.update_yaxes(range=[0, 105], ticksuffix=" %")
    fig.update_layout(legend={"y": 1.0, "yanchor": "bottom"})
    return fig
