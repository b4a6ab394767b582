"""The map's URL state survives a round trip and tolerates bad links; the shared helpers."""

from __future__ import annotations

from landkort.urlstate.compare import CompareState, format_compare
from landkort.urlstate.map import MapState, format_state, parse_state
from landkort.urlstate.params import first, query_params, query_string, selection_params
from landkort.views.map import Selection

DEFAULT = 9  # E2015


def test_defaults_give_an_empty_query_string():
    state = parse_state("", default_runde=DEFAULT)
    assert state == MapState(Selection(runde=DEFAULT))
    assert format_state(state, default_runde=DEFAULT) == ""


def test_round_trip_of_every_field():
    state = MapState(
        Selection(measure="straks", runde=6, opgave=5, gruppe="transaktioner", region=1084),
        form="geo",
        kommune=187,
    )
    search = format_state(state, default_runde=DEFAULT)
    assert "runde=F2014" in search and "kommune=0187" in search and "kort=geo" in search
    assert parse_state(search, default_runde=DEFAULT) == state


def test_user_spellings_are_understood():
    state = parse_state(
        "?runde=For%C3%A5r+2014&opgave=Flytning&kommune=Vallensb%C3%A6k", default_runde=DEFAULT
    )
    assert state.selection.runde == 6
    assert state.selection.opgave == 5
    assert state.kommune == 187


def test_unknown_values_fall_back_to_defaults():
    state = parse_state(
        "?maal=<script>&runde=X1999&opgave=99&region=1&kort=3d&kommune=9999&gruppe=x",
        default_runde=DEFAULT,
    )
    assert state == MapState(Selection(runde=DEFAULT))


def test_a_group_the_measure_cannot_use_is_dropped():
    state = parse_state("?maal=selvbetjening&gruppe=generel_information", default_runde=DEFAULT)
    assert state.selection.gruppe is None


def test_strict_check_names_every_unknown_value():
    from landkort.urlstate.map import state_problems

    assert state_problems("?runde=F2014&maal=straks&opgave=Flytning&kommune=0187") == []
    problems = state_problems("?maal=<script>&runde=X1999&region=1&kort=3d")
    assert len(problems) == 4
    assert "«maal»: «<script>»" in problems[0]


def test_links_keep_their_exact_form():
    every = Selection(measure="straks", runde=6, opgave=5, gruppe="transaktioner", region=1084)
    assert format_state(MapState(every, form="geo", kommune=187), default_runde=DEFAULT) == (
        "?maal=straks&runde=F2014&opgave=5&gruppe=transaktioner&region=1084&kort=geo&kommune=0187"
    )
    alle = CompareState(Selection("blanket", 6, opgave=5, region=1084), fra=2, udvalg="alle")
    assert format_compare(alle, default_runde=DEFAULT, default_fra=1) == (
        "?maal=blanket&runde=F2014&fra=F2012&opgave=5&region=1084&udvalg=alle"
    )
    picked = CompareState(Selection(runde=DEFAULT), fra=2, udvalg="kommuner", kommuner=(187, 101))
    assert format_compare(picked, default_runde=DEFAULT, default_fra=1) == (
        "?fra=F2012&kommuner=0187,0101"
    )


def test_shared_query_string_helpers():
    params = query_params("?runde=+E2015+&opgave=&opgave=5")
    assert first(params, "runde") == "E2015" and first(params, "opgave") == "5"
    assert first(query_params("opgave=&x=1", keep_blank=True), "opgave") is None
    assert query_params(None) == {}
    assert selection_params(Selection(runde=DEFAULT), default_runde=DEFAULT) == {}
    one_group = Selection("blanket", DEFAULT, gruppe="transaktioner")  # blanket has no other
    assert selection_params(one_group, default_runde=DEFAULT) == {"maal": "blanket"}
    assert query_string({}) == "" and query_string({"k": "1,2"}, safe=",") == "?k=1,2"
