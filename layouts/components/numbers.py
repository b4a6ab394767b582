"""Fractions as the percent numbers plotly and the download files show (0.493 -> 49.3)."""

from __future__ import annotations

import pandas as pd


def percent(value, decimals: int = 2) -> float | None:
    """A fraction as a percent number; None for a missing value."""
    return None if value is None or pd.isna(value) else round(float(value) * 100, decimals)


def percents(values, decimals: int = 2) -> list[float | None]:
    return [percent(v, decimals) for v in values]
