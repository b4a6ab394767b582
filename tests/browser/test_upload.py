"""A kommune's tovholder in the browser (issue 9): logs in, uploads a file with errors
(shown, nothing written), uploads a good file and confirms (the map and the kommune page
show the new figure), undoes it (the old figure is back), tries another kommune's rows
(refused, naming the rows), logs out. On its own server and database, since it writes."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from landkort import accounts, metrics
from landkort.database import open_database
from landkort.demo import load_demo
from landkort.formatting import format_percent
from tests.browser.uploadpage import UploadPage
from tests.conftest import fresh_database
from tests.import_helpers import COLUMNS, fact_rows
from tests.serving_helpers import serve

VALLENSBAEK, F2012 = 187, 2
PASSWORD = "tovholder-kode"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    url = fresh_database("landkort_upload", tmp_path_factory.mktemp("upload-db") / "u.db")
    engine = open_database(url)
    load_demo(engine, size="small", seed=2011)
    with engine.begin() as conn:
        accounts.add_account(conn, "tove", "kommune", PASSWORD, frozenset({VALLENSBAEK}))
        accounts.add_account(conn, "kl-admin", "kl", PASSWORD)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def site(database, tmp_path_factory):
    served = serve(database, tmp_path_factory.mktemp("upload-server"))
    try:
        yield served.base
    finally:
        served.stop()


@pytest.fixture
def page(browser, site):
    browser.delete_all_cookies()
    yield UploadPage(browser, site)
    browser.delete_all_cookies()


def _share(url: str) -> float | None:
    engine = open_database(url)
    try:
        with engine.connect() as conn:
            return metrics.share(conn, "selvbetjeningsgrad", F2012, kommune=VALLENSBAEK).andel
    finally:
        engine.dispose()


def _file(path, rows: list[list[str]]):
    path.write_text(
        ";".join(COLUMNS) + "\n" + "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8"
    )
    return path


GOOD = [
    ["0187", "F2012", "", "Flytning", "Oprettelse ny sag", "ind", "SLVBTJN", "3", "", ""],
    ["0187", "F2012", "", "Flytning", "Oprettelse ny sag", "ind", "TLFIND", "1", "", ""],
]


def _map_text(page: UploadPage) -> str:
    page.open("?runde=F2012&kort=hex")
    return page.hover(VALLENSBAEK)


def _kommune_share(page: UploadPage) -> str:
    page.driver.get(f"{page.base}/kommune/0187?runde=F2012")
    return page.wait(
        lambda: page.driver.find_element(By.ID, "kp-share").text.strip(),
        timeout=30,
        what="kommunesidens selvbetjeningsgrad",
    )


def test_a_tovholder_uploads_confirms_undoes_and_logs_out(page, database, tmp_path, screenshots):
    old_share = _share(database)
    old_text = format_percent(old_share)
    new_text = format_percent(0.75)
    assert old_text != new_text
    start = fact_rows(database)

    page.login("tove", PASSWORD)
    page.open_data()

    # a file with errors: shown, nothing written
    bad = list(GOOD[0])
    bad[COLUMNS.index("antal")] = "mange"
    page.upload(_file(tmp_path / "fejl.csv", [bad, GOOD[1]]))
    summary = page.text_of("#data-problems-summary")
    assert "1 problem" in summary and "Intet er indlæst" in summary
    table = page.text_of("#data-problems-table")
    assert "mange" in table and "antal" in table
    assert page.driver.find_element(By.ID, "data-write-confirm").get_attribute("disabled")
    page.driver.save_screenshot(str(screenshots / "upload-problems.png"))
    assert fact_rows(database) == start

    # another kommune's rows: refused, naming the rows
    other = list(GOOD[1])
    other[0] = "0101"
    page.upload(_file(tmp_path / "andre.csv", [GOOD[0], other]))
    table = page.text_of("#data-problems-table")
    assert "3" in [
        c.text for c in page.driver.find_elements(By.CSS_SELECTOR, "#data-problems-table td")
    ]
    assert "må ikke indlæse data for København" in table
    assert fact_rows(database) == start

    # a good file, replacing the round: preview, then confirm
    page.click("#data-write-replace")
    page.upload(_file(tmp_path / "vallensbaek.csv", GOOD))
    changes = page.text_of("#data-changes-table")
    assert "Vallensbæk" in changes and f"{old_text} → {new_text}" in changes
    page.driver.save_screenshot(str(screenshots / "upload-preview.png"))
    assert fact_rows(database) == start
    page.click("#data-write-confirm")
    page.wait_for_result("Indlæst")
    assert "vallensbaek.csv" in page.text_of("#data-history-table")
    page.driver.save_screenshot(str(screenshots / "upload-confirmed.png"))
    assert _share(database) == pytest.approx(0.75)

    assert new_text in _map_text(page)
    assert _kommune_share(page) == new_text

    # undo: the old figure is back
    page.open_data()
    page.click("button[id*='data-write-undo']")
    page.wait_for_result("Fortrudt")
    assert fact_rows(database) == start
    assert old_text in _map_text(page)
    assert _kommune_share(page) == old_text

    page.logout()
    page.driver.get(f"{page.base}/data")
    page.wait(
        lambda: "Log ind" in page.text_of("#data-account-area"), what="'Log ind' på Data-siden"
    )
    assert not page.driver.find_elements(By.ID, "data-write-upload")


def test_kl_manages_users_on_the_data_page(page, database):
    from tests.browser.axe import report, violations

    page.login("kl-admin", PASSWORD)
    page.open_data()
    page.wait(lambda: page.driver.find_elements(By.ID, "data-admin-add"), what="brugerne")
    found = violations(page.driver)
    assert not found, report(found)
    page.driver.find_element(By.ID, "data-admin-navn").send_keys("ishoej-tovholder")
    page.driver.find_element(By.ID, "data-admin-kommuner").send_keys("Ishøj")
    page.driver.find_element(By.ID, "data-admin-kode").send_keys("en-lang-adgangskode")
    page.driver.find_element(By.ID, "data-admin-add").send_keys("\ue007")  # Enter
    page.wait(
        lambda: "er oprettet" in page.driver.find_element(By.ID, "data-admin-result").text,
        what="kvitteringen",
    )
    assert "ishoej-tovholder" in page.driver.find_element(By.ID, "data-admin-list").text
    engine = open_database(database)
    with engine.connect() as conn:
        made = accounts.find_account(conn, "ishoej-tovholder")
    engine.dispose()
    assert made is not None and made.kommuner == frozenset({183})
