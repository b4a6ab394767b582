"""KL's user management on the Data page, through Dash's callback endpoint as a browser
posts it: only a KL session with its CSRF token changes accounts; everyone else gets 403
and nothing changes."""

from __future__ import annotations

import pytest

from app import create_app
from landkort import accounts
from tests.auth_helpers import (
    PASSWORD,
    add,
    callback_body,
    dependencies,
    login,
    post_callback,
    session_csrf,
)

VALLENSBAEK = 187


@pytest.fixture
def client(engine, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    add(engine, "kl", "kl")
    add(engine, "tove", "kommune", VALLENSBAEK)
    add(engine, "laeser", "læser")
    return create_app(db_url).server.test_client()


def _names(engine) -> list[str]:
    with engine.connect() as conn:
        return [a.navn for a in accounts.accounts(conn)]


def _body(client, pressed: str, navn="ny", rolle="kommune", kommuner="0187, Ishøj", kode=None):
    output = next(o for o in dependencies(client) if o.startswith("..data-admin-result"))
    remove = [{"id": {"type": "data-admin-remove", "navn": "tove"}, "property": "n_clicks",
               "value": 1 if pressed == "remove" else 0}]  # fmt: skip
    inputs = [
        ("data-admin-add", "n_clicks", 1 if pressed == "add" else 0),
        ("data-admin-passwd", "n_clicks", 1 if pressed == "passwd" else 0),
        remove,
    ]
    state = [
        ("data-admin-navn", "value", navn),
        ("data-admin-rolle", "value", rolle),
        ("data-admin-kommuner", "value", kommuner),
        ("data-admin-kode", "value", kode or PASSWORD),
    ]
    changed = {
        "add": "data-admin-add.n_clicks",
        "passwd": "data-admin-passwd.n_clicks",
        "remove": '{"navn":"tove","type":"data-admin-remove"}.n_clicks',
    }[pressed]
    return callback_body(output, inputs, state, [changed])


def test_kl_adds_an_account_with_its_kommuner(client, engine):
    assert login(client, "kl").status_code == 302
    response = post_callback(client, _body(client, "add"), csrf=session_csrf(client))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "Brugeren ny er oprettet" in response.get_data(as_text=True)
    with engine.connect() as conn:
        assert accounts.find_account(conn, "ny").kommuner == frozenset({187, 183})


def test_kl_gives_a_new_password_and_removes_an_account(client, engine):
    assert login(client, "kl").status_code == 302
    csrf = session_csrf(client)
    body = _body(client, "passwd", navn="tove", kode="en-helt-ny-kode")
    assert post_callback(client, body, csrf=csrf).status_code == 200
    with engine.connect() as conn:
        assert accounts.authenticate(conn, "tove", "en-helt-ny-kode") is not None
    assert post_callback(client, _body(client, "remove"), csrf=csrf).status_code == 200
    assert "tove" not in _names(engine)


def test_a_bad_request_is_refused_in_danish_and_changes_nothing(client, engine):
    assert login(client, "kl").status_code == 302
    before = _names(engine)
    body = _body(client, "add", kommuner="Atlantis")
    text = post_callback(client, body, csrf=session_csrf(client)).get_data(as_text=True)
    assert "Ukendt kommune" in text and _names(engine) == before


@pytest.mark.parametrize("who", [None, "tove", "laeser"])
def test_only_kl_may_change_users(client, engine, who):
    if who:
        assert login(client, who).status_code == 302
    before = _names(engine)
    for pressed in ("add", "passwd", "remove"):
        response = post_callback(client, _body(client, pressed), csrf=session_csrf(client))
        assert response.status_code == 403
    assert _names(engine) == before


def test_kl_without_the_csrf_token_is_refused(client, engine):
    assert login(client, "kl").status_code == 302
    before = _names(engine)
    assert post_callback(client, _body(client, "add")).status_code == 403
    assert post_callback(client, _body(client, "add"), csrf="forkert").status_code == 403
    assert _names(engine) == before
