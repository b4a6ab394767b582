"""A hex-grid map of the 98 kommuner: one equal hexagon each, laid out like Denmark.

On a geographic map the small kommuner around København are specks beside
Ringkøbing-Skjern; here every kommune gets the same area, so a colour is as visible
for Dragør as for Viborg. The layout needs no boundaries file and no network, which
makes it the map's fallback on a fresh offline machine.

The grid uses "odd-r" offset coordinates for pointy-top hexagons: ``(col, row)``,
``row`` counts northwards and odd rows sit half a hexagon to the east. Jylland is in
the west, Fyn in the middle, Sjælland in the east with København's kommuner spread out,
and Bornholm an inset far east. The layout was drafted from DAGI centroids, then
tuned by hand so that hex neighbours are, as far as possible, real neighbours
(``tests/test_hexmap.py`` holds it against the real geography).
"""

from __future__ import annotations

import copy
import math
from functools import cache

from landkort.reference import KOMMUNER, format_kommunekode

# Each line: the row number, then one cell per column from col 0; "." is sea.
# Cells hold kommunekoder without the leading zero. Odd rows are indented by half
# a cell so the picture looks like the map.
_LAYOUT = """
    16  .   .   .  860 813  .  825
    15    .   .  849 810
    14  .   .  787 851
    13    .  773 820 840
    12  .  671 779 846 730 707
    11   665 661 791 710 706  .   .   .   .  270 217
    10  .  760 657 740 746  .   .   .   .  260 219 210
     9    .  530 756 615 751  .   .  306 250 201 223 230
     8  .  573 630 766 727 741  .   .  316 240 190 173 157
     7   563 575 621 607  .   .   .  326 350 151 163 159 101
     6  .  561 510 410 480 440  .  330 340 265 165 175 147 185
     5    .  550 580 420 461 450  .  370 329 169 153 161 167 155
     4  .   .   .  540  .  430 479  .  259 269 253 183 187  .   .  400
     3    .   .   .   .   .  492 482  .  320 336
     2  .   .   .   .   .   .   .   .  390
     1    .   .   .   .   .   .   .  360 376
"""

# Degrees per hex step in the GeoJSON: the whole grid spans about 8 x 6 degrees
# around (0, 0), where an equirectangular projection keeps the hexagons regular.
_SCALE = 0.5
_SQRT3 = math.sqrt(3.0)

_EVEN_ROW_STEPS = ((1, 0), (-1, 0), (-1, 1), (0, 1), (-1, -1), (0, -1))
_ODD_ROW_STEPS = ((1, 0), (-1, 0), (0, 1), (1, 1), (0, -1), (1, -1))


@cache
def _parsed_layout() -> dict[int, tuple[int, int]]:
    positions: dict[int, tuple[int, int]] = {}
    for line in _LAYOUT.strip().splitlines():
        row_text, *cells = line.split()
        row = int(row_text)
        for col, cell in enumerate(cells):
            if cell == ".":
                continue
            kode = int(cell)
            if kode in positions:
                raise ValueError(f"Kommune {kode} står to gange i sekskantkortet")
            positions[kode] = (col, row)
    return positions


def hex_positions() -> dict[int, tuple[int, int]]:
    """Offset grid position ``(col, row)`` per kommunekode (odd-r, rows northwards)."""
    return dict(_parsed_layout())


def hex_center(col: int, row: int) -> tuple[float, float]:
    """Centre of a grid cell in plane units: neighbouring centres are 1 apart."""
    return col + 0.5 * (row & 1), row * _SQRT3 / 2


def hex_neighbours(kode: int) -> set[int]:
    """The kommuner on the (up to six) hexagons adjacent to ``kode``'s hexagon."""
    positions = _parsed_layout()
    by_cell = {cell: k for k, cell in positions.items()}
    col, row = positions[kode]
    steps = _ODD_ROW_STEPS if row & 1 else _EVEN_ROW_STEPS
    cells = ((col + dc, row + dr) for dc, dr in steps)
    return {by_cell[cell] for cell in cells if cell in by_cell}


@cache
def _offset() -> tuple[float, float]:
    """Plane point that maps to (0, 0) degrees: the middle of the grid's extent."""
    centres = [hex_center(*cell) for cell in _parsed_layout().values()]
    xs, ys = zip(*centres, strict=True)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _to_degrees(x: float, y: float) -> tuple[float, float]:
    ox, oy = _offset()
    return round((x - ox) * _SCALE, 6), round((y - oy) * _SCALE, 6)


def hex_label_positions() -> dict[int, tuple[float, float]]:
    """(lon, lat) of each hexagon's centre in the GeoJSON's frame, e.g. for labels."""
    return {k: _to_degrees(*hex_center(*cell)) for k, cell in _parsed_layout().items()}


def _hexagon_ring(col: int, row: int) -> list[list[float]]:
    """A closed pointy-top hexagon, clockwise as d3-geo (plotly) wants exteriors.

    d3-geo reads rings on the sphere: a counter-clockwise ring (the GeoJSON RFC's
    right-hand rule) would enclose the rest of the globe and fill it.
    """
    cx, cy = hex_center(col, row)
    radius = 1 / _SQRT3
    ring = []
    for i in range(6):
        angle = math.radians(90 - 60 * i)  # decreasing angle: clockwise
        lon, lat = _to_degrees(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        ring.append([lon, lat])
    ring.append(ring[0])
    return ring


@cache
def _geojson() -> dict:
    positions = _parsed_layout()
    features = [
        {
            "type": "Feature",
            "id": kommune.kode,
            "properties": {"kode": format_kommunekode(kommune.kode), "navn": kommune.navn},
            "geometry": {
                "type": "Polygon",
                "coordinates": [_hexagon_ring(*positions[kommune.kode])],
            },
        }
        for kommune in KOMMUNER
    ]
    return {"type": "FeatureCollection", "features": features}


def hex_geojson() -> dict:
    """FeatureCollection of one regular hexagon per kommune (``id`` = int kommunekode).

    Coordinates are a lon/lat-like frame near (0, 0); draw with ``go.Choropleth``,
    ``projection_type="equirectangular"`` and ``fitbounds="locations"``. The caller
    gets its own copy and may change it.
    """
    return copy.deepcopy(_geojson())


@cache
def short_names() -> dict[int, str]:
    """A three-letter label per kommune for its hexagon ('Køb', 'Aar', 'Frd'), unique:
    the first letter and the first pair of later letters no kommune before it took
    (kommunekode order, so the labels never change)."""
    taken: set[str] = set()
    out: dict[int, str] = {}
    for kommune in sorted(KOMMUNER, key=lambda k: k.kode):
        letters = [c for c in kommune.navn.lower() if c.isalpha()]
        candidates = (
            (letters[0] + a + b).capitalize()
            for i, a in enumerate(letters[1:], start=1)
            for b in letters[i + 1 :]
        )
        label = next((c for c in candidates if c not in taken), kommune.navn[:3])
        taken.add(label)
        out[kommune.kode] = label
    return out
