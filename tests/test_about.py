"""'Om tallene' (/om): a section for every measure the map offers, and the published
figures beside the database's own, which must be what ``summary --json`` says."""

from __future__ import annotations

import json

import pytest

from callbacks.routing import page_content
from landkort import cli
from landkort.views.about import PUBLISHED, about_view, check
from landkort.views.map import MAP_MEASURES
from layouts.about.page import measure_texts


def _ids(node) -> set[str]:
    found = set()
    if isinstance(node, list | tuple):
        for child in node:
            found |= _ids(child)
    elif hasattr(node, "to_plotly_json"):
        props = node.to_plotly_json()["props"]
        if isinstance(props.get("id"), str):
            found.add(props["id"])
        found |= _ids(props.get("children"))
    return found


def test_every_measure_of_the_map_has_its_section(small_demo_url):
    from landkort.database import make_engine

    engine = make_engine(small_demo_url)
    body, title = page_content(engine, "/om", "")
    engine.dispose()
    assert title == "Om tallene – Digitalt Landkort"
    ids = _ids(body)
    for key in MAP_MEASURES:
        assert f"maal-{key}" in ids, key
    assert set(measure_texts()) == set(MAP_MEASURES)


@pytest.mark.parametrize("figure", PUBLISHED, ids=lambda f: f.text)
def test_the_live_table_is_what_summary_json_says(small_demo_url, figure, monkeypatch, capsys):
    from landkort.database import make_engine

    monkeypatch.setenv("LANDKORT_DATABASE_URL", small_demo_url)
    assert cli.main(["summary", "--json", *figure.summary_args()]) == 0
    said = json.loads(capsys.readouterr().out)
    engine = make_engine(small_demo_url)
    with engine.connect() as conn:
        row = check(conn, figure)
    engine.dispose()
    if figure.measure is None:
        assert row.value == said["kommuner_deltaget"]
    else:
        assert row.value == said[figure.measure]["andel"]
        assert row.n == said[figure.measure]["n"]


def test_the_demo_reproduces_the_published_figures(small_demo_url):
    """The calibrated demo set against what KL published, as the page shows it."""
    from landkort.database import make_engine

    engine = make_engine(small_demo_url)
    with engine.connect() as conn:
        view = about_view(conn)
    engine.dispose()
    values = {c.figure.text: c.value for c in view.checked}
    assert values["Kommuner der talte i E2011"] == 76
    assert values["Selvbetjeningsgrad, E2011, de 35 opgaver"] == pytest.approx(0.29, abs=0.01)
    assert values["Selvbetjeningsgrad, F2015"] < 0.80 <= values["Selvbetjeningsgrad, E2015"]
    assert view.demo and view.example is not None
    assert view.example.lav < view.example.taeller / view.example.n < view.example.hoej


def test_every_chart_links_to_its_section_of_om(small_demo_url):
    from landkort.database import make_engine
    from layouts.pages import PAGES

    engine = make_engine(small_demo_url)
    ids = _ids(page_content(engine, "/om", "")[0])
    with engine.connect() as conn:
        for entry in PAGES:
            for search in ("", *(f"?maal={key}" for key in MAP_MEASURES)):
                view = entry.view(conn, {"kode": 187}, search) if entry.charts else None
                for chart in entry.charts:
                    anchor = chart.about_for(view)
                    assert anchor in ids, (entry.key, chart.key, anchor)
    engine.dispose()
