"""The hex map against the real geography of ``../shared/geo`` (DAGI, 2014), or, where
that folder is absent, of the simplified DAGI boundaries shipped with the project.

A kommune has a *real neighbour* on the hex map when one of its hex neighbours is a
kommune whose polygon lies within 5 km of its own in ETRS89 / UTM 32N (EPSG:25832):
a shared border (distance 0) or a short water crossing such as Fanø–Esbjerg,
Als–Sundeved or the bridges to Langeland and Ærø's neighbours. Læsø (18.6 km off
Frederikshavn) and Bornholm (128 km off) have no real neighbour by this definition.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from landkort.geography.boundaries import SHIPPED
from landkort.geography.hexmap import (
    hex_center,
    hex_geojson,
    hex_label_positions,
    hex_neighbours,
    hex_positions,
)
from landkort.reference import KOMMUNER, format_kommunekode

SHARED_GEO = Path(__file__).resolve().parents[1].parent / "shared" / "geo"
DAGI = SHARED_GEO / "kommuner-dagi-2014.geojson"
WATER_CROSSING_M = 5_000
BORNHOLM = 400

SOURCE = DAGI if DAGI.exists() else SHIPPED


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area: positive for counter-clockwise rings (x east, y north)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def test_every_kommune_has_its_own_hexagon() -> None:
    positions = hex_positions()
    assert set(positions) == {k.kode for k in KOMMUNER}
    assert len(set(positions.values())) == 98


def test_neighbours_are_symmetric_and_at_most_six() -> None:
    for kode in hex_positions():
        neighbours = hex_neighbours(kode)
        assert len(neighbours) <= 6 and kode not in neighbours
        assert all(kode in hex_neighbours(other) for other in neighbours)


def test_geojson_holds_regular_clockwise_hexagons_near_origin() -> None:
    collection = hex_geojson()
    names = {k.kode: k.navn for k in KOMMUNER}
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 98
    for feature in collection["features"]:
        kode = feature["id"]
        assert isinstance(kode, int)
        assert feature["properties"] == {"kode": format_kommunekode(kode), "navn": names[kode]}
        (ring,) = feature["geometry"]["coordinates"]
        assert len(ring) == 7 and ring[0] == ring[-1]
        assert _signed_area(ring) < 0, "d3-geo (plotly) wants clockwise exterior rings"
        sides = [math.dist(a, b) for a, b in zip(ring, ring[1:], strict=False)]
        assert max(sides) - min(sides) < 1e-5
        assert all(abs(lon) <= 10 and abs(lat) <= 10 for lon, lat in ring)
    assert hex_label_positions()[187] != hex_label_positions()[101]


def test_geojson_is_a_copy() -> None:
    hex_geojson()["features"].clear()
    assert len(hex_geojson()["features"]) == 98


@pytest.fixture(scope="module")
def dagi():
    """Dissolved DAGI kommuner in EPSG:25832, indexed by int kommunekode."""
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(SOURCE).rename(columns={"kode": "KOMKODE"})
    frame["geometry"] = shapely.force_2d(frame.geometry.values)
    frame = frame[frame["KOMKODE"] != "0411"].dissolve("KOMKODE").to_crs(25832)
    frame.index = frame.index.astype(int)
    return frame


def test_layout_follows_the_map(dagi) -> None:
    """Spearman rank correlation of hex x/y with centroid lon/lat (Bornholm is an inset)."""
    centroids = dagi.geometry.centroid.to_crs(4326)
    codes = [k for k in hex_positions() if k != BORNHOLM]
    centres = {k: hex_center(*hex_positions()[k]) for k in codes}
    hex_x = pd.Series([centres[k][0] for k in codes])
    hex_y = pd.Series([centres[k][1] for k in codes])
    lon = pd.Series([centroids[k].x for k in codes])
    lat = pd.Series([centroids[k].y for k in codes])
    # Spearman = Pearson on ranks (average ranks for ties); SciPy is not installed.
    rho_x = hex_x.rank().corr(lon.rank())
    rho_y = hex_y.rank().corr(lat.rank())
    print(f"\nSpearman: hex x ~ længde {rho_x:.3f}, hex y ~ bredde {rho_y:.3f}")
    assert rho_x >= 0.85
    assert rho_y >= 0.85


def test_hex_neighbours_are_real_neighbours(dagi) -> None:
    geoms = dagi.geometry
    with_real = []
    real_pairs = hex_pairs = 0
    for kode in hex_positions():
        distances = geoms.distance(geoms[kode])
        real = {k for k, d in distances.items() if k != kode and d <= WATER_CROSSING_M}
        neighbours = hex_neighbours(kode)
        hex_pairs += len(neighbours)
        real_pairs += len(neighbours & real)
        if neighbours & real:
            with_real.append(kode)
    share = len(with_real) / 98
    lonely = sorted(set(hex_positions()) - set(with_real))
    print(
        f"\n{len(with_real)}/98 ({share:.1%}) har en ægte nabo blandt sekskantnaboerne; "
        f"{real_pairs / hex_pairs:.1%} af sekskantnaboskaberne er ægte; uden: {lonely}"
    )
    assert share >= 0.90
