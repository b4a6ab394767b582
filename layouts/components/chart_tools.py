"""The tools under every chart: 'Hent data' (CSV, XLSX), 'Hent billede' (PNG, SVG) for a
graph, and, when it embeds, 'Indlejr' and 'Kopiér link' (the address of the view)."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from layouts.components.alt_text import summary
from layouts.components.downloads import download_buttons
from layouts.components.embed import embed_button
from layouts.registry import Chart, Page, View


def chart_tools(page: Page, chart: Chart, className: str = "") -> html.Div:
    """The buttons for one entry of a page's chart table."""
    tools = [download_buttons(page.key, chart.key)]
    if chart.kind == "graph":
        tools.append(image_buttons(f"{page.key}-{chart.key}-summary"))
        tools.append(table_button(page, chart))
    if chart in page.embeddable():
        tools.append(embed_button(page.embed_name(chart)))
        tools.append(copy_link_button())
    classes = f"d-flex flex-wrap column-gap-3 row-gap-1 align-items-center {className}"
    return html.Div(tools, className=classes.strip())


def image_buttons(inside: str) -> html.Div:
    """'Hent billede: PNG SVG' for the graph in the figure holding the element ``inside``
    (assets/chart_image.js draws the picture, named and with its source line)."""
    return html.Div(
        [
            html.Span("Hent billede:", className="text-muted small me-1"),
            *(
                html.Button(
                    fmt.upper(),
                    type="button",
                    title=f"Hent grafen som {fmt.upper()}-billede",
                    className="btn btn-link btn-sm p-0 me-2 small",
                    **{"data-image-format": fmt, "data-image-of": inside},
                )
                for fmt in ("png", "svg")
            ),
        ],
        className="image-buttons d-print-none",
    )


def copy_link_button() -> html.Span:
    """'Kopiér link': the address of exactly this view, to the clipboard."""
    return html.Span(
        [
            html.Button(
                "Kopiér link",
                type="button",
                title="Kopiér adressen på netop denne visning",
                className="btn btn-link btn-sm p-0 small",
                **{"data-copy-link": "true"},
            ),
            html.Span(className="copy-status small text-muted ms-1", role="status"),
        ],
        className="d-print-none",
    )


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


def figure_height(figure) -> str | None:
    """The height a figure asks for ('420px'), or None."""
    fig = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure
    if hasattr(fig, "to_dict"):
        fig = fig.to_dict()
    height = ((fig or {}).get("layout") or {}).get("height")
    return f"{height}px" if height else None


def graph_style(figure) -> dict | None:
    """A graph's style: as high as its figure asks (a callback that sends a figure of
    another height sends this with it)."""
    height = figure_height(figure)
    return None if height is None else {"height": height}


def described(graph, page: Page, chart: Chart, frame: pd.DataFrame, view: View) -> html.Figure:
    """The graph with its text alternative as the figure's caption (read, not shown).

    The figure holds the graph's height (its style's, else its figure's) in
    ``--graph-height``: until plotly.js has loaded, dcc.Graph shows an empty
    ``.dash-graph--pending`` div, which assets/landkort.css makes that high, so nothing
    below it moves when the chart is drawn."""
    text = summary(chart.title_for(view), chart.table_for(frame, view))
    caption = html.Figcaption(
        text, className="visually-hidden", id=f"{page.key}-{chart.key}-summary"
    )
    style = getattr(graph, "style", None) or {}
    if not style.get("height") and isinstance(graph, dcc.Graph):
        style = {**style, **(graph_style(getattr(graph, "figure", None)) or {})}
        if style:
            graph.style = style
    box = {"--graph-height": style["height"]} if style.get("height") else None
    # chart-slot: assets/charts_near.js runs plotly.js once such a box nears the screen
    return html.Figure([graph, caption], className="m-0 chart-slot", style=box)
