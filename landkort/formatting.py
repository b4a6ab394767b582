"""Danish number formats for everything a user reads: ``1.234`` and ``49,3 %``."""

from __future__ import annotations


def format_int(value: int | float | None) -> str:
    """1234567 -> '1.234.567'; None -> '–'."""
    if value is None:
        return "–"
    return f"{round(value):,}".replace(",", ".")


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5'."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(share: float | None, decimals: int = 1) -> str:
    """A fraction as a Danish percentage: 0.493 -> '49,3 %'."""
    if share is None:
        return "–"
    return f"{format_decimal(share * 100, decimals)} %"


def format_points(diff: float | None, decimals: int = 1) -> str:
    """A difference of fractions in procentpoint with sign: 0.052 -> '+5,2 pct.-point'."""
    if diff is None:
        return "–"
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return f"{sign}{format_decimal(abs(diff) * 100, decimals)} pct.-point"
