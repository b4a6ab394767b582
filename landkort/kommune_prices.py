"""A kommune's own channel prices for the cost calculator, saved as its defaults.

Until a kommune saves prices, visitors start from the published ones
(``landkort.urlstate.kommune.default_prices``); once saved, a visitor whose address and
browser hold no prices starts from the kommune's. A save replaces every channel's price
of the kommune in one transaction. Nothing here knows Flask or Dash.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort import schema

MAX_PRICE = 1_000_000.0  # kr. per contact: anything above is a typing error

Prices = dict[str, float | None]


class PriceError(ValueError):
    """Prices that cannot be saved; the message is Danish."""


def saved_prices(conn: Connection, kommune_kode: int) -> Prices | None:
    """The kommune's saved prices for every channel, or None when it has saved none."""
    t = schema.kommune_prices
    rows = conn.execute(
        select(t.c.kanal_kode, t.c.pris).where(t.c.kommune_kode == kommune_kode)
    ).all()
    if not rows:
        return None
    found = {kode: pris for kode, pris in rows}
    return {k.kode: found.get(k.kode) for k in ref.KANALER}


def _checked(kommune_kode: int, prices: Mapping[str, float | None]) -> Prices:
    if kommune_kode not in ref.kommune_by_kode():
        raise PriceError(f"Kommunekoden {kommune_kode} findes ikke.")
    known = {k.kode for k in ref.KANALER}
    unknown = sorted(set(prices) - known)
    if unknown:
        raise PriceError(f"Ukendt kanal: {', '.join(unknown)}.")
    checked: Prices = {}
    for kode in sorted(known):
        pris = prices.get(kode)
        if pris is not None:
            pris = float(pris)
            if not math.isfinite(pris) or not 0 <= pris <= MAX_PRICE:
                raise PriceError(f"Prisen for {kode} skal være mellem 0 og 1.000.000 kr.")
        checked[kode] = pris
    return checked


def save_prices(
    engine: Engine, kommune_kode: int, prices: Mapping[str, float | None], saved_by: str
) -> Prices:
    """Save ``prices`` (channel code → kr. per contact, None: not costed) as the
    kommune's defaults, replacing what it had; one transaction. The prices saved."""
    checked = _checked(kommune_kode, prices)
    t = schema.kommune_prices
    now = datetime.now(UTC)
    rows = [
        {
            "kommune_kode": kommune_kode,
            "kanal_kode": kode,
            "pris": pris,
            "saved_by": saved_by[:100],
            "saved_at": now,
        }
        for kode, pris in checked.items()
    ]
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.kommune_kode == kommune_kode))
        conn.execute(insert(t), rows)
    return checked
