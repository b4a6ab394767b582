"""Issue 15: a first load asks the server only for what the page's own answer cannot
hold. Buttons that merely appear ('Indlejr', 'Hent data'), the query a page came with
and a panel already drawn send nothing: each such request was a round trip and a redraw
on every page load (and a share of the server's load)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.mappage import ROUTE, MapPage


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
