"""A request id on every request: in ``flask.g``, in the ``X-Request-Id`` header and in logs.

An error page shows it, the log line of the error carries it, so a user's screenshot
leads to the traceback. The id is made here (12 hex digits), never taken from the
client, so it cannot be used to forge or confuse log lines.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, has_request_context


def request_id() -> str:
    """The current request's id ('-' outside a request)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        g.request_id = secrets.token_hex(6)
    return g.request_id


def register(server: Flask) -> None:
    @server.before_request
    def _assign() -> None:
        request_id()

    @server.after_request
    def _header(response: Response) -> Response:
        response.headers["X-Request-Id"] = request_id()
        return response
