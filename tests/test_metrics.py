"""Metrics against a small example computed by hand."""

from __future__ import annotations

import json

import pytest

from landkort import metrics
from landkort.cli import main
from tests.example_cells import (
    DOCUD,
    E2011,
    F2012,
    FLYTNING,
    PAS,
    PPRIND,
    PPRUD,
    SLVBTJN,
    TLFIND,
)


def test_wilson_interval_matches_reference_values():
    low, high = metrics.wilson_interval(30, 100)
    assert low == pytest.approx(0.2189, abs=1e-4)
    assert high == pytest.approx(0.3958, abs=1e-4)
    assert metrics.wilson_interval(0, 0) == (None, None)
    assert metrics.wilson_interval(0, 10)[0] == 0.0
    assert metrics.wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_selvbetjeningsgrad_for_a_kommune_and_opgave(conn):
    s = metrics.share(conn, "selvbetjeningsgrad", E2011, kommune=187, opgave=FLYTNING)
    assert (s.taeller, s.n) == (30, 100)
    assert s.andel == pytest.approx(0.30)
    assert (s.lav, s.hoej) == pytest.approx((0.2189, 0.3958), abs=1e-4)


def test_selvbetjeningsgrad_for_a_kommune_over_all_opgaver(conn):
    s = metrics.share(conn, "selvbetjeningsgrad", E2011, kommune=187)
    assert (s.taeller, s.n) == (30, 200)


def test_hele_landet_is_pooled_not_a_mean_of_shares(conn):
    s = metrics.share(conn, "selvbetjeningsgrad", E2011, opgave=FLYTNING)
    assert (s.taeller, s.n) == (39, 110)  # (30 + 9) / (100 + 10), not (0.3 + 0.9) / 2
    assert s.andel == pytest.approx(39 / 110)


def test_other_measures(conn):
    web = metrics.share(conn, "hjemmeside_andel", E2011, kommune=187)
    assert (web.taeller, web.n) == (15, 60)
    digital = metrics.share(conn, "digital_andel_udgaaende", E2011, kommune=187)
    assert (digital.taeller, digital.n) == (60, 100)
    paper = metrics.share(conn, "papir_andel_udgaaende", E2011, kommune=187)
    assert (paper.taeller, paper.n) == (40, 100)
    # straksafsluttet not registered on paper (NULL): left out of numerator and n
    straks = metrics.share(conn, "straksafslutningsgrad", E2011, kommune=187)
    assert (straks.taeller, straks.n) == (30 + 40 + 15 + 30 + 50, 30 + 50 + 15 + 45 + 100)
    blanket = metrics.share(conn, "blanketandel", E2011, kommune=187)
    assert (blanket.taeller, blanket.n) == (26, 100)  # Jobcenter registered no forms


def test_shares_by_dimension(conn):
    by_kommune = metrics.shares_by(conn, "selvbetjeningsgrad", "kommune", runde=E2011)
    assert {k: (s.taeller, s.n) for k, s in by_kommune.items()} == {187: (30, 200), 751: (9, 10)}
    by_region = metrics.shares_by(conn, "selvbetjeningsgrad", "region", runde=E2011)
    assert {k: (s.taeller, s.n) for k, s in by_region.items()} == {1084: (30, 200), 1082: (9, 10)}
    by_runde = metrics.shares_by(conn, "selvbetjeningsgrad", "runde", kommune=751)
    assert {k: (s.taeller, s.n) for k, s in by_runde.items()} == {E2011: (9, 10), F2012: (5, 5)}
    by_opgave = metrics.shares_by(conn, "selvbetjeningsgrad", "opgave", runde=E2011, kommune=187)
    assert {k: (s.taeller, s.n) for k, s in by_opgave.items()} == {
        FLYTNING: (30, 100),
        PAS: (0, 100),
    }
    by_enhed = metrics.shares_by(conn, "selvbetjeningsgrad", "enhed", runde=E2011, kommune=187)
    # the kommune as a whole ("") registered only outbound post: n is 0 there
    assert sorted((s.taeller, s.n) for s in by_enhed.values()) == [(0, 0), (0, 100), (30, 100)]


def test_non_participants_are_absent_not_zero(conn):
    assert metrics.participants(conn, E2011) == [187, 751]
    assert metrics.participants(conn, F2012) == [751]
    f2012 = metrics.shares_by(conn, "selvbetjeningsgrad", "kommune", runde=F2012)
    assert 187 not in f2012
    assert metrics.share(conn, "selvbetjeningsgrad", F2012, kommune=187).andel is None
    assert metrics.rounds_taken_part(conn, 751) == [E2011, F2012]


def test_channel_mix_per_group(conn):
    mix = metrics.channel_mix(conn, E2011, "transaktioner", kommune=187, opgave=FLYTNING)
    assert {k: (s.taeller, s.n) for k, s in mix.items()} == {
        SLVBTJN: (30, 100),
        TLFIND: (50, 100),
        PPRIND: (20, 100),
    }
    out = metrics.channel_mix(conn, E2011, "transaktioner", retning="ud", kommune=187)
    assert {k: s.taeller for k, s in out.items()} == {PPRUD: 40, DOCUD: 60}
    national = metrics.channel_mix(conn, E2011, "transaktioner", opgave=FLYTNING)
    assert national[SLVBTJN].taeller == 39 and national[SLVBTJN].n == 110


def test_summary_json(engine, conn, monkeypatch, capsys, db_url):
    monkeypatch.setenv("LANDKORT_DATABASE_URL", db_url)
    assert main(["summary", "--runde", "2011", "--kommune", "Vallensbæk", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["runde"] == "E2011"
    assert result["kommune"] == "0187"
    assert result["opgave"] is None
    assert result["kommuner_deltaget"] == 2
    assert result["selvbetjeningsgrad"]["n"] == 200
    assert result["selvbetjeningsgrad"]["andel"] == pytest.approx(0.15)
    assert set(result["blanketandel"]) == {"andel", "lav", "hoej", "n"}

    assert main(["summary", "--runde", "F2012", "--opgave", "pas", "--json"]) == 0
    national = json.loads(capsys.readouterr().out)
    assert national["kommune"] is None and national["opgave"] == "Pas"
    assert national["selvbetjeningsgrad"]["andel"] == 1.0
    assert national["hjemmeside_andel"] == {"andel": None, "lav": None, "hoej": None, "n": 0}


def test_summary_refuses_unknown_names_with_a_suggestion(engine, monkeypatch, capsys, db_url):
    monkeypatch.setenv("LANDKORT_DATABASE_URL", db_url)
    assert main(["summary", "--runde", "E2011", "--kommune", "Valensbæk"]) == 1
    assert 'Mente du "Vallensbæk"?' in capsys.readouterr().err


def test_measures_narrowed_to_one_group(conn):
    trans = metrics.share(conn, "straksafslutningsgrad", E2011, kommune=187, gruppe="transaktioner")
    assert (trans.taeller, trans.n) == (30 + 40 + 50, 30 + 50 + 100)
    info = metrics.share(
        conn, "straksafslutningsgrad", E2011, kommune=187, gruppe="generel_information"
    )
    assert (info.taeller, info.n) == (15 + 30, 15 + 45)
    sag = metrics.share(conn, "hjemmeside_andel", E2011, kommune=187, gruppe="information_om_sag")
    assert sag.n == 0
    with pytest.raises(ValueError):
        metrics.share(conn, "selvbetjeningsgrad", E2011, gruppe="generel_information")
