"""Embedding in a real browser: an intranet page on another port frames our chart."""

from __future__ import annotations

import http.server
import threading
import time
from functools import partial

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import _free_port

HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Intranet</title></head>
<body><h1>Kommunens intranet</h1>
<iframe id="chart" src="{src}" width="800" height="560" style="border:0"></iframe>
</body></html>"""


@pytest.fixture
def intranet(tmp_path):
    """A static page on 127.0.0.1 at a port other than the app's: a different origin."""
    pages = tmp_path / "intranet"
    pages.mkdir()
    port = _free_port()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(pages))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def page(name: str, src: str) -> str:
        (pages / name).write_text(HOST_PAGE.format(src=src), encoding="utf-8")
        return f"http://127.0.0.1:{port}/{name}"

    yield page
    httpd.shutdown()


def _in_frame(driver, script: str, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        driver.switch_to.default_content()
        driver.switch_to.frame(driver.find_element(By.ID, "chart"))
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    return None


def test_the_chart_renders_inside_another_sites_iframe(browser, server, intranet, screenshots):
    browser.get(intranet("map.html", f"{server}/embed/kort?runde=F2012&kort=hex"))
    count = _in_frame(
        browser, "return document.querySelectorAll('.choroplethlocation').length || null"
    )
    assert count == 98
    footer = browser.find_element(By.TAG_NAME, "footer").text
    assert "F2012" in footer and "Demodata (simuleret)" in footer
    browser.switch_to.default_content()
    browser.save_screenshot(str(screenshots / "embed-in-intranet.png"))


def test_a_page_that_is_not_an_embed_refuses_to_be_framed(browser, server, intranet):
    browser.get(intranet("full.html", f"{server}/"))
    time.sleep(2)
    browser.switch_to.frame(browser.find_element(By.ID, "chart"))
    url = browser.execute_script("return document.URL")
    has_app = browser.execute_script("return !!document.getElementById('react-entry-point')")
    browser.switch_to.default_content()
    assert not has_app, f"the dashboard rendered inside a frame ({url})"


def test_a_crafted_parameter_is_shown_as_text_never_run(browser, server):
    browser.get(f"{server}/embed/kort?maal=<script>window.hacked=1</script>")
    assert browser.execute_script("return window.hacked === undefined")
    assert "<script>window.hacked=1</script>" in browser.find_element(By.TAG_NAME, "body").text


def test_indlejr_shows_the_iframe_for_the_current_view(browser, server):
    from tests.browser.mappage import MapPage

    page = MapPage(browser, server)
    page.open("?runde=F2012&maal=straks")
    buttons = browser.find_elements(By.XPATH, "//button[normalize-space()='Indlejr']")
    assert len(buttons) >= 3  # the map, its trend and its spread
    buttons[0].click()
    snippet = page.wait(
        lambda: browser.find_element(By.ID, "embed-snippet").text, what="iframe-koden"
    )
    assert snippet.startswith(f'<iframe src="{server}/embed/kort?')
    assert "maal=straks" in snippet and "runde=F2012" in snippet
    assert 'height="620"' in snippet
    src = snippet.split('"')[1].replace("&amp;", "&")
    browser.get(src)
    drawn = page.wait(
        lambda: browser.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"),
        what="den indlejrede graf",
    )
    assert drawn


@pytest.mark.parametrize(
    "path",
    [
        "/embed/kommune-progress-all?kommune=0147",
        "/embed/kommune-mix?kommune=0147&opgave=5",
        "/embed/sammenlign-linjer?udvalg=flyttere",
    ],
)
def test_kommune_and_compare_charts_draw_when_embedded(browser, server, path, screenshots):
    browser.get(server + path)
    deadline = time.monotonic() + 15
    drawn = None
    while time.monotonic() < deadline and not drawn:
        drawn = browser.find_element(By.TAG_NAME, "body").get_attribute("data-drawn")
        time.sleep(0.1)
    assert drawn, path
    assert browser.execute_script("return document.querySelectorAll('.main-svg').length") > 0
    browser.save_screenshot(str(screenshots / f"embed{path.replace('/', '_').split('?')[0]}.png"))
