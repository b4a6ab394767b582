"""Which callback answers the server may keep and give to anyone who asks the same
(server/callback_cache.py): those of pages whose registry entry says ``shared_answers``,
and the routing callback when the address is one of those pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from layouts.pages import PAGES
from layouts.registry import find_page

ROUTE = "..page.children...page-title.data.."  # callbacks/routing.py's route


def _pathname(body: Mapping[str, Any]) -> str | None:
    """The address the routing callback is asked for (a state of ``dcc.Location``)."""
    for item in body.get("state", []):
        if isinstance(item, dict) and item.get("property") == "pathname":
            value = item.get("value")
            return value if isinstance(value, str) else None
    return None


def answers_to_keep(page_callbacks: Iterable[str]) -> Callable[[Mapping[str, Any]], bool]:
    """A test of a callback's request body: may its answer be kept? ``page_callbacks``
    are the outputs of the callbacks registered by the pages with shared answers."""
    kept = frozenset(page_callbacks)
    shared = {p.key for p in PAGES if p.shared_answers}

    def cacheable(body: Mapping[str, Any]) -> bool:
        output = body.get("output")
        if output in kept:
            return True
        if output != ROUTE:
            return False
        found = find_page(PAGES, _pathname(body) or "/")
        return found is not None and found[0].key in shared

    return cacheable
