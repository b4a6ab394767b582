"""A chart's text alternative: a few Danish sentences made from the numbers it shows.

Built from the chart's download table (the same rows a user can fetch), so a screen
reader hears what the picture says: what it shows, how many rows, the highest and the
lowest, and Hele landet where the chart sets a kommune beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landkort.formatting import format_decimal, format_percent

_SHARE_WORDS = ("andel", "grad", "%")


def _numeric(table: pd.DataFrame) -> list[tuple[object, bool]]:
    """(column, whether it holds numbers) in order (``table.dtypes`` once: a Series)."""
    return [
        (c, pd.api.types.is_numeric_dtype(t))
        for c, t in zip(table.columns, table.dtypes.tolist(), strict=True)
    ]


def _value_column(kinds: list[tuple[object, bool]]) -> str | None:
    numeric = [c for c, number in kinds if number]
    shares = [c for c in numeric if any(w in str(c).lower() for w in _SHARE_WORDS)]
    return (shares or numeric or [None])[0]


def _label_column(kinds: list[tuple[object, bool]]) -> str | None:
    text = [c for c, number in kinds if not number]
    preferred = [c for c in text if str(c) in ("Kommune", "Opgave", "Kanal", "Enhed", "Gruppe")]
    return (preferred or text or [None])[0]


def _number(column: str, value: float) -> str:
    """A share stored as a fraction reads as a percentage; others as they are."""
    if "(%)" in column or column.endswith("%)"):
        return f"{format_decimal(value, 1)} %"
    if any(w in column.lower() for w in ("andel", "grad")) and abs(value) <= 1:
        return format_percent(value)
    return format_decimal(value, 1) if value != int(value) else format_decimal(value, 0)


def _row_name(table: pd.DataFrame, position: int, label: str | None) -> str:
    parts = [str(table[label].iloc[position])] if label else []
    for extra in ("Runde", "Område", "Kanal"):
        if extra in table.columns and extra != label:
            found = table[extra].iloc[position]
            if pd.notna(found):
                parts.append(str(found))
    return ", ".join(parts)


def summary(title: str, table: pd.DataFrame) -> str:
    """'Titel. 35 rækker. Højest: Pas, 92,1 %. Lavest: Byggetilladelse, 4,0 %.'

    Read by position from the value column's array: a page draws some twenty of these,
    and pandas' row lookups cost milliseconds each."""
    title = title[:1].upper() + title[1:]
    if table.empty:
        return f"{title}. Ingen tal at vise."
    sentences = [f"{title}.", f"{len(table)} rækker."]
    kinds = _numeric(table)
    value, label = _value_column(kinds), _label_column(kinds)
    if value is not None:
        numbers = table[value].to_numpy(dtype=float, na_value=np.nan)
        if not np.isnan(numbers).all():  # the first highest and lowest, as idxmax gives
            for word, at in (("Højest", np.nanargmax(numbers)), ("Lavest", np.nanargmin(numbers))):
                found = table[value].iloc[int(at)]
                sentences.append(
                    f"{word}: {_row_name(table, int(at), label)}, {_number(value, found)}."
                )
    national = [c for c in table.columns if "Hele landet" in str(c)]
    if national and value is not None and value not in national:
        sentences.append("Hele landet står ved siden af; se tabellen for alle tal.")
    return " ".join(sentences)
