"""The map's URL state survives a round trip and tolerates bad links."""

from __future__ import annotations

from landkort.urlstate.map import MapState, format_state, parse_state
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
