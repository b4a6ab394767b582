"""The body Dash's renderer posts to the routing callback (callbacks/routing.py): the
browser asks for a page it does not show yet through the ``route-asked`` store, and the
address comes as the state of ``dcc.Location``."""

from __future__ import annotations

from callbacks.cacheable import ROUTE


def route_body(pathname: str, search: str = "") -> dict:
    return {
        "output": ROUTE,
        "outputs": [
            {"id": "page", "property": "children"},
            {"id": "page-title", "property": "data"},
        ],
        "inputs": [{"id": "route-asked", "property": "data", "value": {"path": pathname + search}}],
        "state": [
            {"id": "url", "property": "pathname", "value": pathname},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["route-asked.data"],
    }
