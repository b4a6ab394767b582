"""Labelled controls in the house style, and the choices the map and compare pages share."""

from __future__ import annotations

from dash import dcc, html

from landkort import reference as ref
from landkort.views.map import MAP_MEASURES
from layouts.components.bootstrap import col

ALL = 0  # the "all opgaver" / "whole country" choice in dropdowns (None is not a value)

DROPDOWN_LABELS = {
    "search": "Søg",
    "clear_search": "Ryd søgning",
    "clear_selection": "Ryd valget",
    "no_options_found": "Intet passer",
    "select_all": "Vælg alle",
    "deselect_all": "Fravælg alle",
    "selected_count": "{num_selected} valgt",
}


def label(text: str, target: str) -> html.Label:
    """A small bold label tied to its control."""
    return html.Label(text, htmlFor=target, className="form-label small fw-semibold mb-1")


def dropdown(id_: str, options: list[dict], value, **kwargs) -> dcc.Dropdown:
    """A Danish dropdown; not clearable unless asked."""
    kwargs.setdefault("clearable", False)
    return dcc.Dropdown(id=id_, options=options, value=value, labels=DROPDOWN_LABELS, **kwargs)


def field(text: str, control, **width) -> html.Div:
    """A column holding a label and its control."""
    return col([label(text, control.id), control], **width)


def measure_options() -> list[dict]:
    return [{"label": m.label, "value": k} for k, m in MAP_MEASURES.items()]


def opgave_options() -> list[dict]:
    """'Alle 35 opgaver' and the 35 in KL's order."""
    return [{"label": "Alle 35 opgaver", "value": ALL}] + [
        {"label": o.navn, "value": o.id} for o in ref.OPGAVER
    ]


def region_options() -> list[dict]:
    return [{"label": "Hele landet", "value": ALL}] + [
        {"label": f"Region {r.navn}", "value": r.kode} for r in ref.REGIONER
    ]


def group_options(measure: str) -> tuple[list[dict], bool]:
    """The group choices a measure allows, and whether the control is disabled."""
    groups = MAP_MEASURES[measure].groups
    if len(groups) == 1:
        return [{"label": ref.GRUPPER[groups[0]], "value": groups[0]}], True
    default = "Alle grupper" if len(groups) == len(ref.GRUPPER) else ref.GRUPPER[groups[0]]
    options = [{"label": default, "value": ""}]
    options += [{"label": ref.GRUPPER[g], "value": g} for g in groups]
    return options, False
