"""The Flask side of embedding: the ``/embed/<chart>`` route and the framing headers."""

from __future__ import annotations

from pathlib import Path

import plotly.io as pio
from flask import Blueprint, Flask, Response, request
from markupsafe import Markup, escape
from sqlalchemy import Engine

from embed.charts import build_chart, chart_problems
from embed.framing import embed_origins, frame_headers
from landkort.store import is_demo
from server.public import public_root
from server.static_cache import versioned

STATIC = Path(__file__).resolve().parent / "static"

_PAGE = """<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="icon" href="{favicon}">
<style>
html, body {{ margin: 0; height: 100%; font-family: system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; background: #fff; color: #212529; }}
.wrap {{ display: flex; flex-direction: column; height: 100%; }}
#chart {{ flex: 1 1 auto; min-height: 0; }}
footer {{ font-size: 12px; color: #555; padding: 4px 8px; display: flex; gap: .6em;
  flex-wrap: wrap; align-items: center; border-top: 1px solid #eee; }}
footer a {{ color: #0d6efd; }}
footer button {{ font: inherit; color: #0a58ca; background: none; border: 0; padding: 0 .2em;
  text-decoration: underline; cursor: pointer; }}
.demo {{ background: #ffc107; color: #212529; border-radius: 4px; padding: 0 6px;
  font-weight: 600; }}
</style>
</head>
<body>
<div class="wrap">
<div id="chart" data-topojson="{topojson}" role="img" aria-label="{title}"></div>
<footer>
{demo}<span>{title} · {runde}</span>
<span>Kilde: Digitalt Landkort (KOMHEN-tælleugerne efter KL's metode)</span>
{credit}<a href="{full_view}" target="_top" rel="noopener">Se hele visningen</a>
<span class="image">Hent billede:
<button type="button" data-image-format="png" data-image-of="chart"
 title="Hent grafen som PNG-billede">PNG</button>
<button type="button" data-image-format="svg" data-image-of="chart"
 title="Hent grafen som SVG-billede">SVG</button></span>
</footer>
</div>
<script type="application/json" id="figure">{figure}</script>
<script src="{plotly}"></script>
<script src="{image_script}"></script>
<script src="{script}"></script>
</body>
</html>
"""

_ERROR = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Grafen kan ikke vises</title></head>
<body style="font-family: system-ui, sans-serif; padding: 1em">
<p><strong>Grafen kan ikke vises.</strong></p><ul>{items}</ul>
</body></html>
"""


def _figure_json(figure) -> Markup:
    """The figure as JSON that cannot end the <script> element it sits in."""
    text = pio.to_json(figure, validate=False)
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe)


def _under(figure: dict, base: str) -> dict:
    """The figure with its shapes' address (a choropleth's ``geojson`` from the app's
    root) under the app's mount, as server/dashpaths.py does for the pages."""
    for trace in figure.get("data", []):
        address = trace.get("geojson")
        if isinstance(address, str) and address.startswith("/"):
            trace["geojson"] = base + address
    return figure


def _error(problems: list[str], status: int = 400) -> Response:
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return Response(_ERROR.format(items=items), status=status, mimetype="text/html")


def _page(engine: Engine, name: str, search: str) -> Response:
    chart = build_chart(engine, name, search)
    with engine.connect() as conn:
        demo = is_demo(conn)
    base = request.script_root
    html = _PAGE.format(
        title=escape(chart.title),
        runde=escape(chart.runde),
        description=escape(
            f"{chart.title}, {chart.runde}: en graf fra Digitalt Landkort om, hvordan borgerne"
            " henvender sig til kommunen (KOMHEN-tælleugerne), til at indlejre på intranettet."
        ),
        full_view=escape(public_root() + chart.full_view),
        demo=Markup('<span class="demo">Demodata (simuleret)</span>') if demo else "",
        credit=Markup("<span>{}</span>\n").format(chart.credit) if chart.credit else "",
        topojson=escape(f"{base}/assets/topojson/"),
        favicon=escape(f"{base}/_favicon.ico"),
        figure=_figure_json(_under(chart.figure, base)),
        plotly=escape(_asset_url(base, "vendor/plotly-landkort.min.js")),
        script=escape(f"{base}/embed/static/embed.js"),
        image_script=escape(_asset_url(base, "chart_image.js")),
    )
    return Response(html, mimetype="text/html")


def _asset_url(base: str, name: str) -> str:
    """An asset's address with its content hash (``?v=``), which the browser may keep for
    a year (server/static_cache.py): a second embed loads no plotly.js, not even a 304."""
    return f"{base}/assets/{versioned(name)}"


def register(server: Flask, engine: Engine) -> None:
    """Mount ``/embed/…`` and set who may frame which page.

    ``LANDKORT_EMBED_ORIGINS`` is checked here, so a value that is not a list of origins
    stops the app at start with a message naming it, instead of at the first embed.
    """
    embed_origins()
    blueprint = Blueprint("embed", __name__, static_folder=str(STATIC), static_url_path="/static")

    @blueprint.route("/<chart>")
    def embed_chart(chart: str) -> Response:
        search = request.query_string.decode("utf-8", errors="replace")
        problems = chart_problems(chart, search)
        if problems:
            return _error(problems, status=404 if problems[0].startswith("Ukendt graf") else 400)
        return _page(engine, chart, search)

    server.register_blueprint(blueprint, url_prefix="/embed")

    @server.after_request
    def framing(response: Response) -> Response:
        for key, value in frame_headers(request.path).items():
            response.headers[key] = value
        return response
