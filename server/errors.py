"""Errors as Danish pages with the request id; the traceback goes to the log only.

- any unexpected exception: 500, logged with the request id, method and path;
- the database not answering (SQLAlchemy's ``OperationalError``/``InterfaceError``
  and a failed connection): 503, 'Databasen svarer ikke lige nu', logged likewise;
- page loads (``GET`` of a dashboard page) first check that the database answers, so
  a user gets the Danish 503 page instead of Dash's empty shell with 'Error loading
  layout'; the check is the data version, one indexed row, and it runs ahead of Dash's
  own first-request hook (which builds the layout and so needs the database);
- ``/api/…`` and Dash's own requests (``/_dash-…``) get the same as JSON.

HTTP errors below 500 (404, 405 …) keep their status and get a short Danish page.
In ``serve --debug`` exceptions propagate to the development server's debugger.
"""

from __future__ import annotations

import json
import logging
from html import escape

from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from landkort.store import data_version
from server.requestid import request_id

log = logging.getLogger("landkort.server")

UNAVAILABLE = (OperationalError, InterfaceError)
TITLES = {
    400: "Forespørgslen kan ikke forstås",
    403: "Adgang nægtet",
    404: "Siden findes ikke",
    405: "Metoden er ikke tilladt",
    413: "Forespørgslen er for stor",
    500: "Der opstod en fejl",
    503: "Databasen svarer ikke lige nu",
}
EXPLANATIONS = {
    500: "Fejlen er skrevet i serverens log. Prøv igen; hvis den bliver ved, så giv "
    "driften fejlnummeret nedenfor.",
    503: "Digitalt Landkort kan ikke nå sin database. Prøv igen om lidt; hvis det bliver "
    "ved, så giv driften fejlnummeret nedenfor.",
}
_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Digitalt Landkort</title></head>
<body style="font-family: system-ui, sans-serif; padding: 1em; max-width: 40em">
<h1 style="font-size: 1.4em">{title}</h1>
<p>{explanation}</p>
<p>Fejlnummer: <code>{rid}</code></p>
<p><a href="{home}">Til forsiden</a></p>
</body></html>
"""


def _wants_json() -> bool:
    path = request.path
    return path.startswith("/api/") or path.startswith("/_dash-") or request.is_json


def error_response(status: int, explanation: str = "") -> Response:
    """A Danish error answer (HTML, or JSON for the API and Dash) carrying the request id."""
    rid = request_id()
    title = TITLES.get(status, "Forespørgslen kunne ikke besvares")
    text = explanation or EXPLANATIONS.get(status, "")
    if _wants_json():
        body = {"fejl": title, "status": status, "fejlnummer": rid}
        response = Response(
            json.dumps(body, ensure_ascii=False), status, mimetype="application/json"
        )
    else:
        html = _PAGE.format(
            title=escape(title),
            explanation=escape(text),
            rid=escape(rid),
            home=escape(request.script_root + "/"),
        )
        response = Response(html, status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if status == 503:
        response.headers["Retry-After"] = "10"
    return response


def _is_unavailable(err: BaseException) -> bool:
    return isinstance(err, UNAVAILABLE) or (
        isinstance(err, DBAPIError) and err.connection_invalidated
    )


def _is_page_load() -> bool:
    if request.method != "GET":
        return False
    path = request.path
    if path.startswith(("/_dash-", "/_reload", "/_favicon", "/assets/", "/api/", "/embed/static/")):
        return False
    return path != "/healthz" and "text/html" in request.headers.get("Accept", "")


def register(server: Flask, engine: Engine) -> None:
    def _database_answers() -> Response | None:
        if not _is_page_load():
            return None
        try:
            with engine.connect() as conn:
                data_version(conn)
        except SQLAlchemyError as err:
            log.error(
                "503 [%s] %s %s: databasen svarer ikke: %s",
                request_id(),
                request.method,
                request.path,
                err.__class__.__name__,
            )
            return error_response(503)
        return None

    server.before_request_funcs.setdefault(None, []).insert(0, _database_answers)

    @server.errorhandler(HTTPException)
    def _http_error(err: HTTPException) -> Response:
        if err.code is None or err.code < 400:
            return err
        if err.code >= 500:
            log.error("%s [%s] %s %s", err.code, request_id(), request.method, request.path)
        return error_response(err.code)

    @server.errorhandler(Exception)
    def _unexpected(err: Exception) -> Response:
        if server.debug:
            raise err
        if _is_unavailable(err):
            log.error(
                "503 [%s] %s %s: databasen svarer ikke: %s",
                request_id(),
                request.method,
                request.path,
                err,
            )
            return error_response(503)
        log.exception("500 [%s] %s %s", request_id(), request.method, request.path)
        return error_response(500)
