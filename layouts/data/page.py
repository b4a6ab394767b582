"""The data page: what the database holds."""

from __future__ import annotations

from dash import html

from landkort.formatting import format_int
from landkort.status import DatasetStatus
from layouts.components import bootstrap as bs
from layouts.data.upload import account_area
from layouts.registry import Page


def _rounds_table(status: DatasetStatus) -> html.Div:
    head = html.Thead(html.Tr([html.Th("Runde"), html.Th("Periode"), html.Th("Kommuner")]))
    body = html.Tbody(
        [
            html.Tr([html.Td(r.kode), html.Td(r.navn), html.Td(format_int(r.deltagere))])
            for r in status.rounds
        ]
    )
    return bs.table([head, body], striped=True, size="sm", className="w-auto")


def _figure(label: str, value: str) -> html.Div:
    return bs.col(
        bs.card(
            [html.Div(value, className="fs-3 fw-semibold"), html.Div(label)],
            className="h-100",
        ),
        md=3,
    )


def data_page(page: Page, status: DatasetStatus, drawn: dict) -> list:
    """Headline counts and the rounds loaded, or how to load data when empty."""
    if status.empty:
        return [
            html.H1("Digitalt Landkort", className="h3"),
            bs.alert(
                "Databasen er tom. Indlæs tælleugeresultater med "
                "'python -m landkort import FIL' eller demodata med 'python -m landkort demo'.",
                color="info",
            ),
            account_area(),
        ]
    kind = "Simulerede demodata" if status.demo else "Indlæste tælleugeresultater"
    return [
        html.H1("Digitalt Landkort", className="h3"),
        html.P(
            "Sådan henvender borgere og virksomheder sig til kommunen: kanal, opgave og "
            "henvendelsestype fra KOMHEN-tælleugerne.",
            className="lead",
        ),
        bs.row(
            [
                _figure("runder", format_int(len(status.rounds))),
                _figure("kommuner har deltaget", format_int(status.kommuner)),
                _figure("registrerede celler", format_int(status.rows)),
                _figure("datagrundlag", kind),
            ],
            className="g-3 mb-4",
        ),
        html.H2("Runder", className="h5"),
        _rounds_table(status),
        account_area(),
    ]
