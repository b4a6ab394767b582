"""The read-only JSON API at ``/api/v1``: reference data, measures, series, exports.

A thin Flask blueprint: it checks query parameters (``api.params``), asks ``landkort``
(through ``api.answers``) and answers JSON. Every answer carries an ETag built from the
data version and the request, and a matching ``If-None-Match`` gets 304.
"""

from __future__ import annotations

from api.routes import create_blueprint

__all__ = ["create_blueprint"]
