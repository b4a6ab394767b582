"""How long a browser may keep the static files: a year for a versioned address.

An address that names its content can be kept for good (``immutable``): Dash's
fingerprinted component bundles (``react@18.v4_4_1m….min.js``) and our assets, whose
``?v=`` is the SHA-256 of the file (:func:`asset_version`, written by ``app.py`` in place
of Dash's modification time, which changes with every checkout). Anything else keeps
what it had: revalidation by ETag (Dash's async chunks, which it asks for without a
version, and an asset asked for with a stale or no version).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

YEAR = "public, max-age=31536000, immutable"
FINGERPRINTED = re.compile(r"^/_dash-component-suites/.+\.v[\w-]+m\d+\.[\w.@-]+$")


@lru_cache(maxsize=256)
def _hash(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def asset_version(path: Path) -> str:
    """A short content hash of the file (recomputed only when the file changes)."""
    stat = path.stat()
    return _hash(str(path), stat.st_mtime_ns, stat.st_size)


def register(server: Flask, assets: Path) -> None:
    root = assets.resolve()

    def _versioned_asset() -> bool:
        if not request.path.startswith("/assets/") or "v" not in request.args:
            return False
        path = (root / request.path.removeprefix("/assets/")).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return False
        return request.args["v"] == asset_version(path)

    @server.after_request
    def _cache_for_a_year(response: Response) -> Response:
        fetched = response.status_code == 200 and request.method in ("GET", "HEAD")
        if fetched and (FINGERPRINTED.match(request.path) or _versioned_asset()):
            response.headers["Cache-Control"] = YEAR
        return response
