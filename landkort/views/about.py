"""The numbers behind 'Om tallene' (/om): the rounds with their participants, the figures
KL published beside what the database holds, and a worked example of an interval.

Everything is computed from the database when the page is asked for; the published
figures are the only numbers typed here, each with where it was published
(``../shared/domain/KOMHEN.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from landkort import metrics
from landkort import reference as ref
from landkort.lookup import resolve_opgave
from landkort.store import is_demo
from landkort.summary import summary
from landkort.views.rounds import rounds_with_data

MIN_N = 30  # below this many registrations a share is marked uncertain (as on the map)


@dataclass(frozen=True)
class RoundRow:
    kode: str
    navn: str
    uger: str
    deltagere: int


@dataclass(frozen=True)
class Published:
    """One published figure and how to find it in the database: a measure of
    ``summary`` (or the number of participants when ``measure`` is None)."""

    text: str
    published: str
    runde: str
    measure: str | None = None
    kommune: int | None = None
    opgave: str | None = None

    def summary_args(self) -> list[str]:
        """The same question asked of ``python -m landkort summary``."""
        args = ["--runde", self.runde]
        if self.kommune is not None:
            args += ["--kommune", ref.format_kommunekode(self.kommune)]
        if self.opgave is not None:
            args += ["--opgave", self.opgave]
        return args


PUBLISHED: tuple[Published, ...] = (
    Published("Kommuner der talte i E2011", "76", "E2011"),
    Published("Selvbetjeningsgrad, E2011, de 35 opgaver", "29 %", "E2011", "selvbetjeningsgrad"),
    Published(
        "Selvbetjeningsgrad, E2011, Sundhedskort (gult)",
        "ca. 75 %",
        "E2011",
        "selvbetjeningsgrad",
        opgave="Sundhedskort (gult)",
    ),
    Published(
        "Selvbetjeningsgrad, E2011, EU-sygesikringskort (blåt)",
        "ca. 75 %",
        "E2011",
        "selvbetjeningsgrad",
        opgave="EU-sygesikringskort (blåt)",
    ),
    Published(
        "Selvbetjeningsgrad, E2011, Flytning",
        "ca. 50 %",
        "E2011",
        "selvbetjeningsgrad",
        opgave="Flytning",
    ),
    Published("Papirbreve af udgående post, E2011", "42 %", "E2011", "papir_andel_udgaaende"),
    Published("Kommuner der talte i F2012", "49", "F2012"),
    Published(
        "Selvbetjeningsgrad, Vallensbæk, F2012",
        "49 %",
        "F2012",
        "selvbetjeningsgrad",
        kommune=187,
    ),
    Published(
        "Blanketandel, Vallensbæk, F2012 (255 af 851)",
        "30 %",
        "F2012",
        "blanketandel",
        kommune=187,
    ),
    Published("Kommuner der talte i F2013", "54", "F2013"),
    Published("Kommuner der talte i F2014", "54", "F2014"),
    Published(
        "Selvbetjeningsgrad, F2014, EU-sygesikringskort (blåt)",
        "93 %",
        "F2014",
        "selvbetjeningsgrad",
        opgave="EU-sygesikringskort (blåt)",
    ),
    Published(
        "Selvbetjeningsgrad, F2014, Flytning",
        "88 %",
        "F2014",
        "selvbetjeningsgrad",
        opgave="Flytning",
    ),
    Published("Papirbreve af udgående post, F2014", "9 %", "F2014", "papir_andel_udgaaende"),
    Published("Selvbetjeningsgrad, F2015", "under 80 %", "F2015", "selvbetjeningsgrad"),
    Published("Selvbetjeningsgrad, E2015", "mindst 80 %", "E2015", "selvbetjeningsgrad"),
)


@dataclass(frozen=True)
class Checked:
    figure: Published
    value: float | int | None  # a share (0–1) or a count; None: no data in the database
    n: int | None = None


@dataclass(frozen=True)
class WorkedExample:
    """Hele landet's selvbetjeningsgrad in the newest round, as the interval is built."""

    runde: str
    taeller: int
    n: int
    lav: float
    hoej: float


@dataclass(frozen=True)
class AboutView:
    rounds: tuple[RoundRow, ...]
    checked: tuple[Checked, ...]
    example: WorkedExample | None
    demo: bool
    counted_once: int  # kommuner that took part in at least one round


def _weeks(runde: ref.Runde) -> str:
    """'43–45', or '43' for a round of one week."""
    if runde.uge_fra == runde.uge_til:
        return str(runde.uge_fra)
    return f"{runde.uge_fra}–{runde.uge_til}"


def _runde_id(kode: str) -> int:
    return next(r.id for r in ref.RUNDER if r.kode == kode)


def check(conn: Connection, figure: Published) -> Checked:
    """The database's value for a published figure, as ``summary`` computes it."""
    runde = _runde_id(figure.runde)
    if figure.measure is None:
        return Checked(figure, len(metrics.participants(conn, runde)))
    opgave = resolve_opgave(figure.opgave) if figure.opgave else None
    result = summary(conn, runde, kommune=figure.kommune, opgave=opgave)
    found = result[figure.measure]
    return Checked(figure, found["andel"], found["n"])


def worked_example(conn: Connection) -> WorkedExample | None:
    rounds = rounds_with_data(conn)
    if not rounds:
        return None
    runde = rounds[-1][0]
    share = metrics.share(conn, "selvbetjeningsgrad", runde)
    if not share.n:
        return None
    return WorkedExample(ref.RUNDER[runde - 1].kode, share.taeller, share.n, share.lav, share.hoej)


def about_view(conn: Connection) -> AboutView:
    rounds = tuple(
        RoundRow(r.kode, r.navn, _weeks(r), len(metrics.participants(conn, r.id)))
        for r in ref.RUNDER
    )
    ever = {k for r in ref.RUNDER for k in metrics.participants(conn, r.id)}
    checked = tuple(check(conn, figure) for figure in PUBLISHED)
    return AboutView(rounds, checked, worked_example(conn), is_demo(conn), len(ever))
