"""The tools under every chart: 'Hent data' (CSV, XLSX) and, when it embeds, 'Indlejr'."""

from __future__ import annotations

import pandas as pd
from dash import html

from layouts.components.alt_text import summary
from layouts.components.downloads import download_buttons
from layouts.components.embed import embed_button
from layouts.registry import Chart, Page, View


def chart_tools(page: Page, chart: Chart, className: str = "") -> html.Div:
    """The buttons for one entry of a page's chart table."""
    tools = [download_buttons(page.key, chart.key)]
    if chart.kind == "graph":
        tools.append(table_button(page, chart))
    if chart in page.embeddable():
        tools.append(embed_button(page.embed_name(chart)))
    return html.Div(tools, className=f"d-flex gap-3 align-items-center {className}".strip())


def table_button(page: Page, chart: Chart, text: str = "Vis som tabel") -> html.Button:
    """'Vis som tabel': the chart's numbers as an HTML table under it (callbacks/charts.py);
    pressed again, it hides the table."""
    return html.Button(
        text,
        id={"type": "show-table", "page": page.key, "key": chart.key},
        n_clicks=0,
        type="button",
        className="btn btn-link btn-sm p-0 small d-print-none",
        **{"aria-expanded": "false"},
    )


def table_box(page: Page, chart: Chart) -> html.Div:
    """Where 'Vis som tabel' puts the table (empty until asked)."""
    return html.Div(id={"type": "table-box", "page": page.key, "key": chart.key})


def described(graph, page: Page, chart: Chart, frame: pd.DataFrame, view: View) -> html.Figure:
    """The graph with its text alternative as the figure's caption (read, not shown)."""
    text = summary(chart.title_for(view), chart.table_for(frame, view))
    caption = html.Figcaption(
        text, className="visually-hidden", id=f"{page.key}-{chart.key}-summary"
    )
    return html.Figure([graph, caption], className="m-0")
