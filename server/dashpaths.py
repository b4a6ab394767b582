"""The app's own paths in Dash's JSON, translated at the boundary when it has a URL prefix.

Pages, links and callbacks are written with paths from the app's root (``/kommune/0187``,
``dcc.Link(href="/sammenlign")``, the routing callback matching ``pathname``), which is
right on a laptop and wrong under ``LANDKORT_URL_PREFIX=/landkort/``, where the browser's
address is ``/landkort/kommune/0187``. Rather than every layout and callback knowing the
prefix, the translation happens where Dash's JSON crosses the server's edge:

- in: a callback's ``pathname`` inputs and states (``dcc.Location``) lose the prefix, so
  routing and the 'Indlejr' dialog see ``/kommune/0187``;
- out: in ``/_dash-layout`` and callback answers, values of ``href``, ``pathname``, ``action`` and
  plotly's ``topojsonURL`` and ``geojson`` that start with ``/`` but not with the prefix
  gain it, so links, a callback's navigation and map files stay under ``/landkort/``.

The keys are the only ones through which this app writes its own paths; the browser
test behind nginx (tests/browser/test_proxy.py) checks that every request a page makes
stays under the prefix. Without a prefix nothing is done.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request

DASH_JSON = ("/_dash-layout", "/_dash-update-component")


def strip_prefix(node: object, mount: str) -> None:
    """Remove ``mount`` from every ``pathname`` value in a callback's inputs/states."""
    if isinstance(node, list):
        for item in node:
            strip_prefix(item, mount)
    elif isinstance(node, dict) and node.get("property") == "pathname":
        value = node.get("value")
        if isinstance(value, str) and (value == mount or value.startswith(mount + "/")):
            node["value"] = value[len(mount) :] or "/"


SLASH = rb"(?:/|\\u002[fF])"  # Dash's JSON writes '/' as \u002f


def path_pattern(mount: str) -> re.Pattern[bytes]:
    """Where a root path starts in Dash's JSON: ``"href":"\u002fx`` or ``"href": "/x``,
    but not when it is already under ``mount`` and not ``//host``."""
    segments = SLASH.join(re.escape(part.encode()) for part in mount.strip("/").split("/"))
    return re.compile(
        rb'("(?:href|pathname|topojsonURL|geojson|action)"\s*:\s*")'
        + SLASH
        + rb"(?!"
        + SLASH
        + rb")(?!"
        + segments
        + rb"(?:"
        + SLASH
        + rb'|"))'
    )


def register(server: Flask, prefix: str) -> None:
    mount = prefix.rstrip("/")
    if not mount:
        return
    pattern = path_pattern(mount)
    replacement = rb"\1" + mount.encode() + b"/"

    @server.before_request
    def _strip_pathnames() -> None:
        if request.method == "POST" and request.path == "/_dash-update-component":
            body = request.get_json(silent=True)  # cached: Dash reads this same object
            if isinstance(body, dict):
                strip_prefix(body.get("inputs"), mount)
                strip_prefix(body.get("state"), mount)

    @server.after_request
    def _prefix_paths(response: Response) -> Response:
        if (
            request.path in DASH_JSON
            and response.status_code == 200
            and response.mimetype == "application/json"
            and not response.direct_passthrough
        ):
            response.set_data(pattern.sub(replacement, response.get_data()))
        return response
