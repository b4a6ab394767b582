"""Shared fixtures: a fresh, initialised database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from landkort import schema
from landkort.database import make_engine, open_database

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file in the test's own folder (or LANDKORT_TEST_DATABASE_URL)."""
    return os.environ.get("LANDKORT_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


def drop_everything(url: str) -> None:
    """Start a shared server database (PostgreSQL) from nothing, like a fresh file."""
    eng = make_engine(url)
    with eng.begin() as conn:
        schema.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    eng.dispose()


@pytest.fixture
def engine(db_url: str) -> Engine:
    """An initialised (migrated and seeded) database."""
    if not db_url.startswith("sqlite"):
        drop_everything(db_url)
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def conn(engine):
    """A connection to a database holding the hand-computed cells of example_cells."""
    from landkort.store import write_cells
    from tests.example_cells import EXAMPLE, cells_frame

    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE))
    with engine.connect() as c:
        yield c
