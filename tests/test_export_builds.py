"""Export files under load (issue 14, points 3 and 6): one build per file and data
version, a bounded number of builds at once (a Danish 503 with Retry-After beyond it),
and no XLSX above the row bound."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from landkort.export import files
from tests.compare_helpers import load_example


@pytest.fixture
def cache(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    load_example(engine)
    return tmp_path


@pytest.fixture
def client(cache, db_url):
    from app import create_app

    return create_app(db_url).server.test_client()


def _slow_builds(monkeypatch, seconds: float) -> list[str]:
    """Count the builds and make each take ``seconds``."""
    built: list[str] = []
    real = files._build

    def build(conn, fmt, runde, kommune, folder, path):
        built.append(path.name)
        time.sleep(seconds)
        real(conn, fmt, runde, kommune, folder, path)

    monkeypatch.setattr(files, "_build", build)
    return built


def test_parallel_requests_build_the_file_once(cache, engine, monkeypatch):
    built = _slow_builds(monkeypatch, 0.3)

    def one(_):
        with engine.connect() as conn:
            return files.export_file(conn, "csv", None, None)

    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(one, range(8)))
    assert len(set(paths)) == 1 and paths[0].exists()
    assert len(built) == 1


def test_beyond_the_build_limit_the_api_says_503_in_danish(client, cache, monkeypatch):
    locks = files._lock_folder()
    held = [files._locked(locks / f"bygning-{i}.lock", 0) for i in range(files.MAX_BUILDS)]
    assert all(h.__enter__() is not None for h in held)  # every slot busy elsewhere
    try:
        response = client.get("/api/v1/eksport?format=csv")
    finally:
        for h in held:
            h.__exit__(None, None, None)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(files.RETRY_AFTER)
    answer = response.get_json()
    assert answer["status"] == 503 and "Prøv igen om lidt" in answer["fejl"]
    assert client.get("/api/v1/eksport?format=csv").status_code == 200  # slots free again


def test_a_build_of_the_same_file_is_waited_for_not_repeated(cache, engine, monkeypatch):
    built = _slow_builds(monkeypatch, 0.5)
    results: list = []

    def first():
        with engine.connect() as conn:
            results.append(files.export_file(conn, "csv", 2, None))

    thread = threading.Thread(target=first)
    thread.start()
    while not built:
        time.sleep(0.01)
    with engine.connect() as conn:
        with pytest.raises(files.Busy):
            files.export_file(conn, "csv", 2, None, wait=0.05)  # gives up in time
        path = files.export_file(conn, "csv", 2, None)  # waits, then finds it built
    thread.join()
    assert results == [path] and built == [path.name]


def test_xlsx_above_the_row_bound_is_refused_before_reading(client, monkeypatch):
    monkeypatch.setattr(files, "XLSX_MAX_ROWS", 3)

    def no_reading(*args, **kwargs):
        raise AssertionError("read the rows of a refused export")

    monkeypatch.setattr(files, "export_frame", no_reading)
    response = client.get("/api/v1/eksport?format=xlsx")
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["parameter"] == "format"
    assert "højst 3" in answer["fejl"] and "CSV" in answer["fejl"]


def test_xlsx_within_the_bound_is_built(client, monkeypatch):
    monkeypatch.setattr(files, "XLSX_MAX_ROWS", 10_000)
    response = client.get("/api/v1/eksport?format=xlsx&kommune=0187")
    assert response.status_code == 200 and response.data[:2] == b"PK"
