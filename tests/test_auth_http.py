"""Logins and writes over HTTP (issue 9): anonymous and wrong-role POSTs to every write
endpoint and to Dash's callback endpoint are refused and change nothing, CSRF, the lock
after failed logins, the single sign-on header only from trusted proxies, login required,
log out everywhere, and the whole upload → confirm → undo path through Dash."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import func, select

from app import create_app
from landkort import schema
from landkort.importer import import_files
from tests.auth_helpers import (
    add,
    callback_body,
    contents,
    dependencies,
    login,
    post_callback,
    session_csrf,
    version,
)
from tests.dash_bodies import ROUTE, route_body
from tests.import_helpers import GOOD_ROWS, csv_text, fact_rows, write_csv

VALLENSBAEK, ISHOEJ, KOEBENHAVN = 187, 183, 101
E2011 = 1


@pytest.fixture
def app(engine, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    import_files(engine, [write_csv(tmp_path / "start.csv", GOOD_ROWS)], progress=False)
    add(engine, "tove", "kommune", VALLENSBAEK)
    add(engine, "ishoej", "kommune", ISHOEJ)
    add(engine, "laeser", "læser")
    add(engine, "kl", "kl")
    return create_app(db_url).server


@pytest.fixture
def client(app):
    return app.test_client()


def _bodies(client) -> dict[str, dict]:
    """A plausible body for each callback of the Data page that writes."""
    deps = dependencies(client)
    preview = next(o for o in deps if o.startswith("..data-write-preview"))
    write = next(o for o in deps if o.startswith("..data-write-result"))
    raw = csv_text([["0187", "E2011", "", "Pas", "Råd/vejledning", "ind", "WEB", "999", "", ""]])
    return {
        "preview": callback_body(
            preview,
            [("data-write-file", "data", {"contents": contents(raw.encode()),
                                          "filename": "ny.csv"}),
             ("data-write-replace", "value", True)],
            [("data-write-token", "data", None)],
            ["data-write-file.data"],
        ),
        "confirm": callback_body(
            write,
            [("data-write-confirm", "n_clicks", 1), [], ],
            [("data-write-token", "data", "0" * 32), ("data-write-replace", "value", False)],
            ["data-write-confirm.n_clicks"],
        ),
        "undo": callback_body(
            write,
            [("data-write-confirm", "n_clicks", 0),
             [{"id": {"type": "data-write-undo", "kommune": VALLENSBAEK, "runde": E2011},
               "property": "n_clicks", "value": 1}]],
            [("data-write-token", "data", None), ("data-write-replace", "value", False)],
            [json.dumps({"kommune": VALLENSBAEK, "runde": E2011, "type": "data-write-undo"},
                        separators=(",", ":")) + ".n_clicks"],
        ),
    }  # fmt: skip


@pytest.mark.parametrize("name", ["preview", "confirm", "undo"])
def test_anonymous_callback_writes_are_refused_and_change_nothing(client, engine, db_url, name):
    before = (version(engine), fact_rows(db_url))
    response = post_callback(client, _bodies(client)[name], csrf="whatever")
    assert response.status_code == 403
    assert response.get_json()["status"] == 403
    assert (version(engine), fact_rows(db_url)) == before


@pytest.mark.parametrize("name", ["preview", "confirm", "undo"])
def test_a_reader_account_may_not_write(client, engine, db_url, name):
    assert login(client, "laeser").status_code == 302
    before = (version(engine), fact_rows(db_url))
    response = post_callback(client, _bodies(client)[name], csrf=session_csrf(client))
    assert response.status_code == 403
    assert (version(engine), fact_rows(db_url)) == before


def test_another_kommunes_undo_is_refused_with_403(client, engine, db_url):
    """Ishøj's tovholder posts Vallensbæk's undo straight to Dash: 403, nothing changes."""
    assert login(client, "ishoej").status_code == 302
    before = (version(engine), fact_rows(db_url))
    response = post_callback(client, _bodies(client)["undo"], csrf=session_csrf(client))
    assert response.status_code == 403
    assert (version(engine), fact_rows(db_url)) == before


@pytest.mark.parametrize("name", ["preview", "confirm", "undo"])
def test_a_missing_or_wrong_csrf_token_is_refused(client, engine, db_url, name):
    assert login(client, "tove").status_code == 302
    before = (version(engine), fact_rows(db_url))
    assert post_callback(client, _bodies(client)[name]).status_code == 403
    assert post_callback(client, _bodies(client)[name], csrf="forkert").status_code == 403
    assert (version(engine), fact_rows(db_url)) == before


def test_login_and_logout_forms_need_the_csrf_token(client):
    response = client.post("/login", data={"navn": "tove", "adgangskode": "en-lang-adgangskode"})
    assert response.status_code == 403
    assert "Log ind" in response.get_data(as_text=True)
    assert login(client, "tove").status_code == 302
    assert client.post("/logout", data={}).status_code == 403
    assert "tove" in client.get("/_dash-layout").get_data(as_text=True)  # still logged in


def test_reading_callbacks_stay_open_to_anonymous_readers(client):
    deps = dependencies(client)
    assert ROUTE in deps
    assert post_callback(client, route_body("/data")).status_code == 200


def test_the_whole_upload_confirm_undo_path_through_dash(client, engine, db_url):
    """Preview writes nothing; confirm writes in one go; undo restores exactly."""
    assert login(client, "tove").status_code == 302
    csrf = session_csrf(client)
    before = (version(engine), fact_rows(db_url))
    preview = post_callback(client, _bodies(client)["preview"], csrf=csrf)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    answer = preview.get_json()["response"]
    token = answer["data-write-token"]["data"]
    assert answer["data-write-confirm"]["disabled"] is False
    assert "Prøvekørsel" in json.dumps(answer["data-write-preview"], ensure_ascii=False)
    assert (version(engine), fact_rows(db_url)) == before  # a dry run

    confirm = _bodies(client)["confirm"]
    confirm["state"][0]["value"] = token
    confirm["state"][1]["value"] = True  # Erstat hele runden
    written = post_callback(client, confirm, csrf=csrf)
    assert written.status_code == 200, written.get_data(as_text=True)
    after = fact_rows(db_url)
    assert after != before[1]
    vallensbaek_e2011 = [r for r in after if r[0] == VALLENSBAEK and r[1] == E2011]
    assert [r[7] for r in vallensbaek_e2011] == [999]  # the slice was replaced
    with engine.connect() as conn:
        log = conn.execute(select(schema.import_log).order_by(schema.import_log.c.id)).all()
    assert (log[-1].kind, log[-1].imported_by, log[-1].file_name) == ("upload", "tove", "ny.csv")

    undone = post_callback(client, _bodies(client)["undo"], csrf=csrf)
    assert undone.status_code == 200, undone.get_data(as_text=True)
    assert fact_rows(db_url) == before[1]
    assert version(engine) != before[0]  # caches follow


def test_rows_of_another_kommune_are_problems_named_by_row(client, engine, db_url):
    assert login(client, "tove").status_code == 302
    body = _bodies(client)["preview"]
    raw = csv_text(GOOD_ROWS)  # rows 2-5 Vallensbæk, 6-7 are Vallensbæk and København
    body["inputs"][0]["value"] = {"contents": contents(raw.encode()), "filename": "ny.csv"}
    answer = post_callback(client, body, csrf=session_csrf(client)).get_json()["response"]
    problems = answer["data-problems"]["data"]
    assert [p["row"] for p in problems] == [7]
    assert "København" in problems[0]["explanation"]
    assert answer["data-write-confirm"]["disabled"] is True


def test_too_large_a_file_gets_a_danish_message(client, monkeypatch):
    monkeypatch.setenv("LANDKORT_UPLOAD_MAX_MB", "0.001")
    assert login(client, "tove").status_code == 302
    body = _bodies(client)["preview"]
    body["inputs"][0]["value"] = {"contents": contents(b"x" * 2000), "filename": "stor.csv"}
    answer = post_callback(client, body, csrf=session_csrf(client)).get_json()["response"]
    assert "stor.csv er for stor" in json.dumps(answer["data-write-preview"], ensure_ascii=False)


def test_five_failed_logins_lock_the_name_for_fifteen_minutes(client, engine, caplog):
    for _ in range(5):
        assert login(client, "tove", "forkert-forkert").status_code == 401
    with caplog.at_level(logging.WARNING, logger="landkort.login"):
        refused = login(client, "tove")  # the right password, but locked
    assert refused.status_code == 429
    assert "For mange forkerte forsøg" in refused.get_data(as_text=True)
    assert any("login afvist" in r.getMessage() for r in caplog.records)
    assert login(client, "kl").status_code == 302  # other names are not locked
    with engine.connect() as conn:
        t = schema.login_attempt
        outcomes = conn.execute(select(t.c.outcome).where(t.c.navn == "tove")).scalars().all()
    assert outcomes == ["fejl"] * 5 + ["afvist"]


def test_a_wrong_password_gets_a_clear_danish_error(client):
    response = login(client, "tove", "forkert-forkert")
    assert response.status_code == 401
    assert "Forkert brugernavn eller adgangskode" in response.get_data(as_text=True)


def test_session_cookie_flags(client, app):
    response = login(client, "tove")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("landkort_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie
    secure = app.test_client()
    token = secure.get("/login", base_url="https://localhost").get_data(as_text=True)
    from tests.auth_helpers import csrf_from

    response = secure.post(
        "/login",
        base_url="https://localhost",
        data={"navn": "tove", "adgangskode": "en-lang-adgangskode", "csrf_token": csrf_from(token)},
    )
    assert response.status_code == 302
    assert any("Secure" in c for c in response.headers.getlist("Set-Cookie"))


def test_log_out_everywhere_ends_every_session(app):
    first, second = app.test_client(), app.test_client()
    login(first, "tove")
    login(second, "tove")
    assert "Logget ind som" in second.get("/_dash-layout").get_data(as_text=True)
    first.post("/logout/overalt", data={"csrf_token": session_csrf(first)})
    assert "Logget ind som" not in second.get("/_dash-layout").get_data(as_text=True)
    assert "Logget ind som" not in first.get("/_dash-layout").get_data(as_text=True)


def test_the_header_shows_who_is_logged_in(client):
    assert "Log ind" in client.get("/_dash-layout").get_data(as_text=True)
    login(client, "tove")
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "tove" in layout and "Vallensb" in layout and "Log ud" in layout


def test_login_required_closes_pages_api_and_callbacks(engine, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_LOGIN_REQUIRED", "1")
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    add(engine, "laeser", "læser")
    client = create_app(db_url).server.test_client()
    page = client.get("/kommune/0187", headers={"Accept": "text/html"})
    assert page.status_code == 302 and "/login?next=/kommune/0187" in page.headers["Location"]
    assert client.get("/api/v1/runder").status_code == 403
    assert client.get("/_dash-layout").status_code == 403
    assert client.get("/embed/kort").status_code in (302, 403)
    assert client.get("/login").status_code == 200
    assert client.get("/assets/landkort.css").status_code == 200
    assert login(client, "laeser").status_code == 302
    assert client.get("/api/v1/runder").status_code == 200
    assert client.get("/kommune/0187", headers={"Accept": "text/html"}).status_code == 200


def test_proxy_user_header_only_from_trusted_proxies(engine, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LANDKORT_AUTH_HEADER", "X-Remote-User")
    monkeypatch.setenv("LANDKORT_TRUSTED_PROXIES", "10.0.0.1")
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    add(engine, "tove", "kommune", VALLENSBAEK)
    server = create_app(db_url).server
    untrusted = server.test_client()
    layout = untrusted.get(
        "/_dash-layout",
        headers={"X-Remote-User": "tove"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    ).get_data(as_text=True)
    assert "Logget ind som" not in layout
    trusted = server.test_client()
    layout = trusted.get(
        "/_dash-layout",
        headers={"X-Remote-User": "tove"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    ).get_data(as_text=True)
    assert "Logget ind som" in layout and "tove" in layout
    unknown = server.test_client()
    layout = unknown.get(
        "/_dash-layout",
        headers={"X-Remote-User": "mallory"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    ).get_data(as_text=True)
    assert "Logget ind som" not in layout  # the account must exist here


def test_next_after_login_stays_in_the_app(client):
    token = client.get("/login").get_data(as_text=True)
    from tests.auth_helpers import csrf_from

    response = client.post(
        "/login",
        data={
            "navn": "tove",
            "adgangskode": "en-lang-adgangskode",
            "csrf_token": csrf_from(token),
            "next": "//evil.example/",
        },
    )
    assert response.headers["Location"] == "/"


def test_write_endpoints_are_post_only_with_csrf(client, engine):
    """Every write endpoint outside Dash: /login and /logout (users change on the command
    line only)."""
    before = version(engine)
    for path in ("/login", "/logout", "/logout/overalt"):
        assert client.post(path, data={}).status_code == 403
    with engine.connect() as conn:
        accounts_count = conn.execute(select(func.count()).select_from(schema.account)).scalar()
    assert accounts_count == 4 and version(engine) == before


def test_problems_sort_and_download_as_csv(client):
    """The problems table sorts by a column, and downloads as a CSV for Danish Excel with
    formula-like values made harmless."""
    problems = [
        {"file": "f.csv", "row": 3, "column": "opgave", "value": "=1+1",
         "explanation": "ukendt opgave", "suggestion": None},
        {"file": "f.csv", "row": 2, "column": "antal", "value": "mange",
         "explanation": "antal skal være et helt tal", "suggestion": None},
    ]  # fmt: skip
    deps = dependencies(client)
    sort = next(o for o in deps if o.startswith("data-problems-table"))
    body = callback_body(
        sort,
        [("data-problems-sort", "value", "column")],
        [("data-problems", "data", problems)],
        ["data-problems-sort.value"],
    )
    answer = post_callback(client, body)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    table = json.dumps(answer.get_json(), ensure_ascii=False)
    assert table.index("mange") < table.index("=1+1")  # antal before opgave
    body["inputs"][0]["value"] = "row"
    table = json.dumps(post_callback(client, body).get_json(), ensure_ascii=False)
    assert table.index("mange") < table.index("=1+1")  # row 2 before row 3
    download = next(o for o in deps if o.startswith("data-problems-download"))
    body = callback_body(
        download,
        [("data-problems-csv", "n_clicks", 1)],
        [("data-problems", "data", problems)],
        ["data-problems-csv.n_clicks"],
    )
    sent = post_callback(client, body).get_json()["response"]["data-problems-download"]["data"]
    lines = sent["content"].lstrip("\ufeff").splitlines()
    assert sent["filename"] == "problemer.csv"
    assert lines[0] == "Fil;Række;Kolonne;Værdi;Forklaring;Forslag"
    assert lines[1] == "f.csv;3;opgave;'=1+1;ukendt opgave;"


def test_confirm_writes_nothing_for_another_accounts_file_or_other_kommuners_rows(
    app, engine, db_url, tmp_path
):
    """A token is the uploader's own, and confirming checks the rows again with the
    account's kommuner: nothing is written either way."""
    from landkort import uploads

    tove, ishoej = app.test_client(), app.test_client()
    login(tove, "tove")
    login(ishoej, "ishoej")
    csrf = session_csrf(tove)
    answer = post_callback(tove, _bodies(tove)["preview"], csrf=csrf).get_json()["response"]
    token = answer["data-write-token"]["data"]
    before = (version(engine), fact_rows(db_url))
    confirm = _bodies(ishoej)["confirm"]
    confirm["state"][0]["value"] = token  # Vallensbæk's file, Ishøj's session
    answer = post_callback(ishoej, confirm, csrf=session_csrf(ishoej)).get_json()["response"]
    assert "ikke gemt" in json.dumps(answer, ensure_ascii=False)
    assert (version(engine), fact_rows(db_url)) == before

    with engine.connect() as conn:
        from landkort.accounts import find_account

        tove_id = find_account(conn, "tove").id
    raw = csv_text(GOOD_ROWS).encode()  # Vallensbæk and København rows
    token, _ = uploads.save(raw, "blandet.csv", tove_id)  # as if the preview had passed
    confirm = _bodies(tove)["confirm"]
    confirm["state"][0]["value"] = token
    answer = post_callback(tove, confirm, csrf=csrf).get_json()["response"]
    assert "har problemer og er ikke indlæst" in json.dumps(answer, ensure_ascii=False)
    assert (version(engine), fact_rows(db_url)) == before


def test_answers_after_login_do_not_resend_the_session_cookie(client):
    """Only login and logout set the session cookie: an answer still on its way when the
    user logs out cannot put the old session back."""
    login(client, "tove")
    for path in ("/_dash-layout", "/_dash-dependencies", "/api/v1/runder"):
        cookies = client.get(path).headers.getlist("Set-Cookie")
        assert not any(c.startswith("landkort_session=") for c in cookies), path
