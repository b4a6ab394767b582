"""A kommune's page: its key figures for a round beside Hele landet, and its rounds."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from landkort.formatting import format_int, format_percent, format_points
from landkort.metrics import MEASURE_NAMES


def _interval(share: dict) -> str:
    if share["lav"] is None:
        return ""
    return f"{format_percent(share['lav'])}–{format_percent(share['hoej'])}"


def key_figures_table(kommune: dict, national: dict, measures: tuple[str, ...]) -> dbc.Table:
    """One row per measure: the kommune, its interval and n, Hele landet, the difference."""
    head = html.Thead(
        html.Tr(
            [
                html.Th("Mål"),
                html.Th("Kommunen"),
                html.Th("95 %-interval"),
                html.Th("n"),
                html.Th("Hele landet"),
                html.Th("Forskel"),
            ]
        )
    )
    rows = []
    for m in measures:
        k, h = kommune[m], national[m]
        diff = None if k["andel"] is None or h["andel"] is None else k["andel"] - h["andel"]
        rows.append(
            html.Tr(
                [
                    html.Td(MEASURE_NAMES[m]),
                    html.Td(format_percent(k["andel"]), className="fw-semibold", id=f"kf-{m}"),
                    html.Td(_interval(k)),
                    html.Td(format_int(k["n"])),
                    html.Td(format_percent(h["andel"])),
                    html.Td(format_points(diff)),
                ]
            )
        )
    return dbc.Table(
        [head, html.Tbody(rows)], striped=True, size="sm", responsive=True, id="key-figures"
    )


def kommune_page(
    *,
    navn: str,
    kode: str,
    region: str,
    runde: str,
    rounds: list[tuple[str, str]],
    kommune: dict,
    national: dict,
    measures: tuple[str, ...],
    back: str,
) -> list:
    """The page body; ``rounds`` holds (runde, formatted selvbetjeningsgrad) it took part in."""
    taken = ", ".join(r for r, _ in rounds) or "ingen"
    body = [
        dcc.Link("← Til kortet", href=back, className="small"),
        html.H1(f"{navn} Kommune", className="h3 mt-2", id="kommune-title"),
        html.P(f"Kommunekode {kode} · Region {region} · Deltog i: {taken}", className="text-muted"),
    ]
    if kommune.get("deltaget") is False:
        body.append(dbc.Alert(f"{navn} deltog ikke i runden {runde}.", color="secondary"))
    body += [
        html.H2(f"Nøgletal, {runde}", className="h5"),
        key_figures_table(kommune, national, measures),
        html.H2("Selvbetjeningsgrad i de runder kommunen deltog i", className="h5 mt-4"),
        dbc.Table(
            [
                html.Thead(html.Tr([html.Th("Runde"), html.Th("Selvbetjeningsgrad")])),
                html.Tbody([html.Tr([html.Td(r), html.Td(v)]) for r, v in rounds]),
            ],
            size="sm",
            className="w-auto",
        ),
    ]
    return body


def not_found(text: str) -> list:
    return [
        html.H1("Siden findes ikke", className="h3"),
        html.P(text),
        dcc.Link("Til kortet", href="/"),
    ]
