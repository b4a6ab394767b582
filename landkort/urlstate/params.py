"""Query-string helpers every page's URL state shares.

Reading: :func:`query_params` and :func:`first`. Writing: :func:`selection_params` for
the parameters the map and the compare page have in common (``maal``, ``runde``,
``opgave``, ``gruppe``, ``region``), and :func:`query_string`. Defaults are left out,
so links stay short and a link without parameters shows the page's default view.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from landkort import reference as ref
from landkort.views.map import DEFAULT_MEASURE, Selection

Params = dict[str, list[str]]


def query_params(search: str | None, *, keep_blank: bool = False) -> Params:
    """``?a=1&b=2`` (the ``?`` optional, None allowed) as ``{name: [values]}``."""
    return parse_qs((search or "").lstrip("?"), keep_blank_values=keep_blank)


def first(params: Params, key: str) -> str | None:
    """The first value of ``key``, stripped; None when missing or blank."""
    values = params.get(key)
    return values[0].strip() if values and values[0].strip() else None


def selection_params(sel: Selection, *, default_runde: int) -> dict[str, str]:
    """A selection's parameters in link order, each only where it is not the default.

    ``gruppe`` is left out where the measure has that one group anyway.
    """
    params: dict[str, str] = {}
    if sel.measure != DEFAULT_MEASURE:
        params["maal"] = sel.measure
    if sel.runde != default_runde:
        params["runde"] = ref.RUNDER[sel.runde - 1].kode
    if sel.opgave is not None:
        params["opgave"] = str(sel.opgave)
    if sel.effective_gruppe is not None and (sel.effective_gruppe,) != sel.spec.groups:
        params["gruppe"] = sel.effective_gruppe
    if sel.region is not None:
        params["region"] = str(sel.region)
    return params


def query_string(params: dict[str, str], *, safe: str = "") -> str:
    """``?a=1&b=2``, or '' without parameters; ``safe`` characters stay unescaped."""
    return f"?{urlencode(params, safe=safe)}" if params else ""
