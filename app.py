"""The Dash application: built by :func:`create_app`, run by ``python -m landkort serve``.

Nothing here touches the database at import time; configuration comes from the
environment (``LANDKORT_DATABASE_URL``, ``LANDKORT_DEMO_SIZE``).
"""

from __future__ import annotations

import os
from pathlib import Path

from dash import Dash

from callbacks import map_page, routing
from callbacks.shell import shell_layout
from landkort.database import make_engine, open_database

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(database_url: str | None = None) -> Dash:
    """A new app on the given database (default: the configured one)."""
    engine = make_engine(database_url)
    app = Dash(
        __name__,
        title="Digitalt Landkort",
        assets_folder=str(ASSETS),
        serve_locally=True,
        suppress_callback_exceptions=True,
        compress=True,
        update_title=None,
    )
    app.layout = lambda: shell_layout(engine)
    routing.register(app, engine)
    map_page.register(app, engine)
    return app


def ensure_data(database_url: str | None = None) -> None:
    """Initialise the database and, when it holds no cells, load the demo data."""
    engine = open_database(database_url)
    from landkort.status import dataset_status

    with engine.connect() as conn:
        empty = dataset_status(conn).empty
    if empty:
        from landkort.demo import load_demo

        size = os.environ.get("LANDKORT_DEMO_SIZE", "small")
        print(f"Databasen er tom: indlæser demodata ({size}) …")
        load_demo(engine, size=size, seed=2011)
    engine.dispose()


def serve(host: str = "127.0.0.1", port: int = 8050, debug: bool = False) -> int:
    """Prepare the database and run the development server."""
    ensure_data()
    create_app().run(host=host, port=port, debug=debug)
    return 0
