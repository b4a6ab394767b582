"""Serving as a service, through Flask's test client: the URL prefix, trusted proxies and
the public address, /healthz, security headers, request ids and Danish error pages."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask import request

from app import create_app
from landkort.store import data_version
from server.headers import content_security_policy
from server.prefix import normalise_prefix
from server.proxy import trusted_networks
from server.public import public_base_url
from tests.dash_bodies import route_body

UNREACHABLE = "postgresql+psycopg://landkort@127.0.0.1:1/landkort"
HTML = {"Accept": "text/html"}


@pytest.fixture
def make_client(conn, db_url, monkeypatch, tmp_path):
    """A test client of a new app on the example data; settings as keyword arguments."""
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))

    def make(url: str | None = None, **env: str):
        for name in (
            "LANDKORT_URL_PREFIX",
            "LANDKORT_PUBLIC_URL",
            "LANDKORT_TRUSTED_PROXIES",
            "LANDKORT_EMBED_ORIGINS",
        ):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return create_app(url or db_url).server.test_client()

    return make


def _layout_callback(pathname: str) -> dict:
    """The body Dash's renderer posts for the routing callback."""
    return route_body(pathname)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "/"), ("", "/"), ("/", "/"), ("landkort", "/landkort/"), ("/a/b", "/a/b/")],
)
def test_prefix_is_normalised(value, expected):
    assert normalise_prefix(value) == expected


def test_everything_is_served_under_the_prefix(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    page = client.get("/landkort/", headers=HTML)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', html).group(1))
    assert config["requests_pathname_prefix"] == "/landkort/"
    for src in re.findall(r'(?:src|href)="([^"#][^"]*)"', html):  # not '#main'
        assert src.startswith("/landkort/"), src
    assert 'href="/landkort/sammenlign"' in html  # the first view's links too
    for path in (
        "/landkort/_dash-layout",
        "/landkort/_dash-dependencies",
        "/landkort/healthz",
        "/landkort/api/v1/runder",
        "/landkort/embed/kort?runde=E2012",
        "/landkort/_dash-component-suites/plotly/package_data/plotly.min.js",
        "/landkort/assets/landkort.css",
    ):
        assert client.get(path).status_code == 200, path
    embed = client.get("/landkort/embed/kort?runde=E2012").get_data(as_text=True)
    plotly = re.search(r'src="(/landkort/assets/vendor/plotly-landkort\.min\.js\?v=\w+)"', embed)
    answer = client.get(plotly[1])
    assert answer.status_code == 200 and "immutable" in answer.headers["Cache-Control"]
    assert 'src="/landkort/embed/static/embed.js"' in embed


def test_outside_the_prefix_is_a_danish_404_and_the_bare_prefix_redirects(make_client):
    client = make_client(LANDKORT_URL_PREFIX="landkort")
    outside = client.get("/api/v1/runder")
    assert outside.status_code == 404
    assert "Digitalt Landkort ligger på" in outside.get_data(as_text=True)
    bare = client.get("/landkort?runde=E2012")
    assert bare.status_code == 308
    assert bare.headers["Location"] == "/landkort/?runde=E2012"


def test_without_a_prefix_the_app_is_at_the_root(make_client):
    client = make_client()
    assert client.get("/", headers=HTML).status_code == 200
    assert client.get("/api/v1/runder").status_code == 200


def test_callbacks_answer_under_the_prefix(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    answer = client.post("/landkort/_dash-update-component", json=_layout_callback("/"))
    assert answer.status_code == 200
    assert answer.get_json()["response"]["page"]["children"]


def test_forwarded_headers_only_from_trusted_proxies(make_client):
    forwarded = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "intranet.kommune.dk",
        "X-Forwarded-Prefix": "/landkort",
    }
    seen: list[str] = []

    def remember_public_base():
        seen.append(public_base_url())

    untrusted = make_client()
    untrusted.application.before_request(remember_public_base)
    untrusted.get("/api/v1/runder", headers=forwarded, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert seen[-1] == "http://localhost"

    trusted = make_client(LANDKORT_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8")
    trusted.application.before_request(remember_public_base)
    # A stripped prefix announced by the proxy: the app answers at its root.
    answer = trusted.get(
        "/api/v1/runder", headers=forwarded, environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert answer.status_code == 200
    assert seen[-1] == "https://intranet.kommune.dk/landkort"
    trusted.get("/api/v1/runder", headers=forwarded, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert seen[-1] == "http://localhost"


def test_public_url_setting_wins(make_client):
    client = make_client(
        LANDKORT_PUBLIC_URL="https://intranet.kommune.dk/landkort/",
        LANDKORT_URL_PREFIX="/landkort/",
    )
    seen: list[str] = []
    client.application.before_request(lambda: seen.append(public_base_url(request)))
    client.get("/landkort/api/v1/runder")
    assert seen == ["https://intranet.kommune.dk/landkort"]


def test_a_trusted_proxy_list_with_a_typo_fails_at_start():
    with pytest.raises(ValueError, match="LANDKORT_TRUSTED_PROXIES"):
        trusted_networks("127.0.0.1 localhost")


def test_healthz_gives_the_data_version(make_client, conn):
    answer = make_client().get("/healthz")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.get_json() == {"status": "ok", "dataversion": data_version(conn)}


def test_healthz_is_503_when_the_database_does_not_answer(make_client):
    answer = make_client(UNREACHABLE).get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json()["fejl"] == "Databasen svarer ikke."


def test_a_page_without_its_database_is_a_danish_503_page(make_client, caplog):
    client = make_client(UNREACHABLE)
    with caplog.at_level(logging.ERROR, logger="landkort.server"):
        page = client.get("/kommune/0187", headers=HTML)
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert "Databasen svarer ikke lige nu" in text
    rid = page.headers["X-Request-Id"]
    assert f"<code>{rid}</code>" in text
    assert any(rid in r.getMessage() for r in caplog.records)
    callback = client.post("/_dash-update-component", json=_layout_callback("/"))
    assert callback.status_code == 503
    assert callback.get_json()["fejlnummer"] == callback.headers["X-Request-Id"]


def test_an_error_shows_its_request_id_never_a_traceback(make_client, caplog):
    client = make_client()

    @client.application.get("/fejl-til-test")
    def broken():
        raise RuntimeError("hemmelig detalje")

    with caplog.at_level(logging.ERROR, logger="landkort.server"):
        answer = client.get("/fejl-til-test")
    assert answer.status_code == 500
    text = answer.get_data(as_text=True)
    assert "Der opstod en fejl" in text and "Traceback" not in text
    assert "hemmelig detalje" not in text
    rid = answer.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{12}", rid) and rid in text
    logged = [r for r in caplog.records if rid in r.getMessage()]
    assert logged and logged[0].exc_info and "hemmelig detalje" in str(logged[0].exc_info[1])


def test_a_client_cannot_choose_its_request_id(make_client):
    answer = make_client().get("/healthz", headers={"X-Request-Id": "forged"})
    assert answer.headers["X-Request-Id"] != "forged"


def test_security_headers_on_every_kind_of_response(make_client):
    client = make_client(LANDKORT_EMBED_ORIGINS="https://intranet.kommune.dk")
    for path in (
        "/",
        "/_dash-layout",
        "/api/v1/runder",
        "/assets/landkort.css",
        "/healthz",
        "/embed/kort?runde=E2012",
        "/embed/findes-ikke",
    ):
        answer = client.get(path, headers=HTML)
        csp = answer.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp, path
        assert "object-src 'none'" in csp and "unsafe-eval" not in csp, path
        assert answer.headers["X-Content-Type-Options"] == "nosniff", path
        assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        if path.startswith("/embed/"):
            assert "frame-ancestors https://intranet.kommune.dk" in csp, path
            assert "X-Frame-Options" not in answer.headers
        else:
            assert "frame-ancestors 'none'" in csp, path
            assert answer.headers["X-Frame-Options"] == "DENY", path


def test_the_index_page_s_inline_script_is_allowed_by_its_hash(make_client):
    import base64
    import hashlib

    answer = make_client().get("/", headers=HTML)
    html = re.sub(r"<!--.*?-->", "", answer.get_data(as_text=True), flags=re.S)
    scripts = [
        body
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        if "src=" not in attributes and "application/json" not in attributes
    ]
    assert scripts, "Dash's renderer script"
    csp = answer.headers["Content-Security-Policy"]
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_policy_keeps_directives_it_does_not_set():
    csp = content_security_policy(["'sha256-x'"], "frame-ancestors 'none'; default-src *")
    assert "default-src 'self'" in csp and "default-src *" not in csp
    assert csp.endswith("frame-ancestors 'none'")
    assert "script-src 'self' 'sha256-x'" in csp


def test_dash_json_carries_the_prefix_in_links_and_drops_it_from_pathname(make_client):
    import gzip

    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    layout = client.get("/landkort/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert layout.headers.get("Content-Encoding") == "gzip"
    text = gzip.decompress(layout.data).decode()
    hrefs = [json.loads(f'"{h}"') for h in re.findall(r'"href":\s*"([^"]*)"', text)]
    assert "/landkort/sammenlign" in hrefs
    assert [h for h in hrefs if h.startswith("/") and not h.startswith("/landkort/")] == []

    page = client.post(
        "/landkort/_dash-update-component", json=_layout_callback("/landkort/kommune/0187")
    )
    answer = json.dumps(page.get_json(), ensure_ascii=False)
    assert "Vallensbæk" in answer and "findes ikke" not in answer
    hrefs = [json.loads(f'"{h}"') for h in re.findall(r'"href":\s*"([^"]*)"', answer)]
    assert hrefs and all(h.startswith(("/landkort/", "http", "#")) for h in hrefs), hrefs


def test_without_a_prefix_dash_json_is_left_alone(make_client):
    answer = make_client().post("/_dash-update-component", json=_layout_callback("/kommune/0187"))
    text = json.dumps(answer.get_json(), ensure_ascii=False)
    assert "/landkort" not in text and "Vallensbæk" in text


def test_public_address_in_snippet_embed_link_and_openapi(make_client, engine):
    from callbacks.embed_dialog import embed_address

    client = make_client(
        LANDKORT_URL_PREFIX="/landkort/",
        LANDKORT_PUBLIC_URL="https://intranet.kommune.dk/landkort",
    )
    openapi = client.get("/landkort/api/v1/openapi.json").get_json()
    assert openapi["servers"] == [{"url": "https://intranet.kommune.dk/landkort/api/v1"}]
    embed = client.get("/landkort/embed/kort?runde=F2012").get_data(as_text=True)
    assert 'href="https://intranet.kommune.dk/landkort/' in embed
    with client.application.test_request_context("/_dash-update-component"):
        src, _, _ = embed_address(engine, "kort", "/", "?runde=F2012")
    assert src.startswith("https://intranet.kommune.dk/landkort/embed/kort")


def test_openapi_servers_without_a_public_url_is_the_mount_point(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    openapi = client.get("/landkort/api/v1/openapi.json").get_json()
    assert openapi["servers"] == [{"url": "/landkort/api/v1"}]


def test_robots_keeps_crawlers_from_the_api_and_data_under_the_prefix(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    response = client.get("/landkort/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    for path in ("/landkort/api/", "/landkort/data", "/landkort/_dash-"):
        assert f"Disallow: {path}\n" in text
    assert "/embed/" not in text  # an embed is a page with a description and a link
    assert "Allow: /landkort/\n" in text and "<html" not in text


def test_an_embed_describes_itself_and_links_its_full_view(make_client):
    client = make_client(LANDKORT_PUBLIC_URL="https://intra.example.dk/landkort/")
    page = client.get("/embed/kort?runde=E2011", headers=HTML).get_data(as_text=True)
    description = re.findall(r'<meta name="description" content="([^"]+)">', page)
    assert len(description) == 1 and "E2011" in description[0], description
    full_view = re.findall(r'<a href="([^"]+)" target="_top"', page)
    assert full_view[0].startswith("https://intra.example.dk/landkort/?")


@pytest.mark.parametrize(
    "env", [{"LANDKORT_ROBOTS": "intet"}, {"LANDKORT_LOGIN_REQUIRED": "1"}], ids=["intet", "login"]
)
def test_robots_disallows_everything_when_told_or_when_reading_needs_a_login(make_client, env):
    response = make_client(**env).get("/robots.txt")
    assert response.status_code == 200
    assert response.get_data(as_text=True).splitlines()[1:] == ["User-agent: *", "Disallow: /"]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/", "Kort over Danmarks 98 kommuner"),
        ("/kommune/0187", "Kommunens tælleugerapport"),
        ("/sammenlign", "Sammenlign kommuners"),
        ("/om", "Om tallene:"),
        ("/findes-ikke", "Kort over Danmarks 98 kommuner"),
    ],
)
def test_every_page_has_its_meta_description_in_the_index(make_client, path, words):
    page = make_client().get(path, headers=HTML).get_data(as_text=True)
    found = re.findall(r'<meta name="description" content="([^"]+)">', page)
    assert len(found) == 1 and found[0].startswith(words)


def test_pages_load_regenerator_instead_of_babels_polyfill(make_client):
    """Issue 15: the polyfill (90 KB, and 0.3-0.7 s of a first load's main thread) is not
    loaded; the one thing Dash's scripts need of it, regeneratorRuntime, comes before
    the renderer that uses it."""
    page = make_client().get("/", headers=HTML).get_data(as_text=True)
    scripts = re.findall(r'<script type="text/x-landkort-later" data-src="([^"]+)"></script>', page)
    assert not [s for s in scripts if "polyfill" in s], scripts
    regenerator = [i for i, s in enumerate(scripts) if "regenerator-runtime" in s]
    renderer = [i for i, s in enumerate(scripts) if "dash_renderer" in s]
    assert len(regenerator) == 1 and len(renderer) == 1 and regenerator[0] < renderer[0]


def test_static_files_with_a_version_in_their_address_are_kept_for_a_year(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    page = client.get("/landkort/", headers=HTML).get_data(as_text=True)
    assets = re.findall(r'/landkort/assets/([\w/.-]+)\?v=([0-9a-f]{16})"', page)
    assert {"landkort.js", "landkort.css", "plotly_url.js"} <= {a for a, _ in assets}
    assert "?m=" not in page
    plotly = re.search(r'<meta name="landkort-plotly" content="([^"]+)">', page)[1]
    assert re.fullmatch(r"/landkort/assets/vendor/plotly-landkort\.min\.js\?v=[0-9a-f]{16}", plotly)
    year = "public, max-age=31536000, immutable"
    for name, version in [*assets, ("vendor/plotly-landkort.min.js", plotly.split("=")[1])]:
        response = client.get(f"/landkort/assets/{name}?v={version}")
        assert response.status_code == 200 and response.headers["Cache-Control"] == year, name
    # a stale or missing version is revalidated, never kept
    for query in ("?v=0000000000000000", "", "?m=1"):
        response = client.get(f"/landkort/assets/landkort.js{query}")
        assert response.status_code == 200 and response.headers["Cache-Control"] != year
    react = r'src="(/landkort/_dash-component-suites/dash/deps/[^"]*react@[^"]+)"'
    suite = re.search(react, page)[1]
    assert client.get(suite).headers.get("Cache-Control") == year
    chunk = client.get(
        "/_dash-component-suites/dash/dcc/async-graph.js".replace("/", "/landkort/", 1)
    )
    assert chunk.status_code == 200 and chunk.headers.get("Cache-Control") != year
    # Dash's async chunks come from their bundle's folder, which names its version
    suites = re.findall(r'src="(/landkort/_dash-component-suites/[^"]+)"', page)
    assert suites and all(re.search(r"/~v[\w-]+m\d+/[^/]+$", s) for s in suites), suites
    dcc = next(s for s in suites if "dash_core_components.v" in s)
    folder = dcc.rsplit("/", 1)[0]
    versioned = client.get(f"{folder}/async-graph.js")
    assert versioned.status_code == 200 and versioned.headers["Cache-Control"] == year
    assert versioned.data == chunk.data


def test_the_maps_shapes_are_a_file_of_their_own_kept_for_a_year(make_client):
    from landkort.geography.geometry import geometry, geometry_url

    client = make_client()
    versioned = client.get(geometry_url("geo"))
    assert versioned.status_code == 200
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert json.loads(versioned.data) == geometry("geo")
    plain = client.get("/geometri/geo.json")  # no version: revalidated by its ETag
    assert "immutable" not in plain.headers.get("Cache-Control", "")
    again = client.get("/geometri/geo.json", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/geometri/andet.json").status_code == 404


def test_the_map_names_its_shapes_under_the_prefix_instead_of_carrying_them(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    page = client.post("/landkort/_dash-update-component", json=_layout_callback("/landkort/"))
    answer = page.get_data(as_text=True)
    shapes = {json.loads(f'"{g}"') for g in re.findall(r'"geojson":\s*"([^"]*)"', answer)}
    assert len(shapes) == 1 and shapes.pop().startswith("/landkort/geometri/geo.json?v=")
    assert '"coordinates"' not in answer  # the shapes themselves stay out of the page
    embed = client.get("/landkort/embed/kort").get_data(as_text=True)
    assert "/landkort/geometri/geo.json?v=" in embed.replace("\\u002f", "/")
    assert client.get("/landkort/geometri/geo.json").status_code == 200


def _component(node, component_id: str):
    """The component with ``component_id`` in Dash's layout JSON, or None."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _component(child, component_id)
        if found is not None:
            return found
    return None


def _layout(client, path: str = "/_dash-layout", referrer: str | None = None) -> dict:
    headers = {"Referer": referrer} if referrer is not None else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Referer" in response.headers["Vary"]
    return response.get_json()


def _drawn(layout: dict) -> tuple[object, object, str]:
    page = _component(layout, "page")["props"].get("children")
    drawn = _component(layout, "page-drawn")["props"].get("data")
    title = _component(layout, "page-title")["props"].get("data")
    return drawn, title, json.dumps(page, ensure_ascii=False)


def test_the_layout_brings_the_page_the_browser_is_opening(make_client):
    """Issue 15: a first load draws without the routing callback's round trip."""
    client = make_client()
    drawn, title, page = _drawn(_layout(client, referrer="http://x/sammenlign?runde=E2011"))
    assert drawn == "/sammenlign?runde=E2011"
    assert title.startswith("Sammenlign")
    body = json.loads(page)
    assert _component(body, "cmp-udvikling")["props"]["figure"]["data"]  # drawn, no callback
    # the ranking's rows come with the page, put in the table when the reader nears it
    rows = _component(body, "cmp-rangliste-rows")["props"]["data"]
    assert len(rows) == 98 and {"kommune", "vaerdi", "n"} <= set(rows[0])
    assert _component(body, "cmp-rangliste")["props"]["data"] == []
    drawn, title, page = _drawn(_layout(client, referrer="http://x/om"))
    assert drawn == "/om" and "Om" in title and len(page) > 1000


def test_without_the_pages_address_the_layout_leaves_the_page_to_routing(make_client):
    drawn, title, page = _drawn(_layout(make_client()))
    assert (drawn, title, page) == (None, None, "[]")


@pytest.mark.parametrize(
    "referrer",
    [
        "http://x/findes-ikke",
        "http://x/kommune/9999",
        "http://x/%3Cscript%3E",
        "http://x/?runde=<img src=x onerror=alert(1)>",
        "http://x/" + "a" * 5000,
        "not a url",
        "http://[::1",
    ],
)
def test_an_odd_address_in_the_header_never_breaks_the_layout(make_client, referrer):
    """The header is the browser's (or anyone's) to write: an unknown page draws the
    Danish 'not found', a malformed one draws nothing and is left to routing."""
    drawn, _, page = _drawn(_layout(make_client(), referrer=referrer))
    assert "<script" not in page and "<img" not in page
    if drawn is not None:
        assert drawn.startswith("/")


def test_under_a_prefix_the_layout_reads_the_address_without_it(make_client):
    client = make_client(LANDKORT_URL_PREFIX="/landkort/")
    layout = _layout(client, "/landkort/_dash-layout", "http://x/landkort/sammenlign")
    drawn, title, _ = _drawn(layout)
    assert drawn == "/landkort/sammenlign"  # compared with the browser's own location
    assert title.startswith("Sammenlign")


def test_a_page_that_fails_in_the_layout_leaves_it_to_routing(make_client, monkeypatch, caplog):
    """A page that cannot be drawn does not take the frame down with it: the layout comes
    without it and the browser asks the routing callback, which answers as it always has."""
    import callbacks.shell

    def broken(*_args):
        raise RuntimeError("en fejl i siden")

    client = make_client()
    monkeypatch.setattr(callbacks.shell, "page_content", broken)
    with caplog.at_level(logging.ERROR, logger="landkort.pages"):
        drawn, title, page = _drawn(_layout(client, referrer="http://x/sammenlign"))
    assert (drawn, title, page) == (None, None, "[]")
    assert "'/sammenlign' kunne ikke tegnes" in caplog.text
