"""The compare page in a real browser: what a KL analyst does with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from landkort.export.tables import read_csv_download
from tests.browser.conftest import ROOT
from tests.browser.mappage import MapPage

LINES = """
var g = document.querySelector('#cmp-udvikling .js-plotly-plot');
return g && g.data ? g.data.map(t => [t.name, t.x, t.y]) : null;
"""


class ComparePage(MapPage):
    def open_compare(self, query: str = "") -> None:
        self.driver.get(f"{self.base}/sammenlign{query}")
        self.wait(lambda: self.lines() is not None, what="linjediagrammet")
        self.wait_idle()

    def lines(self) -> dict[str, dict[str, float | None]] | None:
        traces = self.driver.execute_script(LINES)
        if traces is None:
            return None
        return {name: dict(zip(x, y, strict=True)) for name, x, y in traces}

    def pick_kommune(self, label: str) -> None:
        self.choose("cmp-kommuner", label)
        self.driver.find_element(By.TAG_NAME, "h1").click()  # close the menu
        self.wait_idle()

    def column(self, column: str) -> list[str]:
        cells = self.driver.find_elements(
            By.CSS_SELECTOR, f'#cmp-rangliste td[data-dash-column="{column}"]'
        )
        return [c.text.strip() for c in cells]

    def sort_by(self, column: str) -> None:
        button = self.driver.find_element(
            By.CSS_SELECTOR, f'#cmp-rangliste th[data-dash-column="{column}"] .column-header--sort'
        )
        # the reader sees the table first: its rows come as it nears the screen
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button
        )
        self.wait(lambda: self.column(column), what="ranglistens rækker")
        self.driver.execute_script("arguments[0].click()", button)
        time.sleep(0.3)


@pytest.fixture
def page(browser, server) -> ComparePage:
    return ComparePage(browser, server)


def _api(server: str, path: str):
    with urllib.request.urlopen(server + path, timeout=10) as response:
        return json.loads(response.read())


def _three_participants(server: str) -> list[dict]:
    """Three kommuner with solid figures in the latest round (from the API)."""
    rows = _api(server, "/api/v1/tal")["kommuner"]
    solid = [r for r in rows if r["vaerdi"] is not None and not r["usikker"]]
    return [solid[0], solid[len(solid) // 2], solid[-1]]


def _label(row: dict) -> str:
    return f"{row['navn']} ({row['kode']})"


def test_pick_three_kommuner_and_see_their_lines(page, server, screenshots):
    page.open_compare()  # the ten largest movers
    assert len(page.lines()) == 11
    chosen = _three_participants(server)
    for row in chosen:
        page.pick_kommune(_label(row))
    names = [r["navn"] for r in chosen]
    page.wait(lambda: set(page.lines()) == {*names, "Hele landet"}, what="tre linjer og landet")
    assert page.control_text("cmp-udvalg") == "Valgte kommuner"
    koder = ",".join(r["kode"] for r in chosen)
    assert f"kommuner={koder}" in page.query()
    lines = page.lines()
    for row in chosen:
        series = _api(server, f"/api/v1/kommuner/{row['kode']}/serie")["runder"]
        expected = {r["runde"]: r["vaerdi"] for r in series}
        drawn = lines[row["navn"]]
        for runde, value in expected.items():
            if value is None:
                assert drawn.get(runde) is None, (row["navn"], runde)
            else:
                assert drawn[runde] == pytest.approx(value * 100, abs=0.01), (row["navn"], runde)
    page.driver.save_screenshot(str(screenshots / "compare-three-kommuner.png"))


def test_sort_and_filter_the_ranking_table(page):
    page.open_compare()
    page.sort_by("n")
    page.wait(lambda: _ints(page.column("n")) == sorted(_ints(page.column("n"))), what="n stigende")
    page.sort_by("n")
    page.wait(
        lambda: _ints(page.column("n")) == sorted(_ints(page.column("n")), reverse=True),
        what="n faldende",
    )
    assert len(set(_ints(page.column("n")))) > 5
    cell = page.driver.find_element(
        By.CSS_SELECTOR, '#cmp-rangliste th.dash-filter[data-dash-column="region"] input'
    )
    cell.send_keys("Nordjylland\n")
    page.wait(lambda: set(page.column("region")) == {"Nordjylland"}, what="kun Region Nordjylland")


def _ints(texts: list[str]) -> list[int]:
    return [int(t.replace(".", "")) for t in texts if t]


def _summary(demo_url: str, runde: str, kommune: str | None = None) -> dict:
    command = [sys.executable, "-m", "landkort", "summary", "--runde", runde, "--json"]
    if kommune:
        command += ["--kommune", kommune]
    env = {**os.environ, "LANDKORT_DATABASE_URL": demo_url}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _wait_for_file(folder: Path, suffix: str) -> Path:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        files = [p for p in folder.iterdir() if p.suffix == suffix]
        if files:
            return files[0]
        time.sleep(0.2)
    raise AssertionError(f"Ingen {suffix}-fil i {folder}: {list(folder.iterdir())}")


def test_downloaded_csv_matches_summary(page, server, demo_url, tmp_path):
    page.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    chosen = _three_participants(server)
    page.open_compare(f"?kommuner={','.join(r['kode'] for r in chosen)}")
    button_id = json.dumps(
        {"fmt": "csv", "key": "udvikling", "page": "compare", "type": "download"},
        separators=(",", ":"),
    )
    page.driver.execute_script("document.getElementById(arguments[0]).click()", button_id)
    data = _wait_for_file(tmp_path, ".csv").read_bytes()
    assert "OBS: simulerede demodata" in data.decode("utf-8-sig").splitlines()[0]
    frame = read_csv_download(data)
    runde = _api(server, "/api/v1/tal")["runde"]
    rows = frame[frame["Runde"] == runde].set_index("Kommune")
    assert set(rows.index) == {*(r["navn"] for r in chosen), "Hele landet"}
    value = "Selvbetjeningsgrad (transaktioner) (%)"
    for name, kode in [("Hele landet", None), *((r["navn"], r["kode"]) for r in chosen)]:
        expected = _summary(demo_url, runde, kode)["selvbetjeningsgrad"]
        assert rows.loc[name, value] == pytest.approx(expected["andel"] * 100, abs=0.051), name
        assert rows.loc[name, "n (registreringer)"] == expected["n"], name
