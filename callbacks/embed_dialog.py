"""The 'Indlejr' dialog, one for every page: the <iframe> for the chart whose button was
pressed, in exactly the state the page's address holds."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from flask import request
from sqlalchemy import Engine

from embed.charts import CHARTS
from layouts.embed import iframe_snippet


def register(app: Dash, engine: Engine) -> None:
    @app.callback(
        Output("embed-dialog", "is_open"),
        Output("embed-snippet", "children"),
        Output("embed-height", "children"),
        Output("embed-preview", "href"),
        Input({"type": "embed-open", "chart": ALL}, "n_clicks"),
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def show_embed_code(clicks, pathname, search):
        # buttons re-created by a redraw fire with n_clicks 0: only a real press counts
        if not ctx.triggered_id or not any(clicks) or not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update, no_update
        chart = ctx.triggered_id["chart"]
        spec = CHARTS[chart]
        query = spec.query(engine, pathname or "/", search or "")
        src = f"{request.host_url.rstrip('/')}/embed/{chart}{query}"
        return (
            True,
            iframe_snippet(src, f"Digitalt Landkort: {chart}", spec.height),
            f"Foreslået højde: {spec.height} pixel. Bredden følger siden.",
            src,
        )
