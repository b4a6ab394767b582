"""A kommune's saved prices in the browser (issue 13): Vallensbæk's tovholder types a
price, saves it with the keyboard and reads the Danish confirmation; a new visitor
(no cookies, nothing stored) then starts from the saved price. Own server and database,
since it writes."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from landkort import accounts
from landkort.database import open_database
from landkort.demo import load_demo
from tests.browser.axe import report, violations
from tests.browser.uploadpage import UploadPage
from tests.conftest import fresh_database
from tests.serving_helpers import serve

VALLENSBAEK = 187
PASSWORD = "tovholder-kode"
PRICE = "[id*='TLFIND'][id*='kp-price']"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    url = fresh_database("landkort_prices", tmp_path_factory.mktemp("prices-db") / "p.db")
    engine = open_database(url)
    load_demo(engine, size="small", seed=2011)
    with engine.begin() as conn:
        accounts.add_account(conn, "tove", "kommune", PASSWORD, frozenset({VALLENSBAEK}))
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def site(database, tmp_path_factory):
    served = serve(database, tmp_path_factory.mktemp("prices-server"))
    try:
        yield served.base
    finally:
        served.stop()


def _open(page: UploadPage, query: str = "") -> None:
    page.driver.get(f"{page.base}/kommune/{VALLENSBAEK}{query}")
    page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, PRICE), timeout=30, what="pris")
    page.wait_idle()


def test_a_tovholder_saves_prices_and_a_new_visitor_starts_from_them(browser, site):
    browser.delete_all_cookies()
    page = UploadPage(browser, site)
    page.login("tove", PASSWORD, next_path=f"/kommune/{VALLENSBAEK}")
    _open(page)
    browser.find_element(By.CSS_SELECTOR, ".kp-controls details summary").click()
    field = browser.find_element(By.CSS_SELECTOR, PRICE)
    field.clear()
    field.send_keys("45", Keys.TAB)
    page.wait_idle()
    button = page.wait(
        lambda: browser.find_elements(By.CSS_SELECTOR, "#kp-prices-account button"),
        what="gem-knappen",
    )[0]
    assert button.text == "Gem som kommunens standardpriser"
    button.send_keys(Keys.ENTER)  # the keyboard is enough
    status = page.wait(
        lambda: browser.find_element(By.CSS_SELECTOR, "#kp-prices-account [role=status]").text,
        what="bekræftelsen",
    )
    assert status == "Gemt: priserne er nu standard for Vallensbæk."
    found = violations(browser)  # the logged-in kommune page, prices open, saved
    assert not found, report(found)
    # A new visitor: no session, nothing in the browser, no prices in the address.
    browser.delete_all_cookies()
    browser.execute_script("window.localStorage.clear()")
    _open(page)
    assert not browser.find_elements(By.CSS_SELECTOR, "#kp-prices-account button")
    page.wait(
        lambda: browser.find_element(By.CSS_SELECTOR, PRICE).get_attribute("value") == "45",
        what="den gemte pris",
    )
    # The visitor removes the price again: it stays removed (the kommune's does not return).
    browser.find_element(By.CSS_SELECTOR, ".kp-controls details summary").click()
    field = browser.find_element(By.CSS_SELECTOR, PRICE)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE, Keys.TAB)
    page.wait_idle()
    page.wait_idle()
    assert browser.find_element(By.CSS_SELECTOR, PRICE).get_attribute("value") == ""
    # The address wins over the kommune's prices.
    browser.execute_script("window.localStorage.clear()")
    _open(page, "?pris=TLFIND:30")
    assert browser.find_element(By.CSS_SELECTOR, PRICE).get_attribute("value") == "30"
    browser.execute_script("window.localStorage.clear()")
