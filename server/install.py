"""Wiring the serving concerns into a new app (called once by ``app.create_app``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask
from sqlalchemy import Engine

from landkort.uploads import max_bytes
from server import (
    auth,
    callback_guard,
    dashpaths,
    errors,
    headers,
    health,
    page_address,
    requestid,
    robots,
)
from server.prefix import PrefixMiddleware
from server.proxy import TrustedProxyMiddleware, trusted_networks


def install(
    server: Flask, engine: Engine, prefix: str, script_hashes: Callable[[], Sequence[str]]
) -> None:
    """Request ids, error pages, ``/healthz``, security headers, logins (``server.auth``),
    proxy and prefix handling
    (the prefix also in Dash's JSON, ``server.dashpaths``), and a 400 for a malformed
    callback body (``server.callback_guard``).

    Call it before anything else registers ``after_request`` handlers: Flask runs them
    last-registered first, so the security headers see (and keep) the framing rules.
    """
    # No request body above what the largest upload needs (base64 in Dash's JSON).
    server.config["MAX_CONTENT_LENGTH"] = max_bytes() * 4 // 3 + 1_000_000
    headers.register(server, script_hashes)
    server.after_request(page_address.not_kept)
    requestid.register(server)
    errors.register(server, engine)
    health.register(server, engine)
    robots.register(server)  # ahead of the login gate: a crawler has no account
    callback_guard.register(server)  # before dashpaths, which reads the body's inputs
    auth.register(server, engine)  # after the body's shape is checked
    dashpaths.register(server, prefix)
    # Outermost first: a trusted proxy's X-Forwarded-Prefix is applied before mounting;
    # the single sign-on header is stripped unless a trusted proxy sent it.
    sso = auth.auth_header_environ_key()
    server.wsgi_app = TrustedProxyMiddleware(
        PrefixMiddleware(server.wsgi_app, prefix), trusted_networks(), (sso,) if sso else ()
    )
