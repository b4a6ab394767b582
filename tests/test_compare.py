"""The compare page's data against a small example worked by hand, and against the map."""

from __future__ import annotations

import math
import threading
import time

import pandas as pd
import pytest

from landkort import store
from landkort.demo.loading import load_cells
from landkort.urlstate.compare import CompareState, format_compare, parse_compare
from landkort.views import compare
from landkort.views import map as mapview
from landkort.views.map import MAP_MEASURES, Selection
from tests.compare_helpers import (
    AARHUS,
    E2011,
    E2012,
    F2012,
    FLYTNING,
    KOEBENHAVN,
    PAS,
    VALLENSBAEK,
    cells,
    load_example,
)

HOVEDSTADEN = 1084


@pytest.fixture
def data(engine):
    load_example(engine)
    with engine.connect() as conn:
        yield compare.load(conn)


def _row(frame: pd.DataFrame, kode: int, runde: int | None = None, key: str = "kode"):
    rows = frame[frame[key] == kode]
    if runde is not None:
        rows = rows[rows["runde_id"] == runde]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.mark.parametrize("measure", list(MAP_MEASURES))
@pytest.mark.parametrize("runde", [E2011, F2012, E2012])
def test_ranking_agrees_with_the_map(engine, data, measure, runde):
    sel = Selection(measure, runde)
    with engine.connect() as conn:
        expected = mapview.kommune_values(conn, sel)
    got = compare.ranking(data, sel, None).set_index("kode").loc[expected.index]
    for ours, theirs in (("value", "value"), ("v_lav", "lav"), ("v_hoej", "hoej")):
        pd.testing.assert_series_equal(
            got[ours].astype(float), expected[theirs].astype(float), check_names=False
        )
    assert (got["n"] == expected["n"]).all()
    assert (got["rank"].fillna(0) == expected["rank"].fillna(0)).all()
    shown = expected["value"].notna()
    assert (got.loc[shown, "usikker"] == expected.loc[shown, "usikker"]).all()
    assert not got.loc[~shown, "usikker"].any()


def test_ranking_orders_participants_with_change_since_an_earlier_round(data):
    frame = compare.ranking(data, Selection("selvbetjening", F2012), E2011)
    assert len(frame) == 98
    top = frame.head(3)
    assert list(top["kode"]) == [VALLENSBAEK, AARHUS, KOEBENHAVN]
    assert list(top["rank"]) == [1, 2, 3]
    assert list(top["value"]) == pytest.approx([0.6, 0.5, 0.3])
    assert list(top["aendring"][:2]) == pytest.approx([0.3, -0.4])
    assert math.isnan(top["aendring"].iloc[2])  # København did not count in E2011
    assert frame["of"].iloc[0] == 3
    assert frame["deltog"].sum() == 3
    assert not frame.iloc[3:]["deltog"].any()
    low, high = top["aendring_lav"].iloc[0], top["aendring_hoej"].iloc[0]
    assert low < 0.3 < high


def test_ranking_in_a_region(data):
    frame = compare.ranking(data, Selection("selvbetjening", F2012, region=HOVEDSTADEN), None)
    assert len(frame) == 29
    assert list(frame.head(2)["kode"]) == [VALLENSBAEK, KOEBENHAVN]


def test_series_breaks_where_a_kommune_did_not_take_part(data):
    frame = compare.series(data, Selection("selvbetjening", E2012), [VALLENSBAEK, AARHUS])
    assert set(frame["kommune_kode"]) == {VALLENSBAEK, AARHUS, compare.NATIONAL_KODE}
    assert len(frame) == 9  # three lines over the three rounds with data
    gap = _row(frame, VALLENSBAEK, E2012, "kommune_kode")
    assert not gap["deltog"] and math.isnan(gap["value"])
    assert _row(frame, AARHUS, E2011, "kommune_kode")["usikker"]
    national = frame[frame["kommune_kode"] == compare.NATIONAL_KODE].set_index("runde_id")
    assert list(national["value"]) == pytest.approx([39 / 110, 170 / 400, 220 / 300])
    assert list(national["n"]) == [110, 400, 300]
    assert list(national["navn"].unique()) == ["Hele landet"]


def test_change_measure_series_uses_the_previous_round(data):
    frame = compare.series(data, Selection("aendring", E2012), [AARHUS])
    aarhus = frame[frame["kommune_kode"] == AARHUS].set_index("runde_id")
    assert math.isnan(aarhus.loc[E2011, "value"])
    assert aarhus.loc[F2012, "value"] == pytest.approx(-0.4)
    assert aarhus.loc[E2012, "value"] == pytest.approx(0.3)


def test_change_between_two_rounds_keeps_kommuner_with_both(data):
    frame = compare.change_between(data, Selection("selvbetjening", E2012), E2011, E2012)
    assert list(frame["kode"]) == [AARHUS]
    row = frame.iloc[0]
    assert row["aendring"] == pytest.approx(-0.1)
    assert row["usikker"]  # 10 registrations in E2011


def test_largest_movers_leave_out_thin_data(data):
    sel = Selection("selvbetjening", F2012)
    assert compare.largest_movers(data, sel, E2011, F2012) == [VALLENSBAEK]
    assert compare.largest_movers(data, Selection("selvbetjening", E2012), F2012, E2012) == [
        KOEBENHAVN,
        AARHUS,
    ]


def test_chosen_kommuner_for_each_group(data):
    sel = Selection("selvbetjening", E2012)
    assert compare.chosen(data, sel, "alle", (), F2012) == [KOEBENHAVN, AARHUS]
    assert compare.chosen(data, sel, "kommuner", (AARHUS, AARHUS, VALLENSBAEK), F2012) == [
        AARHUS,
        VALLENSBAEK,
    ]
    assert compare.chosen(data, sel, "flyttere", (), F2012) == [KOEBENHAVN, AARHUS]


def test_distribution_per_round_and_region(data):
    frame = compare.distribution(data, Selection("selvbetjening", E2012))
    assert frame.groupby("runde_id").size().to_dict() == {E2011: 2, F2012: 3, E2012: 2}
    region = compare.distribution(data, Selection("selvbetjening", E2012, region=HOVEDSTADEN))
    assert set(region["kode"]) == {VALLENSBAEK, KOEBENHAVN}


def test_opgave_matrix_for_chosen_kommuner(data):
    frame = compare.opgave_matrix(data, Selection("selvbetjening", F2012), [KOEBENHAVN])
    values = frame.set_index("opgave_id")["value"]
    assert values.to_dict() == pytest.approx({FLYTNING: 0.2, PAS: 0.4})
    assert list(frame["opgave"]) == ["Flytning", "Pas"]


def test_national_pools_counts_not_shares(data):
    frame = compare.national(data, Selection("selvbetjening", F2012)).set_index("runde_id")
    assert frame.loc[F2012, "value"] == pytest.approx(170 / 400)  # not mean(0.6, 0.5, 0.3)


def _version(engine) -> str:
    with engine.connect() as conn:
        return store.data_version(conn)


@pytest.mark.parametrize("measure", list(MAP_MEASURES))
def test_kept_values_equal_fresh_ones_for_every_round_and_survive_a_caller_changing_them(
    engine, data, measure
):
    by = ("kommune_kode", "runde_id")
    first = compare.values(data, Selection(measure, E2012), by)
    first["value"] = -1.0  # a caller's own copy: what is kept stays as computed
    for runde in (E2011, F2012, E2012):
        sel = Selection(measure, runde)
        kept = compare.values(data, sel, by)
        with engine.connect() as conn:
            fresh = compare.values(compare.load(conn), sel, by)
        pd.testing.assert_frame_equal(kept, fresh)
    compare.values(data, Selection(measure, E2012, opgave=FLYTNING), by)
    assert len(data.kept) == 2  # an opgave is another question


def test_cache_follows_the_data_version(engine):
    load_example(engine)
    with engine.connect() as conn:
        first = compare.cached(conn)
        assert compare.cached(conn) is first
    with engine.begin() as conn:
        store.write_cells(conn, cells())  # the same cells again: still a new version
    with engine.connect() as conn:
        second = compare.cached(conn)
    assert second is not first and second.version != first.version
    assert second.version == _version(engine)


def test_every_write_of_cells_moves_the_data_version(engine):
    assert _version(engine) == ""
    seen = []
    writes = (
        lambda conn: store.write_cells(conn, cells()),
        lambda conn: store.write_cells(conn, cells(), replace=True),
        store.clear_facts,
    )
    for write in writes:
        with engine.begin() as conn:
            write(conn)
        seen.append(_version(engine))
    load_cells(engine, cells(), "small", 1)  # the demo load: clear and write at once
    seen.append(_version(engine))
    assert len(set(seen)) == len(seen)
    assert all(len(v) == 32 and set(v) <= set("0123456789abcdef") for v in seen)


def test_a_new_version_is_built_once_by_concurrent_requests(engine, monkeypatch):
    load_example(engine)
    monkeypatch.setattr(compare, "_cache", {})
    builds = []
    slow_load = compare.load

    def counted_load(conn, version=None):
        builds.append(version)
        time.sleep(0.2)  # long enough for every other thread to wait at the lock
        return slow_load(conn, version)

    monkeypatch.setattr(compare, "load", counted_load)
    start = threading.Barrier(8)
    results = []

    def request() -> None:
        with engine.connect() as conn:
            start.wait()
            results.append(compare.cached(conn))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == [_version(engine)]
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_url_state_round_trips_and_tolerates_bad_links():
    state = CompareState(
        Selection("maal", F2012, opgave=FLYTNING, region=HOVEDSTADEN),
        fra=E2011,
        udvalg="kommuner",
        kommuner=(VALLENSBAEK, AARHUS),
    )
    query = format_compare(state, default_runde=E2012, default_fra=E2011)
    assert query == "?maal=maal&runde=F2012&opgave=5&region=1084&kommuner=0187,0751"
    assert parse_compare(query, default_runde=E2012, default_fra=E2011) == state
    by_name = parse_compare("?kommuner=Vallensbæk,aarhus,Atlantis", default_runde=3, default_fra=1)
    assert by_name.kommuner == (VALLENSBAEK, AARHUS) and by_name.udvalg == "kommuner"
    junk = parse_compare("?udvalg=nogle&fra=E2099&maal=x", default_runde=3, default_fra=1)
    assert (junk.udvalg, junk.fra, junk.selection.measure) == ("flyttere", 1, "selvbetjening")
    assert format_compare(junk, default_runde=3, default_fra=1) == ""
