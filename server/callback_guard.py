"""A malformed body to Dash's ``/_dash-update-component`` is a 400, never a 500.

Dash reads the body with ``body["output"]``, ``inputs_list[i]["id"]`` and the like, so a
body that is not the shape its renderer sends (a list, a missing key, a string where a
list belongs, an unknown output, too few inputs) ended in a ``KeyError`` or
``TypeError`` deep in Dash, logged and answered as a 500. This guard checks the envelope
against the callbacks the app itself declares (what ``/_dash-dependencies`` gives the
browser) before Dash sees it, and answers a short Danish 400 (JSON, with the request id)
when it does not fit. Values are the callbacks' business, except the address properties
of ``dcc.Location`` (``pathname``, ``search``, ``hash``, ``href``), which are always text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request

from server.requestid import request_id

UPDATE = "_dash-update-component"
DEPENDENCIES = "_dash-dependencies"
TEXT_PROPERTIES = frozenset({"pathname", "search", "hash", "href"})
MESSAGE = "Forespørgslen kan ikke forstås"


class Malformed(ValueError):
    """The body does not fit; the message is short Danish and names what is wrong."""


def _bad(detail: str) -> Response:
    body = {"fejl": f"{MESSAGE}: {detail}", "status": 400, "fejlnummer": request_id()}
    response = Response(json.dumps(body, ensure_ascii=False), 400, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _is_pattern(spec_id: str) -> bool:
    return spec_id.startswith("{")


def _check_item(item: Any, spec: Mapping[str, str], where: str) -> None:
    """One input or state: ``{"id", "property", "value"}``, a list of them for a pattern."""
    pattern = _is_pattern(spec["id"])
    if pattern and isinstance(item, list):
        for one in item:
            _check_item(one, spec, where)
        return
    if not isinstance(item, dict) or "id" not in item or "property" not in item:
        raise Malformed(f"{where} skal være et objekt med id og property")
    if item["property"] != spec["property"]:
        raise Malformed(f"{where} har en ukendt property")
    if pattern:
        if not isinstance(item["id"], dict):
            raise Malformed(f"{where} har et ugyldigt id")
    elif item["id"] != spec["id"]:
        raise Malformed(f"{where} har et ukendt id")
    value = item.get("value")
    if spec["property"] in TEXT_PROPERTIES and value is not None and not isinstance(value, str):
        raise Malformed(f"{where} skal være tekst")


def _check_arguments(body: Mapping[str, Any], spec: Mapping[str, Any]) -> None:
    """``inputs`` (and ``state``) against the callback's declared inputs and state.

    Dash hands the callback ``inputs + state`` by position, so that concatenation is what
    is checked: a body that puts a state item among its inputs is called correctly too.
    """
    inputs = body.get("inputs")
    if not isinstance(inputs, list):
        raise Malformed("inputs skal være en liste")
    state = body.get("state", [])
    if not isinstance(state, list):
        raise Malformed("state skal være en liste")
    specs = [*spec["inputs"], *spec["state"]]
    if len(inputs) + len(state) != len(specs) or len(inputs) < len(spec["inputs"]):
        raise Malformed(f"inputs og state skal have {len(specs)} elementer i alt")
    for i, (item, declared) in enumerate(zip([*inputs, *state], specs, strict=True)):
        where = f"inputs[{i}]" if i < len(inputs) else f"state[{i - len(inputs)}]"
        _check_item(item, declared, where)


def check_body(body: Any, callbacks: Mapping[str, Mapping[str, Any]]) -> None:
    """Raise :class:`Malformed` unless ``body`` is a call of one of ``callbacks``
    (keyed by their ``output`` as ``/_dash-dependencies`` lists them)."""
    if not isinstance(body, dict):
        raise Malformed("kroppen skal være et JSON-objekt")
    output = body.get("output")
    if not isinstance(output, str):
        raise Malformed("output mangler")
    spec = callbacks.get(output)
    if spec is None:
        raise Malformed("ukendt output")
    outputs = body.get("outputs")
    if outputs is not None and not isinstance(outputs, dict | list):
        raise Malformed("outputs skal være et objekt eller en liste")
    for out in outputs if isinstance(outputs, list) else [outputs] if outputs else []:
        if isinstance(out, list):
            if not all(isinstance(o, dict) for o in out):
                raise Malformed("outputs har et ugyldigt element")
        elif not isinstance(out, dict) or "id" not in out or "property" not in out:
            raise Malformed("outputs har et ugyldigt element")
    _check_arguments(body, spec)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise Malformed("changedPropIds skal være en liste af tekster")


def register(server: Flask) -> None:
    """Check every POST to ``/_dash-update-component`` before Dash handles it."""
    declared: dict[str, Mapping[str, Any]] = {}

    def callbacks() -> dict[str, Mapping[str, Any]]:
        # Asked once, on the first callback: by then every page has registered its own.
        if not declared:
            view = server.view_functions.get("/" + DEPENDENCIES)
            if view is None:  # no Dash app on this server: nothing to check against
                return {}
            specs = json.loads(view().get_data())
            declared.update({s["output"]: s for s in specs if not s.get("clientside_function")})
        return declared

    @server.before_request
    def _guard() -> Response | None:
        if request.method != "POST" or request.path != "/" + UPDATE:
            return None
        body = request.get_json(silent=True)
        if body is None:
            return _bad("kroppen er ikke JSON")
        known = callbacks()
        if not known:
            return None
        try:
            check_body(body, known)
        except Malformed as error:
            return _bad(str(error))
        return None
