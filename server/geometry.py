"""``GET /geometri/<form>.json``: the map's shapes as a file of their own.

The map's figure names its shapes by this address instead of carrying them: plotly.js
fetches a choropleth's ``geojson`` when it is a URL, once per address. Carried in the
figure, the shapes (about 280 KB) were written into every map page, embed and map form
change once per trace (four times), about 1.1 MB of JSON the server made each time. The
address carries the content's hash (``?v=``), so the browser keeps the file for a year.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

from landkort.geography.geometry import FORMS, geometry_bytes, geometry_version
from server.static_cache import YEAR


def register(server: Flask) -> None:
    @server.route("/geometri/<form>.json")
    def geometri(form: str) -> Response:
        if form not in FORMS:
            abort(404)
        version = geometry_version(form)
        response = Response(geometry_bytes(form), mimetype="application/json")
        response.set_etag(version)
        if request.args.get("v") == version:
            response.headers["Cache-Control"] = YEAR
        return response.make_conditional(request)
