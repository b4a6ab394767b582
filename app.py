"""The Dash application: built by :func:`create_app`, run by ``python -m landkort serve``.

Nothing here touches the database at import time; configuration comes from
``landkort.settings``. Every page of ``layouts/pages.py`` brings its callbacks
(``callbacks/<key>.py``).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from dash import Dash
from flask import send_from_directory

import embed
from api import create_blueprint
from callbacks import embed_dialog, routing
from callbacks.shell import shell_layout
from landkort import settings
from landkort.database import make_engine, open_database
from layouts.pages import PAGES

ASSETS = Path(__file__).resolve().parent / "assets"
PLOTLY_BUNDLE = "vendor/plotly-landkort.min.js"


class LandkortDash(Dash):
    """Dash that loads our trimmed plotly.js (tools/plotly-bundle) instead of the full one.

    The full bundle is 1.5 MB compressed; ours holds only the trace types the
    dashboard draws and is a third of that. dcc.Graph fetches plotly.js from a fixed
    path when the first graph appears; :func:`_serve_plotly_bundle` answers that path.
    """

    def _setup_plotlyjs(self) -> None:
        self._plotlyjs_url = self.get_asset_url(PLOTLY_BUNDLE)


def _serve_plotly_bundle(app: Dash) -> None:
    # A rule without converters wins over Dash's /_dash-component-suites/<pkg>/<path>.
    @app.server.route("/_dash-component-suites/plotly/package_data/plotly.min.js")
    def plotly_bundle():
        return send_from_directory(ASSETS / "vendor", Path(PLOTLY_BUNDLE).name, max_age=86400)


def create_app(database_url: str | None = None) -> Dash:
    """A new app on the given database (default: the configured one)."""
    engine = make_engine(database_url)
    app = LandkortDash(
        __name__,
        title="Digitalt Landkort",
        assets_folder=str(ASSETS),
        serve_locally=True,
        suppress_callback_exceptions=True,
        compress=True,
        update_title=None,
        assets_ignore=r"plotly-landkort\.min\.js",
    )
    _serve_plotly_bundle(app)
    app.layout = lambda: shell_layout(engine)
    routing.register(app, engine)
    for page in PAGES:
        if page.callbacks:
            importlib.import_module(f"callbacks.{page.key}").register(app, engine)
    app.server.register_blueprint(create_blueprint(engine))
    embed.register(app.server, engine)
    embed_dialog.register(app, engine)
    return app


def ensure_data(database_url: str | None = None) -> None:
    """Initialise the database and, when it holds no cells, load the demo data."""
    engine = open_database(database_url)
    from landkort.status import dataset_status

    with engine.connect() as conn:
        empty = dataset_status(conn).empty
    if empty:
        from landkort.demo import load_demo

        size = settings.get("LANDKORT_DEMO_SIZE")
        print(f"Databasen er tom: indlæser demodata ({size}) …")
        load_demo(engine, size=size, seed=2011)
    engine.dispose()


def serve(host: str = "127.0.0.1", port: int = 8050, debug: bool = False) -> int:
    """Prepare the database and run the development server."""
    ensure_data()
    create_app().run(host=host, port=port, debug=debug)
    return 0
