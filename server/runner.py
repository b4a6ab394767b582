"""``python -m landkort serve``: the app under gunicorn, or Flask's server with ``--debug``.

gunicorn's ``gthread`` workers: ``LANDKORT_WORKERS`` processes (default 4, two per core
of a small server) with ``LANDKORT_THREADS`` threads each (default 2: a request spends
some of its time waiting for the database or in code that releases the GIL). More
processes and fewer threads keep a light callback from queueing for the GIL behind a
heavy one in the same process: with 50 users on this 2-core machine
(``bench/load.py``) 4 × 2 answered callbacks at p95 168 ms and p99 467 ms where 2 × 4
took 220 and 682 ms. Memory is the price: about 350 MB a process on the medium set.
Each worker builds its own app and engine after the fork (no ``preload``), so no
database connection is shared between processes; every in-memory cache is keyed on
the data version, so an import seen by one worker is seen by all at their next request.

SIGTERM (systemd's stop) is gunicorn's graceful shutdown: no new connections, requests
in flight finish (up to 30 s), then the workers exit. SIGHUP reloads the workers. The
access log goes to standard output in the combined log format, with the time taken and
the request id added at the end.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from landkort import settings
from landkort.database import EXIT_DATABASE, database_message

ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %({x-request-id}o)s'
)
LOG_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"


def _positive_int(name: str) -> int:
    raw = settings.get(name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise SystemExit(f"{name} skal være et helt tal større end 0 (ikke '{raw}').")
    return value


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict:
    """The gunicorn settings ``serve`` uses."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "proc_name": "landkort",
        "forwarded_allow_ips": "",  # proxies are judged by server.proxy, not by gunicorn
        "preload_app": False,
        # gunicorn 27's control socket lives in $HOME: two servers on one machine (tests,
        # a staging copy) would fight over it, and nothing here uses it.
        "control_socket_disable": True,
    }


def run_gunicorn(factory: Callable[[], object], options: dict) -> int:
    """Run ``factory()``'s WSGI app under gunicorn until it is stopped."""
    from gunicorn.app.base import BaseApplication

    class _Landkort(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return factory()

    _Landkort().run()
    return 0


def serve(
    prepare: Callable[[], None],
    factory: Callable[[], object],
    *,
    host: str,
    port: int,
    debug: bool,
) -> int:
    """Prepare the database (``prepare``), then serve ``factory()``'s app.

    A database that cannot be reached stops here with a Danish message and exit status
    3, before any worker starts.
    """
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        prepare()
    except SQLAlchemyError as err:
        print(database_message(err), file=sys.stderr)
        return EXIT_DATABASE
    if debug:
        factory().run(host=host, port=port, debug=True)
        return 0
    workers = _positive_int("LANDKORT_WORKERS")
    threads = _positive_int("LANDKORT_THREADS")
    return run_gunicorn(lambda: factory().server, gunicorn_options(host, port, workers, threads))
