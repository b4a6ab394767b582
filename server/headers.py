"""Security headers on every response: a Content-Security-Policy, nosniff, Referrer-Policy.

What the pages need, and so what the policy allows (nothing from other hosts):

- scripts from the app itself, plus Dash's one inline script (``new DashRenderer(…)`` in
  the index page), allowed by its hash (``Dash.csp_hashes``), not by ``'unsafe-inline'``;
- no ``'unsafe-eval'``: the trimmed plotly.js and Dash's renderer draw every page
  without it (the proxy browser test reads the console for policy violations);
- inline styles (``'unsafe-inline'`` for styles): Dash and plotly.js set ``style``
  attributes and add ``<style>`` elements at run time, and the embed page has one
  ``<style>`` block;
- images and fonts from the app and ``data:``/``blob:`` URLs (plotly's mode bar icons and
  'Download plot as png');
- connections (Dash callbacks, the API) to the app only.

``frame-ancestors`` stays with :mod:`embed.framing` (which pages may be framed by whom);
this module adds its directives to the policy that one sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask, Response

BASE_POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def content_security_policy(script_hashes: Sequence[str] = (), existing: str = "") -> str:
    """The policy: :data:`BASE_POLICY` with ``script_hashes`` (quoted: ``'sha256-…'``) and
    the directives of ``existing`` (``frame-ancestors`` from the framing rules) it lacks."""
    directives = dict(BASE_POLICY)
    if script_hashes:
        directives["script-src"] += " " + " ".join(script_hashes)
    for part in existing.split(";"):
        name, _, value = part.strip().partition(" ")
        if name and name not in directives:
            directives[name] = value.strip()
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def register(server: Flask, script_hashes: Callable[[], Sequence[str]]) -> None:
    """Add the headers after every other ``after_request`` (so register this one first).

    ``script_hashes`` is asked once, at the first response: Dash knows its inline
    scripts only when the app is complete.
    """
    hashes: list[str] = []

    @server.after_request
    def _security_headers(response: Response) -> Response:
        if not hashes:
            hashes.extend(script_hashes() or ["-"])
        wanted = [h for h in hashes if h != "-"]
        existing = response.headers.get("Content-Security-Policy", "")
        response.headers["Content-Security-Policy"] = content_security_policy(wanted, existing)
        for key, value in STATIC_HEADERS.items():
            response.headers.setdefault(key, value)
        return response
