"""The map in a real browser: what a kommune manager or KL analyst does first."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from landkort import reference as ref
from landkort.database import make_engine
from landkort.formatting import format_int, format_percent
from landkort.views.map import Selection, kommune_values, pooled_value
from tests.browser.mappage import MapPage, same_colours

VALLENSBAEK = 187
F2012 = ref.runde_by_kode()["F2012"].id


@pytest.fixture
def page(browser, server) -> MapPage:
    return MapPage(browser, server)


def test_map_shows_all_98_kommuner_and_the_demo_mark(page, screenshots):
    page.open()
    assert len(page.drawn()) == 98
    badge = page.driver.find_element(By.CLASS_NAME, "demo-badge")
    assert badge.text == "Demodata (simuleret)"
    page.driver.save_screenshot(str(screenshots / "map-default.png"))


def test_changing_the_round_changes_the_colours_and_the_url(page):
    page.open("?runde=E2011")
    before = page.fills()
    page.set_round("E2015")
    page.wait(lambda: not page.same_colours(before), what="nye farver")
    page.wait(lambda: "runde=E2015" in page.query() or page.query() == "", what="adressen")
    assert page.round_text() == "E2015 (Efterår 2015)"


def test_hover_text_for_a_known_kommune(page, demo_url):
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        sel = Selection(runde=F2012)
        row = kommune_values(conn, sel).loc[VALLENSBAEK]
        national = pooled_value(conn, sel)
    engine.dispose()
    assert row["deltog"], "the demo data lets Vallensbæk take part in F2012"
    page.open("?runde=F2012")
    text = page.hover(VALLENSBAEK)
    assert "Vallensbæk (0187)" in text
    assert f"Selvbetjeningsgrad (transaktioner): {format_percent(row['value'])}" in text
    assert f"n = {format_int(row['n'])} registreringer" in text
    assert f"Nr. {int(row['rank'])} af {int(row['of'])} deltagere" in text
    assert f"Hele landet: {format_percent(national.value)}" in text
    assert "95 %-interval" in text


def test_non_participants_say_so_on_hover(page, demo_url):
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        frame = kommune_values(conn, Selection(runde=F2012))
    engine.dispose()
    absent = int(frame[~frame["deltog"]].index[0])
    page.open("?runde=F2012")
    assert page.fills()[absent].startswith("rgb(189, 189, 189)")
    assert "Deltog ikke i runden F2012" in page.hover(absent)


def test_clicking_a_kommune_opens_its_page(page, screenshots):
    page.open("?runde=F2012")
    page.click(VALLENSBAEK)
    page.wait(
        lambda: page.driver.current_url.split("?")[0].endswith("/kommune/0187"),
        what="kommunesiden i adresselinjen",
    )
    title = page.wait(
        lambda: page.driver.find_element(By.ID, "kommune-title").text,
        what="kommunesidens overskrift",
    )
    assert title == "Vallensbæk Kommune"
    page.driver.save_screenshot(str(screenshots / "kommune-0187.png"))


def test_a_copied_url_restores_the_same_view(page):
    page.open()
    page.choose("ctl-maal", "Straksafslutningsgrad")
    page.set_round("F2014")
    page.choose("ctl-opgave", "Flytning")
    page.choose("ctl-gruppe", "Transaktioner")
    url = page.driver.current_url
    fills = page.fills()
    assert "maal=straks" in url and "runde=F2014" in url and "opgave=5" in url
    page.open()  # somewhere else first
    page.driver.get(url)
    page.wait(lambda: page.same_colours(fills), what="de samme farver fra den kopierede adresse")
    assert page.control_text("ctl-maal") == "Straksafslutningsgrad"
    assert page.round_text() == "F2014 (Forår 2014)"
    assert page.control_text("ctl-opgave") == "Flytning"
    assert page.control_text("ctl-gruppe") == "Transaktioner"


def test_back_and_forward_walk_through_the_views(page):
    page.open("?runde=E2011")
    e2011 = page.fills()
    page.jump_round(5)  # E2013, in one move: one step back in the history
    page.wait(lambda: not page.same_colours(e2011), what="E2013-farver")
    page.wait(lambda: "runde=E2013" in page.query(), what="E2013 i adressen")
    e2013 = page.fills()
    page.driver.back()
    page.wait(lambda: page.same_colours(e2011), what="tilbage til E2011")
    page.wait(lambda: page.round_text() == "E2011 (Efterår 2011)", what="tidslinjen på E2011")
    page.driver.forward()
    page.wait(lambda: page.same_colours(e2013), what="frem til E2013")


def test_the_hex_toggle_switches_geometry_and_keeps_the_colours(page, screenshots):
    page.open("?kort=hex")
    hex_paths = page.drawn()
    page.driver.save_screenshot(str(screenshots / "map-hex.png"))
    page.driver.find_element(By.XPATH, "//label[normalize-space()='Geografisk']").click()
    page.wait(
        lambda: (
            {k: n for k, (_, n) in page.drawn().items()}
            != {k: n for k, (_, n) in hex_paths.items()}
        ),
        what="geografiske grænser",
    )
    page.wait_idle()
    geo_paths = page.drawn()
    assert len(geo_paths) == 98
    assert same_colours(
        {k: f for k, (f, _) in geo_paths.items()}, {k: f for k, (f, _) in hex_paths.items()}
    )
    assert "kort=hex" not in page.query()
    page.driver.save_screenshot(str(screenshots / "map-geo.png"))
