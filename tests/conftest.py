"""Shared fixtures: a fresh, initialised database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from landkort import schema
from landkort.database import make_engine, open_database

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file in the test's own folder (or LANDKORT_TEST_DATABASE_URL)."""
    return os.environ.get("LANDKORT_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


def server_test_url() -> str | None:
    """LANDKORT_TEST_DATABASE_URL when it names a database server (PostgreSQL), else None."""
    url = os.environ.get("LANDKORT_TEST_DATABASE_URL")
    return url if url and not url.startswith("sqlite") else None


def fresh_database(name: str, fallback: Path) -> str:
    """A new, empty database for one group of tests: ``name`` on the test server when
    there is one (LANDKORT_TEST_DATABASE_URL), else the SQLite file ``fallback``.

    Tests that run a server process beside the function-scoped ``engine`` fixture need
    their own database, or that fixture would drop the tables under the server's feet.
    """
    base = server_test_url()
    if base is None:
        return f"sqlite:///{fallback}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_everything(url: str) -> None:
    """Start a shared server database (PostgreSQL) from nothing, like a fresh file."""
    eng = make_engine(url)
    with eng.begin() as conn:
        schema.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    eng.dispose()


_TEMPLATES: set[str] = set()


def fresh_from_template(url: str) -> None:
    """The server database ``url`` made anew as a copy of an initialised template (made
    once per run): PostgreSQL copies a database faster than migrations can build one."""
    target = make_url(url)
    template = f"{target.database}_template"
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if template not in _TEMPLATES:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{template}"'))
            made = open_database(target.set(database=template).render_as_string(False))
            made.dispose()
            _TEMPLATES.add(template)
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}" TEMPLATE "{template}"'))
    admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Engine:
    """An initialised (migrated and seeded) database."""
    if not db_url.startswith("sqlite"):
        fresh_from_template(db_url)
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


@pytest.fixture(scope="session")
def small_demo_url(tmp_path_factory) -> str:
    """The small demo set, loaded once for the whole run, for tests that only read it
    (its own database, so the per-test ``engine`` fixture never drops it)."""
    from landkort.demo import load_demo

    url = fresh_database("landkort_small_demo", tmp_path_factory.mktemp("demo") / "demo.db")
    engine = open_database(url)
    load_demo(engine, size="small", seed=2011)
    engine.dispose()
    return url
