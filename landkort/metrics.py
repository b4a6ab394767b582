"""The measures users read, computed from the pre-aggregated ``measure_totals``.

Without an enhed filter they read ``kommune_measure_totals`` (the same sums without the
enhed dimension), so a kommune, region or Hele landet figure costs the same whatever
number of units the data has.

Every share is pooled (sum of counts ÷ sum of totals), never a mean of shares, and
comes with its n and a Wilson 95 % interval, because a share built on few
registrations is weak. *Hele landet* is the pool over the round's participants:
only participants have cells, so it is the sum over all rows of the round.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort import schema

ALLE_GRUPPER = tuple(ref.GRUPPER)


@dataclass(frozen=True)
class Measure:
    """A share: numerator ÷ denominator columns of measure_totals, over some groups."""

    numerator: str
    denominator: str
    default_groups: tuple[str, ...]
    allowed_groups: tuple[str, ...]


MEASURES: Mapping[str, Measure] = {
    "selvbetjeningsgrad": Measure(
        "ind_selvbetjening", "ind_antal", (ref.TRANSAKTIONER,), (ref.TRANSAKTIONER,)
    ),
    "hjemmeside_andel": Measure(
        "ind_hjemmeside",
        "ind_antal",
        (ref.GENEREL_INFORMATION,),
        (ref.GENEREL_INFORMATION, ref.INFORMATION_OM_SAG),
    ),
    "digital_andel_udgaaende": Measure("ud_digital", "ud_antal", ALLE_GRUPPER, ALLE_GRUPPER),
    "papir_andel_udgaaende": Measure("ud_papir", "ud_antal", ALLE_GRUPPER, ALLE_GRUPPER),
    "straksafslutningsgrad": Measure(
        "ind_straksafsluttet", "ind_straks_antal", ALLE_GRUPPER, ALLE_GRUPPER
    ),
    "blanketandel": Measure(
        "ind_med_blanket", "ind_blanket_antal", (ref.TRANSAKTIONER,), (ref.TRANSAKTIONER,)
    ),
}

MEASURE_NAMES: Mapping[str, str] = {
    "selvbetjeningsgrad": "Selvbetjeningsgrad (transaktioner)",
    "hjemmeside_andel": "Generel information via hjemmeside",
    "digital_andel_udgaaende": "Digital andel af udgående post",
    "papir_andel_udgaaende": "Papirandel af udgående post",
    "straksafslutningsgrad": "Straksafslutningsgrad",
    "blanketandel": "Blanketandel (transaktioner)",
}

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Share:
    """A pooled share: ``taeller`` of ``n``, with its Wilson 95 % interval."""

    taeller: int
    n: int

    @property
    def andel(self) -> float | None:
        return self.taeller / self.n if self.n else None

    @property
    def lav(self) -> float | None:
        return wilson_interval(self.taeller, self.n)[0]

    @property
    def hoej(self) -> float | None:
        return wilson_interval(self.taeller, self.n)[1]

    def as_dict(self) -> dict[str, float | int | None]:
        return {"andel": self.andel, "lav": self.lav, "hoej": self.hoej, "n": self.n}


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float | None, float | None]:
    """Wilson score interval for k successes of n (None, None when n is 0)."""
    if n <= 0:
        return None, None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def groups_for(measure: str, gruppe: str | None = None) -> tuple[str, ...]:
    """The henvendelsestype groups a measure pools: its default, or one allowed group."""
    spec = _measure(measure)
    if gruppe is None:
        return spec.default_groups
    if gruppe not in spec.allowed_groups:
        raise ValueError(f"Målet {measure!r} kan ikke opdeles på gruppen {gruppe!r}")
    return (gruppe,)


def _measure(measure: str) -> Measure:
    try:
        return MEASURES[measure]
    except KeyError:
        raise ValueError(f"Ukendt mål: {measure!r}; kendte mål: {', '.join(MEASURES)}") from None


def _totals(enhed: int | None):
    """The table a figure is summed from: per enhed only when one enhed is asked for."""
    return schema.measure_totals if enhed is not None else schema.kommune_measure_totals


def _columns(measure: str, table=schema.kommune_measure_totals):
    spec = _measure(measure)
    t = table.c
    return (
        func.coalesce(func.sum(t[spec.numerator]), 0),
        func.coalesce(func.sum(t[spec.denominator]), 0),
    )


def _filtered(
    stmt: Select,
    *,
    runde: int | None = None,
    kommune: int | None = None,
    opgave: int | None = None,
    enhed: int | None = None,
    region: int | None = None,
    groups: tuple[str, ...] = ALLE_GRUPPER,
    table=None,
) -> Select:
    t = (table if table is not None else _totals(enhed)).c
    if set(groups) != set(ALLE_GRUPPER):
        stmt = stmt.where(t.gruppe.in_(groups))
    filters = [(t.runde_id, runde), (t.kommune_kode, kommune), (t.opgave_id, opgave)]
    if enhed is not None:
        filters.append((t.enhed_id, enhed))
    for column, value in filters:
        if value is not None:
            stmt = stmt.where(column == value)
    if region is not None:
        k = schema.kommune.c
        stmt = stmt.where(t.kommune_kode.in_(select(k.kode).where(k.region_kode == region)))
    return stmt


def share(
    conn: Connection,
    measure: str,
    runde: int,
    *,
    kommune: int | None = None,
    opgave: int | None = None,
    enhed: int | None = None,
    region: int | None = None,
    gruppe: str | None = None,
) -> Share:
    """One pooled share; without kommune and region it is Hele landet.

    ``gruppe`` narrows a measure to one henvendelsestype group where it allows it
    (see ``MEASURES``); by default each measure pools its own groups.
    """
    num, den = _columns(measure, _totals(enhed))
    stmt = _filtered(
        select(num, den),
        runde=runde,
        kommune=kommune,
        opgave=opgave,
        enhed=enhed,
        region=region,
        groups=groups_for(measure, gruppe),
    )
    k, n = conn.execute(stmt).one()
    return Share(int(k), int(n))


_BY = {"kommune": "kommune_kode", "runde": "runde_id", "opgave": "opgave_id", "enhed": "enhed_id"}


def shares_by(
    conn: Connection,
    measure: str,
    by: str,
    *,
    runde: int | None = None,
    kommune: int | None = None,
    opgave: int | None = None,
    enhed: int | None = None,
    region: int | None = None,
    gruppe: str | None = None,
) -> dict[int, Share]:
    """Pooled shares per kommune, runde, opgave, enhed or region, within the filters.

    Only groups with rows appear: a kommune that did not take part is absent, not 0.
    """
    table = schema.measure_totals if enhed is not None or by == "enhed" else _totals(None)
    num, den = _columns(measure, table)
    if by == "region":
        key = schema.kommune.c.region_kode
        stmt = select(key, num, den).join_from(
            table, schema.kommune, table.c.kommune_kode == schema.kommune.c.kode
        )
    else:
        key = table.c[_BY[by]]
        stmt = select(key, num, den)
    stmt = _filtered(
        stmt.group_by(key),
        runde=runde,
        kommune=kommune,
        opgave=opgave,
        enhed=enhed,
        region=region,
        groups=groups_for(measure, gruppe),
        table=table,
    )
    return {int(g): Share(int(k), int(n)) for g, k, n in conn.execute(stmt)}


def shares_by_kommune_and_runde(
    conn: Connection,
    measure: str,
    *,
    opgave: int | None = None,
    region: int | None = None,
    gruppe: str | None = None,
) -> dict[tuple[int, int], Share]:
    """Pooled shares per (kommune, runde) for every round at once: the map's timeline.

    Reads ``kommune_measure_totals`` only (one row per kommune, round, opgave and group),
    so its cost is the same on any data set.
    """
    table = schema.kommune_measure_totals
    num, den = _columns(measure, table)
    keys = (table.c.kommune_kode, table.c.runde_id)
    stmt = _filtered(
        select(*keys, num, den).group_by(*keys),
        opgave=opgave,
        region=region,
        groups=groups_for(measure, gruppe),
        table=table,
    )
    return {(int(k), int(r)): Share(int(a), int(n)) for k, r, a, n in conn.execute(stmt)}


def participants_per_round(conn: Connection, region: int | None = None) -> dict[int, int]:
    """How many kommuner (of the region) took part in each round."""
    t = schema.participation.c
    stmt = select(t.runde_id, func.count()).group_by(t.runde_id)
    if region is not None:
        k = schema.kommune.c
        stmt = stmt.where(t.kommune_kode.in_(select(k.kode).where(k.region_kode == region)))
    return {int(r): int(n) for r, n in conn.execute(stmt)}


def participants(conn: Connection, runde: int) -> list[int]:
    """Kommunekoder of the kommuner that took part in the round."""
    t = schema.participation.c
    stmt = select(t.kommune_kode).where(t.runde_id == runde).order_by(t.kommune_kode)
    return [int(k) for k in conn.execute(stmt).scalars()]


def rounds_taken_part(conn: Connection, kommune: int) -> list[int]:
    """Ids of the rounds the kommune took part in, in time order."""
    t = schema.participation.c
    stmt = select(t.runde_id).where(t.kommune_kode == kommune).order_by(t.runde_id)
    return [int(r) for r in conn.execute(stmt).scalars()]


def channel_mix(
    conn: Connection,
    runde: int,
    gruppe: str,
    *,
    retning: str = "ind",
    kommune: int | None = None,
    opgave: int | None = None,
    region: int | None = None,
    enhed: int | None = None,
) -> dict[int, Share]:
    """Each channel's share of a henvendelsestype group's contacts (kanal id -> Share).

    Pooled over the filters; per enhed it reads ``fact`` (its primary key starts
    with kommune and runde), otherwise the pre-aggregated ``channel_totals``.
    """
    table = schema.fact if enhed is not None else schema.channel_totals
    t = table.c
    types = select(schema.henvendelsestype.c.id).where(schema.henvendelsestype.c.gruppe == gruppe)
    kanaler = select(schema.kanal.c.id).where(schema.kanal.c.retning == retning)
    stmt = (
        select(t.kanal_id, func.sum(t.antal))
        .where(t.runde_id == runde, t.henvendelsestype_id.in_(types), t.kanal_id.in_(kanaler))
        .group_by(t.kanal_id)
    )
    for column, value in ((t.kommune_kode, kommune), (t.opgave_id, opgave)):
        if value is not None:
            stmt = stmt.where(column == value)
    if enhed is not None:
        stmt = stmt.where(t.enhed_id == enhed)
    if region is not None:
        k = schema.kommune.c
        stmt = stmt.where(t.kommune_kode.in_(select(k.kode).where(k.region_kode == region)))
    counts = {int(kanal): int(antal) for kanal, antal in conn.execute(stmt)}
    total = sum(counts.values())
    return {kanal: Share(antal, total) for kanal, antal in counts.items()}
