"""Faults, each made to happen for real: an import killed halfway, the database going away
under a running server and coming back, and SQLite busy under concurrent writes."""

from __future__ import annotations

import glob
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bench.bench_import import write_file
from landkort import schema
from landkort.database import make_engine, open_database
from landkort.store import data_version, write_cells
from tests.conftest import fresh_database
from tests.example_cells import EXAMPLE, cells_frame
from tests.serving_helpers import ROOT, get, serve

pytestmark = pytest.mark.slow
PG_BIN = glob.glob("/usr/lib/postgresql/*/bin/initdb")


def _state(url: str) -> tuple[int, int, str]:
    """(cells, participations, data version): what an import changes."""
    engine = make_engine(url)
    with engine.connect() as conn:
        cells = conn.execute(select(func.count()).select_from(schema.fact)).scalar_one()
        part = conn.execute(select(func.count()).select_from(schema.participation)).scalar_one()
        version = data_version(conn)
    engine.dispose()
    return cells, part, version


def _example_database(url: str) -> None:
    engine = open_database(url)
    with engine.begin() as conn:
        write_cells(conn, cells_frame(EXAMPLE))
    engine.dispose()


def _import_process(url: str, *files: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "landkort", "import", *map(str, files)],
        cwd=ROOT,
        env={**os.environ, "LANDKORT_DATABASE_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _writing(url: str, database_file: Path) -> bool:
    """Whether the import has started writing cells (and not finished)."""
    if url.startswith("sqlite"):
        # Writing = holding the write lock, which the import takes first and keeps to the end.
        probe = sqlite3.connect(database_file, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as err:
            return "locked" in str(err)
        finally:
            probe.close()
    engine = make_engine(url)
    with engine.connect() as conn:
        busy = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND "
                "(query LIKE 'COPY fact_staging%' OR query LIKE 'INSERT INTO fact%' "
                "OR query LIKE 'UPDATE fact%' OR query LIKE 'INSERT INTO measure_totals%')"
            )
        ).scalar_one()
    engine.dispose()
    return busy > 0


def test_an_import_killed_halfway_leaves_the_database_as_it_was(tmp_path):
    database_file = tmp_path / "kill.db"
    url = fresh_database("landkort_faults", database_file)
    _example_database(url)
    before = _state(url)
    csv = tmp_path / "big.csv"
    write_file(csv, 150_000)

    process = _import_process(url, csv)
    deadline = time.monotonic() + 120
    while not _writing(url, database_file):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert _state(url) == before
    if url.startswith("sqlite"):
        with sqlite3.connect(database_file) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    rerun = _import_process(url, csv)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    cells, participations, version = _state(url)
    assert cells == before[0] + 150_000 and version != before[2]


def test_concurrent_writers_wait_for_each_other_and_both_succeed(tmp_path):
    """Two imports at once (SQLite, or the test server): the second waits for the first."""
    url = fresh_database("landkort_writers", tmp_path / "busy.db")
    _example_database(url)
    before = _state(url)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_file(first, 60_000, seed=1)
    # The same cells with other counts: the second import changes what the first wrote.
    write_file(second, 60_000, seed=2)
    processes = [_import_process(url, f) for f in (first, second)]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    cells, _, version = _state(url)
    assert cells == before[0] + 60_000 and version != before[2]


def test_sqlite_busy_too_long_fails_with_a_danish_message_and_writes_nothing(tmp_path):
    database_file = tmp_path / "locked.db"
    url = f"sqlite:///{database_file}"
    _example_database(url)
    before = _state(url)
    csv = tmp_path / "c.csv"
    write_file(csv, 2_000)
    holder = sqlite3.connect(database_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        process = _import_process(url, csv, LANDKORT_SQLITE_TIMEOUT="1")
        _, err = process.communicate(timeout=120)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert process.returncode == 3
    assert "Databasen er optaget af en anden skrivning" in err and "Intet er skrevet" in err
    assert "Traceback" not in err
    assert _state(url) == before


@pytest.fixture
def own_cluster():
    """A PostgreSQL cluster of this test's own, so it can be stopped and started."""
    if not PG_BIN:
        if os.environ.get("LANDKORT_TEST_DATABASES", "").strip() == "sqlite":
            pytest.skip("PostgreSQL er ikke installeret (LANDKORT_TEST_DATABASES=sqlite)")
        pytest.fail("PostgreSQL-serveren mangler: kør scripts/test, som installerer den.")
    # Under /tmp itself: the server's user must reach the folder (pytest's are private).
    folder = Path(tempfile.mkdtemp(prefix="landkort-pg-"))
    script = ROOT / "scripts" / "pg-cluster"
    url = subprocess.run(
        [script, "start", folder], capture_output=True, text=True, check=True
    ).stdout.strip()
    yield url, lambda action: subprocess.run([script, action, folder], check=True)
    subprocess.run([script, "stop", folder], check=False)


def test_database_outage_at_run_time_gives_503_and_recovers(own_cluster, tmp_path):
    url, cluster = own_cluster
    _example_database(url)
    served = serve(url, tmp_path / "s", LANDKORT_WORKERS="1")
    html = {"Accept": "text/html"}
    try:
        first = get(served.base + "/kommune/0187", headers=html)
        assert first[0] == 200, served.output()
        cluster("halt")
        status, body, headers = get(served.base + "/healthz")
        assert status == 503 and "Databasen svarer ikke" in body.decode()
        status, body, headers = get(served.base + "/kommune/0187", headers=html)
        page = body.decode()
        assert status == 503 and "Databasen svarer ikke lige nu" in page
        assert f"<code>{headers['X-Request-Id']}</code>" in page and "Traceback" not in page
        api = get(served.base + "/api/v1/runder")
        assert api[0] == 503 and "fejlnummer" in api[1].decode()
        cluster("resume")
        deadline = time.monotonic() + 30
        while get(served.base + "/healthz")[0] != 200:
            assert time.monotonic() < deadline, "the app did not recover"
            time.sleep(0.3)
        assert get(served.base + "/kommune/0187", headers=html)[0] == 200
        assert get(served.base + "/api/v1/runder")[0] == 200
    finally:
        served.stop()
    assert headers["X-Request-Id"] in served.output()
