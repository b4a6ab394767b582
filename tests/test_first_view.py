"""The page's first view: its layout as HTML in the index page, drawn before any script
runs (layouts/components/static_html.py, ``LandkortDash.interpolate_index``)."""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html

import app as app_module
from app import create_app
from layouts.components.static_html import first_view, style_text

HTML = {"Accept": "text/html"}


def _first_view_of(page: str) -> str:
    found = re.search(r'<div id="first-view".*?(?=\s*<footer>)', page, re.S)
    assert found, "the index page carries no first view"
    return found.group(0)


def test_text_and_attributes_from_files_and_addresses_are_escaped():
    hostile = '<script>alert("x")</script>'
    drawn = first_view(
        html.Div(
            [
                html.H1(hostile, title=f'"{hostile}'),
                dcc.Link("a", href="javascript:alert(1)"),
                html.A("b", href="//elsewhere.example/x"),
                dcc.Dropdown(options=[{"label": hostile, "value": "v"}], value="v"),
            ],
            style={"--graph-height": "1px;}</style><script>"},
        )
    )
    assert "<script>" not in drawn
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in drawn
    assert "javascript:" not in drawn and "elsewhere.example" not in drawn


def test_nothing_carries_an_id_or_what_the_scripts_look_for():
    drawn = first_view(
        html.Div(
            [
                html.Label("Runde", id="r-label", htmlFor="r"),
                html.Div(id="later", **{"data-near": "store", "aria-labelledby": "r-label"}),
                html.Button("Menu", id="b", **{"aria-label": "Menu", "aria-controls": "x"}),
                dcc.Store(id="s", data={"secret": 1}),
                dcc.Location(id="url"),
            ],
            id="page",
        )
    )
    assert ' id="' not in drawn.replace('<div id="first-view"', "")
    assert "data-near" not in drawn and "aria-labelledby" not in drawn
    assert "aria-controls" not in drawn and "secret" not in drawn
    assert 'aria-label="Menu"' in drawn


def test_a_chart_is_a_box_of_its_final_height_and_a_dropdown_shows_its_choice():
    drawn = first_view(
        html.Div(
            [
                dcc.Graph(id="g", figure={"data": [{"y": [1, 2]}]}, style={"height": 340}),
                dcc.Dropdown(id="d", options={"a": "Alle 35 opgaver", "b": "B"}, value="a"),
                dcc.Dropdown(id="m", options=["x"], value=None, placeholder="Vælg kommuner"),
            ]
        )
    )
    assert '<div class="dash-graph first-view-chart" style="height: 340px"></div>' in drawn
    assert '"y"' not in drawn  # the figure stays with Dash
    assert ">Alle 35 opgaver</div>" in drawn
    assert 'first-view-placeholder">Vælg kommuner</div>' in drawn


def test_bootstrap_components_get_bootstraps_classes():
    drawn = first_view(
        dbc.Container(
            dbc.Row(
                [
                    dbc.Col(dbc.Button("Hent", color="link", size="sm"), md=4),
                    dbc.Col(dbc.Badge("Demodata", color="warning", text_color="dark"), lg=True),
                ],
                className="g-2",
            ),
            fluid="lg",
        )
    )
    assert '<div class="container-lg"><div class="row g-2"><div class="col-md-4">' in drawn
    assert '<span class="btn btn-link btn-sm">Hent</span>' in drawn  # it does nothing yet
    assert '<div class="col-lg"><span class="badge text-dark bg-warning">Demodata</span>' in drawn


def test_the_apps_own_paths_gain_its_prefix_and_the_page_shown_is_marked_active():
    nav = dbc.Nav(
        [
            dbc.NavLink("Kort", href="/", active="exact"),
            dbc.NavLink("Sammenlign", href="/sammenlign", active="exact"),
        ]
    )
    drawn = first_view(nav, "/sammenlign", "/landkort/")
    assert '<a class="nav-link" href="/landkort/">Kort</a>' in drawn
    assert '<a class="nav-link active" href="/landkort/sammenlign">Sammenlign</a>' in drawn


def test_style_is_written_as_css():
    assert style_text({"minHeight": 400, "opacity": 0.5, "--graph-height": "340px"}) == (
        "min-height: 400px; opacity: 0.5; --graph-height: 340px"
    )


@pytest.fixture
def client(conn, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LANDKORT_URL_PREFIX", raising=False)
    return create_app(db_url).server.test_client()


def test_a_kommunes_index_page_carries_its_report_drawn(client):
    page = client.get("/kommune/0187", headers=HTML).get_data(as_text=True)
    drawn = _first_view_of(page)
    assert "<h1" in drawn and "Vallensbæk Kommune</h1>" in drawn
    assert "first-view-chart" in drawn  # the charts' boxes
    assert drawn.count("<main") == 1


def test_the_first_view_follows_the_address_and_its_query(client):
    page = client.get("/sammenlign?opgave=<b>x</b>", headers=HTML).get_data(as_text=True)
    drawn = _first_view_of(page)
    assert "Sammenlign kommuner" in drawn
    assert "<b>x</b>" not in page


def test_dash_s_scripts_are_fetched_after_the_first_paint(client):
    """The browser neither fetches nor runs a script while it parses the index page: the
    loader (Dash's renderer script) adds them after the first frame, in their order, and
    starts the renderer when the last has run."""
    page = client.get("/", headers=HTML).get_data(as_text=True)
    assert not re.findall(r"<script [^>]*\ssrc=", page)
    later = re.findall(
        r'<script type="text/x-landkort-later" data-src="([^"]+)"( data-preload)?>', page
    )
    preload = [src for src, early in later if early]
    scripts = [src for src, early in later if not early]
    assert len(preload) == 1 and "plotly-landkort.min.js?v=" in preload[0]
    assert "react@" in scripts[0] and "dash_renderer" in " ".join(scripts)
    loader = re.search(r'<script id="_dash-renderer"[^>]*>(.*?)</script>', page, re.S).group(1)
    assert "requestAnimationFrame" in loader and "new DashRenderer" in loader


def test_a_page_without_charts_fetches_no_plotly(client):
    page = client.get("/om", headers=HTML).get_data(as_text=True)
    assert "data-preload>" not in page and "x-landkort-later" in page


def test_a_page_that_cannot_be_drawn_still_loads(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "first_view", broken)
    response = client.get("/sammenlign", headers=HTML)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="first-view"' not in page and 'id="react-entry-point"' in page
    assert "boom" not in page
    assert "første visning af '/sammenlign'" in caplog.text
