"""The compare page's state as a query string, with the map's parameter names.

``maal``, ``runde``, ``opgave``, ``gruppe`` and ``region`` mean what they mean on the
map; ``fra`` is the earlier round changes are measured from, ``kommuner`` the picked
kommuner (codes or names, comma-separated) and ``udvalg`` a group instead of picks
(``alle`` participants or the ten largest ``flyttere``). Parsing is forgiving.
"""

from __future__ import annotations

from dataclasses import dataclass

from landkort import lookup
from landkort import reference as ref
from landkort.urlstate.map import parse_state
from landkort.urlstate.params import first, query_params, query_string, selection_params
from landkort.views.compare import UDVALG
from landkort.views.map import MAP_MEASURES, Selection

DEFAULT_UDVALG = "flyttere"
# the order of the parameters in a link: the map's, with fra after runde
LINK_ORDER = ("maal", "runde", "fra", "opgave", "gruppe", "region", "kommuner", "udvalg")


@dataclass(frozen=True)
class CompareState:
    selection: Selection  # runde is the later round (ranking, heat map, dumbbell end)
    fra: int  # the earlier round
    udvalg: str = DEFAULT_UDVALG
    kommuner: tuple[int, ...] = ()


def _kommuner(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    found = (lookup.resolve_kommune(part) for part in text.split(","))
    return tuple(dict.fromkeys(k for k in found if k is not None))


def parse_compare(search: str | None, *, default_runde: int, default_fra: int) -> CompareState:
    """A CompareState from ``?maal=…&runde=…&fra=…&kommuner=0187,0751``."""
    sel = parse_state(search, default_runde=default_runde).selection
    params = query_params(search)
    fra_text = first(params, "fra")
    fra = (lookup.resolve_runde(fra_text) if fra_text else None) or default_fra
    kommuner = _kommuner(first(params, "kommuner"))
    udvalg = first(params, "udvalg")
    if udvalg not in UDVALG:
        udvalg = "kommuner" if kommuner else DEFAULT_UDVALG
    return CompareState(sel, fra, udvalg, kommuner)


def format_compare(state: CompareState, *, default_runde: int, default_fra: int) -> str:
    """The query string (with ``?``, or '' when everything is default)."""
    params = selection_params(state.selection, default_runde=default_runde)
    if state.fra != default_fra:
        params["fra"] = ref.RUNDER[state.fra - 1].kode
    if state.udvalg == "kommuner" and state.kommuner:
        params["kommuner"] = ",".join(ref.format_kommunekode(k) for k in state.kommuner)
    elif state.udvalg != DEFAULT_UDVALG:
        params["udvalg"] = state.udvalg
    ordered = {key: params[key] for key in LINK_ORDER if key in params}
    return query_string(ordered, safe=",")


def compare_problems(search: str | None) -> list[str]:
    """Danish explanations of every parameter value that names nothing known (strict)."""
    from landkort.urlstate.map import state_problems

    params = query_params(search, keep_blank=True)
    problems = state_problems(search)
    for value in params.get("fra", []):
        if lookup.resolve_runde(value) is None:
            problems.append(f"Ukendt værdi for «fra»: «{value}»")
    for value in params.get("udvalg", []):
        if value not in UDVALG:
            problems.append(f"Ukendt værdi for «udvalg»: «{value}»")
    for value in params.get("kommuner", []):
        for part in value.split(","):
            if part.strip() and lookup.resolve_kommune(part) is None:
                problems.append(f"Ukendt kommune i «kommuner»: «{part}»")
    return problems


def control_problems(maal, opgave, gruppe, region, udvalg, kommuner, runde, fra) -> list[str]:
    """Every value of the compare page's controls that they could not hold (a hand-made
    request), in Danish; empty (None) ones take their defaults."""
    rounds = range(1, len(ref.RUNDER) + 1)
    checks = {
        "maal": isinstance(maal, str) and maal in MAP_MEASURES,
        "opgave": opgave is None or (lookup.is_whole(opgave) and 0 <= opgave <= len(ref.OPGAVER)),
        "gruppe": gruppe is None or (isinstance(gruppe, str) and gruppe in ("", *ref.GRUPPER)),
        "region": region is None
        or (lookup.is_whole(region) and region in (0, *(r.kode for r in ref.REGIONER))),
        "udvalg": udvalg is None or (isinstance(udvalg, str) and udvalg in UDVALG),
        "kommuner": kommuner is None
        or (
            isinstance(kommuner, list)
            and all(lookup.is_whole(k) and k in ref.kommune_by_kode() for k in kommuner)
        ),
        "runde": lookup.is_whole(runde) and runde in rounds,
        "fra": fra is None or (lookup.is_whole(fra) and fra in rounds),
    }
    given = (maal, opgave, gruppe, region, udvalg, kommuner, runde, fra)
    values = dict(zip(checks, given, strict=True))
    return [f"{name} «{values[name]!r:.40}» findes ikke" for name, ok in checks.items() if not ok]
