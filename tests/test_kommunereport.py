"""The kommune page's data against a small example computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from landkort import reference as ref
from landkort import schema
from landkort.store import write_cells
from landkort.urlstate import kommune as kommunestate
from landkort.views import kommune as report
from landkort.views import kommune_header as kommuneheader
from tests.example_cells import (
    E2011,
    EXAMPLE,
    F2012,
    FLYTNING,
    NA,
    NY_SAG,
    PAS,
    SLVBTJN,
    cells_frame,
)


def test_national_totals_are_the_sum_over_kommuner(conn):
    n, c = schema.national_channel_totals.c, schema.channel_totals.c
    national = conn.execute(select(func.sum(n.antal), func.count())).one()
    pooled = conn.execute(select(func.sum(c.antal))).scalar_one()
    assert national[0] == pooled == 30 + 50 + 20 + 15 + 45 + 100 + 40 + 60 + 9 + 1 + 5
    row = conn.execute(
        select(n.antal).where(n.runde_id == E2011, n.opgave_id == FLYTNING, n.kanal_id == SLVBTJN)
    ).scalar_one()
    assert row == 39


def test_national_totals_follow_a_replacing_write(engine):
    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE))
        write_cells(c, cells_frame([EXAMPLE[-1][:7] + (7, NA, NA)]), replace=True)
    with engine.connect() as c:
        hl = report.selvbetjening_series(c, 751)
    assert hl.set_index("Runde").loc["F2012", "Hele landet (n)"] == 7


def test_series_marks_rounds_not_taken_part_instead_of_zero(conn):
    series = report.selvbetjening_series(conn, 187).set_index("Runde")
    assert list(series.index) == ["E2011", "F2012"]
    e2011 = series.loc["E2011"]
    assert (e2011["Selvbetjening"], e2011["Transaktioner (n)"]) == (30, 200)
    assert e2011["Selvbetjeningsgrad"] == pytest.approx(0.15)
    assert e2011["Hele landet"] == pytest.approx(39 / 210)
    assert not series.loc["F2012", "Deltog"]
    assert pd.isna(series.loc["F2012", "Selvbetjeningsgrad"])
    assert series.loc["F2012", "Hele landet"] == pytest.approx(1.0)


def test_series_for_one_opgave(conn):
    series = report.selvbetjening_series(conn, 187, FLYTNING).set_index("Runde")
    assert series.loc["E2011", "Selvbetjeningsgrad"] == pytest.approx(0.30)
    assert series.loc["E2011", "Hele landet"] == pytest.approx(39 / 110)
    low, high = series.loc["E2011", ["95 %-interval, nedre", "95 %-interval, øvre"]]
    assert (low, high) == pytest.approx((0.2189, 0.3958), abs=1e-4)


def test_header_rank_distance_and_sentences(conn):
    h = kommuneheader.header(conn, 187, E2011)
    assert (h.own.taeller, h.own.n) == (30, 200)
    assert (h.rank, h.of) == (2, 2)  # Aarhus 90 % ahead of Vallensbæk 15 %
    assert h.distance == pytest.approx(0.15 - 0.80)
    text = " ".join(kommuneheader.sentences(h))
    assert "Vallensbæks 200 registrerede" in text
    assert "3,6 procentpoint under landsgennemsnittet på 19 %" in text
    assert "Der mangler 65,0 procentpoint til målet om 80 %." in text
    assert "nr. 2 af 2" in text


def test_header_says_when_the_kommune_did_not_take_part(conn):
    h = kommuneheader.header(conn, 187, F2012)
    assert not h.deltog
    assert kommuneheader.sentences(h) == ["Vallensbæk deltog ikke i tælleugen forår 2012 (F2012)."]


def test_change_since_the_previous_round_taken_part(conn):
    h = kommuneheader.header(conn, 751, F2012)
    assert h.previous == E2011
    assert h.change == pytest.approx(1.0 - 0.9)
    assert "steget 10,0 procentpoint" in " ".join(kommuneheader.sentences(h))


def test_names_in_danish():
    assert kommuneheader.kommune_title("København") == "Københavns Kommune"
    assert kommuneheader.kommune_title("Vallensbæk") == "Vallensbæk Kommune"
    assert kommuneheader.genitive("Assens") == "Assens'"


def test_outbound_pattern_beside_hele_landet(conn):
    ud = report.direction_pattern(conn, 187, E2011, ref.UD).set_index("Kanal")
    assert ud.loc["Papirpost", "Antal, kommunen"] == 40
    assert ud.loc["Digital post", "Andel, kommunen"] == pytest.approx(0.6)
    assert ud.loc["Digital post", "Andel, Hele landet"] == pytest.approx(0.6)


def test_type_split_counts_inbound_contacts(conn):
    types = report.type_split(conn, 187, E2011).set_index("Henvendelsestype")
    assert types.loc["Oprettelse ny sag", "Antal, kommunen"] == 200
    assert types.loc["Råd/vejledning", "Andel, kommunen"] == pytest.approx(60 / 260)
    assert types.loc["Oprettelse ny sag", "Antal, Hele landet"] == 210


def test_opgave_table_rows_sum_to_one_with_registrations(conn):
    table = report.opgave_channel_table(conn, 187, E2011, ref.TRANSAKTIONER).set_index("Opgave")
    assert table.loc["Flytning", "Registreringer"] == 100
    assert table.loc["Flytning", "Selvbetjening"] == pytest.approx(0.30)
    assert table.loc["Pas", "Telefon"] == pytest.approx(1.0)
    assert table.loc["Flytning", "Selvbetjening, Hele landet"] == pytest.approx(39 / 110)
    assert "Hjemmeside" not in table.columns  # only information can use the website
    shares = [k.navn for k in report.kanaler_for(ref.TRANSAKTIONER)]
    counted = table[table["Registreringer"] > 0]
    assert counted[shares].sum(axis=1).tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert len(table) == 35 + 1  # every opgave, then 'I alt'
    assert table.loc["Byggetilladelse", "Registreringer"] == 0
    assert table.loc["Byggetilladelse", shares].isna().all()
    assert table.index[-1] == "I alt" and table.loc["I alt", "Registreringer"] == 200
    assert table.loc["I alt", "Selvbetjening"] == pytest.approx(30 / 200)
    assert table.loc["I alt", "Selvbetjening, Hele landet"] == pytest.approx(39 / 210)


def test_straks_counts_only_where_registered(conn):
    straks = report.straks_by_group(conn, 187, E2011).set_index("Gruppe")
    assert straks.loc["Transaktioner", "Straksafsluttet"] == 30 + 40 + 50
    assert straks.loc["Transaktioner", "Registreret (n)"] == 30 + 50 + 100
    assert straks.loc["Generel information", "Straksafslutningsgrad"] == pytest.approx(45 / 60)
    assert straks.index[-1] == "Alle typer"
    assert straks.loc["Alle typer", "Straksafsluttet"] == 30 + 40 + 50 + 15 + 30
    assert straks.loc["Alle typer", "Registreret (n)"] == 180 + 60


def test_form_share_per_opgave_and_kanal(conn):
    blanket = report.opgave_kanal_share(conn, 187, E2011, "blanket")
    cells = blanket.set_index(["Opgave", "Kanal"])["Blanketandel"]
    assert cells[("Flytning", "Selvbetjening")] == pytest.approx(0.2)
    assert cells[("Flytning", "Papirpost")] == pytest.approx(1.0)
    assert ("Pas", "Telefon") not in cells.index  # blanket not registered there


def test_cost_uses_only_priced_channels(conn):
    prices = kommunestate.default_prices()
    cost = report.cost_by_group(conn, 187, E2011, prices)
    summary = report.cost_summary(cost).set_index("Gruppe")
    assert summary.loc["Transaktioner", "Omkostning (kr.)"] == 30 * 19
    assert summary.loc["Generel information", "Omkostning (kr.)"] == 15 * 5
    assert summary.loc["Transaktioner", "Kanaler uden pris"] == "Telefon, Papirpost"
    prices["TLFIND"] = 40.0
    priced = report.cost_summary(report.cost_by_group(conn, 187, E2011, prices))
    assert priced.set_index("Gruppe").loc["Transaktioner", "Omkostning (kr.)"] == 570 + 150 * 40


def test_enhed_pattern_with_hele_landet_last(conn):
    enheder = report.enhed_pattern(conn, 187, E2011)
    assert list(dict.fromkeys(enheder["Enhed"])) == ["Borgerservice", "Jobcenter", "Hele landet"]
    borger = enheder[enheder["Enhed"] == "Borgerservice"].set_index("Kanal")
    assert borger.loc["Telefon", "Antal"] == 95
    assert borger.loc["Telefon", "Registreringer i enheden"] == 160
    assert borger.loc["Telefon", "Selvbetjeningsgrad"] == pytest.approx(0.30)


def test_mix_over_time_has_no_rows_for_a_round_not_taken_part(conn):
    mix = report.channel_mix_over_time(conn, 187, PAS, ref.TRANSAKTIONER)
    own = mix[mix["Område"] == "Vallensbæk"]
    assert set(own["Runde"]) == {"E2011"}
    assert set(mix[mix["Område"] == "Hele landet"]["Runde"]) == {"E2011", "F2012"}
    assert bool(own[report.THIN].iloc[0]) is False


def test_small_multiples_put_the_laggard_first(conn):
    progress = report.opgave_progress(conn, 187, E2011)
    first = progress.sort_values("Rækkefølge").iloc[0]
    assert first["Opgave"] == "Pas"  # 0 % is further from 80 % than Flytning's 30 %
    assert set(progress["Opgave"]) >= {"Pas", "Flytning"}


def test_state_round_trip_with_prices():
    state = kommunestate.KommuneState(
        runde=3, opgave=16, gruppe=ref.GENEREL_INFORMATION, prices=kommunestate.default_prices()
    )
    state.prices["TLFIND"] = 45.5
    state.prices["SLVBTJN"] = None
    search = kommunestate.format_state(state, default_runde=10)
    assert search == "?runde=E2012&opgave=16&gruppe=generel_information&pris=SLVBTJN:,TLFIND:45.5"
    back = kommunestate.parse_state(search, default_runde=10)
    assert (back.runde, back.opgave, back.gruppe) == (3, 16, ref.GENEREL_INFORMATION)
    assert back.prices["TLFIND"] == 45.5 and back.prices["SLVBTJN"] is None
    assert back.prices["WEB"] == 5.0 and back.prices_in_url


def test_state_is_forgiving():
    state = kommunestate.parse_state("?runde=xx&gruppe=nope&pris=TLFIND:abc", default_runde=7)
    assert (state.runde, state.gruppe, state.prices["TLFIND"]) == (7, ref.TRANSAKTIONER, None)
    assert kommunestate.parse_price("45,5") == 45.5
    assert kommunestate.parse_price("-3") is None


def test_opgave_kanal_shares_beside_hele_landet(conn):
    beside = report.opgave_kanal_beside(conn, 187, E2011, "straks", "Vallensbæk")
    assert list(beside.columns[:3]) == ["Område", "Opgave", "Kanal"]
    own = beside[beside["Område"] == "Vallensbæk"].drop(columns="Område").reset_index(drop=True)
    pd.testing.assert_frame_equal(own, report.opgave_kanal_share(conn, 187, E2011, "straks"))
    national = beside[beside["Område"] == "Hele landet"].set_index(["Opgave", "Kanal"])
    mine = own.set_index(["Opgave", "Kanal"])
    assert set(national.index.get_level_values(0)) <= set(mine.index.get_level_values(0))
    for cell in mine.index.intersection(national.index):
        assert national.loc[cell, "Registreret (n)"] >= mine.loc[cell, "Registreret (n)"]


def test_heat_map_of_nothing_registered_draws_empty():
    from layouts.kommune.figures import heatmap_figure

    empty = pd.DataFrame(
        columns=["Område", "Opgave", "Kanal", "Straksafsluttet", "Registreret (n)",
                 "Straksafslutningsgrad", report.THIN]
    )  # fmt: skip
    figure = heatmap_figure(empty, "Straksafslutningsgrad", "Registreret (n)", "green")
    assert figure.to_dict()["data"][0]["z"] == []


def test_hele_landet_cache_follows_every_write(engine):
    def write(antal: int) -> None:
        frame = cells_frame([(187, E2011, "", FLYTNING, NY_SAG, "ind", SLVBTJN, antal, NA, NA)])
        with engine.begin() as c:
            write_cells(c, frame)

    write(10)
    with engine.connect() as c:
        assert report.cells(c, None, ("kanal_id",), runde=E2011)["antal"].sum() == 10
    write(25)
    with engine.connect() as c:
        assert report.cells(c, None, ("kanal_id",), runde=E2011)["antal"].sum() == 25


def test_blanket_split_counts_and_shares_beside_hele_landet(conn):
    # Vallensbæk E2011, inbound transaktioner with blanket registered:
    # Selvbetjening 30 (6 with), Telefon 50 (0), Papirpost 20 (20): 26 of 100
    frame = report.blanket_split(conn, 187, E2011)
    assert frame["Blanket"].tolist() == ["Med blanket", "Uden blanket"]
    assert frame["Antal, kommunen"].tolist() == [26, 74]
    assert frame["Andel, kommunen"].tolist() == pytest.approx([0.26, 0.74])
    # Aarhus registered no blanket: Hele landet is Vallensbæk's alone
    assert frame["Antal, Hele landet"].tolist() == [26, 74]


def test_enhed_counts_inbound_outbound_and_the_total_last(conn):
    frame = report.enhed_counts(conn, 187, E2011)
    assert frame.to_dict("records") == [
        {"Enhed": "Borgerservice", "Indgående": 160, "Udgående": 0, "I alt": 160},
        {"Enhed": "Jobcenter", "Indgående": 100, "Udgående": 0, "I alt": 100},
        {"Enhed": "Kommunen (ingen enhed angivet)", "Indgående": 0, "Udgående": 100, "I alt": 100},
        {"Enhed": "I alt", "Indgående": 260, "Udgående": 100, "I alt": 360},
    ]


def test_outbound_pattern_of_one_group(conn):
    frame = report.direction_pattern(conn, 187, E2011, ref.UD, ref.TRANSAKTIONER)
    shares = dict(zip(frame["Kanal"], frame["Andel, kommunen"], strict=True))
    assert shares["Papirpost"] == pytest.approx(0.4) and shares["Digital post"] == pytest.approx(
        0.6
    )
    empty = report.direction_pattern(conn, 187, E2011, ref.UD, ref.INFORMATION_OM_SAG)
    assert empty["Antal, kommunen"].sum() == 0


def test_enhed_pattern_outbound_and_for_one_group(conn):
    ud = report.enhed_pattern(conn, 187, E2011, retning=ref.UD)
    own = ud[ud["Enhed"] == "Kommunen (ingen enhed angivet)"].set_index("Kanal")
    assert own.loc["Papirpost", "Andel"] == pytest.approx(0.4)
    assert own.loc["Digital post", "Antal"] == 60
    info = report.enhed_pattern(conn, 187, E2011, gruppe=ref.GENEREL_INFORMATION)
    borger = info[info["Enhed"] == "Borgerservice"].set_index("Kanal")
    assert borger["Antal"].sum() == 15 + 45  # Råd/vejledning only; Jobcenter had none
    assert "Jobcenter" not in set(info["Enhed"])


def test_the_counts_switch_round_trips_in_the_url():
    state = kommunestate.parse_state("?visning=antal", default_runde=E2011)
    assert state.counts and state.visning == "antal"
    assert "visning=antal" in kommunestate.format_state(state, default_runde=E2011)
    shares = kommunestate.parse_state("?visning=<b>", default_runde=E2011)
    assert not shares.counts
    assert "visning" not in kommunestate.format_state(shares, default_runde=E2011)


def test_channel_mixes_drawn_as_counts(conn):
    from layouts.kommune import figures

    pattern = report.direction_pattern(conn, 187, E2011, ref.IND)
    fig = figures.beside_bars(pattern, "Kanal", "Vallensbæk", counts=True).to_dict()
    assert fig["data"][0]["x"] == pattern["Antal, kommunen"].tolist()
    assert fig["data"][1]["x"] == pattern["Antal, Hele landet"].tolist()
    assert "matches" not in fig["layout"]["xaxis2"]  # each area on its own scale
    enheder = report.enhed_pattern(conn, 187, E2011)
    rows = figures.stacked_rows(enheder, "Enhed", "Vallensbæk", counts=True).to_dict()
    shown = {y for t in rows["data"] for y in t["y"]}
    assert not any("Hele landet" in y for y in shown)  # its volume would flatten the rest
    assert sum(sum(t["x"]) for t in rows["data"]) == 160 + 100


def test_what_if_moves_analogue_transaktioner_to_selvbetjening(conn):
    from landkort.views.whatif import what_if

    # Vallensbæk E2011, inbound transaktioner: Selvbetjening 30, Telefon 50 + 100 (Pas),
    # Papirpost 20; half of the 170 analogue ones moved: 85 more on Selvbetjening
    prices = {"SLVBTJN": 19.0, "TLFIND": 45.0, "PPRIND": 60.0, "WEB": 5.0}
    row = what_if(conn, 187, E2011, prices, 0.5).iloc[0]
    assert row["Transaktioner (n)"] == 200 and row["Analoge før"] == 170
    assert row["Selvbetjeningsgrad før"] == pytest.approx(0.15)
    assert row["Selvbetjeningsgrad efter"] == pytest.approx(115 / 200)
    assert row["Afstand til 80 % efter (pct.-point)"] == pytest.approx(57.5 - 80)
    assert row["Omkostning før (kr. pr. tælleperiode)"] == 30 * 19 + 150 * 45 + 20 * 60
    assert row["Omkostning efter (kr. pr. tælleperiode)"] == 115 * 19 + 75 * 45 + 10 * 60
    assert row["Ændring (kr. pr. tælleperiode)"] == -2360
    assert row["Ændring (kr. pr. år)"] == pytest.approx(-2360 * 52 / 3)  # E2011: 3 weeks
    assert row["Uger i runden"] == 3 and row["Andel af de analoge flyttet (%)"] == 50


def test_what_if_names_the_channels_without_a_price(conn):
    from landkort.views.whatif import what_if

    row = what_if(conn, 187, E2011, {"SLVBTJN": 19.0}, 0.5, opgave=FLYTNING).iloc[0]
    assert row["Transaktioner (n)"] == 100  # Flytning only
    assert pd.isna(row["Ændring (kr. pr. tælleperiode)"])
    assert row["Kanaler uden pris"] == "Telefon, Papirpost"


def test_outbound_contacts_are_costed_at_their_own_prices(conn):
    prices = {**kommunestate.default_prices(), "PPRUD": 8.0, "DOCUD": 2.0}
    cost = report.cost_by_group(conn, 187, E2011, prices)
    ud = cost[cost["Gruppe"] == "Udgående (alle typer)"].set_index("Kanal")
    assert ud["Omkostning (kr.)"].to_dict() == {"Papirpost": 40 * 8.0, "Digital post": 60 * 2.0}
    assert cost["Gruppe"].iloc[-1] == "Udgående (alle typer)"  # after the inbound groups


def test_the_url_restores_prices_and_the_what_if():
    query = "?pris=TLFIND:45,PPRUD:8,SLVBTJN:&flyt=40&hvisopgave=5"
    state = kommunestate.parse_state(query, default_runde=E2011)
    assert state.prices["TLFIND"] == 45 and state.prices["PPRUD"] == 8
    assert state.prices["SLVBTJN"] is None and state.prices["WEB"] == 5  # published default
    assert state.flyt == 40 and state.hvis_opgave == FLYTNING
    again = kommunestate.parse_state(
        kommunestate.format_state(state, default_runde=E2011), default_runde=E2011
    )
    assert again == state
    assert kommunestate.parse_state("?flyt=500", default_runde=E2011).flyt == 0
