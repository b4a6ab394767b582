"""The page registry and the chart tables, on the small demo set: every chart of every
page yields a frame, a figure, a CSV and an XLSX download, and every embeddable one an
/embed/ page that draws."""

from __future__ import annotations

import base64
import io
import json
import re

import openpyxl
import pandas as pd
import pytest

from callbacks.charts import chart_download
from landkort.database import make_engine
from landkort.export.tables import SOURCE, read_csv_download
from layouts.pages import PAGES, page
from layouts.registry import embed_charts, find_page

ADDRESSES = {  # one address per page with charts, on the example data
    "map": ("/", "?runde=F2012"),
    "compare": ("/sammenlign", "?runde=F2012&fra=E2011&kommuner=0187,0751,0101"),
    "kommune": ("/kommune/0187", "?runde=F2012"),
}
CHARTS = [(p.key, c.key) for p in PAGES for c in p.charts]


@pytest.fixture
def example(small_demo_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LANDKORT_BOUNDARIES", raising=False)
    engine = make_engine(small_demo_url)
    yield engine
    engine.dispose()


def _view(engine, key: str):
    path, search = ADDRESSES[key]
    found_page, values = find_page(PAGES, path)
    assert found_page.key == key
    with engine.connect() as conn:
        return found_page.view(conn, values, search)


def test_every_page_with_charts_has_an_address_here():
    assert {p.key for p in PAGES if p.charts} == set(ADDRESSES)


@pytest.mark.parametrize(("page_key", "chart_key"), CHARTS)
def test_every_chart_yields_a_frame_a_figure_and_both_downloads(example, page_key, chart_key):
    entry, view = page(page_key), _view(example, page_key)
    chart = entry.chart(chart_key)
    with example.connect() as conn:
        frame = chart.frame(conn, view)
        figure = chart.figure(frame, view)
    assert isinstance(frame, pd.DataFrame) and not frame.empty
    assert figure is not None
    assert chart.title_for(view) and chart.heading_for(frame, view)
    assert all(isinstance(n, str) for n in chart.notes_for(frame, view))
    csv = chart_download(example, entry, view, chart_key, "csv")
    assert csv["filename"] == f"{entry.download_name(view, chart_key)}.csv"
    assert "F2012" in csv["filename"]
    data = base64.b64decode(csv["content"])
    assert data.decode("utf-8-sig").startswith(SOURCE)
    with example.connect() as conn:
        assert len(read_csv_download(data)) == len(chart.download_frame(conn, view))
    xlsx = chart_download(example, entry, view, chart_key, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx["content"]))).active
    assert sheet["A1"].value.startswith(SOURCE) and sheet["A3"].value is not None


@pytest.fixture
def client(example, small_demo_url):
    from app import create_app

    return create_app(small_demo_url).server.test_client()


EMBEDS = sorted(embed_charts(PAGES))


def test_embed_names_keep_the_published_links():
    assert {"kort", "udvikling", "spredning", "sammenlign-linjer", "sammenlign-aendring",
            "sammenlign-spredning", "sammenlign-opgaver", "kommune-mix", "kommune-enhed"} <= set(
        EMBEDS
    )  # fmt: skip
    assert "kommune-opgave-table" not in EMBEDS and "sammenlign-rangliste" not in EMBEDS


@pytest.mark.parametrize("name", EMBEDS)
def test_every_embeddable_chart_draws_under_embed(client, example, name):
    entry, chart = embed_charts(PAGES)[name]
    view = _view(example, entry.key)
    response = client.get(f"/embed/{name}{view.embed_query()}")
    assert response.status_code == 200, name
    html = response.get_data(as_text=True)
    text = re.search(r'<script type="application/json" id="figure">(.*?)</script>', html, re.S)
    figure = json.loads(text.group(1))
    assert figure["data"] or figure["layout"]["annotations"], name
    assert view.full_view().split("?")[0] in html


def test_routing_reads_the_registry():
    assert find_page(PAGES, "/")[0].key == "map"
    assert find_page(PAGES, "/sammenlign/")[0].key == "compare"
    assert find_page(PAGES, "/kommune/187") == (page("kommune"), {"kode": 187})
    assert find_page(PAGES, "/kommune/abc") is None
    assert find_page(PAGES, "/findes-ikke") is None


def test_each_page_has_its_title_and_the_navbar_lists_the_registry(example):
    from callbacks.routing import page_content
    from callbacks.shell import shell_layout

    assert page_content(example, "/kommune/0187", "")[1].startswith("Vallensbæk Kommune")
    assert page_content(example, "/sammenlign", "")[1].startswith("Sammenlign kommuner")
    assert "Siden findes ikke" in str(page_content(example, "/kommune/9999", "")[0])
    shell = str(shell_layout(example).to_plotly_json())
    for entry in PAGES:
        if entry.nav:
            assert f"children='{entry.nav}', href='{entry.path}'" in shell
