"""Serving the app as a service: the Flask-level concerns around the dashboard.

One idea per module, each wired from ``app.create_app`` (:func:`server.install`):

- ``prefix``     serving everything under ``LANDKORT_URL_PREFIX`` (e.g. ``/landkort/``)
- ``dashpaths``  the prefix in Dash's JSON: stripped from ``pathname``, added to links
- ``proxy``      ``X-Forwarded-*`` honoured only from ``LANDKORT_TRUSTED_PROXIES``
- ``public``     the address users see (``LANDKORT_PUBLIC_URL``), for snippets and links
- ``headers``    security headers on every response (CSP, nosniff, Referrer-Policy)
- ``requestid``  a request id on every request and response
- ``errors``     Danish error pages that show the request id, never a traceback
- ``health``     ``GET /healthz``
- ``runner``     the production server (gunicorn) behind ``python -m landkort serve``

Nothing here imports ``callbacks/`` or ``layouts/``; ``landkort/`` never imports this.
"""

from __future__ import annotations

from server.install import install

__all__ = ["install"]
