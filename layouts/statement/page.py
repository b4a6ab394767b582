"""The accessibility statement (tilgængelighedserklæring) that Danish public websites
publish under the web accessibility act: the standard, how it was tested, what is
known not to work, and where to write."""

from __future__ import annotations

from dash import dcc, html

from layouts.registry import Page

TESTED = (
    "Automatisk med axe-core 4.14 (reglerne for WCAG 2.0 og 2.1, niveau A og AA) i "
    "browsertestene, på kortet (sekskanter og geografisk), kommunesiden, "
    "sammenligningen, datasiden, 'Om tallene', denne side, de indlejrede grafer og "
    "dialogen 'Indlejr'.",
    "Genopbygning (reflow) ved 320 og 390 pixels bredde: ingen side ruller til siden.",
    "Tastatur: et spring-til-indhold-link, synligt fokus, alle valg og knapper kan nås og "
    "bruges med tastaturet, og fokus flyttes til overskriften, når en ny side vises.",
)
KNOWN = (
    "Kortet og graferne er tegnet som billeder. Kortets tal findes også i tabellen 'Alle "
    "kommuner som tabel' under kortet, hvor hver kommune er et link, og hver graf kan "
    "hentes som CSV og XLSX.",
    "Valgmenuerne kommer fra Dash (version 4.4); et lille script retter deres navne og "
    "tastaturfokus, så skærmlæsere læser etiketten først.",
)


def statement_page(page: Page, view: None, drawn: dict) -> list:
    """The statement as text: nothing on it comes from the database."""
    return [
        html.H1("Tilgængelighedserklæring", className="h3"),
        html.P(
            "Digitalt Landkort skal kunne bruges af alle, også med skærmlæser, tastatur, "
            "forstørrelse eller på en lille skærm. Målet er at overholde WCAG 2.1 på "
            "niveau AA (EN 301 549), som webtilgængelighedsloven kræver af offentlige "
            "myndigheders websteder."
        ),
        html.H2("Sådan er det testet", className="h5 mt-4"),
        html.Ul([html.Li(text) for text in TESTED]),
        html.H2("Det ved vi ikke virker fuldt ud", className="h5 mt-4"),
        html.Ul([html.Li(text) for text in KNOWN]),
        html.H2("Giv besked", className="h5 mt-4"),
        html.P(
            "Oplever du noget, der ikke virker for dig, så skriv til den kommune eller "
            "organisation, der stiller denne installation af Digitalt Landkort til rådighed. "
            "Du kan også klage til Digitaliseringsstyrelsen, som fører tilsyn med "
            "webtilgængelighedsloven."
        ),
        dcc.Link("Til kortet", href="/"),
    ]
