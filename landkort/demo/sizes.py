"""The demo sizes: how finely the same simulated history is registered.

Size changes granularity only (how many enheder, how many channel cells a unit
uses, how many contacts are registered), never the participants or the calibrated
national shares.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    keep: float  # chance that a unit uses a channel beyond its lead one in a block
    volume: float  # registered contacts relative to the realistic level


SIZES: dict[str, Size] = {
    "small": Size("small", keep=0.0, volume=0.10),
    "medium": Size("medium", keep=0.55, volume=1.0),
    "large": Size("large", keep=1.0, volume=6.0),
}


def size_by_name(name: str) -> Size:
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"Ukendt størrelse {name!r}; vælg small, medium eller large") from None
