"""Serving every page, asset, callback, API and embed under one path (``LANDKORT_URL_PREFIX``).

The app's routes stay at ``/``; a WSGI middleware moves the prefix from the request's
path into ``SCRIPT_NAME``, which is where WSGI keeps "where this application is mounted".
Flask's ``request.script_root`` and ``url_for`` then include it, and Dash is told the
same prefix (``requests_pathname_prefix``) for the addresses the browser asks for.

Two ways a reverse proxy may pass requests, and both work:

- with the path unchanged (nginx ``proxy_pass http://127.0.0.1:8050;``): the middleware
  finds ``/landkort/…`` and mounts it;
- with the prefix stripped and ``X-Forwarded-Prefix: /landkort`` (only from a trusted
  proxy, see :mod:`server.proxy`, which runs first and puts it in ``SCRIPT_NAME``).

A request outside the prefix gets a short Danish 404 that links to the right address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from landkort import settings

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def normalise_prefix(value: str | None) -> str:
    """``/landkort/`` from ``landkort``, ``/landkort`` or ``/landkort/``; ``/`` for none."""
    parts = [p for p in (value or "").strip().split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts)


def url_prefix() -> str:
    """The configured prefix, normalised: always starts and ends with ``/``."""
    return normalise_prefix(settings.get("LANDKORT_URL_PREFIX"))


_NOT_HERE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Siden findes ikke</title></head>
<body style="font-family: system-ui, sans-serif; padding: 1em">
<p><strong>Siden findes ikke her.</strong> Digitalt Landkort ligger på
<a href="{home}">{home}</a>.</p></body></html>
"""


class PrefixMiddleware:
    """Mount a WSGI app under ``prefix`` (normalised, e.g. ``/landkort/``)."""

    def __init__(self, app: WSGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = normalise_prefix(prefix)
        self.mount = self.prefix.rstrip("/")  # '' at the root

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.mount:
            return self.app(environ, start_response)
        script = environ.get("SCRIPT_NAME", "").rstrip("/")
        path = environ.get("PATH_INFO", "") or "/"
        full = script + path
        if full == self.mount:
            location = self.prefix
            if environ.get("QUERY_STRING"):
                location += "?" + environ["QUERY_STRING"]
            start_response("308 Permanent Redirect", [("Location", location)])
            return [b""]
        if full.startswith(self.prefix):
            environ["SCRIPT_NAME"] = self.mount
            environ["PATH_INFO"] = full[len(self.mount) :]
            return self.app(environ, start_response)
        body = _NOT_HERE.format(home=escape(self.prefix)).encode("utf-8")
        start_response(
            "404 Not Found",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]
