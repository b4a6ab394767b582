"""The tools under every chart: 'Hent data' (CSV, XLSX) and, when it embeds, 'Indlejr'."""

from __future__ import annotations

from dash import html

from layouts.components.downloads import download_buttons
from layouts.components.embed import embed_button
from layouts.registry import Chart, Page


def chart_tools(page: Page, chart: Chart, className: str = "") -> html.Div:
    """The buttons for one entry of a page's chart table."""
    tools = [download_buttons(page.key, chart.key)]
    if chart in page.embeddable():
        tools.append(embed_button(page.embed_name(chart)))
    return html.Div(tools, className=f"d-flex gap-3 align-items-center {className}".strip())
