"""A kommune's channel totals for one round as one compressed array: the rows of
``channel_cubes``, written beside ``channel_totals`` in every write's transaction.

The kommune page reads all of a kommune's channel totals at once (``views.kommune_cube``).
From ``channel_totals`` that is some 10,000-25,000 rows, ~70 ms of row stepping on
SQLite for every kommune a worker has not kept. From here it is one row per round, a
few milliseconds. Values are kept as int64 (the columns are BIGINT) with a flag per
cell saying whether it has a row (a group with zero contacts is shown, one without rows
is not); mostly zeros, so they compress to a few kilobytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np

from landkort import reference as ref
from landkort.schema import CHANNEL_VALUES as VALUES

SHAPE = (len(ref.OPGAVER), len(ref.HENVENDELSESTYPER), len(ref.KANALER))
_CELLS = SHAPE[0] * SHAPE[1] * SHAPE[2]
_VALUE_BYTES = _CELLS * len(VALUES) * 8


def encode(values: np.ndarray, present: np.ndarray) -> bytes:
    """``values`` [opgave, type, kanal, value] and ``present`` [opgave, type, kanal]."""
    raw = values.astype("<i8", copy=False).tobytes() + present.astype(np.uint8).tobytes()
    return zlib.compress(raw, 1)


def decode(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The (values, present) that :func:`encode` was given."""
    raw = zlib.decompress(blob)
    if len(raw) != _VALUE_BYTES + _CELLS:
        raise ValueError(f"en kanalterning har {len(raw)} byte, ikke {_VALUE_BYTES + _CELLS}")
    values = np.frombuffer(raw, dtype="<i8", count=_CELLS * len(VALUES))
    present = np.frombuffer(raw, dtype=np.uint8, offset=_VALUE_BYTES).astype(bool)
    return values.reshape(*SHAPE, len(VALUES)), present.reshape(SHAPE)


def cubes(rows: np.ndarray) -> Iterator[tuple[int, int, bytes]]:
    """(kommune, runde, blob) for every slice in ``rows``: one row per channel_totals row,
    columns kommune, runde, opgave, type, kanal and the VALUES."""
    if not len(rows):
        return
    slices, which = np.unique(rows[:, :2], axis=0, return_inverse=True)
    order = np.argsort(which.ravel(), kind="stable")
    bounds = np.searchsorted(which.ravel()[order], np.arange(len(slices) + 1))
    for i, (kommune, runde) in enumerate(slices):
        part = rows[order[bounds[i] : bounds[i + 1]]]
        values = np.zeros((*SHAPE, len(VALUES)), dtype=np.int64)
        present = np.zeros(SHAPE, dtype=bool)
        index = tuple(part[:, c] - 1 for c in (2, 3, 4))
        values[index] = part[:, 5:]
        present[index] = True
        yield int(kommune), int(runde), encode(values, present)
