"""WCAG 2.1 AA in the browser: axe-core finds nothing on any page or state a user visits,
and no page scrolls sideways at 320 or 390 px (WCAG 1.4.10, reflow)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.axe import report, violations
from tests.browser.mappage import READ_ON, TO_THE_TOP, MapPage

READY = {  # address -> CSS selector that shows the page has drawn what it shows
    "/?kort=hex": "#map .choroplethlocation",
    "/?kort=geo&maal=maal&runde=F2014": "#map .choroplethlocation",
    "/kommune/0187": "#kp-card-enhed .js-plotly-plot, #kp-enheder .alert",
    "/sammenlign": "#cmp-rangliste td",
    "/data": "#main h1",
    "/tilgaengelighed": "#main h1",
    "/om": "#maal-blanket",
    "/login": "#main h1",
    "/embed/kort": "#chart .main-svg",
    "/embed/kommune-mix?kommune=0187": "#chart .main-svg",
}


@pytest.fixture
def page(browser, server):
    return MapPage(browser, server)


def _read_on(page: MapPage) -> None:
    """Scroll on as a reader does (the kommune page draws its report, and every page its
    charts, when one nears them)."""
    page.driver.execute_script(READ_ON)


def _open(page: MapPage, address: str) -> None:
    page.driver.get(page.base + address)
    page.wait(
        lambda: (
            _read_on(page)
            or page.driver.find_elements(By.CSS_SELECTOR, READY.get(address, "#map path"))
        ),
        timeout=30,
        what=f"{address} er tegnet",
    )
    if not address.startswith("/embed/"):
        page.wait(
            lambda: (
                page.driver.find_elements(By.CSS_SELECTOR, "button.dash-dropdown")
                or address in ("/data", "/tilgaengelighed", "/om", "/login")
            ),
            timeout=30,
            what="valgmenuerne",
        )
        page.wait_idle()
    page.driver.execute_script(TO_THE_TOP)


def _no_violations(page: MapPage, where: str) -> None:
    found = violations(page.driver)
    assert not found, f"axe på {where}:\n{report(found)}"


@pytest.mark.parametrize("address", list(READY))
def test_no_axe_violations(page, address):
    _open(page, address)
    _no_violations(page, address)


def test_no_axe_violations_in_the_open_embed_dialog(page):
    _open(page, "/?kort=hex")
    button = page.driver.find_element(By.CSS_SELECTOR, "[id*='embed-open']")
    page.driver.execute_script("arguments[0].click()", button)
    page.wait(lambda: page.driver.find_element(By.ID, "embed-snippet").text, what="koden")
    _no_violations(page, "dialogen 'Indlejr'")


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways(page, width):
    driver = page.driver
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        for address in READY:
            _open(page, address)
            if address.startswith("/kommune/"):
                page.wait(lambda: _multiples_columns(page) == 2, what="to kolonner småkort")
            wide = driver.execute_script("return document.documentElement.scrollWidth")
            assert wide <= width, f"{address} er {wide} px bred ved {width} px"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_title_names_the_page_and_follows_its_state(page):
    _open(page, "/?kort=hex&runde=F2012")
    assert page.driver.title == (
        "Selvbetjeningsgrad (transaktioner), alle 35 opgaver, F2012, Hele landet"
        " – Kort – Digitalt Landkort"
    )
    page.choose("ctl-region", "Region Hovedstaden")
    page.wait(
        lambda: page.driver.title.startswith(
            "Selvbetjeningsgrad (transaktioner), alle 35 opgaver, F2012, Region Hovedstaden"
        ),
        what="titlen følger regionen",
    )
    assert page.driver.switch_to.active_element.tag_name != "h1"  # focus stays on the control
    _open(page, "/kommune/0187")
    assert page.driver.title == "Vallensbæk Kommune – Digitalt Landkort"


def _multiples_columns(page: MapPage) -> int | None:
    """How many columns the kommune page's 35 small multiples are drawn in."""
    return page.driver.execute_script(
        "var p = document.querySelector('#kp-fig-multiples .js-plotly-plot');"
        "return p && p.layout && p.layout.meta ? p.layout.meta.panels.cols : null;"
    )


def test_the_small_multiples_keep_five_columns_on_a_wide_screen(page):
    _open(page, "/kommune/0187")
    page.wait(lambda: _multiples_columns(page), what="småkortene")
    assert _multiples_columns(page) == 5


def test_a_keyboard_reaches_the_controls_and_the_skip_link(page):
    _open(page, "/?kort=hex")
    body = page.driver.find_element(By.TAG_NAME, "body")
    body.send_keys("\ue004")  # Tab: the first stop is the skip link
    active = page.driver.switch_to.active_element
    assert active.text == "Gå til indholdet"
    measure = page.driver.find_element(By.ID, "ctl-maal")
    assert measure.get_attribute("tabindex") == "0"
    label = page.driver.find_element(By.CSS_SELECTOR, "label[for='ctl-maal']")
    assert measure.get_attribute("aria-labelledby").split()[0] == label.get_attribute("id")
    assert page.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "da"


def test_the_maps_table_opens_from_the_keyboard_and_links_every_kommune(page):
    _open(page, "/?kort=hex&region=1084")
    button = page.driver.find_element(By.XPATH, "//button[normalize-space()='Vis tabellen']")
    button.send_keys("\ue007")  # Enter
    rows = page.wait(
        lambda: page.driver.find_elements(By.CSS_SELECTOR, ".map-kommune-table tbody tr"),
        what="tabellen over kommunerne",
    )
    assert len(rows) == 29  # Region Hovedstaden
    assert button.get_attribute("aria-expanded") == "true"
    link = page.driver.find_element(By.CSS_SELECTOR, ".map-kommune-table a")
    assert link.get_attribute("href").split("?")[0].rsplit("/", 2)[-2] == "kommune"
    _no_violations(page, "kortet med tabellen åben")


def _column(page: MapPage, number: int) -> list[str]:
    css = f".map-kommune-table tbody td:nth-child({number})"
    return [c.text for c in page.driver.find_elements(By.CSS_SELECTOR, css)]


def _sort_button(page: MapPage, number: int):
    return page.driver.find_elements(By.CSS_SELECTOR, ".map-kommune-table th button")[number - 1]


def _sorted_as(page: MapPage, number: int) -> str | None:
    css = f".map-kommune-table th:nth-child({number})"
    return page.driver.find_element(By.CSS_SELECTOR, css).get_attribute("aria-sort")


def test_the_maps_table_sorts_from_the_keyboard(page):
    _open(page, "/?kort=hex&region=1084&runde=F2012")
    page.driver.find_element(By.XPATH, "//button[normalize-space()='Vis tabellen']").send_keys(
        "\ue007"
    )
    page.wait(lambda: _column(page, 2), what="tabellen over kommunerne")
    assert _sorted_as(page, 10) == "ascending"  # drawn by Placering
    danish = sorted(_column(page, 2), key=lambda n: n.lower().replace("aa", "å"))

    _sort_button(page, 2).send_keys("\ue007")  # Enter on 'Kommune'
    page.wait(lambda: _column(page, 2) == danish, what="sorteret efter kommune")
    assert _sorted_as(page, 2) == "ascending" and _sorted_as(page, 10) is None
    page.wait(
        lambda: page.driver.switch_to.active_element.text.startswith("Kommune"),
        what="fokus bliver på knappen",
    )
    page.driver.switch_to.active_element.send_keys(" ")  # Space: the other way
    page.wait(lambda: _column(page, 2) == danish[::-1], what="omvendt rækkefølge")
    assert _sorted_as(page, 2) == "descending"

    _sort_button(page, 5).send_keys("\ue007")  # the measure: lowest first, '–' last
    page.wait(lambda: _sorted_as(page, 5) == "ascending", what="sorteret efter værdien")
    values = _column(page, 5)
    numbers = [float(v.replace(",", ".")) for v in values if v != "–"]
    assert numbers == sorted(numbers) and len(numbers) > 5
    assert values == [v for v in values if v != "–"] + ["–"] * values.count("–")


def test_a_charts_question_mark_opens_its_section_of_om(page):
    _open(page, "/sammenlign")
    link = page.driver.find_element(By.CSS_SELECTOR, "#cmp-udvikling-title + a.about-link")
    assert "Om tallene" in link.get_attribute("textContent")
    link.send_keys("\ue007")  # Enter
    section = "maal-selvbetjening"
    page.wait(lambda: page.driver.current_url.endswith(f"/om#{section}"), what="/om")
    page.wait(
        lambda: page.driver.switch_to.active_element.get_attribute("id") == section,
        what="fokus på afsnittet om selvbetjeningsgraden",
    )


# -- the Data page's upload, logged in (issue 9) --------------------------------------


@pytest.fixture
def upload_states(browser, server, demo_url, tmp_path):
    """The upload page as KL sees it, and a function bringing it to each state in turn:
    empty, preview with problems, preview with changes, history. Nothing is written."""
    from tests.browser.upload_states import kl_account, state_files
    from tests.browser.uploadpage import UploadPage

    kl_account(demo_url)
    page = UploadPage(browser, server)
    browser.delete_all_cookies()
    page.login("kl-tilgaengelighed", "kl-tilgaengelighed-kode")
    files = state_files(tmp_path)

    def states():
        page.open_data()
        yield "tom"
        page.upload(files["problemer"])
        yield "prøvekørsel med problemer"
        page.upload(files["ændringer"])
        yield "prøvekørsel med ændringer"
        page.driver.execute_script("document.getElementById('data-history-table').scrollIntoView()")
        yield "historik"

    yield page, states
    browser.delete_all_cookies()


def test_no_axe_violations_on_the_upload_in_each_state(upload_states):
    page, states = upload_states
    for state in states():
        _no_violations(page, f"Data-siden, upload: {state}")


@pytest.mark.parametrize("width", [320, 390])
def test_the_upload_reflows_in_each_state(upload_states, width):
    page, states = upload_states
    driver = page.driver
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        for state in states():
            wide = driver.execute_script("return document.documentElement.scrollWidth")
            assert wide <= width, f"upload ({state}) er {wide} px bred ved {width} px"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
