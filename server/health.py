"""``GET /healthz``: 200 with the data version when the database answers, 503 when not.

For the service manager, the load balancer and the monitoring: it asks the database for
the one thing every page depends on (the data version) and nothing heavier.

It answers from the first ``before_request`` hook, ahead of Dash's own, which builds the
page layout on an app's first request and so needs the database: with the database
down, that would turn the health check into an error page.
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from landkort.store import data_version
from server.requestid import request_id

log = logging.getLogger("landkort.server")


def health(engine: Engine) -> tuple[int, dict]:
    """(status, body) of the health check on ``engine``."""
    try:
        with engine.connect() as conn:
            version = data_version(conn)
    except SQLAlchemyError as err:
        log.warning("healthz: databasen svarer ikke [%s]: %s", request_id(), err.__class__.__name__)
        return 503, {"status": "fejl", "fejl": "Databasen svarer ikke."}
    return 200, {"status": "ok", "dataversion": version}


def register(server: Flask, engine: Engine) -> None:
    def healthz() -> Response | None:
        if request.path != "/healthz" or request.method not in ("GET", "HEAD"):
            return None
        status, body = health(engine)
        response = Response(
            json.dumps(body, ensure_ascii=False), status, mimetype="application/json"
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    server.before_request_funcs.setdefault(None, []).insert(0, healthz)
