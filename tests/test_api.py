"""The JSON API: every endpoint, bad parameters, ETag/304 and the OpenAPI description."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openapi_spec_validator import validate

from app import create_app
from landkort import reference as ref
from landkort.store import data_version, write_cells
from tests.compare_helpers import AARHUS, ROWS, cells, load_example


@pytest.fixture
def client(engine, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDKORT_CACHE_DIR", str(tmp_path / "cache"))
    load_example(engine)
    app = create_app(db_url)
    return app.server.test_client()


def _get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def test_reference_endpoints(client):
    kommuner = _get(client, "/api/v1/kommuner").get_json()
    assert len(kommuner) == 98
    vallensbaek = next(k for k in kommuner if k["navn"] == "Vallensbæk")
    assert (vallensbaek["kode"], vallensbaek["region"]) == ("0187", 1084)
    assert len(_get(client, "/api/v1/kommuner?region=Nordjylland").get_json()) == 11
    assert [r["navn"] for r in _get(client, "/api/v1/regioner").get_json()] == [
        r.navn for r in ref.REGIONER
    ]
    assert len(_get(client, "/api/v1/opgaver").get_json()) == 35
    assert len(_get(client, "/api/v1/kanaler").get_json()) == len(ref.KANALER)
    ud = _get(client, "/api/v1/kanaler?retning=ud").get_json()
    assert ud and all(k["retning"] == "ud" for k in ud)
    runder = _get(client, "/api/v1/runder").get_json()
    assert [r["kode"] for r in runder] == [r.kode for r in ref.RUNDER]
    assert [r["kommuner_deltaget"] for r in runder[:4]] == [2, 3, 2, 0]
    assert [r["har_data"] for r in runder[:4]] == [True, True, True, False]
    assert "selvbetjening" in [m["kode"] for m in _get(client, "/api/v1/maal").get_json()]


def test_measures_for_every_kommune_in_a_round(client):
    body = _get(client, "/api/v1/tal?runde=F2012").get_json()
    assert body["runde"] == "F2012" and body["maal"] == "selvbetjening"
    assert body["hele_landet"]["vaerdi"] == pytest.approx(170 / 400)
    assert body["hele_landet"]["n"] == 400
    rows = {r["kode"]: r for r in body["kommuner"]}
    assert len(rows) == 98
    assert rows["0187"]["vaerdi"] == pytest.approx(0.6) and rows["0187"]["nr"] == 1
    assert rows["0101"]["n"] == 200 and rows["0101"]["nr"] == 3
    assert rows["0147"] == {**rows["0147"], "deltog": False, "vaerdi": None, "nr": None}
    lav, hoej = rows["0187"]["lav"], rows["0187"]["hoej"]
    assert lav < 0.6 < hoej


def test_measures_with_filters(client):
    body = _get(client, "/api/v1/tal?runde=Forår 2012&opgave=Pas&region=1084").get_json()
    rows = {r["kode"]: r for r in body["kommuner"]}
    assert len(rows) == 29
    assert rows["0101"]["vaerdi"] == pytest.approx(0.4)
    assert rows["0187"]["vaerdi"] is None  # Vallensbæk counted no Pas
    latest = _get(client, "/api/v1/tal?maal=aendring").get_json()
    assert latest["runde"] == "E2012"
    aarhus = next(r for r in latest["kommuner"] if r["kode"] == "0751")
    assert aarhus["vaerdi"] == pytest.approx(0.3)


def test_a_kommunes_series(client):
    body = _get(client, "/api/v1/kommuner/0751/serie").get_json()
    assert body["navn"] == "Aarhus"
    values = [r["vaerdi"] for r in body["runder"]]
    assert values == pytest.approx([0.9, 0.5, 0.8])
    assert body["runder"][0]["usikker"] is True
    by_name = _get(client, "/api/v1/kommuner/Vallensbæk/serie").get_json()
    assert [r["deltog"] for r in by_name["runder"]] == [True, True, False]
    assert by_name["runder"][2]["vaerdi"] is None


def test_hele_landet(client):
    body = _get(client, "/api/v1/hele-landet").get_json()
    assert [r["runde"] for r in body["runder"]] == ["E2011", "F2012", "E2012"]
    assert [r["vaerdi"] for r in body["runder"]] == pytest.approx([39 / 110, 170 / 400, 220 / 300])
    one = _get(client, "/api/v1/hele-landet?runde=E2012&region=Hovedstaden").get_json()
    assert [r["vaerdi"] for r in one["runder"]] == pytest.approx([140 / 200])


def test_export_in_the_interchange_format(client):
    response = _get(client, "/api/v1/eksport")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype={"kommunekode": str})
    assert len(frame) == len(ROWS)
    assert list(frame.columns[:2]) == ["kommunekode", "runde"]
    one = _get(client, "/api/v1/eksport?kommune=Aarhus&runde=E2012").data.decode("utf-8-sig")
    assert len(one.strip().splitlines()) == 3  # header and Aarhus' two cells in E2012
    xlsx = _get(client, "/api/v1/eksport?format=xlsx&kommune=0101")
    assert xlsx.data[:2] == b"PK" and xlsx.headers["Content-Disposition"].endswith(
        "landkort-eksport-0101.xlsx"
    )


def _write_again(engine) -> str:
    """Write the example's cells once more: the same data under a new data version."""
    with engine.begin() as conn:
        write_cells(conn, cells())
    with engine.connect() as conn:
        return data_version(conn)


def test_export_files_are_kept_per_data_version(client, engine, tmp_path):
    with engine.connect() as conn:
        version = data_version(conn)
    assert re.fullmatch(r"[0-9a-f]{32}", version)
    first = _get(client, "/api/v1/eksport").data
    folder = tmp_path / "cache" / "eksport"
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"v{version}-landkort-eksport.csv"]
    assert _get(client, "/api/v1/eksport").data == first
    new_version = _write_again(engine)
    assert new_version != version
    assert _get(client, "/api/v1/eksport").data == first  # same cells, new version
    assert sorted(p.name for p in folder.iterdir()) == [f"v{new_version}-landkort-eksport.csv"]


@pytest.mark.parametrize(
    ("url", "parameter", "words"),
    [
        ("/api/v1/tal?runde=E2099", "runde", "Ukendt runde"),
        ("/api/v1/tal?runde=", "runde", "tom"),
        ("/api/v1/tal?maal=selvbetjeninger", "maal", "Ukendt mål"),
        ("/api/v1/tal?gruppe=generel_information", "gruppe", "kan ikke opdeles"),
        ("/api/v1/tal?opgave=99", "opgave", "Ukendt opgave"),
        ("/api/v1/tal?opgave=Flytnig", "opgave", 'Mente du "Flytning"'),
        ("/api/v1/tal?region=9", "region", "Ukendt region"),
        ("/api/v1/tal?rund=E2011", "rund", "Ukendt parameter"),
        ("/api/v1/hele-landet?runde=Sommer 2013", "runde", "Ukendt runde"),
        ("/api/v1/kommuner?region=Jylland", "region", "Ukendt region"),
        ("/api/v1/kanaler?retning=op", "retning", "Ugyldig værdi"),
        ("/api/v1/regioner?x=1", "x", "Ukendt parameter"),
        ("/api/v1/kommuner/0187/serie?runde=E2011", "runde", "Ukendt parameter"),
        ("/api/v1/eksport?format=pdf", "format", "Ugyldig værdi"),
        ("/api/v1/eksport?kommune=Aarhuus", "kommune", 'Mente du "Aarhus"'),
    ],
)
def test_bad_parameters_get_a_danish_400(client, url, parameter, words):
    response = _get(client, url, 400)
    body = response.get_json()
    assert body["status"] == 400 and body["parameter"] == parameter
    assert words in body["fejl"]


def test_unknown_kommune_and_address_are_404_json(client):
    body = _get(client, "/api/v1/kommuner/9999/serie", 404).get_json()
    assert "Ukendt kommune" in body["fejl"]
    assert "findes ikke" in _get(client, "/api/v1/kommunerne", 404).get_json()["fejl"]


def test_etag_and_not_modified(client, engine):
    first = _get(client, "/api/v1/tal?runde=F2012")
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert _get(client, "/api/v1/tal?runde=F2012").headers["ETag"] == etag
    assert _get(client, "/api/v1/tal?runde=E2012").headers["ETag"] != etag
    again = client.get("/api/v1/tal?runde=F2012", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    _write_again(engine)
    changed = client.get("/api/v1/tal?runde=F2012", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def _api_rules(client) -> set[str]:
    rules = client.application.url_map.iter_rules()
    paths = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule) for r in rules}
    return {p.removeprefix("/api/v1") for p in paths if p.startswith("/api/v1/")} - {"/{rest}"}


def test_openapi_document_is_valid_and_lists_every_route(client):
    document = _get(client, "/api/v1/openapi.json").get_json()
    validate(document)
    assert set(document["paths"]) == _api_rules(client)
    for path in document["paths"]:
        url = "/api/v1" + path.replace("{kommune}", "0187")
        assert client.get(url).status_code == 200, url


def test_every_documented_parameter_is_accepted(client):
    document = _get(client, "/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        names = [p["name"] for p in item["get"]["parameters"] if p["in"] == "query"]
        for name in names:
            url = "/api/v1" + path.replace("{kommune}", str(AARHUS))
            response = client.get(f"{url}?{name}=zzz")
            body = response.get_json()
            assert body is None or "Ukendt parameter" not in body.get("fejl", ""), (path, name)
