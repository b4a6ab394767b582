"""Behind a real reverse proxy: the app under gunicorn at /landkort/ behind Debian's nginx.

nginx (installed by scripts/test) runs with a configuration written here, in a temporary
folder, listening on 127.0.0.1; it passes the path unchanged and sends
X-Forwarded-Proto/Host/For, which the app believes because 127.0.0.1 is its trusted
proxy. The configuration is the one README's 'Drift' section shows. Through the proxy
a browser opens the map, a kommune page and an embed, and every request the pages
make must stay under http://<nginx>/landkort/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, _free_port
from tests.browser.mappage import READ_ON, TO_THE_TOP
from tests.serving_helpers import serve

NGINX = "/usr/sbin/nginx"
PREFIX = "/landkort/"

# The site block is README's (Drift); around it what a private nginx needs to run here.
NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip on;

    server {{
        listen 127.0.0.1:{port};

        location /landkort/ {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 60s;
            client_max_body_size 20m;
        }}
        location / {{
            return 404 "Intranettets egne sider\\n";
        }}
    }}
}}
"""


def _wait_for(url: str, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} svarede ikke: {log.read_text() if log and log.exists() else ''}")


@pytest.fixture(scope="module")
def proxied(demo_url, tmp_path_factory):
    """(public base, app server): gunicorn at /landkort/ behind nginx, both on 127.0.0.1."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail("nginx mangler: kør scripts/test, som installerer Debians nginx.")
    app = serve(
        demo_url,
        tmp_path_factory.mktemp("proxied-app"),
        LANDKORT_URL_PREFIX=PREFIX,
        LANDKORT_TRUSTED_PROXIES="127.0.0.1",
    )
    # Under /tmp itself: nginx's workers run as an unprivileged user when started as root.
    tmp = Path(tempfile.mkdtemp(prefix="landkort-nginx-"))
    tmp.chmod(0o755)
    port = _free_port()
    app_port = int(app.base.split(":")[2].split("/")[0])
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, app_port=app_port), encoding="utf-8")
    nginx = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    public = f"http://127.0.0.1:{port}/landkort"
    try:
        _wait_for(public + "/healthz", "nginx", tmp / "error.log")
        yield public, app
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def logging_browser():
    """Chromium that keeps its console, to see Content-Security-Policy violations."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='landkort-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait(predicate, timeout: float = 20, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # noqa: BLE001 - the page is still drawing
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"Ventede forgæves på {what}")


def _requests_made(driver) -> list[str]:
    return driver.execute_script(
        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));"
    )


def _outside(urls: list[str], public: str) -> list[str]:
    return [
        u for u in urls if not u.startswith(public + "/") and not u.startswith(("data:", "blob:"))
    ]


def _console_problems(driver) -> list[str]:
    return [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]
    ]


def test_outside_the_prefix_is_the_intranet_not_the_app(proxied):
    public, _ = proxied
    root = public.removesuffix("/landkort")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(root + "/api/v1/runder", timeout=5)
    assert refused.value.code == 404
    with urllib.request.urlopen(public + "/api/v1/openapi.json", timeout=5) as response:
        assert response.status == 200


def test_map_page_through_the_proxy(proxied, logging_browser):
    public, _ = proxied
    driver = logging_browser
    driver.get(public + "/?runde=F2012")
    _wait(
        lambda: len(driver.find_elements(By.CSS_SELECTOR, "#map .js-plotly-plot path")) > 50,
        what="kortet",
    )
    _wait(
        lambda: driver.find_elements(By.XPATH, "//button[normalize-space()='Indlejr']"),
        what="Indlejr-knapperne",
    )
    assert _outside(_requests_made(driver), public) == []
    assert _console_problems(driver) == []


def test_indlejr_snippet_uses_the_public_address(proxied, logging_browser):
    public, _ = proxied
    driver = logging_browser
    driver.get(public + "/?runde=F2012&maal=straks")
    button = _wait(
        lambda: driver.find_elements(By.XPATH, "//button[normalize-space()='Indlejr']"),
        what="Indlejr-knapperne",
    )[0]
    _wait(
        lambda: len(driver.find_elements(By.CSS_SELECTOR, "#map .js-plotly-plot path")) > 50,
        what="kortet",
    )
    button.click()
    snippet = _wait(lambda: driver.find_element(By.ID, "embed-snippet").text, what="iframe-koden")
    assert snippet.startswith(f'<iframe src="{public}/embed/kort?'), snippet
    assert _console_problems(driver) == []


def test_kommune_page_and_navigation_stay_under_the_prefix(proxied, logging_browser):
    public, _ = proxied
    driver = logging_browser
    driver.get(public + "/kommune/0187?runde=F2012")
    _wait(lambda: "Vallensbæk" in driver.title, what="kommunesiden")
    _wait(  # scrolling on as a reader does: the report's sections and charts are drawn as one nears
        lambda: (
            driver.execute_script(READ_ON)
            or len(driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")) >= 10
        ),
        what="kommunesidens grafer",
    )
    assert _outside(_requests_made(driver), public) == []
    # The navbar's links lead to pages under the prefix, drawn by the app.
    driver.execute_script(TO_THE_TOP)
    driver.find_element(By.LINK_TEXT, "Sammenlign").click()
    _wait(lambda: driver.current_url.startswith(public + "/sammenlign"), what="sammenlign")
    _wait(lambda: "Sammenlign" in driver.title, what="sammenligningssiden")
    assert _outside(_requests_made(driver), public) == []
    assert _console_problems(driver) == []


def test_embed_through_the_proxy_links_to_the_public_full_view(proxied, logging_browser):
    public, _ = proxied
    driver = logging_browser
    driver.get(public + "/embed/kort?runde=F2012")
    _wait(
        lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"),
        what="den indlejrede graf",
    )
    link = driver.find_element(By.LINK_TEXT, "Se hele visningen").get_attribute("href")
    assert link.startswith(public + "/?"), link
    assert _outside(_requests_made(driver), public) == []
    assert _console_problems(driver) == []
    driver.get(link)
    _wait(
        lambda: len(driver.find_elements(By.CSS_SELECTOR, "#map .js-plotly-plot path")) > 50,
        what="kortet bag linket",
    )
