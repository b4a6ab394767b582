"""Real boundaries: reading, coverage simplification, cache, DAWA download, CLI.

The DAGI file in ``../shared/geo`` is read in place (never copied into the repo) when
it is there; elsewhere the tests read the simplified boundaries shipped with the project
(``boundaries.SHIPPED``, made from it), so they run on any clone. Test inputs derived
from either live in pytest's tmp_path, and the cache directory is a tmp_path too
(``LANDKORT_CACHE_DIR``), so no test writes into the project.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from landkort.geography import boundaries
from landkort.geography.boundaries import (
    BoundaryError,
    cache_path,
    import_boundaries,
    load_boundaries,
    read_boundaries,
)
from landkort.geography.cli import cli_boundaries
from landkort.geography.fetch import FetchError, fetch_boundaries
from landkort.reference import KOMMUNER

SHARED_GEO = Path(__file__).resolve().parents[1].parent / "shared" / "geo"
DAGI = SHARED_GEO / "kommuner-dagi-2014.geojson"

SOURCE = DAGI if DAGI.exists() else boundaries.SHIPPED  # the original, or what ships


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(cache))
    monkeypatch.delenv("LANDKORT_BOUNDARIES", raising=False)
    monkeypatch.delenv("LANDKORT_BOUNDARIES_URL", raising=False)
    return cache


# --- helpers -------------------------------------------------------------------


def _squares(codes: list[str], column: str = "kode") -> dict:
    """A small FeatureCollection of unit squares, one per code."""
    features = [
        {
            "type": "Feature",
            "properties": {column: code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[i, 0], [i + 1, 0], [i + 1, 1], [i, 1], [i, 0]]],
            },
        }
        for i, code in enumerate(codes)
    ]
    return {"type": "FeatureCollection", "features": features}


def _write(path: Path, collection: dict) -> Path:
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def _signed_area(ring) -> float:
    """Shoelace area: positive for counter-clockwise rings (x east, y north)."""
    pairs = zip(ring, ring[1:], strict=False)
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairs) / 2


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


@pytest.fixture(scope="module")
def dagi_frame():
    """The raw DAGI features (311 polygons, 99 codes), 2-D; without ../shared the shipped
    boundaries under DAGI's column names."""
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(SOURCE).rename(columns={"kode": "KOMKODE", "navn": "KOMNAVN"})
    frame["geometry"] = shapely.force_2d(frame.geometry.values)
    return frame


@pytest.fixture(scope="module")
def dawa_file(tmp_path_factory: pytest.TempPathFactory, dagi_frame) -> Path:
    """A DAWA-shaped GeoJSON: one feature per kode ('0101'), Christiansø included."""
    dissolved = dagi_frame.dissolve("KOMKODE").reset_index()
    dissolved = dissolved.rename(columns={"KOMKODE": "kode", "KOMNAVN": "navn"})
    dissolved["regionskode"] = "1084"
    path = tmp_path_factory.mktemp("dawa") / "kommuner.geojson"
    dissolved[["kode", "navn", "regionskode", "geometry"]].to_file(path, driver="GeoJSON")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, float]:
    """The DAGI file imported once: (GeoJSON written to the cache, seconds taken)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LANDKORT_CACHE_DIR", str(tmp_path_factory.mktemp("imported")))
        started = time.perf_counter()
        path = import_boundaries(SOURCE)
        elapsed = time.perf_counter() - started
        return json.loads(path.read_bytes()), elapsed


# --- the DAGI import ---------------------------------------------------------------


def test_dagi_import_gives_98_kommuner_under_300_kb(imported) -> None:
    collection, elapsed = imported
    size = len(boundaries.geojson_bytes(collection))
    print(f"\nDAGI → {len(collection['features'])} kommuner, {size / 1000:.0f} KB, {elapsed:.2f} s")
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == 98 and len(set(ids)) == 98
    assert all(isinstance(i, int) for i in ids)
    assert 411 not in ids
    assert size < 300_000
    first = collection["features"][0]
    assert first["id"] == 101
    assert first["properties"] == {"kode": "0101", "navn": "København"}


def test_simplified_kommuner_keep_shared_borders(imported, dagi_frame) -> None:
    import geopandas as gpd
    import shapely

    collection, _ = imported
    simplified = gpd.GeoDataFrame.from_features(collection["features"], crs=4326)
    simplified.index = [f["id"] for f in collection["features"]]
    simplified = simplified.to_crs(25832).geometry
    assert shapely.coverage_is_valid(simplified.values)

    original = dagi_frame[dagi_frame["KOMKODE"] != "0411"].dissolve("KOMKODE").to_crs(25832)
    original.index = original.index.astype(int)
    pairs = kept = 0
    for kode, geometry in original.geometry.items():
        for other in original.index[original.geometry.touches(geometry)]:
            shared = geometry.boundary.intersection(original.geometry[other].boundary).length
            if kode < other and shared > 500:  # a real border, not a corner
                pairs += 1
                after = simplified[kode].boundary.intersection(simplified[other].boundary)
                kept += after.length > 0
    print(f"\n{kept}/{pairs} fælles grænser bevaret efter forenkling")
    assert pairs > 150
    assert kept == pairs


def test_rings_are_clockwise_outside_and_counter_clockwise_inside(imported) -> None:
    collection, _ = imported
    for feature in collection["features"]:
        for exterior, *holes in _polygons(feature["geometry"]):
            assert _signed_area(exterior) < 0, feature["properties"]["navn"]
            assert all(_signed_area(hole) > 0 for hole in holes)


# --- reading: code columns and errors ------------------------------------------------


@pytest.mark.parametrize(
    ("column", "convert"),
    [
        ("kode", str),
        ("KOMKODE", str),
        ("Kommunekode", int),
        ("lau_1", lambda code: f"DK{int(code)}"),
    ],
)
def test_code_column_is_detected(tmp_path: Path, dagi_frame, column: str, convert) -> None:
    import shapely

    frame = dagi_frame.rename(columns={"KOMKODE": column}).drop(columns="KOMNAVN")
    frame[column] = frame[column].map(convert)
    frame["geometry"] = shapely.simplify(frame.geometry.values, 0.01)  # small and quick
    path = tmp_path / f"{column}.gpkg"
    frame.to_file(path)
    result = read_boundaries(path)
    assert len(result) == 98
    assert 411 not in set(result["kode"])
    assert result.loc[result["kode"] == 187, "navn"].item() == "Vallensbæk"
    assert not result.geometry.has_z.any()


def test_file_without_code_column_gives_danish_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "uden.geojson", _squares(["0101"], column="name"))
    with pytest.raises(BoundaryError, match="ingen kolonne med kommunekoder") as caught:
        read_boundaries(path)
    assert isinstance(caught.value, ValueError)
    assert "KOMKODE" in str(caught.value)


def test_file_with_too_few_kommuner_gives_danish_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "faa.geojson", _squares(["0101", "0147", "0411", "9999"]))
    with pytest.raises(BoundaryError, match="kun 2 af de 98 kommuner"):
        read_boundaries(path)


def test_unreadable_file_gives_danish_error(tmp_path: Path) -> None:
    path = tmp_path / "tekst.geojson"
    path.write_text("ikke geodata", encoding="utf-8")
    with pytest.raises(BoundaryError, match="Kunne ikke læse"):
        read_boundaries(path)


# --- download from a local server ------------------------------------------------


@pytest.fixture
def server(dawa_file: Path):
    """A threaded HTTP server on 127.0.0.1 (free port): /kommuner, /fejl, /tekst."""

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            route = self.path.split("?")[0]
            if route == "/kommuner":
                body, status = dawa_file.read_bytes(), 200
            elif route == "/tekst":
                body, status = b"<html>ikke json</html>", 200
            else:
                body, status = b"intern fejl", 500
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_downloads_simplifies_and_caches(server: str, isolated_cache: Path) -> None:
    path = fetch_boundaries(f"{server}/kommuner?format=geojson")
    assert path == cache_path() and path.parent == isolated_cache
    collection = json.loads(path.read_bytes())
    assert len(collection["features"]) == 98
    assert path.stat().st_size < 300_000
    assert boundaries.read_meta()["url"].startswith(server)
    assert [p.name for p in isolated_cache.iterdir() if p.name.startswith("download-")] == []
    assert load_boundaries() == collection


def test_fetch_url_from_environment(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANDKORT_BOUNDARIES_URL", f"{server}/kommuner")
    assert fetch_boundaries() == cache_path()


def test_fetch_http_500_gives_clear_error(server: str) -> None:
    with pytest.raises(FetchError, match="Serveren svarede 500"):
        fetch_boundaries(f"{server}/fejl")
    assert not cache_path().exists()


def test_fetch_non_json_gives_clear_error(server: str) -> None:
    with pytest.raises(FetchError, match="ikke gyldig JSON"):
        fetch_boundaries(f"{server}/tekst")


def test_fetch_unreachable_gives_clear_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="Kunne ikke hente"):
        fetch_boundaries(f"http://127.0.0.1:{port}/kommuner", timeout=5)


# --- which boundaries the map uses ----------------------------------------------


def test_without_fetch_or_import_the_shipped_boundaries_are_used(
    capsys: pytest.CaptureFixture[str],
) -> None:
    collection = load_boundaries()
    assert collection == json.loads(boundaries.SHIPPED.read_bytes())
    assert len(collection["features"]) == 98
    assert cli_boundaries("status") == 0
    out = capsys.readouterr().out
    assert "medfølgende kommunegrænser" in out and "DAGI" in out


def test_without_any_boundaries_the_map_falls_back_to_hexagons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(boundaries, "SHIPPED", tmp_path / "fjernet.geojson")
    assert load_boundaries() is None


def test_shipped_boundaries_are_light_complete_and_keep_shared_borders() -> None:
    import geopandas as gpd
    import shapely

    data = boundaries.SHIPPED.read_bytes()
    collection = json.loads(data)
    ids = [f["id"] for f in collection["features"]]
    assert len(data) <= 300_000
    assert sorted(ids) == sorted(k.kode for k in KOMMUNER) and 411 not in ids
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs=4326).to_crs(25832)
    assert shapely.coverage_is_valid(frame.geometry.values)
    touching = sum(int(frame.geometry.touches(g).sum()) for g in frame.geometry) // 2
    assert touching > 150  # neighbours share their border (no gaps from simplifying alone)
    readme = (boundaries.SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    assert "boundaries import ../shared/geo/kommuner-dagi-2014.geojson" in readme
    assert boundaries.CREDIT in readme


@pytest.mark.skipif(not DAGI.exists(), reason=f"DAGI-originalen findes ikke i {SHARED_GEO}")
def test_shipped_boundaries_are_what_the_import_command_makes(tmp_path: Path) -> None:
    target = tmp_path / "kommuner.geojson"
    assert cli_boundaries("import", path=str(DAGI), output=str(target)) == 0
    assert json.loads(target.read_bytes()) == json.loads(boundaries.SHIPPED.read_bytes())


def test_environment_file_is_used_and_cached(
    dawa_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANDKORT_BOUNDARIES", str(dawa_file))
    first = load_boundaries()
    assert first is not None and len(first["features"]) == 98

    def no_recompute(path):
        raise AssertionError("the cached result should have been used")

    monkeypatch.setattr(boundaries, "prepare", no_recompute)
    monkeypatch.setattr(boundaries, "_sha256", no_recompute)  # size+mtime unchanged
    assert load_boundaries() == first
    assert cli_boundaries("status") == 0
    assert "LANDKORT_BOUNDARIES" in capsys.readouterr().out


def test_missing_environment_file_falls_back_to_cache(
    tmp_path: Path, dawa_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_boundaries(dawa_file)
    monkeypatch.setenv("LANDKORT_BOUNDARIES", str(tmp_path / "findes-ikke.geojson"))
    collection = load_boundaries()
    assert collection is not None and len(collection["features"]) == 98


def test_cli_import_and_status(dawa_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_boundaries("import", path=str(dawa_file)) == 0
    out = capsys.readouterr().out
    assert "Indlæste 98 kommuner" in out and "KB" in out and str(cache_path()) in out
    assert cli_boundaries("status") == 0
    assert "gemte kommunegrænser" in capsys.readouterr().out


def test_cli_error_is_danish_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "uden.geojson", _squares(["0101"], column="name"))
    assert cli_boundaries("import", path=str(path)) == 1
    assert "Fejl: Filen har ingen kolonne med kommunekoder" in capsys.readouterr().err
