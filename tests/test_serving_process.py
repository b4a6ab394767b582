"""The real server (gunicorn behind ``python -m landkort serve``) as a process: graceful
shutdown, the access log, several workers sharing one database, a worker killed
mid-request, and a database that is not there at start."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from landkort.database import open_database
from landkort.store import write_cells
from tests.conftest import fresh_database
from tests.example_cells import EXAMPLE, cells_frame
from tests.serving_helpers import ROOT, get, serve, worker_pids

pytestmark = pytest.mark.slow
ACCESS_LINE = re.compile(
    r'^127\.0\.0\.1 - - \[[^\]]+\] "GET (\S+) HTTP/1\.1" (\d{3}) \d+ "[^"]*" "[^"]*" '
    r"\d+ms ([0-9a-f]{12})$",
    re.M,
)
TAL = "/api/v1/tal?runde=F2012&maal=selvbetjening"


@pytest.fixture
def served_db(tmp_path) -> str:
    """A database of its own (example cells) for servers in other processes."""
    url = fresh_database("landkort_serving", tmp_path / "served.db")
    engine = open_database(url)
    with engine.begin() as conn:
        write_cells(conn, cells_frame(EXAMPLE))
    engine.dispose()
    return url


def _import(url: str, csv: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "landkort", "import", str(csv), *extra],
        cwd=ROOT,
        env={**os.environ, "LANDKORT_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _vallensbaek_file(path: Path, selvbetjening: int) -> Path:
    path.write_text(
        "kommunekode;runde;opgave;henvendelsestype;retning;kanal;antal\n"
        f"0187;F2012;Flytning;Oprettelse ny sag;ind;Selvbetjening;{selvbetjening}\n"
        "0187;F2012;Flytning;Oprettelse ny sag;ind;Telefon;100\n",
        encoding="utf-8",
    )
    return path


def test_two_processes_see_an_import_at_their_next_request(served_db, tmp_path):
    """Each process keeps caches (compare data, rounds, API answers); an import made by a
    third process reaches both at their next request, because every cache is keyed on
    the data version."""
    one = serve(served_db, tmp_path / "one", LANDKORT_WORKERS="1")
    two = serve(served_db, tmp_path / "two", LANDKORT_WORKERS="1")
    try:
        before = [json.loads(get(s.base + TAL)[1]) for s in (one, two)]
        versions = [json.loads(get(s.base + "/healthz")[1])["dataversion"] for s in (one, two)]
        assert before[0] == before[1] and versions[0] == versions[1]
        done = _import(served_db, _vallensbaek_file(tmp_path / "v.csv", 900), "--replace")
        assert done.returncode == 0, done.stderr
        after = [json.loads(get(s.base + TAL)[1]) for s in (one, two)]
        new_versions = [json.loads(get(s.base + "/healthz")[1])["dataversion"] for s in (one, two)]
        assert after[0] == after[1] != before[0]
        assert new_versions[0] == new_versions[1] != versions[0]
        vallensbaek = [k for k in after[0]["kommuner"] if k["kode"] == "0187"][0]
        assert vallensbaek["n"] == 1000 and vallensbaek["andel"] == pytest.approx(0.9)
    finally:
        one.stop()
        two.stop()


def test_sigterm_lets_requests_in_flight_finish_and_logs_every_request(served_db, tmp_path):
    served = serve(served_db, tmp_path / "s", LANDKORT_WORKERS="2", LANDKORT_THREADS="4")
    # As many as the workers' threads: every one is in flight when the signal comes.
    paths = ["/embed/kort?runde=F2012", "/embed/udvikling?runde=F2012", TAL, TAL] * 2
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        futures = [pool.submit(get, served.base + p, 60) for p in paths]
        time.sleep(0.3)  # the requests are in, most still being answered
        served.process.send_signal(signal.SIGTERM)
        statuses = [f.result()[0] for f in futures]
    assert served.process.wait(timeout=40) == 0
    assert statuses == [200] * len(paths)
    log = served.output()
    assert "Handling signal: term" in log and "Shutting down" in log
    logged = ACCESS_LINE.findall(log)
    assert len([line for line in logged if line[1] == "200"]) >= len(paths)


def _workers_when_booted(master: int, count: int, gone: int = 0) -> list[int]:
    """The workers' pids once *count* have forked (and *gone* is reaped): serve() returns
    as soon as one worker answers, and on a busy machine the second may still be
    starting."""
    deadline = time.monotonic() + 30
    workers = worker_pids(master)
    while (len(workers) != count or gone in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = worker_pids(master)
    assert len(workers) == count and gone not in workers, workers
    return workers


def test_a_worker_killed_mid_request_leaves_the_others_serving(served_db, tmp_path):
    served = serve(served_db, tmp_path / "s", LANDKORT_WORKERS="2")
    try:
        workers = _workers_when_booted(served.process.pid, 2)
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(get, served.base + "/embed/kort?runde=F2012", 30)]
            futures += [pool.submit(get, served.base + TAL, 30) for _ in range(7)]
            os.kill(workers[0], signal.SIGKILL)
            results = []
            for f in futures:
                try:
                    results.append(f.result()[0])
                except OSError:
                    results.append("afbrudt")  # the killed worker's own request
        assert results.count(200) >= 1
        # Every request after the kill is answered, by the survivor or the replacement.
        assert [get(served.base + TAL)[0] for _ in range(20)] == [200] * 20
        _workers_when_booted(served.process.pid, 2, gone=workers[0])
    finally:
        assert served.stop() == 0


def test_a_database_that_is_not_there_at_start_stops_serve_with_a_danish_message(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "landkort", "serve", "--port", "1"],
        cwd=ROOT,
        env={
            **os.environ,
            "LANDKORT_DATABASE_URL": "postgresql+psycopg://landkort:hemmelig@127.0.0.1:1/landkort",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert "Kan ikke bruge databasen postgresql+psycopg://landkort:***@127.0.0.1:1/landkort" in (
        done.stderr
    )
    assert "Tjek LANDKORT_DATABASE_URL" in done.stderr
    assert "hemmelig" not in done.stderr and "Traceback" not in done.stderr


def test_debug_keeps_the_development_server(served_db, tmp_path):
    served = serve(served_db, tmp_path / "d", args=("--debug",))
    try:
        assert get(served.base + "/healthz")[0] == 200
    finally:
        served.stop()
    assert "gunicorn" not in served.output()
    assert "Debug mode: on" in served.output()
