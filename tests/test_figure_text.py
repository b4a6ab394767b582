"""Text in charts: readable on its bar (WCAG 1.4.3), and names from files never markup."""

from __future__ import annotations

import pandas as pd

from layouts.components.colours import contrast, readable_on
from layouts.kommune.figures import KANAL_COLOURS, NATIONAL_COLOUR, stacked_rows


def test_text_on_every_channel_colour_reads_at_4_5_to_1():
    for colour in [*KANAL_COLOURS.values(), NATIONAL_COLOUR]:
        assert contrast(readable_on(colour), colour) >= 4.5, colour


def test_an_enhed_name_with_a_link_is_shown_as_text_not_as_a_link():
    frame = pd.DataFrame(
        {"Enhed": ['<a href="https://x.example">Klik her</a>'] * 2,
         "Kanal": ["Selvbetjening", "Telefon"], "Andel": [0.6, 0.4], "Antal": [6, 4],
         "Registreringer i enheden": [10, 10]}
    )  # fmt: skip
    figure = stacked_rows(frame, "Enhed", "Vallensbæk", title_n="Registreringer i enheden")
    shown = str(figure.to_dict())
    assert "<a href" not in shown and "&lt;a href=" in shown
