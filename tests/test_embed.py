"""Embed pages: framing headers, strict parameters, escaping, and the chart's data."""

from __future__ import annotations

import json
import re

import pytest

from embed.framing import embed_origins, frame_headers


def test_framing_rules():
    assert frame_headers("/")["X-Frame-Options"] == "DENY"
    assert frame_headers("/kommune/0187")["Content-Security-Policy"] == "frame-ancestors 'none'"
    embed = frame_headers("/embed/kort")
    assert "X-Frame-Options" not in embed
    assert embed["Content-Security-Policy"].startswith("frame-ancestors ")


def test_embed_origins_from_the_environment(monkeypatch):
    monkeypatch.delenv("LANDKORT_EMBED_ORIGINS", raising=False)
    assert embed_origins() == ["*"]
    value = "https://intranet.vallensbaek.dk, http://127.0.0.1:8080"
    assert embed_origins(value) == ["https://intranet.vallensbaek.dk", "http://127.0.0.1:8080"]
    with pytest.raises(ValueError, match="javascript:alert"):
        embed_origins("javascript:alert(1)")  # refused, never dropped (tests/test_hostile_requests)


@pytest.fixture
def client(small_demo_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LANDKORT_BOUNDARIES", raising=False)
    from app import create_app

    return create_app(small_demo_url).server.test_client()


def _figure(html: str) -> dict:
    text = re.search(r'<script type="application/json" id="figure">(.*?)</script>', html, re.S)
    return json.loads(text.group(1))


def test_embedded_map_has_every_kommune_the_demo_mark_and_a_link_back(client, monkeypatch):
    monkeypatch.setenv("LANDKORT_EMBED_ORIGINS", "https://intranet.example.dk")
    response = client.get("/embed/kort?runde=F2012&maal=straks")
    assert response.status_code == 200
    # The framing rule, within the app's whole policy (server/headers.py).
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors https://intranet.example.dk" in csp.split("; ")
    html = response.get_data(as_text=True)
    figure = _figure(html)
    located = sum(len(t.get("locations", [])) for t in figure["data"][:3])
    assert located == 98
    assert "Demodata (simuleret)" in html
    assert 'href="/?maal=straks&amp;runde=F2012"' in html
    assert "F2012" in html and "Straksafslutningsgrad" in html
    assert "_dash-renderer" not in html and "react" not in html.lower()


@pytest.mark.parametrize(
    ("chart", "query"),
    [
        ("udvikling", "?runde=E2015"),
        ("spredning", "?runde=E2015"),
        ("sammenlign-linjer", "?kommuner=0187,0751&udvalg=kommuner"),
        ("sammenlign-aendring", "?runde=E2015&fra=E2011"),
        ("sammenlign-spredning", "?maal=straks"),
        ("sammenlign-opgaver", "?udvalg=flyttere&runde=F2014"),
    ],
)
def test_every_chart_of_the_map_and_compare_pages_embeds(client, chart, query):
    response = client.get(f"/embed/{chart}{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _figure(html)["data"]
    assert "Se hele visningen" in html


def test_compare_embeds_check_their_own_parameters(client):
    response = client.get("/embed/sammenlign-linjer?kommuner=0187,Atlantis&fra=1999")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Atlantis" in html and "«fra»" in html


def test_crafted_parameters_are_refused_and_shown_only_as_text(client):
    response = client.get("/embed/kort?maal=<script>alert(1)</script>")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get("/embed/<img src=x>").status_code == 404


def test_pages_outside_embed_refuse_framing(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_every_chart_of_the_kommune_page_embeds(client):
    from layouts.pages import page

    kommune = page("kommune")
    embeddable = {c.key for c in kommune.embeddable()}  # each has its 'Indlejr' button
    # every chart; the tables (opgave-table, enhed-counts) are read on the page or downloaded
    assert embeddable == {c.key for c in kommune.charts if c.kind != "table"}
    for key in embeddable:
        response = client.get(f"/embed/kommune-{key}?kommune=0101&opgave=Flytning")
        assert response.status_code == 200, key
        html = response.get_data(as_text=True)
        assert _figure(html)["data"] or _figure(html)["layout"]["annotations"], key
        assert 'href="/kommune/0101' in html


def test_kommune_embeds_need_a_known_kommune(client):
    assert client.get("/embed/kommune-mix").status_code == 400
    response = client.get("/embed/kommune-mix?kommune=9999&pris=TLFIND:abc")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "«kommune»: «9999»" in html and "«pris»" in html
