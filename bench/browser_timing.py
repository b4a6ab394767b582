"""Shared by the benchmarks: run the app on 127.0.0.1 and time pages in headless Chromium."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMEDRIVER,
    CHROMIUM,
    CHROMIUM_FLAGS,
    _free_port,
)

CACHE = ROOT / "bench" / "out" / "cache"


@contextlib.contextmanager
def running_app(database_url: str, boundaries: str | None, root: Path = ROOT) -> Iterator[str]:
    """``python -m landkort serve`` on a free port; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "LANDKORT_DATABASE_URL": database_url, "LANDKORT_CACHE_DIR": str(CACHE)}
    env.pop("LANDKORT_BOUNDARIES", None)
    if boundaries:
        env["LANDKORT_BOUNDARIES"] = boundaries
    server = subprocess.Popen(
        [sys.executable, "-m", "landkort", "serve", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait()


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def time_page(url: str, drawn_script: str, attempts: int = 3, settle: float = 1.5) -> dict:
    """Median ms from navigation until ``drawn_script`` returns a time, and max KB sent.

    ``drawn_script`` returns ``performance.now()`` once the page shows what it is for,
    else null. Transfer is the sum of every response's encoded (compressed) length.
    """
    results = []
    for attempt in range(attempts):
        driver = _driver()
        try:
            driver.get(url)
            drawn = None
            for _ in range(600):
                drawn = driver.execute_script(drawn_script)
                if drawn:
                    break
                time.sleep(0.02)
            time.sleep(settle)
            transferred = sum(
                message["params"]["encodedDataLength"]
                for message in (
                    json.loads(e["message"])["message"] for e in driver.get_log("performance")
                )
                if message["method"] == "Network.loadingFinished"
            )
        finally:
            driver.quit()
        results.append((drawn, transferred))
        print(f"  forsøg {attempt + 1}: tegnet efter {drawn:.0f} ms, {transferred / 1024:.0f} KB")
    return {
        "drawn_ms_median": statistics.median(r[0] for r in results),
        "transferred_kb_max": max(r[1] for r in results) / 1024,
    }
