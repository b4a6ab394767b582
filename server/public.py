"""The address users see: ``LANDKORT_PUBLIC_URL``, else what the request says.

Used wherever the app writes its own address for somewhere else to use: the 'Indlejr'
snippet (pasted into another site), 'Se hele visningen' under an embed (opened at the
top of someone's intranet page) and the OpenAPI servers list. Behind a reverse proxy
the request's own host is the proxy's upstream (``127.0.0.1:8050``), which is why the
public address is configurable; without it, the request's scheme, host and mount point
are used, after :mod:`server.proxy` has applied a trusted proxy's ``X-Forwarded-*``.
"""

from __future__ import annotations

from flask import Request, has_request_context
from flask import request as current_request

from landkort import settings


def public_base_url(request: Request | None = None) -> str:
    """The public address of the app's root, without a trailing slash.

    ``https://intranet.kommune.dk/landkort`` from the setting; otherwise scheme, host and
    ``SCRIPT_NAME`` of ``request`` (default: the current request); '' outside a request.
    """
    configured = (settings.get("LANDKORT_PUBLIC_URL") or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is None:
        if not has_request_context():
            return ""
        request = current_request
    return request.host_url.rstrip("/") + request.script_root.rstrip("/")


def public_url(path: str, request: Request | None = None) -> str:
    """``path`` (starting with ``/``, relative to the app's root) as a public address."""
    return public_base_url(request) + path


def public_root() -> str:
    """The app's root for documents that any host may be served (the OpenAPI description):
    ``LANDKORT_PUBLIC_URL`` when set, else the request's mount point as a path ('' at the
    root, ``/landkort`` under a prefix), which is right whichever host asked."""
    configured = (settings.get("LANDKORT_PUBLIC_URL") or "").strip()
    if configured:
        return configured.rstrip("/")
    return current_request.script_root.rstrip("/") if has_request_context() else ""
