"""The small '?' beside a chart's heading: a link to where 'Om tallene' (/om) explains
what the chart shows (the chart table's ``about``)."""

from __future__ import annotations

from dash import dcc, html

from layouts.registry import Chart, View


def about_link(chart: Chart, view: View) -> dcc.Link | None:
    """'?' linking to the chart's section of /om, named for screen readers; None when the
    chart names no section."""
    anchor = chart.about_for(view)
    if anchor is None:
        return None
    return dcc.Link(
        [
            html.Span("?", **{"aria-hidden": "true"}),
            html.Span(f"Om tallene: {chart.title_for(view)}", className="visually-hidden"),
        ],
        href=f"/om#{anchor}",
        className="about-link ms-1 d-print-none",
        title="Om tallene: hvad viser figuren?",
    )
