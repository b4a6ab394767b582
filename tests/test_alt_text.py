"""Text alternatives and 'Vis som tabel': made from the chart's own numbers."""

from __future__ import annotations

import pandas as pd

from layouts.components.alt_text import summary
from layouts.components.tables import cell_text, frame_table


def test_summary_names_the_highest_and_the_lowest():
    table = pd.DataFrame(
        {"Kanal": ["Selvbetjening", "Telefon", "Papirpost"],
         "Andel, kommunen": [0.62, 0.3, 0.08], "Andel, Hele landet": [0.5, 0.4, 0.1]}
    )  # fmt: skip
    text = summary("indgående henvendelser pr. kanal", table)
    assert text.startswith("Indgående henvendelser pr. kanal. 3 rækker.")
    assert "Højest: Selvbetjening, 62,0 %" in text and "Lavest: Papirpost, 8,0 %" in text
    assert "Hele landet" in text


def test_summary_of_percent_columns_and_of_nothing():
    table = pd.DataFrame({"Kommune": ["Ærø", "Odense"], "Selvbetjeningsgrad (%)": [91.5, None]})
    assert "Højest: Ærø, 91,5 %" in summary("Kort", table)
    assert summary("Kort", table.iloc[:0]) == "Kort. Ingen tal at vise."


def test_table_cells_are_danish_and_markup_stays_text():
    assert cell_text(1234) == "1.234" and cell_text(49.25) == "49,2" and cell_text(None) == "–"
    table = frame_table(pd.DataFrame({"Enhed": ["<b>x</b>"], "n": [3]}), "Enheder")
    assert "<b>x</b>" in str(table.to_plotly_json())  # a string child: React escapes it
