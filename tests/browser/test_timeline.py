"""The map as users expect it: real boundaries out of the box, a timeline that recolours
in the browser, pictures and links to take along.

The server here runs without ``LANDKORT_BOUNDARIES`` and with an empty cache (see
conftest.py), as a fresh clone does: the geographic map comes from the boundaries the
project ships.
"""

from __future__ import annotations

import json
import struct
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.browser.mappage import MapPage

_REQUESTS = """
return performance.getEntriesByType('resource').slice(arguments[0])
  .filter(e => e.name.includes('_dash-update-component')).length;
"""
_RESOURCES = """
performance.setResourceTimingBufferSize(100000);
return performance.getEntriesByType('resource').length;
"""
# z and locations of the map's solid and uncertain traces, as plotly holds them
_VALUES = """
var gd = document.querySelector('#map .js-plotly-plot');
var out = {};
[0, 1].forEach(function (i) {
  gd.data[i].locations.forEach(function (k, j) { out[k] = gd.data[i].z[j]; });
});
return out;
"""


@pytest.fixture
def page(browser, server) -> MapPage:
    return MapPage(browser, server)


def _api(server: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server}/api/v1/tal{query}", timeout=30) as response:
        return json.loads(response.read())


def _rounds_loaded(page: MapPage) -> None:
    """The pointer over the timeline, as a reader reaching for it, and on until the values
    of every round are in the browser (one request)."""
    timeline = page.wait(lambda: page.driver.find_elements(By.ID, "timeline"), what="tidslinjen")
    ActionChains(page.driver).move_to_element(timeline[0]).perform()
    page.wait(
        lambda: page.driver.execute_script("return window.landkortRounds !== undefined;"),
        what="alle runders tal i browseren",
    )
    page.wait_idle()


def test_the_geographic_map_is_the_default_and_ships_with_the_project(page, screenshots):
    page.open()
    assert "kort=" not in page.query()
    # the figure names its shapes by address; plotly.js fetched them once, from this app
    address = page.driver.execute_script(
        "return document.querySelector('#map .js-plotly-plot').data[0].geojson;"
    )
    assert address.startswith("/geometri/geo.json?v=")
    shapes = page.driver.execute_script(
        "return window.PlotlyGeoAssets[arguments[0]].features.map(f => [f.id,"
        " f.geometry.type, JSON.stringify(f.geometry.coordinates).length]);",
        address,
    )
    assert len(shapes) == 98
    assert any(kind == "MultiPolygon" for _, kind, _ in shapes)  # islands: not hexagons
    assert 0.4 < sum(size for *_, size in shapes) / 278_000 < 1.1  # the shipped outlines
    hosts = page.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).host);"
    )
    assert set(hosts) == {page.base.split("//")[1]}, "nothing loaded from anywhere else"
    footer = page.driver.find_element(By.ID, "boundaries-source").text
    assert "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur" in footer
    page.driver.save_screenshot(str(screenshots / "map-geo-default.png"))


def test_a_round_on_the_slider_recolours_without_the_server_and_matches_the_api(page):
    page.open("?runde=E2011")
    _rounds_loaded(page)
    before = page.fills()
    mark = page.driver.execute_script(_RESOURCES)
    page.set_round("E2015")
    page.wait(lambda: not page.same_colours(before), what="E2015-farver")
    page.wait(lambda: "runde=E2015" in page.query() or page.query() == "", what="adressen")
    time.sleep(0.5)  # anything the change set off has had time to ask
    assert page.driver.execute_script(_REQUESTS, mark) == 0
    expected = {
        int(k["kode"]): round(k["vaerdi"] * 100, 2)
        for k in _api(page.base, "?runde=E2015")["kommuner"]
        if k["vaerdi"] is not None
    }
    shown = {int(k): v for k, v in page.driver.execute_script(_VALUES).items()}
    assert shown.keys() == expected.keys()
    assert all(abs(shown[k] - expected[k]) < 0.006 for k in expected)
    national = _api(page.base, "?runde=E2015")["hele_landet"]
    pooled = page.driver.find_element(By.ID, "pooled-value").text
    assert pooled == f"{national['vaerdi'] * 100:.1f} %".replace(".", ",")
    assert page.driver.find_element(By.ID, "pooled-head").text == "Hele landet, E2015"
    slider = page.driver.find_element(By.ID, "ctl-runde")
    assert slider.get_attribute("aria-valuetext") == "E2015 (Efterår 2015)"


def test_back_after_a_round_change_restores_the_round_without_the_server(page):
    page.open("?runde=F2012")
    _rounds_loaded(page)
    f2012 = page.fills()
    page.jump_round(7)  # E2014
    page.wait(lambda: not page.same_colours(f2012), what="E2014-farver")
    page.wait(lambda: "runde=E2014" in page.query(), what="E2014 i adressen")
    mark = page.driver.execute_script(_RESOURCES)
    page.driver.back()
    page.wait(lambda: page.same_colours(f2012), what="tilbage til F2012")
    assert page.round_text() == "F2012 (Forår 2012)"
    assert page.driver.execute_script(_REQUESTS, mark) == 0


def test_play_starts_from_the_first_round_when_on_the_last(page):
    page.open()  # the newest round: the slider's last
    _rounds_loaded(page)
    last = page.round_text()
    page.driver.execute_script("window.dash_clientside.set_props('play-speed', {value: '700'});")
    page.driver.execute_script(
        "window.__seen = [];"
        "new MutationObserver(() => window.__seen.push("
        "  document.getElementById('timeline-now').textContent))"
        ".observe(document.getElementById('timeline-now'),"
        " {childList: true, characterData: true, subtree: true});"
    )
    _press(page, page.driver.find_element(By.ID, "btn-play"))
    page.wait(
        lambda: (
            page.driver.execute_script("return window.__seen.length") >= 9
            and "Afspil" in page.driver.find_element(By.ID, "btn-play").text
        ),
        what="afspilningen gennem alle runder til den sidste",
        timeout=40,
    )
    seen = [s.split(" ")[0] for s in page.driver.execute_script("return window.__seen")]
    seen = [s for i, s in enumerate(seen) if i == 0 or s != seen[i - 1]]
    assert seen[:2] == ["E2011", "F2012"], seen
    assert seen[-1] == last.split(" ")[0] and page.round_text() == last


def _press(page: MapPage, element) -> None:
    page.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element
    )


def _downloads(page: MapPage, folder: Path) -> None:
    page.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )


def _downloaded(page: MapPage, folder: Path, name: str) -> bytes:
    path = folder / name
    page.wait(lambda: path.exists() and path.stat().st_size > 0, what=name, timeout=30)
    return path.read_bytes()


def test_hent_billede_gives_a_named_png_and_svg_with_the_source_drawn_in(page, tmp_path):
    _downloads(page, tmp_path)
    page.open("?runde=E2015")
    _rounds_loaded(page)
    page.set_round("F2015")
    buttons = page.driver.find_elements(
        By.CSS_SELECTOR, "[data-image-of='map-kort-summary'][data-image-format]"
    )
    assert [b.text for b in buttons] == ["PNG", "SVG"]
    _press(page, buttons[0])
    png = _downloaded(page, tmp_path, "landkort-selvbetjeningsgrad-F2015.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 320 and height >= 400
    _press(page, buttons[1])
    svg = _downloaded(page, tmp_path, "landkort-selvbetjeningsgrad-F2015.svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = " ".join(t for t in root.itertext())
    assert "Kilde: Digitalt Landkort" in text and "F2015" in text
    assert "Demodata (simuleret)" in text
    assert "Kommunegrænser: DAGI" in text
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) >= 98


def test_every_graph_on_the_page_offers_png_and_svg(page, tmp_path):
    _downloads(page, tmp_path)
    page.open()
    _rounds_loaded(page)
    targets = page.driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-image-format=png]'))"
        ".map(b => b.getAttribute('data-image-of'));"
    )
    assert set(targets) == {"map-kort-summary", "map-udvikling-summary", "map-spredning-summary"}
    spread = page.driver.find_element(
        By.CSS_SELECTOR, "[data-image-of='map-spredning-summary'][data-image-format=svg]"
    )
    _press(page, spread)
    name = page.wait(lambda: spread.get_attribute("data-saved"), what="spredningens billede")
    assert name.startswith("landkort-selvbetjeningsgrad-spredning-") and name.endswith(".svg")
    assert ET.fromstring(_downloaded(page, tmp_path, name)).tag.endswith("svg")


def test_kopier_link_gives_the_address_of_exactly_this_view(page):
    page.open()
    _rounds_loaded(page)
    page.choose("ctl-maal", "Afstand til 80 %-målet")
    page.choose("ctl-region", "Region Midtjylland")
    page.set_round("F2014")
    page.wait_idle()
    fills = page.fills()
    button = page.driver.find_elements(By.CSS_SELECTOR, "[data-copy-link]")[0]
    _press(page, button)
    copied = page.wait(lambda: button.get_attribute("data-copied"), what="det kopierede link")
    assert copied == page.driver.current_url
    assert "maal=maal" in copied and "runde=F2014" in copied and "region=1082" in copied
    page.wait(
        lambda: (
            page.driver.find_element(By.CSS_SELECTOR, ".copy-status").text == "Linket er kopieret"
        ),
        what="besked om kopieret link",
    )
    page.open()
    page.driver.get(copied)
    page.wait(lambda: page.same_colours(fills), what="samme farver fra linket", timeout=20)
    assert page.round_text() == "F2014 (Forår 2014)"
    assert page.control_text("ctl-maal") == "Afstand til 80 %-målet"
    assert page.control_text("ctl-region") == "Region Midtjylland"


def test_hent_data_gives_the_values_of_the_round_on_the_map(page, tmp_path):
    _downloads(page, tmp_path)
    page.open("?runde=E2011")
    _rounds_loaded(page)
    page.jump_round(7)  # E2014, drawn in the browser
    page.wait(lambda: "runde=E2014" in page.query(), what="E2014 i adressen")
    button = {"fmt": "csv", "key": "kort", "page": "map", "type": "download"}
    element = page.driver.execute_script(
        "return document.getElementById(arguments[0]);", json.dumps(button, separators=(",", ":"))
    )
    _press(page, element)
    text = _downloaded(page, tmp_path, "landkort-kort-E2014.csv").decode("utf-8-sig")
    national = _api(page.base, "?runde=E2014")["kommuner"]
    best = next(k for k in national if k.get("nr") == 1)
    assert "E2014" in text.splitlines()[0]
    assert best["navn"] in text.splitlines()[2]


def test_an_embed_downloads_its_picture(page, tmp_path):
    _downloads(page, tmp_path)
    page.driver.get(f"{page.base}/embed/kort?runde=F2014&maal=maal")
    page.wait(
        lambda: page.driver.execute_script("return document.body.dataset.drawn"),
        what="den indlejrede graf",
    )
    footer = page.driver.find_element(By.TAG_NAME, "footer").text
    assert "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur" in footer
    _press(page, page.driver.find_element(By.CSS_SELECTOR, "footer [data-image-format=png]"))
    png = _downloaded(page, tmp_path, "landkort-afstand-til-80-maalet-F2014.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
