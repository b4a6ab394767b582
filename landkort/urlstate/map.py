"""The map's state as a query string, so a view can be bookmarked and shared.

Parsing is forgiving (unknown or malformed values fall back to the default, so an old
or hand-edited link still opens), and serialising omits defaults, so links stay short.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from landkort import lookup
from landkort import reference as ref
from landkort.urlstate.params import first, query_params, query_string, selection_params
from landkort.views.map import DEFAULT_MEASURE, MAP_MEASURES, Selection

MAP_FORMS = ("hex", "geo")


@dataclass(frozen=True)
class MapState:
    """Everything the map page shows, as chosen by the user."""

    selection: Selection
    form: str = "hex"
    kommune: int | None = None  # highlighted by the search box


def _region(text: str | None) -> int | None:
    # ascii_int, not isdigit(): '²' passes isdigit() and then fails int() (issue 14).
    kode = lookup.ascii_int(text) if text is not None else None
    return kode if kode in {r.kode for r in ref.REGIONER} else None


def parse_state(search: str | None, *, default_runde: int, default_form: str = "hex") -> MapState:
    """A MapState from ``?runde=E2015&maal=…``; anything unknown takes its default."""
    params = query_params(search)
    measure = first(params, "maal")
    runde_text = first(params, "runde")
    opgave_text = first(params, "opgave")
    kommune_text = first(params, "kommune")
    form = first(params, "kort")
    selection = Selection(
        measure=measure if measure in MAP_MEASURES else DEFAULT_MEASURE,
        runde=(lookup.resolve_runde(runde_text) if runde_text else None) or default_runde,
        opgave=lookup.resolve_opgave(opgave_text) if opgave_text else None,
        gruppe=first(params, "gruppe") if first(params, "gruppe") in ref.GRUPPER else None,
        region=_region(first(params, "region")),
    )
    return MapState(
        selection=replace(selection, gruppe=selection.effective_gruppe),
        form=form if form in MAP_FORMS else default_form,
        kommune=lookup.resolve_kommune(kommune_text) if kommune_text else None,
    )


def format_state(state: MapState, *, default_runde: int, default_form: str = "hex") -> str:
    """The query string (with ``?``, or '' when everything is default)."""
    params = selection_params(state.selection, default_runde=default_runde)
    if state.form != default_form:
        params["kort"] = state.form
    if state.kommune is not None:
        params["kommune"] = ref.format_kommunekode(state.kommune)
    return query_string(params)


_KNOWN_KEYS = ("maal", "runde", "opgave", "gruppe", "region", "kort", "kommune")


def state_problems(search: str | None) -> list[str]:
    """Danish explanations of every parameter that does not name a known value.

    The map itself is forgiving (see :func:`parse_state`); embedded charts and the API
    are strict, so a mistyped link is told rather than silently shown as something else.
    """
    params = query_params(search, keep_blank=True)
    checks = {
        "maal": lambda v: v in MAP_MEASURES,
        "runde": lambda v: lookup.resolve_runde(v) is not None,
        "opgave": lambda v: lookup.resolve_opgave(v) is not None,
        "gruppe": lambda v: v in ref.GRUPPER,
        "region": lambda v: _region(v) is not None,
        "kort": lambda v: v in MAP_FORMS,
        "kommune": lambda v: lookup.resolve_kommune(v) is not None,
    }
    problems = []
    for key in _KNOWN_KEYS:
        for value in params.get(key, []):
            if not checks[key](value.strip()):
                problems.append(f"Ukendt værdi for «{key}»: «{value}»")
    return problems
