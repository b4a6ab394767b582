"""A kommune's saved prices (issue 13): reading and saving them, who may save over HTTP
(anonymous, another kommune's account, no CSRF token: 403 and nothing saved), and that a
new visitor's page starts from them when its address holds no prices."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app import create_app
from callbacks.kommune import starting_prices
from landkort import reference as ref
from landkort import schema
from landkort.kommune_prices import PriceError, save_prices, saved_prices
from landkort.urlstate.kommune import default_prices
from tests.auth_helpers import add, callback_body, login, post_callback, session_csrf

VALLENSBAEK, ISHOEJ = 187, 183
KODER = [k.kode for k in ref.KANALER]


def _rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.kommune_prices)).scalar()


def _saved(engine, kode: int = VALLENSBAEK):
    with engine.connect() as conn:
        return saved_prices(conn, kode)


# --- reading and saving ------------------------------------------------------------


def test_a_kommune_without_saved_prices_has_none(engine):
    assert _saved(engine) is None


def test_saved_prices_are_read_back_for_every_channel(engine):
    prices = {**default_prices(), "TLFIND": 45.0, "PRSNLG": 80.5, "WEB": None}
    assert save_prices(engine, VALLENSBAEK, prices, "tove") == prices
    assert _saved(engine) == prices
    assert _saved(engine, ISHOEJ) is None  # one kommune's prices are its own
    assert _rows(engine) == len(KODER)


def test_a_new_save_replaces_the_old_one(engine):
    save_prices(engine, VALLENSBAEK, {"TLFIND": 45.0}, "tove")
    save_prices(engine, VALLENSBAEK, {"SLVBTJN": 20.0}, "kl")
    saved = _saved(engine)
    assert saved["SLVBTJN"] == 20.0 and saved["TLFIND"] is None
    with engine.connect() as conn:
        who = set(conn.execute(select(schema.kommune_prices.c.saved_by)).scalars())
    assert who == {"kl"} and _rows(engine) == len(KODER)


@pytest.mark.parametrize(
    ("kode", "prices"),
    [
        (VALLENSBAEK, {"TLFIND": -1.0}),
        (VALLENSBAEK, {"TLFIND": float("nan")}),
        (VALLENSBAEK, {"TLFIND": float("inf")}),
        (VALLENSBAEK, {"TLFIND": 2_000_000.0}),
        (VALLENSBAEK, {"NOGETANDET": 5.0}),
        (999, {"TLFIND": 5.0}),
    ],
)
def test_bad_prices_are_refused_in_danish_and_nothing_is_saved(engine, kode, prices):
    save_prices(engine, VALLENSBAEK, {"TLFIND": 45.0}, "tove")
    with pytest.raises(PriceError):
        save_prices(engine, kode, prices, "tove")
    assert _saved(engine)["TLFIND"] == 45.0


def test_a_failed_save_keeps_the_old_prices(engine, monkeypatch):
    """One transaction: the delete is undone when the insert fails."""
    save_prices(engine, VALLENSBAEK, {"TLFIND": 45.0}, "tove")
    with pytest.raises(Exception):  # noqa: B017 - saved_by NULL breaks the insert
        save_prices(engine, VALLENSBAEK, {"TLFIND": 50.0}, None)  # type: ignore[arg-type]
    assert _saved(engine)["TLFIND"] == 45.0


def test_where_a_page_without_prices_in_its_address_starts():
    """The browser's own prices, else the kommune's, else the published."""
    kommunens = {**default_prices(), "TLFIND": 45.0}
    egne = {**default_prices(), "TLFIND": 30.0}
    assert starting_prices(None, None) == default_prices()
    assert starting_prices(None, kommunens) == kommunens
    assert starting_prices(egne, kommunens) == egne
    assert starting_prices(None, {"TLFIND": "ikke et tal", "X": 1})["TLFIND"] is None


# --- over HTTP ----------------------------------------------------------------------


@pytest.fixture
def client(engine, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    add(engine, "tove", "kommune", VALLENSBAEK)
    add(engine, "ishoej", "kommune", ISHOEJ)
    add(engine, "laeser", "læser")
    add(engine, "kl", "kl")
    return create_app(db_url).server.test_client()


def _price_items(values: dict[str, str], prop: str = "value") -> list[dict]:
    return [
        {
            "id": {"kanal": k, "type": "kp-price"},
            "property": prop,
            "value": {"kanal": k, "type": "kp-price"} if prop == "id" else values.get(k, ""),
        }
        for k in KODER
    ]


def _save_body(kode: int = VALLENSBAEK, values: dict[str, str] | None = None) -> dict:
    button = {"kommune": kode, "type": "kp-save-prices"}
    return callback_body(
        "data-write-kp-prices-result.children",
        [[{"id": button, "property": "n_clicks", "value": 1}]],
        [_price_items(values or {"TLFIND": "45", "SLVBTJN": "19"}),
         _price_items({}, "id")],
        [json.dumps(button, separators=(",", ":")) + ".n_clicks"],
    )  # fmt: skip


def _answer(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["response"]


PRICES_LOADED = "..kp-prices-saved.data...kp-prices-account.children.."


def _simple(client, output: str, kode: int = VALLENSBAEK):
    """One output (``component.property``) of the page's price loading."""
    body = callback_body(PRICES_LOADED, [("kp-kode", "data", kode)], [], ["kp-kode.data"])
    component, prop = output.split(".")
    return _answer(post_callback(client, body, session_csrf(client)))[component][prop]


@pytest.mark.parametrize("navn", [None, "laeser", "ishoej"])
def test_only_an_account_that_may_write_for_the_kommune_sees_the_button(client, navn):
    if navn:
        assert login(client, navn).status_code == 302
    assert _simple(client, "kp-prices-account.children") is None


@pytest.mark.parametrize("navn", ["tove", "kl"])
def test_the_kommunes_tovholder_and_kl_see_the_button(client, navn):
    assert login(client, navn).status_code == 302
    area = json.dumps(_simple(client, "kp-prices-account.children"), ensure_ascii=False)
    assert "Gem som kommunens standardpriser" in area
    assert '"kommune": 187' in area and '"role": "status"' in area


def test_an_anonymous_save_is_refused_and_saves_nothing(client, engine):
    assert post_callback(client, _save_body(), csrf="hvadsomhelst").status_code == 403
    assert _rows(engine) == 0


def test_a_reader_may_not_save(client, engine):
    assert login(client, "laeser").status_code == 302
    assert post_callback(client, _save_body(), csrf=session_csrf(client)).status_code == 403
    assert _rows(engine) == 0


def test_another_kommunes_account_is_refused_and_saves_nothing(client, engine):
    assert login(client, "ishoej").status_code == 302
    assert post_callback(client, _save_body(), csrf=session_csrf(client)).status_code == 403
    assert _rows(engine) == 0


def test_a_save_without_a_valid_csrf_token_is_refused(client, engine):
    assert login(client, "tove").status_code == 302
    assert post_callback(client, _save_body()).status_code == 403
    assert post_callback(client, _save_body(), csrf="forkert").status_code == 403
    assert _rows(engine) == 0


def test_the_callback_checks_the_account_itself(client, engine, monkeypatch):
    """Even if the guard let it through, another kommune's account saves nothing."""
    import server.auth

    monkeypatch.setattr(server.auth, "_kommuner_named", lambda _changed: set())
    assert login(client, "ishoej").status_code == 302
    answer = _answer(post_callback(client, _save_body(), csrf=session_csrf(client)))
    assert "må ikke gemme priser" in json.dumps(answer, ensure_ascii=False)
    assert _rows(engine) == 0


def test_the_tovholder_saves_and_a_new_visitor_starts_from_the_saved_prices(client, engine):
    anonymous = client.application.test_client()
    assert _simple(anonymous, "kp-prices-saved.data") is None
    assert login(client, "tove").status_code == 302
    answer = _answer(post_callback(client, _save_body(), csrf=session_csrf(client)))
    text = json.dumps(answer, ensure_ascii=False)
    assert "Gemt: priserne er nu standard for Vallensbæk" in text
    assert _saved(engine)["TLFIND"] == 45.0
    # Not a kept answer: the same request now gets the saved prices (same data version).
    saved = _simple(anonymous, "kp-prices-saved.data")
    assert saved["TLFIND"] == 45.0 and saved["SLVBTJN"] == 19.0 and saved["WEB"] is None
    # The page's prices callback fills the inputs from them when neither the address nor
    # the browser holds prices, and stores nothing in the browser.
    filled = _keep_prices(anonymous, saved, stored=None, from_url=False)
    assert filled["TLFIND"] == "45" and filled["WEB"] == "" and filled["store"] is None
    # A browser that only stored the published prices (as every browser did on its first
    # visit before kommuner could save theirs) has none of its own.
    legacy = _keep_prices(anonymous, saved, stored=default_prices(), from_url=False)
    assert legacy["TLFIND"] == "45" and legacy["store"] is None
    # The browser's own prices go before the kommune's …
    own = {**default_prices(), "TLFIND": 30.0}
    assert _keep_prices(anonymous, saved, stored=own, from_url=False)["TLFIND"] == "30"
    # … and prices in the address before both (the inputs are left as drawn).
    assert _keep_prices(anonymous, saved, stored=None, from_url=True)["TLFIND"] is None


def test_a_save_with_a_bad_price_is_refused_in_danish(client, engine):
    assert login(client, "kl").status_code == 302
    body = _save_body(values={"TLFIND": "2000000"})
    answer = _answer(post_callback(client, body, csrf=session_csrf(client)))
    assert "Priserne blev ikke gemt" in json.dumps(answer, ensure_ascii=False)
    assert _rows(engine) == 0


def _keep_prices(client, saved, stored, from_url) -> dict:
    """The inputs' values keep_prices answers (None: left as they are) and the store."""
    deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
    output = next(o for o in deps if o.startswith("..kp-prices-store.data"))
    shown = {k: "19" if k == "SLVBTJN" else "5" if k == "WEB" else "" for k in KODER}
    body = {
        "output": output,
        "outputs": [
            {"id": "kp-prices-store", "property": "data"},
            [{"id": {"kanal": k, "type": "kp-price"}, "property": "value"} for k in KODER],
        ],
        "inputs": [
            {"id": "kp-prices-store", "property": "modified_timestamp", "value": -1},
            _price_items(shown),
            {"id": "kp-prices-saved", "property": "data", "value": saved},
        ],
        "state": [
            _price_items({}, "id"),
            {"id": "kp-prices-store", "property": "data", "value": stored},
            {"id": "kp-prices-from-url", "property": "data", "value": from_url},
        ],
        "changedPropIds": ["kp-prices-saved.data"],
    }
    response = post_callback(client, body)
    if response.status_code == 204:  # nothing to change
        return {k: None for k in KODER} | {"store": None}
    answer = _answer(response)
    values = {
        json.loads(key)["kanal"]: props["value"]
        for key, props in answer.items()
        if key.startswith("{")
    }
    return {k: values.get(k) for k in KODER} | {
        "store": answer.get("kp-prices-store", {}).get("data")
    }
