"""The data behind the compare page (KL's view): kommuner side by side over rounds.

Everything is computed in pandas from one small frame: ``measure_totals`` summed over
enheder (kommune × runde × opgave × group), read once per data version
(:func:`landkort.store.data_version`) and kept in memory. Values follow ``mapview``
exactly (pooled shares, Wilson intervals, distance to 80 %, change since the previous
round with Newcombe's interval, ``MIN_N``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from landkort import metrics, schema
from landkort import reference as ref
from landkort.store import data_version
from landkort.views.map import MIN_N, Selection

KEYS = ("kommune_kode", "runde_id", "opgave_id", "gruppe")
NATIONAL_KODE = 0  # the kode used for the pooled national row in series
UDVALG = ("kommuner", "alle", "flyttere")  # chosen kommuner, all participants, top movers
MOVERS = 10
KEPT_VALUES = 256  # frames of values() kept per data version (each a few hundred KB at most)


@dataclass(frozen=True)
class CompareData:
    """Totals summed over enheder, participation and the rounds holding data."""

    version: str  # landkort.store.data_version when it was read
    totals: pd.DataFrame
    participation: pd.DataFrame  # kommune_kode, runde_id
    rounds: tuple[int, ...]
    # values() by what it depends on, least recently used first (see values)
    kept: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)
    lock: Lock = field(default_factory=Lock, compare=False, repr=False)


def load(conn: Connection, version: str | None = None) -> CompareData:
    """Read the aggregate frame from the database (a few thousand rows per round)."""
    t = schema.measure_totals.c
    columns = [func.sum(t[c]).label(c) for c in schema.MEASURE_COLUMNS]
    keys = [t[k] for k in KEYS]
    rows = conn.execute(select(*keys, *columns).group_by(*keys)).all()
    totals = pd.DataFrame(rows, columns=[*KEYS, *schema.MEASURE_COLUMNS])
    for c in schema.MEASURE_COLUMNS:
        totals[c] = totals[c].astype("int64")
    regions = {k.kode: k.region_kode for k in ref.KOMMUNER}
    totals["region"] = totals["kommune_kode"].map(regions)
    p = schema.participation.c
    part = pd.DataFrame(
        conn.execute(select(p.kommune_kode, p.runde_id)).all(), columns=["kommune_kode", "runde_id"]
    )
    return CompareData(
        version=data_version(conn) if version is None else version,
        totals=totals,
        participation=part,
        rounds=tuple(sorted(int(r) for r in totals["runde_id"].unique())),
    )


_cache: dict[str, CompareData] = {}
_lock = Lock()


def _current(key: str, version: str) -> CompareData | None:
    hit = _cache.get(key)
    return hit if hit is not None and hit.version == version else None


def cached(conn: Connection) -> CompareData:
    """:func:`load`, kept in memory per database until the data version changes.

    The cache is looked at again once the lock is held: requests that arrive together
    after an import all miss, and without the second look each would read the data
    again in turn; with it the first builds and the others take its result.
    """
    key = str(conn.engine.url)
    version = data_version(conn)
    hit = _current(key, version)
    if hit is not None:
        return hit
    with _lock:
        hit = _current(key, version)
        if hit is None:
            hit = _cache[key] = load(conn, version)
    return hit


def _wilson(k: pd.Series, n: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    z = metrics.Z95
    nn = n.where(n > 0)
    p = k / nn
    denom = 1 + z * z / nn
    centre = (p + z * z / (2 * nn)) / denom
    half = z * np.sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom
    return p, (centre - half).clip(lower=0.0), (centre + half).clip(upper=1.0)


def _pooled(data: CompareData, sel: Selection, by: tuple[str, ...]) -> pd.DataFrame:
    spec = metrics.MEASURES[sel.spec.metric]
    t = data.totals
    mask = t["gruppe"].isin(metrics.groups_for(sel.spec.metric, sel.effective_gruppe))
    if sel.opgave is not None and "opgave_id" not in by:
        mask &= t["opgave_id"] == sel.opgave
    if sel.region is not None:
        mask &= t["region"] == sel.region
    out = t.loc[mask].groupby(list(by), as_index=False)[[spec.numerator, spec.denominator]].sum()
    out = out.rename(columns={spec.numerator: "taeller", spec.denominator: "n"})
    out["andel"], out["lav"], out["hoej"] = _wilson(out["taeller"], out["n"])
    return out


def _newcombe(a: pd.DataFrame, b_suffix: str = "_foer") -> tuple[pd.Series, pd.Series]:
    d = a["andel"] - a["andel" + b_suffix]
    low = d - np.sqrt(
        (a["andel"] - a["lav"]) ** 2 + (a["hoej" + b_suffix] - a["andel" + b_suffix]) ** 2
    )
    high = d + np.sqrt(
        (a["hoej"] - a["andel"]) ** 2 + (a["andel" + b_suffix] - a["lav" + b_suffix]) ** 2
    )
    return low, high


def _with_previous(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    other = [k for k in by if k != "runde_id"]
    prev = frame[[*by, "n", "andel", "lav", "hoej"]].copy()
    prev["runde_id"] = prev["runde_id"] + 1
    return frame.merge(prev, on=[*other, "runde_id"], how="left", suffixes=("", "_foer"))


def values(data: CompareData, sel: Selection, by: tuple[str, ...]) -> pd.DataFrame:
    """The selection's measure per ``by`` (which must include runde_id).

    Columns: the keys, taeller, n, andel, lav, hoej (the share) and value, v_lav, v_hoej
    (the measure: share, distance to 80 % or change since the previous round), usikker.

    Every round is computed at once, so the answer does not depend on the selection's
    round, nor on which kommuner a page compares: it is kept with the data (a new data
    version is a new CompareData) and each caller gets its own copy.
    """
    return _kept(data, "values", sel, by, _values).copy()


def _kept(data: CompareData, kind: str, sel: Selection, by: tuple[str, ...], build) -> pd.DataFrame:
    """``build(data, sel, by)``, kept with the data by what it depends on (not the round)."""
    opgave = None if "opgave_id" in by else sel.opgave
    key = (kind, sel.measure, sel.effective_gruppe, opgave, sel.region, by)
    return _keep(data, key, lambda: build(data, sel, by))


def _keep(data: CompareData, key: tuple, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``build()``, kept with the data under ``key`` (callers copy what they change)."""
    with data.lock:
        found = data.kept.get(key)
        if found is not None:
            data.kept.move_to_end(key)
    if found is None:
        found = build()
        with data.lock:
            data.kept[key] = found
            while len(data.kept) > KEPT_VALUES:
                data.kept.popitem(last=False)
    return found


def _values(data: CompareData, sel: Selection, by: tuple[str, ...]) -> pd.DataFrame:
    frame = _pooled(data, sel, by)
    kind = sel.spec.kind
    if kind == "share":
        frame["value"], frame["v_lav"], frame["v_hoej"] = (
            frame["andel"],
            frame["lav"],
            frame["hoej"],
        )
    elif kind == "goal":
        for src, dst in (("andel", "value"), ("lav", "v_lav"), ("hoej", "v_hoej")):
            frame[dst] = frame[src] - ref.MAAL_SELVBETJENING
    else:
        frame = _with_previous(frame, by)
        ok = (frame["n"] > 0) & (frame["n_foer"] > 0)
        low, high = _newcombe(frame)
        frame["value"] = (frame["andel"] - frame["andel_foer"]).where(ok)
        frame["v_lav"], frame["v_hoej"] = low.where(ok), high.where(ok)
        frame["n"] = np.where(ok, np.minimum(frame["n"], frame["n_foer"].fillna(0)), frame["n"])
        frame = frame.drop(columns=["n_foer", "andel_foer", "lav_foer", "hoej_foer"])
    frame["n"] = frame["n"].astype("int64")
    frame["usikker"] = frame["n"] < MIN_N
    return frame


def _navn(kode: int) -> str:
    return "Hele landet" if kode == NATIONAL_KODE else ref.kommune_by_kode()[kode].navn


def _region_navn(kode: int) -> str:
    return {r.kode: r.navn for r in ref.REGIONER}[kode]


def _participants(data: CompareData, runde: int, region: int | None = None) -> list[int]:
    p = data.participation
    koder = sorted(int(k) for k in p.loc[p["runde_id"] == runde, "kommune_kode"])
    if region is None:
        return koder
    return [k for k in koder if ref.kommune_by_kode()[k].region_kode == region]


def _national(sel: Selection) -> Selection:
    return Selection(sel.measure, sel.runde, sel.opgave, sel.gruppe, None)


def series(data: CompareData, sel: Selection, koder: list[int]) -> pd.DataFrame:
    """Chosen kommuner and Hele landet over every round with data.

    A round a kommune did not take part in is a row with deltog False and no value,
    so lines break there instead of bridging the gap.
    """
    per = values(data, _national(sel), ("kommune_kode", "runde_id"))
    per = per[per["kommune_kode"].isin(koder)]
    national = values(data, _national(sel), ("runde_id",)).assign(kommune_kode=NATIONAL_KODE)
    grid = pd.MultiIndex.from_product(
        [[*koder, NATIONAL_KODE], list(data.rounds)], names=["kommune_kode", "runde_id"]
    ).to_frame(index=False)
    frame = grid.merge(pd.concat([per, national]), on=["kommune_kode", "runde_id"], how="left")
    part = set(zip(data.participation["kommune_kode"], data.participation["runde_id"], strict=True))
    frame["deltog"] = [
        k == NATIONAL_KODE or (k, r) in part
        for k, r in zip(frame["kommune_kode"], frame["runde_id"], strict=True)
    ]
    frame["navn"] = frame["kommune_kode"].map(_navn)
    frame["runde"] = frame["runde_id"].map(lambda r: ref.RUNDER[r - 1].kode)
    frame["n"] = frame["n"].fillna(0).astype("int64")
    frame["usikker"] = frame["usikker"].astype("boolean").fillna(False).astype(bool)
    return frame


def ranking(data: CompareData, sel: Selection, fra: int | None) -> pd.DataFrame:
    """Every kommune (in the region) for the selection's round, ranked by value.

    Columns: kode, navn, region, deltog, value, v_lav, v_hoej, andel, n, usikker,
    rank, of, and (when ``fra`` is given) andel_fra and aendring (andel − andel_fra,
    with Newcombe's interval aendring_lav/aendring_hoej). Non-participants last.

    It does not depend on which kommuner a page compares, so it is kept with the data
    and every compare page of the same selection shares it (~40 ms of pandas steps).
    """
    return _keep(data, ("ranking", sel, fra), lambda: _ranking(data, sel, fra)).copy()


def _ranking(data: CompareData, sel: Selection, fra: int | None) -> pd.DataFrame:
    by = ("kommune_kode", "runde_id")
    now = values(data, sel, by)
    now = now[now["runde_id"] == sel.runde]
    koder = [k.kode for k in ref.KOMMUNER if sel.region in (None, k.region_kode)]
    frame = pd.DataFrame({"kommune_kode": koder}).merge(now, on="kommune_kode", how="left")
    frame["deltog"] = frame["kommune_kode"].isin(_participants(data, sel.runde))
    frame = _add_change(data, sel, frame, fra)
    ranked = frame["value"].notna()
    frame["rank"] = frame.loc[ranked, "value"].rank(ascending=False, method="min")
    frame["of"] = int(ranked.sum())
    frame["navn"] = frame["kommune_kode"].map(_navn)
    frame["region"] = frame["kommune_kode"].map(
        lambda k: _region_navn(ref.kommune_by_kode()[k].region_kode)
    )
    frame["n"] = frame["n"].fillna(0).astype("int64")
    frame["usikker"] = frame["value"].notna() & (frame["n"] < MIN_N)
    frame = frame.rename(columns={"kommune_kode": "kode"})
    return frame.sort_values(["rank", "navn"], na_position="last").reset_index(drop=True)


def _add_change(
    data: CompareData, sel: Selection, frame: pd.DataFrame, fra: int | None
) -> pd.DataFrame:
    if fra is None:
        return frame.assign(
            andel_fra=np.nan, aendring=np.nan, aendring_lav=np.nan, aendring_hoej=np.nan
        )
    before = _kept(data, "pooled", sel, ("kommune_kode", "runde_id"), _pooled)
    before = before.loc[before["runde_id"] == fra, ["kommune_kode", "n", "andel", "lav", "hoej"]]
    merged = frame.merge(before, on="kommune_kode", how="left", suffixes=("", "_fra"))
    ok = (merged["n_fra"] > 0) & merged["andel"].notna()
    low, high = _newcombe(merged, "_fra")
    merged["aendring"] = (merged["andel"] - merged["andel_fra"]).where(ok)
    merged["aendring_lav"], merged["aendring_hoej"] = low.where(ok), high.where(ok)
    merged["n_fra"] = merged["n_fra"].fillna(0).astype("int64")
    return merged.drop(columns=["lav_fra", "hoej_fra"])


def change_between(
    data: CompareData, sel: Selection, fra: int, til: int, koder: list[int] | None = None
) -> pd.DataFrame:
    """The measure in two rounds per kommune with values in both, largest rise first.

    Columns: kode, navn, value_fra, value_til, aendring (value_til − value_fra),
    n_fra, n_til, usikker (either round under MIN_N).
    """
    frame = values(data, _national(sel) if koder is not None else sel, ("kommune_kode", "runde_id"))
    if koder is not None:
        frame = frame[frame["kommune_kode"].isin(koder)]
    cols = ["kommune_kode", "value", "n"]
    a = frame.loc[frame["runde_id"] == fra, cols]
    b = frame.loc[frame["runde_id"] == til, cols]
    both = a.merge(b, on="kommune_kode", suffixes=("_fra", "_til")).dropna(
        subset=["value_fra", "value_til"]
    )
    both["aendring"] = both["value_til"] - both["value_fra"]
    both["usikker"] = (both["n_fra"] < MIN_N) | (both["n_til"] < MIN_N)
    both["navn"] = both["kommune_kode"].map(_navn)
    both = both.rename(columns={"kommune_kode": "kode"})
    return both.sort_values(["aendring", "navn"], ascending=[False, True]).reset_index(drop=True)


def largest_movers(
    data: CompareData, sel: Selection, fra: int, til: int, count: int = MOVERS
) -> list[int]:
    """The kommuner (in the region) whose value moved most, either way, between two rounds.

    Kommuner resting on fewer than MIN_N registrations in either round are left out.
    """
    frame = change_between(data, sel, fra, til)
    frame = frame[~frame["usikker"]]
    order = frame["aendring"].abs().sort_values(ascending=False, kind="stable")
    return [int(k) for k in frame.loc[order.index[:count], "kode"]]


def chosen(
    data: CompareData, sel: Selection, udvalg: str, koder: tuple[int, ...], fra: int
) -> list[int]:
    """The kommuner the page draws lines for: picked, all participants or top movers."""
    if udvalg == "alle":
        return _participants(data, sel.runde, sel.region)
    if udvalg == "flyttere":
        return largest_movers(data, sel, fra, sel.runde)
    return list(dict.fromkeys(koder))


def distribution(data: CompareData, sel: Selection) -> pd.DataFrame:
    """The measure for every participant (in the region) in every round with data.

    Columns: kode, navn, runde_id, runde, value, n, usikker. Kept with the data, as it
    depends on neither the round nor the kommuner compared.
    """
    key = ("distribution", sel.measure, sel.effective_gruppe, sel.opgave, sel.region)
    return _keep(data, key, lambda: _distribution(data, sel)).copy()


def _distribution(data: CompareData, sel: Selection) -> pd.DataFrame:
    frame = values(data, sel, ("kommune_kode", "runde_id")).dropna(subset=["value"])
    frame["navn"] = frame["kommune_kode"].map(_navn)
    frame["runde"] = frame["runde_id"].map(lambda r: ref.RUNDER[r - 1].kode)
    return frame.rename(columns={"kommune_kode": "kode"}).reset_index(drop=True)


def national(data: CompareData, sel: Selection) -> pd.DataFrame:
    """Hele landet (or the region, when the selection has one) per round."""
    frame = values(data, sel, ("runde_id",))
    frame["runde"] = frame["runde_id"].map(lambda r: ref.RUNDER[r - 1].kode)
    return frame


def opgave_matrix(data: CompareData, sel: Selection, koder: list[int]) -> pd.DataFrame:
    """The measure per opgave (rows, KL's order) and chosen kommune (columns) in the round.

    Long form: opgave_id, opgave, kode, navn, value, n, usikker; only cells with data.
    """
    sel = Selection(sel.measure, sel.runde, None, sel.gruppe, None)
    frame = values(data, sel, ("kommune_kode", "opgave_id", "runde_id"))
    frame = frame[(frame["runde_id"] == sel.runde) & frame["kommune_kode"].isin(koder)]
    frame = frame.dropna(subset=["value"]).copy()
    frame["opgave"] = frame["opgave_id"].map(lambda o: ref.OPGAVER[o - 1].navn)
    frame["navn"] = frame["kommune_kode"].map(_navn)
    frame = frame.rename(columns={"kommune_kode": "kode"})
    return frame.sort_values(["opgave_id", "kode"]).reset_index(drop=True)
