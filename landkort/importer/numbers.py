"""Counts from text, vectorised: ``12``, ``1.234`` (Danish thousands separator) or empty.

Most cells of a large file are plain digits, so those take a fast path over the whole
column; only the rest is looked at more closely, and only the bad ones get a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_COUNT = 2_147_483_647  # the database's INTEGER

_PLAIN = r"[0-9]{1,10}"
_COUNT = r"[0-9]{1,10}|[0-9]{1,3}(?:\.[0-9]{3}){1,3}"
_NEGATIVE = re.compile(r"-\s*[0-9][0-9.,\s]*")


@dataclass(frozen=True)
class Counts:
    values: np.ndarray  # int64; 0 where empty or bad
    empty: np.ndarray  # bool: the cell is empty (or only spaces)
    bad: np.ndarray  # bool: not a whole number from 0 up


def parse_counts(texts: pd.Series) -> Counts:
    """Parse a column of count cells (strings, '' for empty)."""
    n = len(texts)
    values = np.zeros(n, dtype=np.int64)
    empty = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    plain = texts.str.fullmatch(_PLAIN).to_numpy(dtype=bool, na_value=False)
    if plain.any():
        values[plain] = texts[plain].astype("int64").to_numpy()
    rest = np.flatnonzero(~plain)
    if len(rest):
        other = texts.iloc[rest].str.strip()
        is_empty = (other == "").to_numpy(dtype=bool)
        ok = other.str.fullmatch(_COUNT).to_numpy(dtype=bool, na_value=False)
        digits = other[ok].str.replace(".", "", regex=False)
        values[rest[ok]] = digits.astype("int64").to_numpy()
        empty[rest[is_empty]] = True
        bad[rest[~ok & ~is_empty]] = True
    too_big = values > MAX_COUNT
    bad |= too_big
    values[too_big] = 0
    return Counts(values, empty, bad)


def bad_count_reason(text: str, label: str = "antal") -> str:
    """Why a cell is not a count, in Danish (called for bad cells only)."""
    s = text.strip()
    if "%" in s:
        return (
            f"{label} er angivet i procent, men formatet indeholder antal henvendelser, "
            "ikke andele. Skriv antallet i stedet"
        )
    if _NEGATIVE.fullmatch(s):
        return f"{label} kan ikke være negativt"
    if re.fullmatch(_COUNT, s) or re.fullmatch(r"[0-9]+", s):
        return f"{label} er for stort (højst {MAX_COUNT:,})".replace(",", ".")
    if "," in s or "." in s:
        return (
            f"{label} skal være et helt tal; decimaltal kan ikke bruges "
            "(punktum kun som tusindtalsseparator, fx 1.234)"
        )
    return f"{label} skal være et helt tal (fx 12 eller 1.234)"
