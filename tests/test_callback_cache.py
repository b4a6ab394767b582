"""Kept callback answers (server/callback_cache.py): the same question answered from the
store, a new data version answered anew, and only the public pages' callbacks kept."""

from __future__ import annotations

import json

import pytest

from app import create_app
from landkort.store import write_cells
from server.callback_cache import AnswerStore
from tests.dash_bodies import route_body
from tests.example_cells import E2011, FLYTNING, NY_SAG, SLVBTJN, cells_frame

UPDATE = "/_dash-update-component"


@pytest.fixture
def make_client(conn, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))

    def make(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return create_app(db_url).server.test_client()

    return make


def _route(pathname: str) -> dict:
    return route_body(pathname, "?runde=E2011&kort=hex")


def _post(client, body: dict):
    response = client.post(UPDATE, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def test_the_same_question_is_answered_from_the_store(make_client):
    client = make_client()
    first = _post(client, _route("/"))
    second = _post(client, _route("/"))
    assert first.headers["X-Landkort-Cache"] == "miss"
    assert second.headers["X-Landkort-Cache"] == "hit"
    assert second.get_data() == first.get_data()


def test_a_write_of_cells_is_answered_anew(make_client, engine):
    client = make_client()
    before = _post(client, _route("/")).get_json()
    assert _post(client, _route("/")).headers["X-Landkort-Cache"] == "hit"
    more = (187, E2011, "Borgerservice", FLYTNING, NY_SAG, "ind", SLVBTJN, 9000, None, None)
    with engine.begin() as c:
        write_cells(c, cells_frame([more]))
    after = _post(client, _route("/"))
    assert after.headers["X-Landkort-Cache"] == "miss"
    assert after.get_json() != before


@pytest.mark.parametrize("pathname", ["/data", "/tilgaengelighed", "/findes-ikke"])
def test_pages_without_shared_answers_are_never_kept(make_client, pathname):
    client = make_client()
    for _ in range(2):
        response = client.post(
            UPDATE, data=json.dumps(_route(pathname)), content_type="application/json"
        )
        assert "X-Landkort-Cache" not in response.headers


def test_callbacks_outside_the_public_pages_are_never_kept(make_client):
    client = make_client()
    body = {
        "output": "view-title.data",
        "outputs": {"id": "view-title", "property": "data"},
        "inputs": [{"id": "view-search", "property": "data", "value": "?runde=E2014"}],
        "state": [{"id": "url", "property": "pathname", "value": "/"}],
        "changedPropIds": ["view-search.data"],
    }
    for _ in range(2):
        assert "X-Landkort-Cache" not in _post(client, body).headers


def test_zero_megabytes_turns_it_off(make_client):
    client = make_client(LANDKORT_CALLBACK_CACHE_MB="0")
    answers = [_post(client, _route("/")) for _ in range(2)]
    assert not any("X-Landkort-Cache" in a.headers for a in answers)
    assert answers[0].get_json() == answers[1].get_json()  # what makes keeping it right


def test_the_store_keeps_within_its_limit_dropping_the_least_used():
    store = AnswerStore(limit=10)
    store.put("a", b"1234")
    store.put("b", b"1234")
    assert store.get("a") == b"1234"  # 'a' used: 'b' is now the least recently used
    store.put("c", b"1234")
    assert store.get("b") is None and store.get("a") and store.get("c")
    assert store.size == 8
    store.put("d", b"x" * 11)  # larger than the whole store: not kept
    assert store.get("d") is None and store.size == 8


def test_a_kept_answer_is_not_given_past_the_login_gate(make_client, engine):
    from tests.auth_helpers import add, login

    add(engine, "laeser", "læser")
    client = make_client(LANDKORT_LOGIN_REQUIRED="1")
    assert login(client, "laeser").status_code in (302, 303)
    kept = _post(client, _route("/"))  # as a logged-in reader: computed and kept
    assert kept.headers["X-Landkort-Cache"] == "miss"
    assert _post(client, _route("/")).headers["X-Landkort-Cache"] == "hit"
    stranger = client.application.test_client()  # same app and store, no session
    response = stranger.post(UPDATE, data=json.dumps(_route("/")), content_type="application/json")
    assert response.status_code == 403
    assert b"page-title" not in response.get_data()
