"""'Hvad hvis': a share of the analogue inbound transaktioner moved to selvbetjening.

For the kommune and for Hele landet, in one round, for one opgave or all 35: the
selvbetjeningsgrad before and after, the distance left to 80 %, and the cost of the
transaktioner before and after at the user's prices, per tælleperiode and per year.

Analogue channels are the inbound channels that are not digital (Telefon, Personlig
henvendelse, Papirpost). A year is the tælleperiode scaled by 52 ÷ the round's counted
weeks, which assumes the counted weeks are typical of the year (KL warned that they
need not be). The change in cost needs the prices of the
channels that move and of selvbetjening; the totals before and after need a price for
every channel with contacts. Where one is missing the figure is left out and the
channels without a price are named.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort.views.kommune import HELE_LANDET, KANAL, both

WEEKS_PER_YEAR = 52
ANALOGUE = tuple(k for k in ref.KANALER if k.retning == ref.IND and not k.digital)
KANAL_BY_KODE = {k.kode: k for k in ref.KANALER}
KANAL_NAVN = {k.kode: k.navn for k in ref.KANALER}


def counted_weeks(runde: int) -> int:
    r = ref.RUNDER[runde - 1]
    return r.uge_til - r.uge_fra + 1


def _cost(counts: dict[str, float], prices: dict[str, float | None]) -> float | None:
    """Σ count × price over the channels with contacts; None when one of them has no price."""
    if any(prices.get(kode) is None for kode, n in counts.items() if n):
        return None
    return float(sum(n * prices[kode] for kode, n in counts.items() if n))


def _area_row(counts: dict[str, int], area: str, flyt: float, prices: dict, weeks: int) -> dict:
    n = sum(counts.values())
    selv = counts.get(ref.SELVBETJENING, 0)
    moved = {k.kode: counts.get(k.kode, 0) * flyt for k in ANALOGUE}
    after = {kode: counts.get(kode, 0) - moved.get(kode, 0) for kode in counts}
    after[ref.SELVBETJENING] = selv + sum(moved.values())
    before_cost, after_cost = _cost(counts, prices), _cost(after, prices)
    # The change needs only the prices of what moves: from each analogue channel to
    # selvbetjening. The totals before and after need every channel with contacts.
    needed = {kode: m for kode, m in moved.items() if m} | (
        {ref.SELVBETJENING: 1} if any(moved.values()) else {}
    )
    missing = [KANAL_NAVN[kode] for kode in needed if prices.get(kode) is None]
    change = None
    if not missing:
        selv_price = prices.get(ref.SELVBETJENING) or 0.0
        change = float(sum(m * (selv_price - prices[kode]) for kode, m in moved.items() if m))
    grad_after = after[ref.SELVBETJENING] / n if n else None
    return {
        "Område": area,
        "Transaktioner (n)": n,
        "Selvbetjening før": selv,
        "Analoge før": sum(counts.get(k.kode, 0) for k in ANALOGUE),
        "Flyttet til selvbetjening": sum(moved.values()),
        "Selvbetjeningsgrad før": selv / n if n else None,
        "Selvbetjeningsgrad efter": grad_after,
        "Afstand til 80 % efter (pct.-point)": None
        if grad_after is None
        else (grad_after - ref.MAAL_SELVBETJENING) * 100,
        "Omkostning før (kr. pr. tælleperiode)": before_cost,
        "Omkostning efter (kr. pr. tælleperiode)": after_cost,
        "Ændring (kr. pr. tælleperiode)": change,
        "Ændring (kr. pr. år)": None if change is None else change * WEEKS_PER_YEAR / weeks,
        "Kanaler uden pris": ", ".join(dict.fromkeys(missing)),
    }


def what_if(
    conn: Connection,
    kode: int,
    runde: int,
    prices: dict[str, float | None],
    flyt: float,
    opgave: int | None = None,
) -> pd.DataFrame:
    """One row for the kommune and one for Hele landet: ``flyt`` (0–1) of the analogue
    inbound transaktioner moved to selvbetjening. The assumptions are columns of every
    row, so a download carries them."""
    weeks = counted_weeks(runde)
    rows = []
    frames = both(
        conn, kode, ("kanal_id",), runde=runde, opgave=opgave, gruppe=ref.TRANSAKTIONER,
        retning=ref.IND,
    )  # fmt: skip
    for area, frame in zip(("Kommunen", HELE_LANDET), frames, strict=True):
        pairs = zip(frame["kanal_id"], frame["antal"], strict=True)
        counts = {KANAL[int(k)].kode: int(n) for k, n in pairs}
        rows.append(_area_row(counts, area, flyt, prices, weeks))
    out = pd.DataFrame(rows)
    out["Andel af de analoge flyttet (%)"] = flyt * 100
    out["Opgave"] = ref.OPGAVER[opgave - 1].navn if opgave else "Alle 35 opgaver"
    out["Runde"] = ref.RUNDER[runde - 1].kode
    out["Uger i runden"] = weeks
    out["År = tælleperiode ×"] = WEEKS_PER_YEAR / weeks
    out["Priser (kr. pr. henvendelse)"] = ", ".join(
        f"{KANAL_NAVN[k]} {v:g}"
        for k, v in prices.items()
        if v is not None and KANAL_BY_KODE[k].retning == ref.IND
    )
    return out
