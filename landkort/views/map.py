"""What the map shows: one value per kommune for a measure, round and selection.

The map offers the headline shares plus two derived views of selvbetjeningsgrad:
the distance to the 80 % goal and the change since the previous round. Every value
keeps its n and interval; a kommune that did not take part has no value at all, and
one resting on fewer than ``MIN_N`` registrations is flagged as uncertain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy.engine import Connection

from landkort import metrics
from landkort import reference as ref
from landkort.kept import Kept

MIN_N = 30  # below this many registrations a share is shown as uncertain


@dataclass(frozen=True)
class MapMeasure:
    key: str
    label: str
    metric: str  # the metrics.MEASURES entry it is built on
    kind: str  # "share", "goal" (distance to 80 %) or "change" (since previous round)

    @property
    def groups(self) -> tuple[str, ...]:
        """The henvendelsestype groups the user may narrow this measure to."""
        return metrics.MEASURES[self.metric].allowed_groups


MAP_MEASURES: dict[str, MapMeasure] = {
    m.key: m
    for m in (
        MapMeasure(
            "selvbetjening", "Selvbetjeningsgrad (transaktioner)", "selvbetjeningsgrad", "share"
        ),
        MapMeasure("maal", "Afstand til 80 %-målet", "selvbetjeningsgrad", "goal"),
        MapMeasure("aendring", "Ændring siden forrige runde", "selvbetjeningsgrad", "change"),
        MapMeasure("hjemmeside", "Generel information via hjemmeside", "hjemmeside_andel", "share"),
        MapMeasure(
            "digital_ud", "Digital andel af udgående post", "digital_andel_udgaaende", "share"
        ),
        MapMeasure("straks", "Straksafslutningsgrad", "straksafslutningsgrad", "share"),
        MapMeasure("blanket", "Blanketandel (transaktioner)", "blanketandel", "share"),
    )
}
DEFAULT_MEASURE = "selvbetjening"


@dataclass(frozen=True)
class Selection:
    """What the user chose: measure, round and the narrowing filters."""

    measure: str = DEFAULT_MEASURE
    runde: int = 1
    opgave: int | None = None
    gruppe: str | None = None
    region: int | None = None

    @property
    def spec(self) -> MapMeasure:
        return MAP_MEASURES[self.measure]

    @property
    def effective_gruppe(self) -> str | None:
        """The group filter, dropped when the measure cannot be narrowed to it."""
        return self.gruppe if self.gruppe in self.spec.groups else None


@dataclass(frozen=True)
class Value:
    """A number for the map: a share, a distance or a change, with interval and n."""

    value: float | None
    lav: float | None
    hoej: float | None
    n: int
    andel: float | None  # the share itself (for goal and change: this round's share)


def _value(spec: MapMeasure, now: metrics.Share, before: metrics.Share | None) -> Value:
    if spec.kind == "share":
        return Value(now.andel, now.lav, now.hoej, now.n, now.andel)
    if spec.kind == "goal":
        return Value(*(_minus_goal(x) for x in (now.andel, now.lav, now.hoej)), now.n, now.andel)
    if before is None or before.n == 0 or now.n == 0:
        return Value(None, None, None, now.n, now.andel)
    low, high = difference_interval(now, before)
    return Value(now.andel - before.andel, low, high, min(now.n, before.n), now.andel)


def _minus_goal(x: float | None) -> float | None:
    return None if x is None else x - ref.MAAL_SELVBETJENING


def difference_interval(a: metrics.Share, b: metrics.Share) -> tuple[float, float]:
    """Newcombe's hybrid score interval for the difference of two shares (a − b)."""
    d = a.andel - b.andel
    low = d - math.sqrt((a.andel - a.lav) ** 2 + (b.hoej - b.andel) ** 2)
    high = d + math.sqrt((a.hoej - a.andel) ** 2 + (b.andel - b.lav) ** 2)
    return low, high


def previous_round(runde: int) -> int | None:
    return runde - 1 if runde > 1 else None


def _shares(conn: Connection, sel: Selection, runde: int) -> dict[int, metrics.Share]:
    return metrics.shares_by(
        conn,
        sel.spec.metric,
        "kommune",
        runde=runde,
        opgave=sel.opgave,
        gruppe=sel.effective_gruppe,
    )


def kommune_values(conn: Connection, sel: Selection) -> pd.DataFrame:
    """One row per kommune (all 98, or the region's), indexed by kommunekode.

    Columns: navn, region, deltog, value, lav, hoej, n, andel, usikker, rank, of. Kept
    per data version: the map, its side panel, its table and its downloads each ask for
    the same selection's frame (every caller gets its own copy).
    """

    def build() -> pd.DataFrame:
        now = _shares(conn, sel, sel.runde)
        before_round = previous_round(sel.runde)
        change = sel.spec.kind == "change" and before_round
        return values_frame(sel, now, _shares(conn, sel, before_round) if change else {})

    return _VALUES.get(conn, sel, build).copy()


_VALUES: Kept[pd.DataFrame] = Kept(128)
_POOLED: Kept = Kept(256)


def values_frame(
    sel: Selection, now: dict[int, metrics.Share], before: dict[int, metrics.Share]
) -> pd.DataFrame:
    """The frame of :func:`kommune_values` from the round's and the previous round's
    shares per kommune (``before`` is read only for the change measure)."""
    rows = []
    for k in ref.KOMMUNER:
        if sel.region is not None and k.region_kode != sel.region:
            continue
        share = now.get(k.kode)
        v = _value(sel.spec, share, before.get(k.kode)) if share else None
        rows.append(
            {
                "kode": k.kode,
                "navn": k.navn,
                "region": k.region_kode,
                "deltog": share is not None,
                "value": v.value if v else None,
                "lav": v.lav if v else None,
                "hoej": v.hoej if v else None,
                "n": v.n if v else 0,
                "andel": v.andel if v else None,
            }
        )
    frame = pd.DataFrame(rows).set_index("kode")
    frame["value"] = frame["value"].astype("float64")
    frame["usikker"] = frame["deltog"] & (frame["n"] < MIN_N)
    ranked = frame["value"].notna()
    frame["rank"] = frame.loc[ranked, "value"].rank(ascending=False, method="min")
    frame["of"] = int(ranked.sum())
    return frame


def pooled_value(conn: Connection, sel: Selection, runde: int | None = None) -> Value:
    """Hele landet (or the region) for the selection, pooled over participants."""
    runde = runde or sel.runde
    kwargs = {"opgave": sel.opgave, "gruppe": sel.effective_gruppe, "region": sel.region}

    def build() -> Value:
        now = metrics.share(conn, sel.spec.metric, runde, **kwargs)
        before = None
        if sel.spec.kind == "change" and previous_round(runde):
            before = metrics.share(conn, sel.spec.metric, previous_round(runde), **kwargs)
        return _value(sel.spec, now, before)

    return _POOLED.get(conn, ("value", replace(sel, runde=runde)), build)


def round_frames(conn: Connection, sel: Selection, rounds: list[int]) -> dict[int, pd.DataFrame]:
    """:func:`kommune_values` for every round in ``rounds`` from one query (the timeline)."""
    shares = metrics.shares_by_kommune_and_runde(
        conn, sel.spec.metric, opgave=sel.opgave, region=sel.region, gruppe=sel.effective_gruppe
    )
    by_round: dict[int, dict[int, metrics.Share]] = {}
    for (kommune, runde), share in shares.items():
        by_round.setdefault(runde, {})[kommune] = share
    frames = {}
    for runde in rounds:
        before = by_round.get(previous_round(runde), {}) if sel.spec.kind == "change" else {}
        frames[runde] = values_frame(replace(sel, runde=runde), by_round.get(runde, {}), before)
    return frames


def pooled_trend(conn: Connection, sel: Selection) -> list[tuple[int, Value]]:
    """The pooled value for every round with data, in time order."""

    def build() -> list[tuple[int, Value]]:
        per_round = metrics.shares_by(
            conn,
            sel.spec.metric,
            "runde",
            opgave=sel.opgave,
            gruppe=sel.effective_gruppe,
            region=sel.region,
        )
        out = []
        for runde in sorted(per_round):
            before = per_round.get(previous_round(runde)) if previous_round(runde) else None
            out.append((runde, _value(sel.spec, per_round[runde], before)))
        return out

    return list(_POOLED.get(conn, ("trend", replace(sel, runde=0)), build))
