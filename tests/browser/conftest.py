"""Browser tests: the app on 127.0.0.1 with small demo data, driven by headless Chromium.

Chromium and ChromeDriver come from Debian (``scripts/test`` installs them). Without
them the tests fail rather than skip, unless LANDKORT_SKIP_BROWSER=1 says so on purpose.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from landkort.database import open_database

ROOT = Path(__file__).resolve().parents[2]
SHARED_GEO = ROOT.parent / "shared" / "geo" / "kommuner-dagi-2014.geojson"
CHROMIUM = os.environ.get("LANDKORT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("LANDKORT_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("LANDKORT_SKIP_BROWSER") == "1":
        skip = pytest.mark.skip(reason="LANDKORT_SKIP_BROWSER=1")
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    """A database with the small demo set (seed 2011): a SQLite file, or its own database
    on the test server when LANDKORT_TEST_DATABASE_URL names one."""
    from landkort.demo import load_demo
    from tests.conftest import fresh_database

    url = fresh_database("landkort_browser", tmp_path_factory.mktemp("browser-db") / "demo.db")
    engine = open_database(url)
    load_demo(engine, size="small", seed=2011)
    engine.dispose()
    return url


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Serveren stoppede:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Serveren svarede ikke:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(demo_url, tmp_path_factory) -> str:
    """The app as users run it (``python -m landkort serve``), on a free local port."""
    port = _free_port()
    tmp = tmp_path_factory.mktemp("server")
    env = {**os.environ, "LANDKORT_DATABASE_URL": demo_url, "LANDKORT_CACHE_DIR": str(tmp)}
    # no LANDKORT_BOUNDARIES: the geographic map draws from the boundaries the project
    # ships, as on a fresh clone with no network and no ../shared
    env.pop("LANDKORT_BOUNDARIES", None)
    log = tmp / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "landkort", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail(
            f"Chromium ({CHROMIUM}) og ChromeDriver ({CHROMEDRIVER}) mangler: kør scripts/test, "
            "som installerer dem, eller sæt LANDKORT_SKIP_BROWSER=1."
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile_dir()}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def tempfile_dir() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="landkort-chromium-")


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where tests save what they saw (LANDKORT_SCREENSHOTS to keep them)."""
    path = os.environ.get("LANDKORT_SCREENSHOTS")
    folder = Path(path) if path else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
