"""Issue 15: a first load asks the server only for what the page's layout cannot hold.
The layout comes with the page drawn for the address (server/page_address.py), so no
routing callback is asked; a later address is. Buttons that merely appear ('Indlejr',
'Hent data'), the query a page came with and a panel already drawn send nothing: each
such request was a round trip and a redraw on every page load (and a share of the
server's load)."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.browser.mappage import READ_ON, RECORD_CALLBACKS, ROUTE, MapPage

_RECORD_DRAWS = """
window.__draws = [];
var react = window.Plotly.react;
window.Plotly.react = function (gd) {
  var holder = gd.closest('[id]');
  window.__draws.push(holder ? holder.id : '?');
  return react.apply(this, arguments);
};
"""


@pytest.fixture
def page(browser, server) -> MapPage:
    return MapPage(browser, server)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", []),  # the values of every round come when the timeline is reached for
        ("/sammenlign", []),  # the page came drawn with the layout
        ("/om", []),
    ],
)
def test_a_first_load_posts_only_what_the_page_cannot_hold(page: MapPage, path, expected):
    def drawn():
        return page.driver.find_elements(By.CSS_SELECTOR, "#main h1")

    posted = page.posted_on_load(path, drawn, "sidens overskrift")
    assert sorted(posted) == sorted(expected), posted


def test_reaching_for_the_timeline_fetches_every_round_once_and_redraws_nothing(
    page: MapPage,
):
    """The rounds' values are fetched once the pointer nears the timeline; the side
    panel's charts, drawn for the page's round, are not drawn again when they arrive."""
    page.open("?runde=E2014")
    page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#map-spredning .main-svg"),
              what="spredningen tegnet")  # fmt: skip
    page.driver.execute_script(RECORD_CALLBACKS + _RECORD_DRAWS)
    timeline = page.driver.find_element(By.ID, "timeline")
    ActionChains(page.driver).move_to_element(timeline).perform()
    page.wait(
        lambda: page.driver.execute_script("return window.landkortRounds !== undefined;"),
        what="alle runders tal i browseren",
    )
    page.driver.execute_script("document.getElementById('ctl-runde').focus();")  # no more
    page.wait_idle()
    assert page.driver.execute_script("return window.__callbacks") == ["map-rounds.data"]
    assert page.driver.execute_script("return window.__draws") == []


def test_a_new_measure_asks_for_its_side_panel_once(page: MapPage):
    """The panel's request, filtered in the browser on a first load, still follows a
    new selection: once, after the selection's rounds."""
    page.open("?runde=E2014")
    page.driver.execute_script(RECORD_CALLBACKS)
    page.choose("ctl-maal", "Straksafslutningsgrad")
    page.wait(
        lambda: "Straksafslutningsgrad" in page.driver.find_element(By.ID, "map-panel").text,
        timeout=30,
        what="sidepanelet for det nye mål",
    )
    page.wait_idle()
    posted = page.driver.execute_script("return window.__callbacks")
    panels = [o for o in posted if "map-panel.children" in o]
    assert len(panels) == 1, posted
    assert posted.index(panels[0]) > posted.index("map-rounds.data"), posted


def test_a_link_asks_for_its_page_and_coming_back_asks_again(page: MapPage):
    """The page drawn with the layout is used once: following a link asks the routing
    callback for the new page, and going back to the first address asks for it again."""
    page.open("?runde=E2014")
    page.driver.execute_script(RECORD_CALLBACKS)

    def heading() -> str:
        found = page.driver.find_elements(By.CSS_SELECTOR, "#main h1")
        return found[0].text if found else ""

    first = heading()
    page.driver.find_element(By.CSS_SELECTOR, "a.nav-link[href='/om']").click()
    page.wait(lambda: heading() not in ("", first), timeout=30, what="siden Om")
    page.driver.back()
    page.wait(lambda: heading() == first, timeout=30, what="kortet igen")
    page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#map .js-plotly-plot"),
              timeout=30, what="kortet tegnet")  # fmt: skip
    posted = page.driver.execute_script("return window.__callbacks")
    assert posted.count(ROUTE) == 2, posted


_BELOW = """
return [window.landkortCharts.waiting(),
        document.querySelectorAll('#cmp-rangliste tr:has(td)').length,
        document.querySelectorAll('#main .js-plotly-plot').length];
"""


def _open_compare(page: MapPage) -> None:
    """The compare page, until its top chart is drawn and Dash is idle."""
    page.driver.get(f"{page.base}/sammenlign")
    page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#cmp-udvikling .main-svg"),
              timeout=30, what="linjediagrammet")  # fmt: skip
    page.wait_idle()


def test_the_compare_page_draws_what_lies_below_the_screen_as_the_reader_nears_it(
    page: MapPage,
):
    """Only the top chart is drawn on a first load; the charts below are drawn, and the
    ranking's rows put in, as the reader scrolls on, from what the page brought (no
    request). Printing draws every chart still waiting."""
    script = page.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS}
    )
    try:
        _open_compare(page)
        time.sleep(0.5)
        waiting, rows, drawn = page.driver.execute_script(_BELOW)
        assert (waiting, rows, drawn) == (3, 0, 1)
        page.driver.execute_script("window.dispatchEvent(new Event('beforeprint'));")
        page.wait(lambda: page.driver.execute_script(_BELOW)[2] == 4, what="alle grafer til tryk")
        assert page.driver.execute_script(_BELOW)[0] == 0
        page.wait(
            lambda: (
                page.driver.execute_script(READ_ON) or page.driver.execute_script(_BELOW)[1] == 98
            ),
            what="ranglistens rækker",
        )
        page.wait_idle()
        assert page.driver.execute_script("return window.__callbacks") == []
    finally:
        page.driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )


def test_charts_below_the_screen_are_drawn_as_the_reader_scrolls_to_them(page: MapPage):
    _open_compare(page)
    assert not page.driver.find_elements(By.CSS_SELECTOR, "#cmp-opgaver .main-svg")
    page.driver.execute_script(
        "document.getElementById('cmp-opgaver').scrollIntoView({behavior: 'instant'});"
    )
    page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, "#cmp-opgaver .main-svg"),
              what="opgavefiguren, nået")  # fmt: skip
    assert page.driver.execute_script(_BELOW)[0] == 2  # those passed over still wait


def test_a_picture_of_a_chart_not_yet_drawn_draws_it_first(page: MapPage):
    """'Hent billede' on a chart still waiting below the screen draws it, then saves it."""
    _open_compare(page)
    assert not page.driver.find_elements(By.CSS_SELECTOR, "#cmp-opgaver .main-svg")
    button = page.driver.find_element(
        By.CSS_SELECTOR, "[data-image-of='compare-opgaver-summary'][data-image-format=svg]"
    )
    page.driver.execute_script("arguments[0].click();", button)  # no scrolling to it
    name = page.wait(lambda: button.get_attribute("data-saved"), what="opgavefigurens billede")
    assert name.endswith(".svg")
    assert page.driver.find_elements(By.CSS_SELECTOR, "#cmp-opgaver .main-svg")


_WATCH_THE_SWAP = """
window.__swap = {seen: false, both: 0, neither: 0, frames: 0, firstFrame: null};
requestAnimationFrame(function tick(now) {
  if (window.__swap.firstFrame === null) window.__swap.firstFrame = now;
  var first = document.getElementById('first-view');
  var live = document.querySelector('#react-entry-point #main');
  var firstShown = !!first && getComputedStyle(first).display !== 'none';
  var s = window.__swap;
  if (firstShown) s.seen = true;
  if (s.seen) {
    s.frames += 1;
    if (firstShown && live) s.both += 1;
    if (!firstShown && !live) s.neither += 1;
  }
  if (!(live && !first)) requestAnimationFrame(tick);
});
"""

_SCRIPTS_FETCHED = """
return performance.getEntriesByType('resource')
  .filter(function (r) { return r.initiatorType === 'script'; })
  .map(function (r) { return [r.name, r.startTime]; });
"""


def test_the_page_shows_before_any_script_runs(browser, server, screenshots):
    """The index page carries the page drawn as HTML: with scripts off, the kommune's
    heading, key figures and the charts' boxes are there."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(server + "/kommune/0187?runde=F2012")
        heading = browser.find_element(By.CSS_SELECTOR, "#first-view h1")
        assert heading.text == "Vallensbæk Kommune" and heading.is_displayed()
        tiles = browser.find_elements(By.CSS_SELECTOR, "#first-view .kp-tile")
        assert tiles and "42,0 %" in tiles[0].text
        boxes = browser.find_elements(By.CSS_SELECTOR, "#first-view .first-view-chart")
        assert boxes and boxes[0].size["height"] >= 300
        assert browser.find_elements(By.CSS_SELECTOR, "[id='kp-runde']") == []
        browser.save_screenshot(str(screenshots / "first-view-without-scripts.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.parametrize("path", ["/kommune/0187", "/sammenlign", "/"])
def test_the_live_page_takes_the_first_views_place_in_one_frame(browser, server, path):
    """No script is fetched before the browser's first frame (the first view is painted
    first, layouts/components/script_loader.py); no frame shows both the first view and
    the live page, none shows neither (a blank page), and once Dash has drawn the page
    its first view is gone."""
    added = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": _WATCH_THE_SWAP}
    )
    try:
        browser.get(server + path)
        page = MapPage(browser, server)
        page.wait(
            lambda: browser.execute_script(
                "return !document.getElementById('first-view')"
                " && !!document.querySelector('#main h1')"
            ),
            what="siden tegnet af Dash",
        )
        swap = browser.execute_script("return window.__swap")
        fetched = browser.execute_script(_SCRIPTS_FETCHED)
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
        )
    assert swap["seen"] and swap["frames"] > 0, swap
    assert any("/deps/" in name and "/react@" in name for name, _ in fetched), fetched
    assert all(start >= swap["firstFrame"] for _, start in fetched), (swap, fetched)
    assert swap["both"] == 0 and swap["neither"] == 0, swap
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1


_PHONE = {"width": 412, "height": 823, "deviceScaleFactor": 1, "mobile": True}
_PLOTLY_RAN = "return window.landkortCharts.loaded()"
_DRAWN = "return document.querySelectorAll('#main .main-svg').length"


def _open_on_a_phone(page: MapPage, path: str) -> None:
    page.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", _PHONE)
    page.driver.get(page.base + path)
    page.wait(
        lambda: page.driver.execute_script(
            "return !document.getElementById('first-view') && !!window.landkortCharts"
        ),
        what="siden tegnet af Dash",
    )


def test_plotly_runs_only_when_a_chart_nears_the_screen(page: MapPage):
    """On a phone the kommune page opens with no chart in sight: plotly.js (the longest
    task of a first load) is fetched but not run until the reader scrolls to a chart."""
    try:
        _open_on_a_phone(page, "/kommune/0187")
        time.sleep(1.5)  # the page has settled; nothing asked for plotly.js to run
        assert page.driver.execute_script(_PLOTLY_RAN) is False
        assert page.driver.execute_script(_DRAWN) == 0
        page.driver.execute_script(
            "document.querySelector('#main .chart-slot').scrollIntoView({behavior: 'instant'});"
        )
        page.wait(lambda: page.driver.execute_script(_DRAWN), what="det første diagram, nået")
        assert page.driver.execute_script(_PLOTLY_RAN) is True
    finally:
        page.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_picture_before_plotly_has_run_runs_it_first(page: MapPage):
    try:
        _open_on_a_phone(page, "/kommune/0187")
        assert page.driver.execute_script(_PLOTLY_RAN) is False
        button = page.driver.find_element(By.CSS_SELECTOR, "#main [data-image-format=png]")
        page.driver.execute_script("arguments[0].click();", button)  # no scrolling to it
        name = page.wait(lambda: button.get_attribute("data-saved"), what="diagrammets billede")
        assert name.endswith(".png")
    finally:
        page.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


_RECORD_SCRIPTS = """
window.__scripts = [];
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    change.addedNodes.forEach(function (node) {
      if (node.tagName === 'SCRIPT' && node.src) window.__scripts.push(node.src);
    });
  });
}).observe(document, {childList: true, subtree: true});
"""


def test_a_chart_in_the_first_view_starts_plotly_before_the_graph_asks(page: MapPage):
    """Where the first view shows a chart (the compare page on a laptop), plotly.js runs
    while the renderer starts, not after dcc.Graph's own code has loaded and asked for it:
    that wait made the compare page's first chart 0.5 s later than before issue 15's
    script loader."""
    script = page.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": _RECORD_SCRIPTS}
    )
    try:
        page.driver.get(page.base + "/sammenlign")
        page.wait(
            lambda: page.driver.execute_script(_DRAWN), what="sammenligningens første diagram"
        )
        added = page.driver.execute_script("return window.__scripts")
    finally:
        page.driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )
    plotly = next(i for i, src in enumerate(added) if "plotly-landkort" in src)
    graph = next(i for i, src in enumerate(added) if "async-graph" in src)
    assert plotly < graph, added
    assert re.search(r"/dcc/~v[\w-]+m\d+/async-graph\.js$", added[graph])  # kept a year
