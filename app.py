"""The Dash application: built by :func:`create_app`, run by ``python -m landkort serve``.

Nothing here touches the database at import time; configuration comes from
``landkort.settings``. Every page of ``layouts/pages.py`` brings its callbacks
(``callbacks/<key>.py``).
"""

from __future__ import annotations

import html
import importlib
import logging
import re
from collections.abc import Callable
from pathlib import Path

from dash import Dash
from flask import request, send_from_directory

import embed
import server
from api import create_blueprint
from callbacks import embed_dialog, kommune_prices, routing, shell
from callbacks.cacheable import answers_to_keep
from callbacks.shell import shell_layout
from landkort import settings
from landkort.database import make_engine, open_database
from layouts.components.script_loader import LOADER, scripts_for_later
from layouts.components.shell import INDEX_STRING
from layouts.components.static_html import first_view
from layouts.pages import PAGES, description_for
from layouts.registry import find_page
from server import callback_cache, geometry, static_cache
from server.page_address import index_address, page_address
from server.prefix import url_prefix
from server.runner import serve as run_server

ASSETS = static_cache.ASSETS
PLOTLY_BUNDLE = "vendor/plotly-landkort.min.js"
log = logging.getLogger("landkort.pages")


class LandkortDash(Dash):
    """Dash that loads our trimmed plotly.js (tools/plotly-bundle) instead of the full one,
    and whose index page carries the page's first view.

    The full bundle is 1.5 MB compressed; ours holds only the trace types the
    dashboard draws and is a third of that. dcc.Graph fetches plotly.js from a fixed
    path when the first graph appears; :func:`_serve_plotly_bundle` answers that path.
    """

    first_view: Callable[[], str] = staticmethod(lambda: "")

    def _setup_plotlyjs(self) -> None:
        version = static_cache.asset_version(ASSETS / PLOTLY_BUNDLE)
        self._plotlyjs_url = f"{self.get_asset_url(PLOTLY_BUNDLE)}?v={version}"

    def _collect_and_register_resources(self, resources, include_async=True, url_attr="src"):
        """Dash's script and style addresses, our assets' named by their content
        (``?v=``) instead of their modification time, so a browser keeps them for a year
        (server/static_cache.py)."""
        found = super()._collect_and_register_resources(resources, include_async, url_attr)
        return [_versioned(item, url_attr) for item in found if not _is_polyfill(item, url_attr)]

    def interpolate_index(self, **kwargs) -> str:
        """The index page with the description of the page its address shows (search
        engines and link previews read it before any script runs), plotly.js's
        versioned address (fetched early by a page with charts) and the page's first view.

        The first view is the page drawn as HTML (layouts/components/static_html.py): the
        browser shows it as soon as the HTML and style sheets are in. Dash's scripts are
        fetched after that first paint (layouts/components/script_loader.py), so they
        never hold it up, and the renderer starts when they have run."""
        description = html.escape(description_for(request.path), quote=True)
        plotly = html.escape(self._plotlyjs_url, quote=True)  # read by assets/plotly_url.js
        kwargs["metas"] = (
            f'<meta name="description" content="{description}">'
            f'<meta name="landkort-plotly" content="{plotly}">' + kwargs["metas"]
        )
        kwargs["css"] = _print_only(kwargs["css"])
        # plotly.js is fetched beside Dash's scripts, not after the first graph asks for it
        preload = [self._plotlyjs_url] if _draws_charts(request.path) else []
        scripts = static_cache.with_chunk_versions(kwargs["scripts"])
        kwargs["scripts"] = scripts_for_later(scripts, preload)
        kwargs["app_entry"] += self.first_view()
        return super().interpolate_index(**kwargs)


def first_view_html(engine) -> str:
    """The page the index request asks for, as HTML; empty if it cannot be drawn (the
    renderer then draws it as before)."""
    try:
        address = index_address()
        return first_view(shell_layout(engine, address), address.pathname, request.script_root)
    except Exception:  # noqa: BLE001 - the page still loads without its first view
        log.exception("første visning af %r kunne ikke tegnes", request.path)
        return ""


def _draws_charts(pathname: str) -> bool:
    """Whether the page at ``pathname`` shows charts (and so needs plotly.js at once)."""
    found = find_page(PAGES, pathname or "/")
    return found is not None and bool(found[0].charts)


def _print_only(css: str) -> str:
    """The print style sheet with ``media="print"``: the browser still fetches it, but
    no longer waits for it before it draws the page (it holds only ``@page`` and
    ``@media print`` rules)."""
    return re.sub(
        r'(<link rel="stylesheet" href="[^"]*/assets/print\.css[^"]*")', r'\1 media="print"', css
    )


def _is_polyfill(item, url_attr: str) -> bool:
    """Whether ``item`` is Babel's polyfill, which Dash loads before its renderer.

    Every browser React 18 runs in has what it polyfills (Promise, Symbol, Map, …) but
    for ``regeneratorRuntime``, which Dash's async chunks call: that comes from
    assets/vendor/regenerator-runtime-0.14.1.js. The polyfill cost 0.3-0.7 s of a
    first load's main thread in Lighthouse (its Promise wraps React's and Dash's)."""
    url = item[url_attr] if isinstance(item, dict) else item
    return isinstance(url, str) and "/deps/polyfill@" in url


_ASSET_URL = re.compile(r"/assets/(?P<path>[^?]+)\?m=[\d.]+$")


def _versioned(item, url_attr: str):
    """An asset's address with ``?v=<content hash>`` instead of ``?m=<mtime>``."""
    url = item[url_attr] if isinstance(item, dict) else item
    found = _ASSET_URL.search(url) if isinstance(url, str) else None
    if found is None:
        return item
    url = url[: found.start()] + f"/assets/{static_cache.versioned(found['path'])}"
    return {**item, url_attr: url} if isinstance(item, dict) else url


def _serve_plotly_bundle(app: Dash) -> None:
    # A rule without converters wins over Dash's /_dash-component-suites/<pkg>/<path>.
    @app.server.route("/_dash-component-suites/plotly/package_data/plotly.min.js")
    def plotly_bundle():
        return send_from_directory(ASSETS / "vendor", Path(PLOTLY_BUNDLE).name, max_age=86400)


def create_app(database_url: str | None = None) -> Dash:
    """A new app on the given database (default: the configured one).

    Served under ``LANDKORT_URL_PREFIX``: Flask's routes stay at ``/`` and the prefix is
    moved into ``SCRIPT_NAME`` (``server.prefix``); Dash is told it for the addresses
    the browser asks for. The engine reads each request's data in one snapshot
    (``consistent_reads``), so a page never mixes data from before and after an import.
    """
    engine = make_engine(database_url, consistent_reads=True)
    prefix = url_prefix()
    app = LandkortDash(
        __name__,
        requests_pathname_prefix=prefix,
        routes_pathname_prefix="/",
        title="Digitalt Landkort",
        assets_folder=str(ASSETS),
        serve_locally=True,
        suppress_callback_exceptions=True,
        compress=True,
        update_title=None,
        assets_ignore=r"plotly-landkort\.min\.js",
    )
    server.install(app.server, engine, prefix, app.csp_hashes)
    _serve_plotly_bundle(app)
    geometry.register(app.server)
    app.index_string = INDEX_STRING
    app.renderer = LOADER
    app.first_view = lambda: first_view_html(engine)
    app.layout = lambda: shell_layout(engine, page_address())
    shell.register(app)
    routing.register(app, engine)
    shared: set[str] = set()
    for page in PAGES:
        if page.callbacks:
            before = set(app.callback_map)
            importlib.import_module(f"callbacks.{page.key}").register(app, engine)
            if page.shared_answers:
                shared |= set(app.callback_map) - before
    kommune_prices.register(app, engine)  # answers depend on who asks: never kept
    app.server.register_blueprint(create_blueprint(engine))
    embed.register(app.server, engine)
    embed_dialog.register(app, engine)
    megabytes = int(settings.get("LANDKORT_CALLBACK_CACHE_MB") or 0)
    callback_cache.register(app.server, engine, answers_to_keep(shared), megabytes)
    static_cache.register(app.server, ASSETS)
    _register_scripts(app)
    return app


def _register_scripts(app: Dash) -> None:
    """Dash learns which script files it may serve when it first renders the index page.
    Under gunicorn each worker is its own process, and a worker asked for a script before
    it has rendered an index answered 500 ('"dash" is not a registered library', the page
    stuck at 'Loading...'). Render the script tags once per app instead."""
    with app.server.test_request_context("/"):
        app._generate_scripts_html()


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
    """Prepare the database and serve the app: gunicorn, or Flask's server with ``debug``."""
    return run_server(ensure_data, create_app, host=host, port=port, debug=debug)
