"""Shared fixtures: a fresh, initialised database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine

from landkort.database import open_database

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file in the test's own folder (or LANDKORT_TEST_DATABASE_URL)."""
    return os.environ.get("LANDKORT_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(db_url: str) -> Engine:
    """An initialised (migrated and seeded) database."""
    eng = open_database(db_url)
    yield eng
    eng.dispose()
