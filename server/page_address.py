"""Which page the browser is opening, read while Dash's renderer asks for ``/_dash-layout``.

The renderer fetches the layout from the page it was loaded on, so the request carries
that page's address in ``Referer`` (same-origin requests keep the full address under
this app's ``Referrer-Policy: strict-origin-when-cross-origin``). Building the page for
that address into the layout lets a first load draw without the routing callback's
round trip. The address is only a hint: the browser compares it with its own location
(``landkort.routeAsked`` in ``assets/landkort.js``) and asks the routing callback when
they differ or the header was missing, so a stripped or forged ``Referer`` costs one
request and never shows a wrong page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Response, has_request_context, request

LONGEST = 2048  # longer addresses are not drawn from the header; routing answers them


@dataclass(frozen=True)
class PageAddress:
    """The page's address as the browser sees it, and as the app's routes see it."""

    seen: str  # location.pathname + location.search, with any URL prefix
    pathname: str  # from the app's root: the prefix removed
    search: str  # '' or '?…'


def page_address() -> PageAddress | None:
    """The address of the page that asked for the layout, or None when it is unknown."""
    if not has_request_context():
        return None
    referrer = request.referrer
    if not referrer or len(referrer) > LONGEST:
        return None
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return None
    path = parts.path or "/"
    if not path.startswith("/"):
        return None
    search = f"?{parts.query}" if parts.query else ""
    return PageAddress(seen=path + search, pathname=_from_root(path), search=search)


def index_address() -> PageAddress:
    """The address of the page the browser asks for itself (the index page's request)."""
    search = f"?{request.query_string.decode('latin-1')}" if request.query_string else ""
    seen = request.script_root + request.path + search
    return PageAddress(seen=seen, pathname=request.path or "/", search=search)


def _from_root(path: str) -> str:
    """``/kommune/0187`` from ``/landkort/kommune/0187`` when the app is mounted there."""
    mount = request.script_root.rstrip("/")
    if mount and (path == mount or path.startswith(mount + "/")):
        return path[len(mount) :] or "/"
    return path


def not_kept(response: Response) -> Response:
    """The layout depends on the asking page: no cache may answer another page with it."""
    if request.path == "/_dash-layout":
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Referer")
    return response
