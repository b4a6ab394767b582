"""Hostile requests (issue 14, point 9): the API answers every method with its own JSON,
a malformed callback body is a Danish 400 (never a 500), and LANDKORT_EMBED_ORIGINS is
normalised or refused at start."""

from __future__ import annotations

import json

import pytest

from embed.framing import embed_origins, frame_headers
from server.callback_guard import Malformed, check_body
from tests.dash_bodies import route_body

ROUTING = route_body("/")
URL_STATE = ROUTING["state"]


def _with(**changes) -> dict:
    body = json.loads(json.dumps(ROUTING))
    for key, value in changes.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    return body


MALFORMED = {  # name: raw body
    "not json": b"not json",
    "truncated json": b'{"output": ',
    "json null": b"null",
    "a list": b"[]",
    "a string": b'"output"',
    "a number": b"42",
    "empty object": b"{}",
    "output a number": json.dumps(_with(output=1)).encode(),
    "unknown output": json.dumps(_with(output="nope.children")).encode(),
    "outputs a string": json.dumps(_with(outputs="page")).encode(),
    "no inputs": json.dumps(_with(inputs=None)).encode(),
    "inputs a string": json.dumps(_with(inputs="url")).encode(),
    "inputs empty": json.dumps(_with(inputs=[])).encode(),
    "input without id": json.dumps(_with(inputs=[{"property": "data"}])).encode(),
    "input a list": json.dumps(_with(inputs=[[1, 2]])).encode(),
    "wrong input id": json.dumps(
        _with(inputs=[{"id": "x", "property": "data", "value": "/"}])
    ).encode(),
    "pathname a number": json.dumps(
        _with(state=[{"id": "url", "property": "pathname", "value": 5}, URL_STATE[1]])
    ).encode(),
    "search a dict": json.dumps(
        _with(state=[URL_STATE[0], {"id": "url", "property": "search", "value": {"a": 1}}])
    ).encode(),
    "state missing": json.dumps(_with(state=None)).encode(),
    "changedPropIds a dict": json.dumps(_with(changedPropIds={"a": 1})).encode(),
}


@pytest.fixture
def app_client(engine, db_url, monkeypatch, tmp_path):
    from tests.compare_helpers import load_example

    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LANDKORT_EMBED_ORIGINS", raising=False)
    load_example(engine)
    from app import create_app

    return create_app(db_url).server.test_client()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/tal", "/api/v1/", "/api/v1/kommuner/0187/serie"])
def test_api_answers_other_methods_with_its_own_json(app_client, method, path):
    response = app_client.open(path, method=method)
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert response.get_json() == {"fejl": "API'et kan kun læses (GET).", "status": 405}
    assert "GET" in response.headers["Allow"] and "POST" not in response.headers["Allow"]


def test_a_page_keeps_the_site_wide_405(app_client):
    response = app_client.post("/kommune/0187", headers={"Accept": "text/html"})
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert "Metoden er ikke tilladt" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_callback_body_is_a_danish_400(app_client, name):
    response = app_client.post(
        "/_dash-update-component", data=MALFORMED[name], content_type="application/json"
    )
    assert response.status_code == 400, (name, response.data[:300])
    answer = response.get_json()
    assert answer["fejl"].startswith("Forespørgslen kan ikke forstås") and answer["fejlnummer"]


def test_a_well_formed_callback_still_answers(app_client):
    response = app_client.post("/_dash-update-component", json=_with())
    assert response.status_code == 200
    assert "page" in response.get_json()["response"]


def test_guard_accepts_pattern_inputs():
    spec = {"inputs": [{"id": '{"key":["ALL"],"type":"b"}', "property": "n_clicks"}], "state": []}
    body = {
        "output": "d.data",
        "inputs": [[{"id": {"key": "a", "type": "b"}, "property": "n_clicks"}]],
    }
    check_body(body, {"d.data": spec})
    with pytest.raises(Malformed):
        check_body({**body, "inputs": [[{"id": "a", "property": "n_clicks"}]]}, {"d.data": spec})


def test_malformed_callback_under_a_url_prefix(engine, db_url, monkeypatch, tmp_path):
    from tests.compare_helpers import load_example

    monkeypatch.setenv("LANDKORT_URL_PREFIX", "/landkort/")
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path))
    load_example(engine)
    from app import create_app

    client = create_app(db_url).server.test_client()
    bad = _with(inputs="x")
    assert client.post("/landkort/_dash-update-component", json=bad).status_code == 400
    good = _with(state=[{"id": "url", "property": "pathname", "value": "/landkort/"}, URL_STATE[1]])
    assert client.post("/landkort/_dash-update-component", json=good).status_code == 200


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("https://intranet.kommune.dk/", ["https://intranet.kommune.dk"]),
        ("HTTPS://Intranet.Kommune.DK", ["https://intranet.kommune.dk"]),
        ("http://127.0.0.1:8080/ , https://*.kommune.dk", ["http://127.0.0.1:8080", "https://*.kommune.dk"]),
        ("https://a.dk https://A.dk/", ["https://a.dk"]),
        ("'self'", ["'self'"]),
        ("*", ["*"]),
        ("", ["'none'"]),
        ("  ", ["'none'"]),
    ],
)  # fmt: skip
def test_embed_origins_normalised(value, origins):
    assert embed_origins(value) == origins


@pytest.mark.parametrize(
    "value",
    [
        "https://a.dk;",
        "https://a.dk; script-src *",
        "https://a.dk/sti",
        "ftp://a.dk",
        "intranet.kommune.dk",
        "https://a.dk:99999",
        "https://a.dk *",
        "* https://a.dk",
        "javascript:alert(1)",
    ],
)
def test_embed_origins_refuses_what_it_cannot_read(value):
    with pytest.raises(ValueError, match="LANDKORT_EMBED_ORIGINS") as error:
        embed_origins(value)
    assert repr(value.split()[0])[1:-1] in str(error.value) or value in str(error.value)


def test_a_bad_embed_origin_stops_the_app_at_start(db_url, engine, monkeypatch):
    from app import create_app

    monkeypatch.setenv("LANDKORT_EMBED_ORIGINS", "https://a.dk, *")
    with pytest.raises(ValueError, match=r"'\*' \(alle origins\) kan kun stå alene"):
        create_app(db_url)


def test_normalised_origins_reach_the_header(monkeypatch):
    monkeypatch.setenv("LANDKORT_EMBED_ORIGINS", "HTTPS://Intranet.Kommune.dk/")
    csp = frame_headers("/embed/kort")["Content-Security-Policy"]
    assert csp == "frame-ancestors https://intranet.kommune.dk"
