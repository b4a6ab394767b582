"""How long a browser may keep the static files: a year for a versioned address.

An address that names its content can be kept for good (``immutable``): Dash's
fingerprinted component bundles (``react@18.v4_4_1m….min.js``) and our assets, whose
``?v=`` is the SHA-256 of the file (:func:`asset_version`, written by ``app.py`` in place
of Dash's modification time, which changes with every checkout). Anything else keeps
what it had: revalidation by ETag (an asset asked for with a stale or no version).

Dash's async chunks (dcc.Graph's and the DataTable's code, loaded when first drawn) have
no version in their names: a bundle asks for them in the folder its own script came
from. So the index page names every bundle with its fingerprint as a folder too
(``…/dash/dcc/~v4_4_1m…/dash_core_components.v4_4_1m….js``, :func:`with_chunk_versions`),
its chunks then come from that folder, and :class:`ChunkVersions` takes the folder out
again before Dash serves the file: a second visit asks for none of them.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

ASSETS = Path(__file__).resolve().parents[1] / "assets"
YEAR = "public, max-age=31536000, immutable"
FINGERPRINTED = re.compile(r"^/_dash-component-suites/.+\.v[\w-]+m\d+\.[\w.@-]+$")
BUNDLE = re.compile(r"(/_dash-component-suites/[^\"'\s]+/)([^/\"'\s]+\.(v[\w-]+m\d+)\.[\w.@-]+)")
VERSION_FOLDER = re.compile(r"(/_dash-component-suites/.+)/~v[\w-]+m\d+(/[^/]+)$")
VERSIONED = "landkort.versioned"


def with_chunk_versions(html: str) -> str:
    """Every Dash bundle's address in ``html`` with its fingerprint as a folder as well."""
    return BUNDLE.sub(lambda found: f"{found[1]}~{found[3]}/{found[2]}", html)


class ChunkVersions:
    """WSGI: a file asked for in a version folder is Dash's file without the folder,
    marked to be kept for a year."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response):
        path = environ.get("PATH_INFO", "")
        plain = VERSION_FOLDER.sub(r"\1\2", path)
        if plain != path:
            environ["PATH_INFO"] = plain
            environ[VERSIONED] = True
        return self.app(environ, start_response)


@lru_cache(maxsize=256)
def _hash(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def asset_version(path: Path) -> str:
    """A short content hash of the file (recomputed only when the file changes)."""
    stat = path.stat()
    return _hash(str(path), stat.st_mtime_ns, stat.st_size)


def versioned(name: str) -> str:
    """An asset's path under ``/assets/`` with its content hash: ``chart_image.js?v=…``."""
    return f"{name}?v={asset_version(ASSETS / name)}"


def register(server: Flask, assets: Path) -> None:
    root = assets.resolve()
    server.wsgi_app = ChunkVersions(server.wsgi_app)

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
        versioned = request.environ.get(VERSIONED) or FINGERPRINTED.match(request.path)
        if fetched and (versioned or _versioned_asset()):
            response.headers["Cache-Control"] = YEAR
        return response
