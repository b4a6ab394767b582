"""``python -m landkort backup``: SQLite's online backup, taken while an import writes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

from bench.bench_import import write_file
from tests.serving_helpers import ROOT
from tests.test_faults import _example_database, _import_process, _state, _writing


def _backup(url: str, target) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "landkort", "backup", str(target)],
        cwd=ROOT,
        env={**os.environ, "LANDKORT_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_backup_during_an_import_is_the_consistent_state_before_it(tmp_path):
    database = tmp_path / "live.db"
    url = f"sqlite:///{database}"
    _example_database(url)
    before = _state(url)
    csv = tmp_path / "big.csv"
    write_file(csv, 150_000)
    importer = _import_process(url, csv)
    deadline = time.monotonic() + 120
    while not _writing(url, database):
        assert importer.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    done = _backup(url, tmp_path / "kopi.db")
    importer.communicate(timeout=300)
    assert importer.returncode == 0
    assert done.returncode == 0, done.stderr
    copy = f"sqlite:///{tmp_path / 'kopi.db'}"
    assert _state(copy) == before
    assert _state(url)[0] == before[0] + 150_000
    with sqlite3.connect(tmp_path / "kopi.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    done = _backup("postgresql+psycopg://landkort@127.0.0.1:1/landkort", tmp_path / "x")
    assert done.returncode == 1 and "pg_dump -Fc" in done.stderr
    assert not (tmp_path / "x").exists()
