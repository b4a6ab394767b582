"""The kommune page for a URL: its state with the kommune's defaults, and its links.

A link that names no round means the latest round the kommune took part in (or the
newest round with data); no opgave means Flytning, counted everywhere since wave 1.
An embedded chart names the kommune in its query (``?kommune=0187&…``) instead of the
path, and is checked strictly (:func:`kommune_problems`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from sqlalchemy.engine import Connection

from landkort import lookup, metrics
from landkort import reference as ref
from landkort.urlstate.kommune import (
    VISNINGER,
    KommuneState,
    Prices,
    default_prices,
    format_state,
    parse_price,
    parse_state,
)
from landkort.views.kommune_header import kommune_title
from landkort.views.rounds import Round, rounds_with_data, runde_kode

DEFAULT_OPGAVE = 5  # Flytning: wave 1, counted everywhere


@dataclass(frozen=True)
class KommuneView:
    kode: int
    state: KommuneState
    default_runde: int
    rounds: tuple[Round, ...]  # rounds with data
    taken: tuple[int, ...]  # rounds the kommune took part in
    back: str = "/"  # the map as it was left (its round and measure kept)

    @property
    def navn(self) -> str:
        return ref.kommune_by_kode()[self.kode].navn

    @property
    def title(self) -> str:
        """'Vallensbæk Kommune'."""
        return kommune_title(self.navn)

    @property
    def deltog(self) -> bool:
        """Whether the kommune took part in the chosen round."""
        return self.state.runde in self.taken

    @property
    def runde_kode(self) -> str:
        return runde_kode(self.state.runde)

    @property
    def round_codes(self) -> list[str]:
        return [kode for _, kode, _ in self.rounds]

    @property
    def taken_codes(self) -> list[str]:
        return [runde_kode(r) for r in self.taken]

    @property
    def ordering_round(self) -> int:
        """The round the small multiples are sorted by: the chosen round or, when the
        kommune skipped it, the latest round before it that it took part in."""
        before = [r for r in self.taken if r <= self.state.runde]
        return before[-1] if before else self.state.runde

    def absent_text(self) -> str:
        """'Vallensbæk deltog ikke i efterår 2015' (for a chart that needs the round)."""
        return f"{self.navn} deltog ikke i {ref.RUNDER[self.state.runde - 1].navn.lower()}"

    def query(self, state: KommuneState | None = None) -> str:
        return format_state(state or self.state, default_runde=self.default_runde)

    def full_view(self) -> str:
        return f"/kommune/{self.kode:04d}{self.query()}"

    def embed_query(self) -> str:
        """The kommune's code first, then the page's own state."""
        own = self.query().lstrip("?")
        return f"?{urlencode({'kommune': f'{self.kode:04d}'})}" + (f"&{own}" if own else "")

    def describe(self) -> str:
        return self.title

    def chart_title(self, title: str) -> str:
        """A chart's title where it stands alone (an embed, its 'Indlejr' snippet)."""
        return f"{self.title}: {title}"

    def with_state(self, state: KommuneState) -> KommuneView:
        return replace(self, state=state)


def kommune_view(conn: Connection, kode: int, search: str | None) -> KommuneView:
    """The view a kommune page's query string asks for (forgiving); LookupError with a
    Danish message for a code that names no kommune."""
    if kode not in ref.kommune_by_kode():
        raise LookupError(f"Der er ingen kommune med koden {kode:04d}.")
    taken = tuple(metrics.rounds_taken_part(conn, kode))
    rounds = tuple(rounds_with_data(conn))
    default = taken[-1] if taken else (rounds[-1][0] if rounds else ref.RUNDER[-1].id)
    state = parse_state(search, default_runde=default)
    if state.opgave is None:
        state = replace(state, opgave=DEFAULT_OPGAVE)
    return KommuneView(kode, state, default, rounds, taken, f"/{_map_search(search)}")


KOMMUNE_ONLY = ("opgave", "gruppe", "pris", "visning", "flyt", "hvisopgave")


def _map_search(search: str | None) -> str:
    """The map's own query string (the kommune page's parameters dropped)."""
    params = parse_qs((search or "").lstrip("?"))
    keep = {k: v[0] for k, v in params.items() if k not in ("opgave", "gruppe", "pris", "visning")}
    return f"?{urlencode(keep)}" if keep else ""


def kommune_view_from_controls(
    conn: Connection,
    kode: int,
    runde: int,
    opgave: int,
    gruppe: str,
    prices: Prices,
    visning: str = "andel",
    flyt: int | None = 0,
    hvis_opgave: int | None = None,
) -> KommuneView:
    """The view the page's controls show (they hold valid values by construction)."""
    view = kommune_view(conn, kode, "")
    return view.with_state(
        state_from_controls(runde, opgave, gruppe, prices, visning, flyt, hvis_opgave)
    )


def control_problems(
    runde: object,
    opgave: object = None,
    gruppe: object = ref.TRANSAKTIONER,
    visning: object = "andel",
    flyt: object = 0,
    hvis_opgave: object = None,
) -> list[str]:
    """Every control value the page could not have sent, in Danish (a hand-made
    request); empty when all are values its controls can hold. Empty ones (None) take
    their defaults, as :func:`state_from_controls` gives them. The kommune: see
    :func:`kode_problems`."""
    problems = []
    if not (lookup.is_whole(runde) and 1 <= runde <= len(ref.RUNDER)):
        problems.append(f"runde «{runde!r:.40}» findes ikke")
    if opgave is not None and not (lookup.is_whole(opgave) and 1 <= opgave <= len(ref.OPGAVER)):
        problems.append(f"opgave «{opgave!r:.40}» findes ikke")
    if gruppe is not None and not (isinstance(gruppe, str) and gruppe in ref.GRUPPER):
        problems.append(f"gruppe «{gruppe!r:.40}» findes ikke")
    if visning is not None and not (isinstance(visning, str) and visning in VISNINGER):
        problems.append(f"visning «{visning!r:.40}» findes ikke")
    if flyt is not None and not (lookup.is_whole(flyt) and 0 <= flyt <= 100):
        problems.append(f"flyt «{flyt!r:.40}» skal være et helt tal fra 0 til 100")
    if hvis_opgave is not None and not (
        lookup.is_whole(hvis_opgave) and 0 <= hvis_opgave <= len(ref.OPGAVER)
    ):
        problems.append(f"hvis-opgave «{hvis_opgave!r:.40}» findes ikke")
    return problems


def kode_problems(kode: object) -> list[str]:
    """['kommune «…» findes ikke'] for a kommune code no page could hold, else []."""
    known = lookup.is_whole(kode) and kode in ref.kommune_by_kode()
    return [] if known else [f"kommune «{kode!r:.40}» findes ikke"]


def state_from_controls(
    runde: int,
    opgave: int,
    gruppe: str,
    prices: Prices,
    visning: str | None = "andel",
    flyt: int | None = 0,
    hvis_opgave: int | None = None,
) -> KommuneState:
    """The page's state from its controls' values (empty ones at their defaults)."""
    return KommuneState(
        runde,
        opgave,
        gruppe,
        prices,
        visning=visning or "andel",
        flyt=int(flyt or 0),
        hvis_opgave=hvis_opgave or None,
    )


def kommune_embed_view(conn: Connection, search: str) -> KommuneView:
    """The view of an embedded chart: the kommune named by ``?kommune=`` (checked)."""
    params = parse_qs((search or "").lstrip("?"))
    return kommune_view(conn, lookup.resolve_kommune(params["kommune"][0]), search)


def kommune_problems(search: str) -> list[str]:
    """Every parameter value that names nothing known, in Danish (``kommune`` required)."""
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    problems = []
    if not params.get("kommune"):
        problems.append("Angiv kommunen, fx «?kommune=0187»")
    checks = {
        "kommune": lambda v: lookup.resolve_kommune(v) is not None,
        "runde": lambda v: lookup.resolve_runde(v) is not None,
        "opgave": lambda v: lookup.resolve_opgave(v) is not None,
        "gruppe": lambda v: v in ref.GRUPPER,
        "pris": _prices_ok,
    }
    for key, ok in checks.items():
        for value in params.get(key, []):
            if not ok(value.strip()):
                problems.append(f"Ukendt værdi for «{key}»: «{value}»")
    return problems


def _prices_ok(text: str) -> bool:
    known = default_prices()
    for item in filter(None, text.split(",")):
        kode, _, value = item.partition(":")
        if kode.strip().upper() not in known or (value.strip() and parse_price(value) is None):
            return False
    return True
