"""The kommune page's state as a query string: runde, opgave, gruppe and channel prices.

``?runde=F2013&opgave=5&gruppe=transaktioner&pris=TLFIND:45,PRSNLG:80``. Parsing is
forgiving (unknown values take their default); serialising omits defaults. Prices are
kr. per contact for inbound channels; the published ones (19 kr. Selvbetjening, 5 kr.
Hjemmeside) are the default, every other channel is uncosted until the user prices it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from landkort import lookup
from landkort import reference as ref
from landkort.urlstate.params import first, query_params, query_string
from landkort.views.kommune import PUBLISHED_PRICES

Prices = dict[str, float | None]


def default_prices() -> Prices:
    """Every channel, inbound and outbound: the published prices, the rest unpriced."""
    return {k.kode: PUBLISHED_PRICES.get(k.kode) for k in ref.KANALER}


VISNINGER = {"andel": "Andele", "antal": "Antal"}  # how channel mixes are drawn


@dataclass(frozen=True)
class KommuneState:
    runde: int
    opgave: int | None = None  # None: all 35 opgaver
    gruppe: str = ref.TRANSAKTIONER
    prices: Prices = field(default_factory=default_prices)
    prices_in_url: bool = False
    visning: str = "andel"  # channel mixes as shares ('andel') or counts ('antal')
    flyt: int = 0  # 'hvad hvis': % of the analogue transaktioner moved to selvbetjening
    hvis_opgave: int | None = None  # … of one opgave (None: all 35)

    @property
    def counts(self) -> bool:
        return self.visning == "antal"


def parse_price(text: object) -> float | None:
    """'45', '45,5', '45.5' -> float; empty or invalid or negative -> None."""
    s = str(text if text is not None else "").strip().replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if value >= 0 and value == value and value != float("inf") else None


def parse_prices(text: str | None) -> Prices:
    """'TLFIND:45,PRSNLG:80' on top of the defaults; 'SLVBTJN:' removes a price."""
    prices = default_prices()
    for item in (text or "").split(","):
        kode, _, value = item.partition(":")
        if kode.strip().upper() in prices:
            prices[kode.strip().upper()] = parse_price(value)
    return prices


def format_prices(prices: Prices) -> str:
    """Only the prices that differ from the defaults, in channel order."""
    default = default_prices()
    items = []
    for kode, value in default.items():
        mine = prices.get(kode)
        if mine != value:
            items.append(f"{kode}:{'' if mine is None else f'{mine:g}'}")
    return ",".join(items)


def parse_state(search: str | None, *, default_runde: int) -> KommuneState:
    params = query_params(search, keep_blank=True)
    runde_text, opgave_text = first(params, "runde"), first(params, "opgave")
    gruppe, visning = first(params, "gruppe"), first(params, "visning")
    hvis = first(params, "hvisopgave")
    return KommuneState(
        runde=(lookup.resolve_runde(runde_text) if runde_text else None) or default_runde,
        opgave=lookup.resolve_opgave(opgave_text) if opgave_text else None,
        gruppe=gruppe if gruppe in ref.GRUPPER else ref.TRANSAKTIONER,
        prices=parse_prices(first(params, "pris")),
        prices_in_url="pris" in params,
        visning=visning if visning in VISNINGER else "andel",
        flyt=parse_flyt(first(params, "flyt")),
        hvis_opgave=lookup.resolve_opgave(hvis) if hvis else None,
    )


def parse_flyt(text: str | None) -> int:
    """'40' -> 40; anything else, or outside 0–100, -> 0."""
    value = lookup.ascii_int((text or "").strip())
    return value if value is not None and 0 <= value <= 100 else 0


def format_state(state: KommuneState, *, default_runde: int) -> str:
    params: dict[str, str] = {}
    if state.runde != default_runde:
        params["runde"] = ref.RUNDER[state.runde - 1].kode
    if state.opgave is not None:
        params["opgave"] = str(state.opgave)
    if state.gruppe != ref.TRANSAKTIONER:
        params["gruppe"] = state.gruppe
    prices = format_prices(state.prices)
    if prices:
        params["pris"] = prices
    if state.visning != "andel":
        params["visning"] = state.visning
    if state.flyt:
        params["flyt"] = str(state.flyt)
    if state.hvis_opgave is not None:
        params["hvisopgave"] = str(state.hvis_opgave)
    return query_string(params, safe=":,")
