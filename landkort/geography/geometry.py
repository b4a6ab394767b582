"""The map's shapes: the hexagon layout always, real boundaries when the user has them.

Both are read once per process: the hex layout is computed, the boundaries come from
the file the user imported, fetched or named (see ``boundaries.load_boundaries``).
"""

from __future__ import annotations

from functools import cache


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


def default_form() -> str:
    """Geographic when boundaries are there, otherwise hexagons."""
    return "geo" if geo_geometry() is not None else "hex"
