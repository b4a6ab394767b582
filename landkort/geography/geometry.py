"""The map's shapes: the hexagon layout always, real boundaries when the user has them.

Both are read once per process: the hex layout is computed, the boundaries come from
the file the user imported, fetched or named (see ``boundaries.load_boundaries``).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

FORMS = ("hex", "geo")


@cache
def hex_geometry() -> dict:
    from landkort.geography.hexmap import hex_geojson

    return hex_geojson()


@cache
def geo_geometry() -> dict | None:
    """Real boundaries when the user has fetched or pointed to them (read once)."""
    from landkort.geography.boundaries import load_boundaries

    return load_boundaries()


def geometry(form: str) -> dict:
    """The shapes for a map form; the hex layout when there are no boundaries."""
    return (geo_geometry() if form == "geo" else None) or hex_geometry()


@cache
def geometry_bytes(form: str) -> bytes:
    """The shapes of a map form as compact JSON (made once per process)."""
    return json.dumps(geometry(form), separators=(",", ":")).encode()


@cache
def geometry_version(form: str) -> str:
    """A short hash of :func:`geometry_bytes`: the shapes' address changes with them."""
    return hashlib.sha256(geometry_bytes(form)).hexdigest()[:16]


def geometry_url(form: str) -> str:
    """Where the browser fetches the shapes (server/geometry.py), from the app's root."""
    return f"/geometri/{form}.json?v={geometry_version(form)}"


def default_form() -> str:
    """Geographic when boundaries are there, otherwise hexagons."""
    return "geo" if geo_geometry() is not None else "hex"


def _ring_centre(feature: dict) -> tuple[float, float]:
    """The mean of the largest ring's corners: inside every hexagon and near enough the
    middle of a kommune to carry a mark."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    ring = max((p[0] for p in polygons), key=len)
    return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)


@cache
def centres(form: str) -> dict[int, tuple[float, float]]:
    """kommunekode -> (lon, lat) where the map's marks for a kommune stand."""
    return {int(f["id"]): _ring_centre(f) for f in geometry(form)["features"]}
