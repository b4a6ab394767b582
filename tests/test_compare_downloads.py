"""'Hent data' on the compare page: every view as CSV and XLSX through the Dash endpoint."""

from __future__ import annotations

import base64
import io

import openpyxl
import pytest

from app import create_app
from landkort.export.tables import DEMO_NOTE, SOURCE, read_csv_download
from tests.compare_helpers import load_example

KEYS = ("udvikling", "rangliste", "aendring", "fordeling", "opgaver")
SEARCH = "?runde=F2012&fra=E2011&kommuner=0187,0751,0101"


@pytest.fixture
def client(engine, db_url):
    load_example(engine)
    return create_app(db_url).server.test_client()


def _button(key: str, fmt: str) -> dict:
    return {"fmt": fmt, "key": key, "page": "compare", "type": "download"}


def _press(client, pressed: object):
    """Post what the download store holds after a press (``pressed``) to the server."""
    payload = {
        "output": "download-compare.data",
        "outputs": {"id": "download-compare", "property": "data"},
        "inputs": [{"id": "download-asked-compare", "property": "data", "value": pressed}],
        "state": [{"id": "cmp-url", "property": "search", "value": SEARCH}],
        "changedPropIds": ["download-asked-compare.data"],
    }
    return client.post("/_dash-update-component", json=payload)


def _download(client, key: str, fmt: str) -> tuple[str, bytes]:
    """The file behind a press of the button (key, fmt), as the browser asks for it:
    the press goes through the store that assets/landkort.js (``pressed``) fills."""
    pressed = {"id": _button(key, fmt), "n": 1, "at": 1_700_000_000_000}
    response = _press(client, pressed)
    assert response.status_code == 200, response.data[:500]
    data = response.get_json()["response"]["download-compare"]["data"]
    return data["filename"], base64.b64decode(data["content"])


@pytest.mark.parametrize("key", KEYS)
def test_every_view_downloads_as_csv_with_danish_headers_and_source(client, key):
    name, data = _download(client, key, "csv")
    assert name == f"landkort-{key}-F2012.csv"
    first = data.decode("utf-8-sig").splitlines()[0]
    assert first.startswith(SOURCE) and "Selvbetjeningsgrad" in first
    assert DEMO_NOTE not in first  # the example is not demo data
    frame = read_csv_download(data)
    assert "Kommune" in frame.columns and not frame.empty


def test_ranking_csv_holds_the_figures(client):
    frame = read_csv_download(_download(client, "rangliste", "csv")[1])
    top = frame.head(3).set_index("Kommune")
    assert list(top.index) == ["Vallensbæk", "Aarhus", "København"]
    assert top.loc["Vallensbæk", "Selvbetjeningsgrad (transaktioner) (%)"] == 60.0
    assert top.loc["Aarhus", "Ændring siden E2011 (pct.-point)"] == -40.0
    assert top.loc["København", "n (registreringer)"] == 200
    assert frame["Kommunekode"].astype(str).str.zfill(4).iloc[0] == "0187"
    assert len(frame) == 98


def test_xlsx_has_the_source_in_a1_and_the_table_below(client):
    name, data = _download(client, "opgaver", "xlsx")
    assert name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value.startswith(SOURCE)
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["Runde", "Opgave", "Kommunekode", "Kommune"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert ["F2012", "Pas", "0101", "København", 40.0, 100, None] in rows


@pytest.mark.parametrize(
    "pressed",
    [None, {}, {"id": _button("nope", "csv")}, {"id": _button("udvikling", "exe")}, [1], "x"],
)
def test_a_hand_made_press_sends_nothing(client, pressed):
    response = _press(client, pressed)
    assert response.status_code in (200, 204), response.data[:300]
    assert "download-compare" not in (response.get_json() or {}).get("response", {})
