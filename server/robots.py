"""``GET /robots.txt``: what search engines may read.

An intranet wants its pages findable by its own search at most, never the API, the
data pages or Dash's machinery (exports are made by those). An embed may be read: it is
a page of its own with a title, a description and a link to its full view
(``embed/blueprint.py``). It names no canonical address: the map's full view is the
site's root with a query, and a canonical that points to the root is read as a mistake.
By default the pages are allowed and the rest is not; ``LANDKORT_ROBOTS=intet``, or a
login required for reading, disallows everything. Answered ahead of the login gate,
since a crawler has no account, and under the app's prefix.
"""

from __future__ import annotations

from flask import Flask, Response, request

from landkort import settings
from server.auth import login_required

CLOSED = ("/api/", "/data", "/login", "/logout", "/_dash-", "/healthz")


def robots_text(script_root: str, everything_closed: bool) -> str:
    """The file's text for an app mounted at ``script_root`` ('' or '/landkort')."""
    lines = ["# Digitalt Landkort", "User-agent: *"]
    if everything_closed:
        return "\n".join([*lines, f"Disallow: {script_root}/", ""])
    lines += [f"Disallow: {script_root}{path}" for path in CLOSED]
    return "\n".join([*lines, f"Allow: {script_root}/", ""])


def everything_closed() -> bool:
    closed = (settings.get("LANDKORT_ROBOTS") or "sider").strip().lower() == "intet"
    return closed or login_required()


def register(server: Flask) -> None:
    def robots() -> Response | None:
        if request.path != "/robots.txt" or request.method not in ("GET", "HEAD"):
            return None
        text = robots_text(request.script_root.rstrip("/"), everything_closed())
        response = Response(text, 200, mimetype="text/plain")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    server.before_request_funcs.setdefault(None, []).insert(0, robots)
