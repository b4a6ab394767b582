"""Issue 15: a first load asks the server only for what the page's own answer cannot
hold. Buttons that merely appear ('Indlejr', 'Hent data'), the query a page came with
and a panel already drawn send nothing: each such request was a round trip and a redraw
on every page load (and a share of the server's load)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.mappage import RECORD_CALLBACKS, ROUTE, MapPage


@pytest.fixture
def page(browser, server) -> MapPage:
    return MapPage(browser, server)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", [ROUTE, "map-rounds.data"]),  # the values of every round, for the timeline
        ("/sammenlign", [ROUTE]),
        ("/om", [ROUTE]),
    ],
)
def test_a_first_load_posts_only_what_the_page_cannot_hold(page: MapPage, path, expected):
    def drawn():
        return page.driver.find_elements(By.CSS_SELECTOR, "#main h1")

    posted = page.posted_on_load(path, drawn, "sidens overskrift")
    assert sorted(posted) == sorted(expected), posted


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
