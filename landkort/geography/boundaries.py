"""Real kommune boundaries: read any file, simplify with shared borders, cache.

The map needs one (multi)polygon per kommune, light enough to send to a browser
(under 300 KB as GeoJSON). Simplifying each polygon on its own would open gaps and
overlaps between neighbours; shapely's coverage simplification simplifies each shared
border once, so neighbours keep a common edge.

Sources, in the order ``load_boundaries`` tries them: the file named by the
setting ``LANDKORT_BOUNDARIES`` (:mod:`landkort.settings`), then the cache written by
``python -m landkort boundaries fetch|import``, then the boundaries shipped with the
project (``SHIPPED``: DAGI, simplified by this module; see the README beside it), so
the geographic map works on a fresh machine with no network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from landkort import settings
from landkort.reference import KOMMUNER, format_kommunekode

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

CODE_COLUMNS = ("kode", "komkode", "kommunekode", "lau_1")
MIN_KOMMUNER = 90
MAX_BYTES = 300_000
METRIC_CRS = "EPSG:25832"  # ETRS89 / UTM 32N: metres, so tolerances are in metres
WGS84 = "EPSG:4326"
DECIMALS = 4  # about 11 m north-south: finer than a simplified border
FIRST_TOLERANCE_M = 50.0
TOLERANCE_STEP = 1.25
MAX_TOLERANCE_M = 20_000.0

ENV_FILE = "LANDKORT_BOUNDARIES"
SHIPPED = Path(__file__).resolve().parent / "data" / "kommuner.geojson"
CREDIT = "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur"
ENV_CACHE_DIR = "LANDKORT_CACHE_DIR"

_NAMES = {k.kode: k.navn for k in KOMMUNER}


class BoundaryError(ValueError):
    """A boundaries file or download that cannot be used; the message is Danish."""


# --- reading -----------------------------------------------------------------


def _code_column(columns: list[str]) -> str:
    by_lower = {c.lower(): c for c in columns}
    for name in CODE_COLUMNS:
        if name in by_lower:
            return by_lower[name]
    raise BoundaryError(
        "Filen har ingen kolonne med kommunekoder. Forventede en af: "
        f"kode, KOMKODE, kommunekode, lau_1 (fandt: {', '.join(columns) or 'ingen'})."
    )


def _kommunekode(value: Any) -> int | None:
    """'0101', 101, 101.0, 'DK101', 'DK_101' -> 101; anything without digits -> None."""
    if value is None:
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        return None if np.isnan(value) else int(value)
    digits = re.findall(r"\d+", str(value))
    return int(digits[-1]) if digits else None


def read_boundaries(path: str | Path) -> gpd.GeoDataFrame:
    """One 2-D (multi)polygon per kommune from any file geopandas reads.

    Returns columns ``kode`` (int), ``navn`` (the reference name) and ``geometry`` in
    WGS84, sorted by kode, holding only the 98 kommuner (Christiansø 0411 and
    anything else is dropped). Raises ``BoundaryError`` without a code column or with
    fewer than ``MIN_KOMMUNER`` kommuner.
    """
    import geopandas as gpd
    import shapely

    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types; all mean "cannot read"
        raise BoundaryError(f"Kunne ikke læse {path}: {exc}") from exc
    column = _code_column([c for c in frame.columns if c != frame.geometry.name])
    frame = gpd.GeoDataFrame(
        {"kode": frame[column].map(_kommunekode)},
        geometry=shapely.force_2d(frame.geometry.values),
        crs=frame.crs or WGS84,
    )
    frame = frame[frame["kode"].isin(_NAMES.keys()) & ~frame.geometry.is_empty]
    found = frame["kode"].nunique()
    if found < MIN_KOMMUNER:
        raise BoundaryError(
            f"Filen {path} har kun {found} af de 98 kommuner (kolonne '{column}'); "
            f"der skal mindst være {MIN_KOMMUNER}."
        )
    dissolved = frame.dissolve("kode").reset_index().sort_values("kode")
    dissolved["kode"] = dissolved["kode"].astype(int)
    dissolved["navn"] = dissolved["kode"].map(_NAMES)
    return dissolved[["kode", "navn", "geometry"]].to_crs(WGS84).reset_index(drop=True)


# --- simplifying and GeoJSON -------------------------------------------------


def _rounded(geometries: np.ndarray) -> np.ndarray:
    import shapely

    rounded = shapely.transform(geometries, lambda xy: np.round(xy, DECIMALS))
    return shapely.remove_repeated_points(rounded)


def to_geojson(gdf: gpd.GeoDataFrame) -> dict:
    """FeatureCollection for ``go.Choropleth``: ``id`` = int kode, props kode/navn.

    Coordinates are rounded to ``DECIMALS`` and exterior rings turned clockwise:
    plotly draws with d3-geo, which reads a counter-clockwise ring (the GeoJSON RFC's
    orientation) as "everything but this polygon" and fills the globe.
    """
    import shapely

    geometries = shapely.orient_polygons(
        _rounded(gdf.to_crs(WGS84).geometry.values), exterior_cw=True
    )
    features = [
        {
            "type": "Feature",
            "id": int(kode),
            "properties": {"kode": format_kommunekode(int(kode)), "navn": navn},
            "geometry": json.loads(shapely.to_geojson(geometry)),
        }
        for kode, navn, geometry in zip(gdf["kode"], gdf["navn"], geometries, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict) -> bytes:
    """The compact UTF-8 encoding used for the size limit and the cache."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def simplify(gdf: gpd.GeoDataFrame, max_bytes: int = MAX_BYTES) -> gpd.GeoDataFrame:
    """Coverage-simplified copy whose GeoJSON (``to_geojson``) is under ``max_bytes``.

    Works in metres (EPSG:25832) and tries tolerances upward from
    ``FIRST_TOLERANCE_M``, keeping the first (i.e. most detailed) that fits. The
    tolerance used is stored in ``result.attrs["tolerance_m"]``.
    """
    import shapely

    metric = gdf.to_crs(METRIC_CRS)
    tolerance = FIRST_TOLERANCE_M
    while tolerance <= MAX_TOLERANCE_M:
        simplified = metric.copy()
        simplified.geometry = shapely.coverage_simplify(metric.geometry.values, tolerance)
        result = simplified.to_crs(WGS84)
        if len(geojson_bytes(to_geojson(result))) < max_bytes:
            result.attrs["tolerance_m"] = tolerance
            return result
        tolerance *= TOLERANCE_STEP
    raise BoundaryError(f"Grænserne kan ikke forenkles til under {max_bytes // 1000} KB.")


def prepare(path: str | Path) -> dict:
    """Read, simplify and convert a boundaries file: the GeoJSON the map draws."""
    return to_geojson(simplify(read_boundaries(path)))


# --- cache ---------------------------------------------------------------------


def cache_dir() -> Path:
    """``data/cache`` under the project root, or ``$LANDKORT_CACHE_DIR``."""
    return Path(settings.get(ENV_CACHE_DIR))


def cache_path() -> Path:
    """Where ``fetch`` and ``import`` leave the simplified boundaries."""
    return cache_dir() / "kommuner.geojson"


def _meta_path(geojson_path: Path) -> Path:
    return geojson_path.with_suffix(".meta.json")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)


def _write_cached(path: Path, collection: dict, meta: dict) -> None:
    data = geojson_bytes(collection)
    meta = {
        **meta,
        "kommuner": len(collection["features"]),
        "bytes": len(data),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    _write_atomic(path, data)
    _write_atomic(_meta_path(path), json.dumps(meta, ensure_ascii=False, indent=1).encode())


def read_meta(path: Path | None = None) -> dict | None:
    """What a cached GeoJSON came from (source, kommuner, bytes, created), if known."""
    meta = _meta_path(path or cache_path())
    try:
        return json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def import_boundaries(
    path: str | Path, source: dict | None = None, target: Path | None = None
) -> Path:
    """Read, simplify and cache a boundaries file as the map's boundaries (or write
    them to ``target``: how the shipped file ``SHIPPED`` is made)."""
    simplified = simplify(read_boundaries(path))
    # a file written elsewhere (into the repository) names its source without local paths
    where = Path(path).name if target else str(Path(path).resolve())
    meta = source or {"kilde": "fil", "sti": where}
    target = target or cache_path()
    meta = {**meta, "tolerance_m": round(simplified.attrs["tolerance_m"], 1)}
    _write_cached(target, to_geojson(simplified), meta)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _override_cache_path(sha256: str) -> Path:
    return cache_dir() / f"kommuner-{sha256[:16]}.geojson"


def override_path() -> Path | None:
    """The file named by ``$LANDKORT_BOUNDARIES``, if set."""
    value = settings.get(ENV_FILE)
    return Path(value).expanduser() if value else None


def load_override(path: Path) -> dict:
    """Boundaries from a user's file, simplified once and cached by content.

    The cache is keyed by the file's sha256; an unchanged size and mtime skips even
    the hashing, so a restart costs one ``stat`` and one JSON load.
    """
    stat = path.stat()
    stamp = {"sti": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    index_path = cache_dir() / "override-index.json"
    index = _read_json(index_path) or {}
    sha256 = index.get("sha256") if _same_stamp(index, stamp) else None
    sha256 = sha256 or _sha256(path)
    cached = _override_cache_path(sha256)
    if not cached.exists():
        source = {"kilde": ENV_FILE, "sti": stamp["sti"], "sha256": sha256}
        _write_cached(cached, prepare(path), source)
    if index.get("sha256") != sha256 or not _same_stamp(index, stamp):
        _write_atomic(index_path, json.dumps({**stamp, "sha256": sha256}).encode())
    return json.loads(cached.read_bytes())


def _same_stamp(index: dict, stamp: dict) -> bool:
    return all(index.get(key) == value for key, value in stamp.items())


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def load_boundaries() -> dict | None:
    """The kommune GeoJSON for the map, or None (the map then shows the hex map).

    ``$LANDKORT_BOUNDARIES`` wins when it names a usable file; a missing or broken
    file is logged and the cache from ``fetch``/``import`` is used instead, and without
    that the boundaries shipped with the project.
    """
    override = override_path()
    if override is not None:
        try:
            return load_override(override)
        except (OSError, BoundaryError) as exc:
            log.warning("%s=%s kan ikke bruges: %s", ENV_FILE, override, exc)
    for path in (cache_path(), SHIPPED):
        collection = _read_json(path)
        if isinstance(collection, dict):
            return collection
    return None
