"""The kommune page's header figures and the plain Danish sentences built from them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from landkort import metrics
from landkort import reference as ref
from landkort.formatting import format_decimal, format_int, format_percent
from landkort.kept import Kept
from landkort.views.map import MIN_N, difference_interval

SIMILAR = 0.005  # under half a procentpoint apart reads as 'på niveau med'


_TITLES = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


def kommune_title(navn: str) -> str:
    """'Vallensbæk' -> 'Vallensbæk Kommune' (København and Bornholm as they are called)."""
    return _TITLES.get(navn, f"{navn} Kommune")


def genitive(navn: str) -> str:
    """Danish genitive: 'Vallensbæks', 'Assens''."""
    return f"{navn}'" if navn[-1].lower() in "sxz" else f"{navn}s"


@dataclass(frozen=True)
class Header:
    kode: int
    navn: str
    region: str
    runde: int
    rounds: tuple[int, ...]  # the rounds the kommune took part in
    own: metrics.Share
    national: metrics.Share
    rank: int | None
    of: int
    previous: int | None  # the latest earlier round the kommune took part in
    previous_share: metrics.Share | None

    @property
    def deltog(self) -> bool:
        return self.runde in self.rounds

    @property
    def thin(self) -> bool:
        return self.deltog and self.own.n < MIN_N

    @property
    def distance(self) -> float | None:
        """Selvbetjeningsgrad minus the 80 % goal (negative: below the goal)."""
        return None if self.own.andel is None else self.own.andel - ref.MAAL_SELVBETJENING

    @property
    def versus_national(self) -> float | None:
        if self.own.andel is None or self.national.andel is None:
            return None
        return self.own.andel - self.national.andel

    @property
    def change(self) -> float | None:
        p = self.previous_share
        if p is None or p.andel is None or self.own.andel is None:
            return None
        return self.own.andel - p.andel

    @property
    def change_interval(self) -> tuple[float, float] | None:
        if self.change is None:
            return None
        return difference_interval(self.own, self.previous_share)


def header(conn: Connection, kode: int, runde: int) -> Header:
    """Everything the header shows for a kommune in a round (selvbetjeningsgrad)."""
    k = ref.kommune_by_kode()[kode]
    regions = {r.kode: r.navn for r in ref.REGIONER}
    rounds = tuple(metrics.rounds_taken_part(conn, kode))
    own = metrics.share(conn, "selvbetjeningsgrad", runde, kommune=kode)
    national = metrics.share(conn, "selvbetjeningsgrad", runde)
    rank, of = _rank(conn, kode, runde)
    earlier = [r for r in rounds if r < runde]
    previous = earlier[-1] if earlier else None
    previous_share = (
        metrics.share(conn, "selvbetjeningsgrad", previous, kommune=kode) if previous else None
    )
    return Header(
        kode,
        k.navn,
        regions[k.region_kode],
        runde,
        rounds,
        own,
        national,
        rank,
        of,
        previous,
        previous_share,
    )


def _rank(conn: Connection, kode: int, runde: int) -> tuple[int | None, int]:
    """The kommune's place (1 = highest selvbetjeningsgrad) among the round's kommuner."""
    values = _round_shares(conn, runde)
    mine = values.get(kode)
    if mine is None:
        return None, len(values)
    return 1 + sum(1 for v in values.values() if v > mine), len(values)


_ROUND_SHARES: Kept[dict[int, float]] = Kept(64)


def _round_shares(conn: Connection, runde: int) -> dict[int, float]:
    """Every kommune's selvbetjeningsgrad in the round, kept per data version: each
    kommune page of the round ranks against the same figures."""

    def build() -> dict[int, float]:
        shares = metrics.shares_by(conn, "selvbetjeningsgrad", "kommune", runde=runde)
        return {k: s.andel for k, s in shares.items() if s.andel is not None}

    return _ROUND_SHARES.get(conn, runde, build)


def points(diff: float) -> str:
    """0.123 -> '12,3 procentpoint' (no sign: the sentence says over or under)."""
    return f"{format_decimal(abs(diff) * 100, 1)} procentpoint"


def sentences(h: Header) -> list[str]:
    """Plain Danish sentences a kommunaldirektør can read aloud."""
    runde = ref.RUNDER[h.runde - 1]
    if not h.deltog:
        return [f"{h.navn} deltog ikke i tælleugen {runde.navn.lower()} ({runde.kode})."]
    if h.own.n == 0:
        return [f"{h.navn} registrerede ingen transaktioner i {runde.kode}."]
    out = [
        f"I {runde.navn.lower()} kom {format_percent(h.own.andel, 0)} af {genitive(h.navn)} "
        f"{format_int(h.own.n)} registrerede ansøgninger og anmeldelser (transaktioner) "
        "via digital selvbetjening."
    ]
    out.append(_national_sentence(h))
    out.append(_goal_sentence(h))
    if h.rank is not None:
        out.append(f"Det giver en placering som nr. {h.rank} af {h.of} deltagende kommuner.")
    if h.change is not None:
        out.append(_change_sentence(h))
    if h.thin:
        out.append(
            f"Tallet bygger på færre end {MIN_N} registreringer og er derfor meget usikkert."
        )
    return out


def _national_sentence(h: Header) -> str:
    diff = h.versus_national
    if diff is None:
        return "Der er intet landstal at sammenligne med."
    national = format_percent(h.national.andel, 0)
    if abs(diff) < SIMILAR:
        return f"{h.navn} ligger på niveau med landsgennemsnittet ({national})."
    side = "over" if diff > 0 else "under"
    inside = h.own.lav <= h.national.andel <= h.own.hoej
    caveat = " Forskellen ligger inden for den statistiske usikkerhed." if inside else ""
    return f"{h.navn} ligger {points(diff)} {side} landsgennemsnittet på {national}.{caveat}"


def _goal_sentence(h: Header) -> str:
    if h.distance >= 0:
        return f"Målet om 80 % er nået med {points(h.distance)} til overs."
    return f"Der mangler {points(h.distance)} til målet om 80 %."


def _change_sentence(h: Header) -> str:
    previous = ref.RUNDER[h.previous - 1]
    since = (
        f"Siden {previous.navn.lower()}"
        if h.previous == h.runde - 1
        else f"Siden {previous.navn.lower()}, den seneste runde kommunen deltog i,"
    )
    if abs(h.change) < SIMILAR:
        return f"{since} er andelen stort set uændret."
    verb = "steget" if h.change > 0 else "faldet"
    return f"{since} er andelen {verb} {points(h.change)}."
