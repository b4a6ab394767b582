"""The kommune page in a real browser: header against ``summary``, controls, a CSV, PDF."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from landkort import metrics, schema
from landkort import reference as ref
from landkort.database import make_engine
from landkort.export import tables as downloads
from landkort.formatting import format_int, format_percent
from tests.browser.conftest import ROOT
from tests.browser.mappage import READ_ON, RECORD_CALLBACKS, TO_THE_TOP, MapPage

PLOT_DATA = """
var box = document.querySelector(arguments[0]);
if (box) box.scrollIntoView({block: 'center', behavior: 'instant'});  // drawn when near
var g = document.querySelector(arguments[0] + ' .js-plotly-plot');
return g && g.data ? JSON.stringify(g.data.map(t => [t.name, t.x, t.y])) : null;
"""


class KommunePage(MapPage):
    def open_kommune(self, kode: int, query: str = "", charts: int = 14) -> None:
        self.driver.get(f"{self.base}/kommune/{kode:04d}{query}")
        self.wait(lambda: self.text("kommune-title"), what="kommunesidens overskrift")
        self.wait(
            lambda: self.read_on() or self.charts() >= charts,
            timeout=30,
            what="alle figurer og tabeller",
        )
        self.wait(
            lambda: self.read_on() or self.plots() >= charts - 1,
            timeout=30,
            what="plotly har tegnet",
        )
        self.wait_idle()
        self.driver.execute_script(TO_THE_TOP)

    def read_on(self) -> None:
        """One screen further down, as a reader goes: the report's sections, and its
        charts, are drawn when one nears them (from the top again after the end)."""
        self.driver.execute_script(READ_ON)

    def plots(self) -> int:
        """Charts plotly has drawn (every card but the opgave table holds one)."""
        script = (
            "return Array.from(document.querySelectorAll('.kp-chart .js-plotly-plot'))"
            ".filter(g => g.querySelector('.main-svg')).length"
        )
        return self.driver.execute_script(script)

    def text(self, element_id: str) -> str:
        return self.driver.find_element(By.ID, element_id).text.strip()

    def charts(self) -> int:
        return len(self.driver.find_elements(By.CSS_SELECTOR, ".kp-chart"))

    def plot(self, graph_id: str) -> list | None:
        data = self.driver.execute_script(PLOT_DATA, f"#{graph_id}")
        return json.loads(data) if data else None


@pytest.fixture(scope="module")
def kommune(demo_url) -> tuple[int, list[int]]:
    """A kommune of the small demo with several rounds and at least one round missed."""
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        for k in ref.KOMMUNER:
            taken = metrics.rounds_taken_part(conn, k.kode)
            missed = [r for r in range(taken[0], taken[-1]) if r not in taken] if taken else []
            if len(taken) >= 5 and missed:
                engine.dispose()
                return k.kode, taken
    raise AssertionError("ingen passende kommune i demodata")


@pytest.fixture
def page(browser, server) -> KommunePage:
    return KommunePage(browser, server)


def _summary(demo_url: str, runde: str, kommune: int | None = None) -> dict:
    args = [sys.executable, "-m", "landkort", "summary", "--runde", runde, "--json"]
    if kommune is not None:
        args += ["--kommune", f"{kommune:04d}"]
    env = {**os.environ, "LANDKORT_DATABASE_URL": demo_url}
    out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_header_figures_match_summary(page, kommune, demo_url, screenshots):
    kode, taken = kommune
    runde = ref.RUNDER[taken[-1] - 1].kode
    page.open_kommune(kode, f"?runde={runde}")
    own = _summary(demo_url, runde, kode)["selvbetjeningsgrad"]
    national = _summary(demo_url, runde)["selvbetjeningsgrad"]
    assert page.text("kommune-title") == f"{ref.kommune_by_kode()[kode].navn} Kommune"
    assert page.text("kp-share") == format_percent(own["andel"])
    tile = page.driver.find_element(By.ID, "kp-share").find_element(By.XPATH, "..").text
    assert f"n = {format_int(own['n'])}" in tile
    assert f"{format_percent(own['lav'])}–{format_percent(own['hoej'])}" in tile
    assert page.text("kp-national") == format_percent(national["andel"])
    sentences = page.text("kp-sentences")
    assert f"{format_percent(own['andel'], 0)} af" in sentences
    rounds = page.text("kp-rounds")
    assert rounds.startswith(f"Deltog i {len(taken)} af 10 runder")
    page.driver.save_screenshot(str(screenshots / f"kommune-{kode:04d}-top.png"))


def test_every_chart_is_drawn_and_photographed(page, kommune, screenshots):
    kode, taken = kommune
    page.open_kommune(kode, f"?runde={ref.RUNDER[taken[-1] - 1].kode}")
    cards = page.driver.find_elements(By.CSS_SELECTOR, ".kp-chart")
    names = [c.get_attribute("id") for c in cards]
    for expected in ("progress-all", "mix", "multiples", "ind", "ud", "types", "groups",
                     "opgave-table", "straks-group", "straks-opgave", "blanket-opgave",
                     "cost", "enhed"):  # fmt: skip
        assert f"kp-card-{expected}" in names
    for card in cards:
        page.driver.execute_script("arguments[0].scrollIntoView()", card)
        time.sleep(0.3)
        card.screenshot(str(screenshots / f"{card.get_attribute('id')}.png"))
    graphs = page.driver.find_elements(By.CSS_SELECTOR, ".kp-chart .js-plotly-plot")
    assert len(graphs) >= 13
    assert all(g.find_elements(By.CSS_SELECTOR, ".main-svg") for g in graphs)


FIRST_LOAD = (  # the page itself came with the layout: no routing callback
    "..kp-prices-saved.data...kp-prices-account.children..",
    '..kp-prices-store.data...{"kanal":["ALL"],"type":"kp-price"}.value..',
)
BATCHED = (
    "kp-mix",
    "kp-multiples",
    "kp-patterns",
    "kp-opgave-table",
    "kp-quality",
    "kp-cost",
    "kp-enheder",
)


def test_a_first_load_brings_the_top_drawn_and_the_rest_as_the_reader_nears_it(page, kommune):
    """Issue 15: not nine section requests queued by the browser, but the page with its
    header and first section; the report's sections, the cost section among them, come
    in one batch when the reader scrolls toward them, not before."""
    kode, taken = kommune
    script = page.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS}
    )
    try:
        page.driver.get(f"{page.base}/kommune/{kode:04d}?runde={ref.RUNDER[taken[-1] - 1].kode}")
        page.wait(lambda: page.text("kommune-title"), what="kommunesidens overskrift")
        page.wait_idle()
        time.sleep(0.5)
        before = page.driver.execute_script("return window.__callbacks")
        assert sorted(before) == sorted(FIRST_LOAD), before  # issue 15: no idle requests
        assert not page.driver.find_elements(By.CSS_SELECTOR, "#kp-cost .kp-chart")
        page.wait(lambda: page.read_on() or page.charts() >= 14, timeout=30,
                  what="rapportens afsnit")  # fmt: skip
        after = page.driver.execute_script("return window.__callbacks")
    finally:
        page.driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )
    asked = [o for o in after if "kp-" in o and "kp-prices" not in o]
    assert not [o for o in asked if "kp-header" in o or "kp-progress" in o], asked
    batches = [o for o in asked if all(f"{s}.children" in o for s in BATCHED)]
    assert len(batches) == 1, asked
    assert asked == [batches[0]], asked
    assert page.driver.find_elements(By.CSS_SELECTOR, "#kp-cost .kp-chart")
    assert batches[0] not in before, before
    assert page.text("kp-rounds").startswith("Deltog i ")


def test_switching_opgave_and_round_changes_the_charts(page, kommune):
    kode, taken = kommune
    page.open_kommune(kode, f"?runde={ref.RUNDER[taken[-1] - 1].kode}")
    before = page.plot("kp-fig-progress-opgave")
    mix_before = page.plot("kp-fig-mix")
    page.choose("kp-opgave", "Pas")
    page.wait(lambda: page.plot("kp-fig-progress-opgave") != before, what="ny opgavefigur")
    assert page.text("kp-card-progress-opgave").startswith("Pas")
    assert page.plot("kp-fig-mix") != mix_before
    assert "opgave=6" in page.query()

    share_before, ind_before = page.text("kp-share"), page.plot("kp-fig-ind")
    other = ref.RUNDER[taken[-2] - 1]
    page.choose("kp-runde", f"{other.kode} ({other.navn})")
    page.wait(lambda: page.plot("kp-fig-ind") not in (None, ind_before), what="nyt kanalmønster")
    assert f"runde={other.kode}" in page.query()
    assert page.text("kp-share") != share_before or page.plot("kp-fig-ind") != ind_before


def test_a_round_not_taken_part_says_so(page, kommune):
    kode, taken = kommune
    missed = next(r for r in range(taken[0], taken[-1]) if r not in taken)
    page.open_kommune(kode, f"?runde={ref.RUNDER[missed - 1].kode}", charts=4)
    page.wait(lambda: page.driver.find_elements(By.ID, "kp-not-taken"), what="'deltog ikke'")
    assert "deltog ikke" in page.text("kp-not-taken")
    alerts = page.driver.find_elements(By.CSS_SELECTOR, ".kp-not-taken")
    assert len(alerts) == 5  # every report section, no zeros
    assert not page.driver.find_elements(By.ID, "kp-fig-ind")


def test_csv_download_matches_the_database(page, kommune, demo_url, tmp_path):
    kode, taken = kommune
    runde = taken[-1]
    page.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    page.open_kommune(kode, f"?runde={ref.RUNDER[runde - 1].kode}")
    button = page.driver.find_element(
        By.XPATH, "//*[@id='kp-card-ind']//button[normalize-space()='CSV']"
    )
    page.driver.execute_script("arguments[0].click()", button)
    files = page.wait(lambda: list(tmp_path.glob("*.csv")), timeout=20, what="CSV-filen")
    data = Path(files[0]).read_bytes()
    assert "simulerede demodata" in data.decode("utf-8-sig").splitlines()[0]
    frame = downloads.read_csv_download(data).set_index("Kanal")
    t = schema.channel_totals.c
    kanaler = {k.id: k.navn for k in ref.KANALER if k.retning == ref.IND}
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.kanal_id, func.sum(t.antal))
            .where(t.kommune_kode == kode, t.runde_id == runde, t.kanal_id.in_(list(kanaler)))
            .group_by(t.kanal_id)
        ).all()
    engine.dispose()
    expected = {kanaler[k]: int(n) for k, n in rows}
    counts = frame["Antal, kommunen"]
    assert counts[counts > 0].to_dict() == expected  # 0: a channel only Hele landet used
    total = sum(expected.values())
    for kanal, n in expected.items():
        assert frame.loc[kanal, "Andel, kommunen"] == pytest.approx(n / total)


def test_prints_to_pdf(page, kommune, screenshots):
    kode, taken = kommune
    page.open_kommune(kode, f"?runde={ref.RUNDER[taken[-1] - 1].kode}")
    pdf = page.driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    assert len(data) > 50_000
    (screenshots / f"kommune-{kode:04d}.pdf").write_bytes(data)
    widths = page.driver.execute_script("return window.__landkortPrinted")
    assert len(widths) >= 13 and all(0 < w <= 700 for w in widths)  # redrawn to fit A4
    plain = base64.b64decode(page.driver.print_page())
    assert plain.startswith(b"%PDF")


def test_the_url_restores_prices_the_what_if_and_the_counts_switch(page, kommune, demo_url):
    from landkort.urlstate.kommune import parse_state
    from landkort.views.whatif import what_if

    kode, taken = kommune
    runde = ref.RUNDER[taken[-1] - 1].kode
    query = f"?runde={runde}&pris=TLFIND:45,PRSNLG:80,PPRIND:60&flyt=40&visning=antal"
    page.open_kommune(kode, query, charts=19)
    price = page.driver.find_element(By.CSS_SELECTOR, "[id*='TLFIND'][id*='kp-price']")
    assert price.get_attribute("value") == "45"
    handle = page.driver.find_element(By.CSS_SELECTOR, "#kp-flyt [role=slider]")
    assert handle.get_attribute("aria-valuenow") == "40"
    checked = page.driver.find_element(By.CSS_SELECTOR, "#kp-visning input:checked")
    assert checked.get_attribute("value") == "antal"
    assert "Hvad hvis 40 %" in page.text("kp-card-hvis")

    engine = make_engine(demo_url)
    with engine.connect() as conn:
        state = parse_state(query, default_runde=taken[-1])
        row = what_if(conn, kode, taken[-1], state.prices, 0.4).iloc[0]
    engine.dispose()
    assert format_percent(row["Selvbetjeningsgrad efter"]) in page.text("kp-card-hvis")

    handle.send_keys("\ue014")  # arrow right: 45 %
    page.wait(lambda: "flyt=45" in page.query(), what="skyderen skriver adressen")
    page.wait(lambda: "Hvad hvis 45 %" in page.text("kp-card-hvis"), what="ny beregning")
