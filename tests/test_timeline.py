"""The map's timeline payload, the pictures' names and source lines, the embed's tools.

The payload carries every round of a selection; a round in it must say exactly what
the page drawn on the server for that round says, since the browser swaps one for the
other (assets/map_timeline.js).
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from landkort import reference as ref
from landkort.views.map_view import map_view
from layouts.components.chart_image import image_meta, image_name, slug, with_image_meta
from layouts.map import charts, panel
from layouts.map.timeline import at_round, selection_key, timeline_payload, url_rules
from layouts.pages import PAGES
from layouts.registry import draw


@pytest.fixture
def demo(engine, tmp_path, monkeypatch):
    from landkort.demo import load_demo

    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LANDKORT_BOUNDARIES", raising=False)
    load_demo(engine, size="small", seed=2011)
    return engine


@pytest.mark.parametrize("search", ["", "?maal=aendring&region=1084", "?opgave=5&kommune=0187"])
def test_every_round_of_the_payload_is_the_round_the_server_draws(demo, search):
    with demo.connect() as conn:
        view = map_view(conn, search)
        payload = timeline_payload(conn, view, demo=True)
        assert payload["key"] == selection_key(view) and "runde=" not in payload["key"]
        assert payload["order"] == [str(r) for r, _, _ in view.rounds]
        for runde, kode, _ in view.rounds:
            at = map_view(conn, f"{search or '?'}&runde={kode}")  # the page for that round
            assert at.selection == at_round(view, runde).selection
            frame = charts.kommune_frame(conn, at)
            sent = payload["rounds"][str(runde)]
            assert sent["map"] == charts.traces(frame, at)
            assert sent["kode"] == at.runde_kode
            spread = panel.distribution_chart(at.selection, frame, frame.attrs["pooled"])
            assert sent["spread"]["x"] == list(spread["data"][0]["x"] or [])
            pooled = frame.attrs["pooled"]
            card = panel.pooled_card(
                at.selection.spec,
                pooled,
                area=at.area,
                runde=at.runde_kode,
                participants=at.participants,
            )
            texts = [c.children for c in card.children]
            assert sent["pooled"]["head"] in texts and sent["pooled"]["value"] in texts
            assert sent["pooled"]["n"] in texts and sent["pooled"]["interval"] in texts


def test_the_payload_is_small(demo):
    with demo.connect() as conn:
        payload = timeline_payload(conn, map_view(conn, ""), demo=True)
    data = json.dumps(payload, separators=(",", ":")).encode()
    assert len(gzip.compress(data)) < 60_000


def test_url_rules_match_the_server_side_address(demo):
    with demo.connect() as conn:
        view = map_view(conn, "")
        rules = url_rules(view)
    assert rules["latest"] == view.latest and rules["defaultForm"] == "geo"
    assert rules["rounds"]["7"] == "E2014"
    assert rules["measures"]["hjemmeside"] == ["generel_information", "information_om_sag"]


def test_picture_names_say_what_they_show():
    assert slug("Selvbetjeningsgrad (transaktioner), alle 35 opgaver") == "selvbetjeningsgrad"
    assert slug("Afstand til 80 %-målet, Flytning") == "afstand-til-80-maalet-flytning"
    assert slug("Ærø, Sønderborg") == "aeroe-soenderborg"


def test_every_graph_of_every_page_is_named_and_carries_its_source_line(demo):
    with demo.connect() as conn:
        for page in PAGES:
            if not page.charts or page.embed_view is None:
                continue
            query = "?kommune=0187" if page.key == "kommune" else ""
            view = page.embed_view(conn, query)
            for chart in page.charts:
                if chart.kind != "graph" or chart.missing(view):
                    continue
                _, figure = draw(chart, conn, view)
                plain = figure if isinstance(figure, dict) else figure.to_dict()
                meta = plain["layout"]["meta"]["image"]
                assert meta["name"] == image_name(chart, view)
                assert re.fullmatch(r"landkort-[0-9a-z-]+-[EF]20\d\d", meta["name"]), meta
                assert meta["lines"][0].startswith("Kilde: Digitalt Landkort")
                assert meta["demo"] == "Demodata (simuleret)"


def test_the_map_picture_credits_the_boundaries(demo):
    page = next(p for p in PAGES if p.key == "map")
    with demo.connect() as conn:
        view = map_view(conn, "?runde=E2015")
    meta = image_meta(page.chart("kort"), view, demo=False)
    assert meta["name"] == "landkort-selvbetjeningsgrad-E2015"
    assert meta["lines"][-1] == "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur"
    assert meta["demo"] == ""
    assert with_image_meta({"data": []}, meta)["layout"]["meta"]["image"] == meta


def test_embeds_offer_png_and_svg_and_credit_the_boundaries(demo, db_url):
    from app import create_app

    client = create_app(db_url).server.test_client()
    html = client.get("/embed/kort?runde=E2015").get_data(as_text=True)
    assert 'data-image-format="png"' in html and 'data-image-format="svg"' in html
    assert "/assets/chart_image.js" in html
    assert "Kommunegrænser: DAGI, Styrelsen for Dataforsyning og Infrastruktur" in html
    assert '"name":"landkort-selvbetjeningsgrad-E2015"' in html.replace(" ", "")
    hex_html = client.get("/embed/kort?kort=hex").get_data(as_text=True)
    assert "Kommunegrænser: DAGI" not in hex_html
    trend = client.get("/embed/udvikling").get_data(as_text=True)
    assert 'data-image-format="svg"' in trend and "Kommunegrænser: DAGI" not in trend


def test_hex_labels_are_short_and_unique():
    from landkort.geography.hexmap import short_names

    names = short_names()
    assert len(names) == len(ref.KOMMUNER) == len(set(names.values()))
    assert all(len(n) == 3 for n in names.values())
    assert names[101] == "Køb"
