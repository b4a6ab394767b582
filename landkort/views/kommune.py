"""The data behind the kommune page: one pandas DataFrame per chart or table.

A kommune's numbers come from ``channel_totals`` (its primary key starts with the
kommunekode), per enhed from ``fact`` (same); Hele landet from
``national_channel_totals`` (primary key starts with the round). No query scans
``fact``. Every frame has Danish column headers: it is what the chart shows and what
the 'Hent data' file holds. Shares are fractions (0–1); n is the denominator; rows
resting on fewer than ``MIN_N`` registrations are flagged in "Få registreringer".
A kommune that did not take part in a round has no rows for it, never zeros.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from landkort import metrics, schema
from landkort import reference as ref
from landkort.store import data_version
from landkort.views.map import MIN_N

VALUES = ("antal", "straks_antal", "straksafsluttet", "blanket_antal", "med_blanket")
KEYS = ("runde_id", "opgave_id", "henvendelsestype_id", "kanal_id")
KANAL = {k.id: k for k in ref.KANALER}
KANAL_ID = {k.kode: k.id for k in ref.KANALER}
SELVBETJENING_ID = KANAL_ID[ref.SELVBETJENING]
GRUPPE_OF_TYPE = {h.id: h.gruppe for h in ref.HENVENDELSESTYPER}
HELE_LANDET = "Hele landet"
THIN = "Få registreringer"
ALLE_TYPER = "Alle typer"
I_ALT = "I alt"
UDGAAENDE = "udgaaende"  # the cost table's group of all outbound contacts
ALL_OPGAVER = 0  # the row of a per-opgave table that sums every opgave
IND_KANALER = tuple(k for k in ref.KANALER if k.retning == ref.IND)


def kanaler_for(gruppe: str, retning: str = ref.IND) -> tuple[ref.Kanal, ...]:
    """The channels a group can use (Hjemmeside only for the information groups)."""
    return tuple(
        k
        for k in ref.KANALER
        if k.retning == retning and not (k.kun_information and gruppe == ref.TRANSAKTIONER)
    )


RETNING_OF_KANAL = {k.id: k.retning for k in ref.KANALER}
KANAL_NAVN = {k.id: k.navn for k in ref.KANALER}


def _frame(rows: list, by: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*by, *VALUES], dtype="int64")
    if "henvendelsestype_id" in by:
        frame["gruppe"] = frame["henvendelsestype_id"].map(GRUPPE_OF_TYPE).astype(object)
    if "kanal_id" in by:
        frame["retning"] = frame["kanal_id"].map(RETNING_OF_KANAL).astype(object)
    return frame


_NATIONAL: dict[tuple, pd.DataFrame] = {}  # Hele landet's cells, per data version


def cells(
    conn: Connection,
    kode: int | None,
    by: tuple[str, ...] = KEYS,
    *,
    runde: int | None = None,
    opgave: int | None = None,
    gruppe: str | None = None,
    retning: str | None = None,
) -> pd.DataFrame:
    """Channel totals summed in the database to the columns ``by``, for a kommune or Hele
    landet (``kode`` None), narrowed to a round, opgave, group and direction.

    A kommune is read from ``channel_totals`` by its primary key prefix, Hele landet
    from ``national_channel_totals`` (primary key prefix: runde). Hele landet is the
    same for every kommune page, so it is kept until the data change (data version).
    """
    if kode is None:
        key = (data_version(conn), by, runde, opgave, gruppe, retning)
        if key not in _NATIONAL:
            if len(_NATIONAL) > 512:
                _NATIONAL.clear()
            _NATIONAL[key] = _read_cells(conn, None, by, runde, opgave, gruppe, retning)
        return _NATIONAL[key].copy()
    return _read_cells(conn, kode, by, runde, opgave, gruppe, retning)


def _read_cells(conn, kode, by, runde, opgave, gruppe, retning) -> pd.DataFrame:
    table = schema.channel_totals if kode is not None else schema.national_channel_totals
    t = table.c
    stmt = select(*(t[c] for c in by), *(func.sum(t[v]) for v in VALUES)).group_by(
        *(t[c] for c in by)
    )
    if kode is not None:
        stmt = stmt.where(t.kommune_kode == kode)
    for column, value in ((t.runde_id, runde), (t.opgave_id, opgave)):
        if value is not None:
            stmt = stmt.where(column == value)
    if gruppe is not None:
        types = [h.id for h in ref.HENVENDELSESTYPER if h.gruppe == gruppe]
        stmt = stmt.where(t.henvendelsestype_id.in_(types))
    if retning is not None:
        stmt = stmt.where(t.kanal_id.in_([k.id for k in ref.KANALER if k.retning == retning]))
    return _frame(conn.execute(stmt).all(), by)


def both(conn: Connection, kode: int, by: tuple[str, ...], **filters) -> list[pd.DataFrame]:
    """The same cells for the kommune and for Hele landet."""
    return [cells(conn, kode, by, **filters), cells(conn, None, by, **filters)]


def runde_kode(runde: int) -> str:
    return ref.RUNDER[runde - 1].kode


def opgave_navn(opgave: int) -> str:
    return ref.OPGAVER[opgave - 1].navn


def _ratio(num: pd.Series, den: pd.Series | float) -> pd.Series:
    if not isinstance(den, pd.Series):
        den = pd.Series(den, index=num.index)
    return (num / den.where(den > 0)).astype("float64")


def self_service(
    conn: Connection, kode: int | None, by: tuple[str, ...], *, opgave: int | None = None
) -> pd.DataFrame:
    """Selvbetjening (selv) of inbound transaktioner (n) per ``by``, summed in the database."""
    table = schema.channel_totals if kode is not None else schema.national_channel_totals
    t = table.c
    types = [h.id for h in ref.HENVENDELSESTYPER if h.gruppe == ref.TRANSAKTIONER]
    ind = [k.id for k in ref.KANALER if k.retning == ref.IND]
    selv = func.sum(case((t.kanal_id == SELVBETJENING_ID, t.antal), else_=0))
    stmt = (
        select(*(t[c] for c in by), selv, func.sum(t.antal))
        .where(t.henvendelsestype_id.in_(types), t.kanal_id.in_(ind))
        .group_by(*(t[c] for c in by))
    )
    if kode is not None:
        stmt = stmt.where(t.kommune_kode == kode)
    if opgave is not None:
        stmt = stmt.where(t.opgave_id == opgave)
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=[*by, "selv", "n"], dtype="int64")
    return frame.set_index(list(by))


def selvbetjening_series(conn: Connection, kode: int, opgave: int | None = None) -> pd.DataFrame:
    """Selvbetjeningsgrad per round with interval and n, beside Hele landet.

    One row per round that holds data anywhere; "Deltog" says whether the kommune
    took part (its figures are empty when it did not).
    """
    own, nat = (self_service(conn, k, ("runde_id",), opgave=opgave) for k in (kode, None))
    taken = set(metrics.rounds_taken_part(conn, kode))
    rows = []
    for runde in nat.index:
        k = own.loc[runde] if runde in own.index else None
        selv, n = (int(k["selv"]), int(k["n"])) if k is not None else (0, 0)
        low, high = metrics.wilson_interval(selv, n)
        rows.append(
            {
                "Runde": runde_kode(runde),
                "Deltog": runde in taken,
                "Selvbetjening": selv,
                "Transaktioner (n)": n,
                "Selvbetjeningsgrad": selv / n if n else None,
                "95 %-interval, nedre": low,
                "95 %-interval, øvre": high,
                "Hele landet": nat.loc[runde, "selv"] / nat.loc[runde, "n"]
                if nat.loc[runde, "n"]
                else None,
                "Hele landet (n)": int(nat.loc[runde, "n"]),
                THIN: runde in taken and n < MIN_N,
            }
        )
    return _float_columns(pd.DataFrame(rows, columns=_SERIES_COLUMNS))


_SERIES_COLUMNS = [
    "Runde",
    "Deltog",
    "Selvbetjening",
    "Transaktioner (n)",
    "Selvbetjeningsgrad",
    "95 %-interval, nedre",
    "95 %-interval, øvre",
    "Hele landet",
    "Hele landet (n)",
    THIN,
]


def _float_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of numbers and None (object dtype) as float64, so None reads as empty."""
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and values.map(_is_number_or_none).all():
            frame[column] = values.astype("float64")
    return frame


def _is_number_or_none(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def opgave_progress(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Selvbetjeningsgrad per opgave and round, for the small multiples.

    Ordered by the distance to 80 % in ``runde`` (furthest below first); opgaver
    without transaktioner in that round come last. "Rækkefølge" numbers the panels.
    """
    by = ("opgave_id", "runde_id")
    own, nat = (self_service(conn, k, by).reset_index() for k in (kode, None))
    frame = own.merge(nat, on=["opgave_id", "runde_id"], how="right", suffixes=("", "_hl"))
    frame = frame.fillna({"selv": 0, "n": 0})
    frame["andel"] = _ratio(frame["selv"], frame["n"])
    frame["andel_hl"] = _ratio(frame["selv_hl"], frame["n_hl"])
    now = frame[frame["runde_id"] == runde].set_index("opgave_id")["andel"]
    distance = (now - ref.MAAL_SELVBETJENING).reindex(range(1, len(ref.OPGAVER) + 1))
    order = distance.sort_values(na_position="last").index.tolist()
    rank = {opgave: i + 1 for i, opgave in enumerate(order)}
    out = pd.DataFrame(
        {
            "Rækkefølge": frame["opgave_id"].map(rank),
            "Opgave": frame["opgave_id"].map(opgave_navn),
            "Runde": frame["runde_id"].map(runde_kode),
            "Selvbetjeningsgrad": frame["andel"],
            "Transaktioner (n)": frame["n"].astype("int64"),
            "Hele landet": frame["andel_hl"],
            f"Afstand til 80 % i {runde_kode(runde)}": frame["opgave_id"].map(distance),
            THIN: (frame["n"] > 0) & (frame["n"] < MIN_N),
        }
    )
    keep = frame["runde_id"].isin(metrics.rounds_taken_part(conn, kode))
    out.loc[~keep, ["Selvbetjeningsgrad", THIN]] = [None, False]
    return out.sort_values(["Rækkefølge", "Runde"], key=_round_order_key).reset_index(drop=True)


def _round_order_key(series: pd.Series) -> pd.Series:
    if series.name == "Runde":
        return series.map({r.kode: r.id for r in ref.RUNDER})
    return series


def _mix(cells: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts and each channel's share of the total within ``by``."""
    counts = cells.groupby([*by, "kanal_id"])["antal"].sum().reset_index()
    totals = counts.groupby(by)["antal"].transform("sum") if by else counts["antal"].sum()
    counts["andel"] = _ratio(counts["antal"], totals)
    counts["total"] = totals
    return counts


def channel_mix_over_time(
    conn: Connection, kode: int, opgave: int | None, gruppe: str
) -> pd.DataFrame:
    """Each inbound channel's share of a group's contacts per round: kommune and Hele landet."""
    navn = ref.kommune_by_kode()[kode].navn
    parts = []
    frames = both(
        conn, kode, ("runde_id", "kanal_id"), opgave=opgave, gruppe=gruppe, retning=ref.IND
    )
    for area, part in zip((navn, HELE_LANDET), frames, strict=True):
        mix = _mix(part, ["runde_id"])
        mix.insert(0, "area", area)
        parts.append(mix)
    mix = pd.concat(parts, ignore_index=True)
    mix = mix.sort_values(["runde_id", "kanal_id"], kind="stable")
    return pd.DataFrame(
        {
            "Område": mix["area"],
            "Runde": mix["runde_id"].map(runde_kode),
            "Kanal": mix["kanal_id"].map(KANAL_NAVN),
            "Antal": mix["antal"].astype("int64"),
            "Andel": mix["andel"],
            "Henvendelser i runden (n)": mix["total"].astype("int64"),
            THIN: mix["total"] < MIN_N,
        }
    ).reset_index(drop=True)


def _beside(own: pd.DataFrame, nat: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    frame = own.merge(nat, on=key, how="outer", suffixes=("", "_hl"))
    return frame.fillna({"antal": 0, "antal_hl": 0})


def _pattern_frame(frame: pd.DataFrame, labels: dict[str, pd.Series]) -> pd.DataFrame:
    out = pd.DataFrame(labels)
    out["Antal, kommunen"] = frame["antal"].astype("int64")
    out["Andel, kommunen"] = frame["andel"]
    out["Antal, Hele landet"] = frame["antal_hl"].astype("int64")
    out["Andel, Hele landet"] = frame["andel_hl"]
    out[THIN] = frame["total"].fillna(0) < MIN_N
    return out.reset_index(drop=True)


def direction_pattern(
    conn: Connection, kode: int, runde: int, retning: str, gruppe: str | None = None
) -> pd.DataFrame:
    """The channel pattern of all inbound (or outbound) contacts on the 35 opgaver, or of
    one henvendelsestype group's."""
    frames = both(conn, kode, ("kanal_id",), runde=runde, retning=retning, gruppe=gruppe)
    mixes = [_mix(c, []) for c in frames]
    frame = _beside(*mixes, ["kanal_id"]).sort_values("kanal_id")
    frame["total"] = frame["antal"].sum()
    return _pattern_frame(frame, {"Kanal": frame["kanal_id"].map(KANAL_NAVN)})


def type_split(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Inbound contacts split over the six henvendelsestyper."""
    parts = []
    for part in both(conn, kode, ("henvendelsestype_id",), runde=runde, retning=ref.IND):
        counts = part.set_index("henvendelsestype_id")["antal"]
        parts.append(
            pd.DataFrame({"antal": counts, "andel": _ratio(counts, counts.sum() + 0 * counts)})
        )
    frame = _beside(parts[0].reset_index(), parts[1].reset_index(), ["henvendelsestype_id"])
    frame = frame.sort_values("henvendelsestype_id")
    frame["total"] = frame["antal"].sum()
    types = {h.id: h for h in ref.HENVENDELSESTYPER}
    labels = {
        "Henvendelsestype": frame["henvendelsestype_id"].map(lambda h: types[h].navn),
        "Gruppe": frame["henvendelsestype_id"].map(lambda h: ref.GRUPPER[types[h].gruppe]),
    }
    return _pattern_frame(frame, labels)


def group_pattern(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """The inbound channel pattern of each henvendelsestype group."""
    by = ("henvendelsestype_id", "kanal_id")
    mixes = [_mix(c, ["gruppe"]) for c in both(conn, kode, by, runde=runde, retning=ref.IND)]
    mixes[1] = mixes[1].drop(columns="total")
    frame = _beside(*mixes, ["gruppe", "kanal_id"])
    frame["total"] = frame.groupby("gruppe")["antal"].transform("sum")
    order = {g: i for i, g in enumerate(ref.GRUPPER)}
    frame = frame.sort_values(
        ["gruppe", "kanal_id"], key=lambda s: s.map(order) if s.name == "gruppe" else s
    )
    labels = {
        "Gruppe": frame["gruppe"].map(ref.GRUPPER),
        "Kanal": frame["kanal_id"].map(KANAL_NAVN),
    }
    return _pattern_frame(frame, labels)


KEY_KANAL = {
    ref.TRANSAKTIONER: ref.SELVBETJENING,
    ref.GENEREL_INFORMATION: ref.HJEMMESIDE,
    ref.INFORMATION_OM_SAG: ref.HJEMMESIDE,
}


def opgave_channel_table(conn: Connection, kode: int, runde: int, gruppe: str) -> pd.DataFrame:
    """One row per opgave, all 35: each channel's share of the row (none where the
    kommune registered nothing), and a last row 'I alt' over every opgave.

    The last column is Hele landet's share for the group's digital key channel
    (Selvbetjening for transaktioner, Hjemmeside for information).
    """
    kanaler = kanaler_for(gruppe)
    own = cells(conn, kode, ("opgave_id", "kanal_id"), runde=runde, gruppe=gruppe, retning=ref.IND)
    wide = own.pivot_table(
        index="opgave_id", columns="kanal_id", values="antal", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(
        index=[o.id for o in ref.OPGAVER], columns=[k.id for k in kanaler], fill_value=0
    )
    wide.loc[ALL_OPGAVER] = wide.sum()
    total = wide.sum(axis=1)
    names = [opgave_navn(o) if o != ALL_OPGAVER else I_ALT for o in wide.index]
    out = pd.DataFrame({"Opgave": names, "Registreringer": total.astype("int64")})
    for k in kanaler:
        out[k.navn] = _ratio(wide[k.id], total)
    key = KEY_KANAL[gruppe]
    national = _national_key_share(conn, runde, gruppe, key)
    out[f"{KANAL[KANAL_ID[key]].navn}, Hele landet"] = national.reindex(wide.index)
    out[THIN] = total < MIN_N
    return out.reset_index(drop=True)


def _national_key_share(conn: Connection, runde: int, gruppe: str, key: str) -> pd.Series:
    """Hele landet's share of the key channel per opgave, and over all (``ALL_OPGAVER``)."""
    nat = cells(conn, None, ("opgave_id", "kanal_id"), runde=runde, gruppe=gruppe, retning=ref.IND)
    total = nat.groupby("opgave_id")["antal"].sum()
    hit = nat[nat["kanal_id"] == KANAL_ID[key]].groupby("opgave_id")["antal"].sum()
    hit = hit.reindex(total.index, fill_value=0)
    total.loc[ALL_OPGAVER], hit.loc[ALL_OPGAVER] = total.sum(), hit.sum()
    return _ratio(hit, total)


def straks_by_group(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Straksafslutningsgrad (inbound, where registered) per group and for all types
    together, beside Hele landet."""
    rows = []
    own, nat = both(conn, kode, ("henvendelsestype_id",), runde=runde, retning=ref.IND)
    every = tuple(ref.GRUPPER)
    for gruppe, label in [*ref.GRUPPER.items(), (every, ALLE_TYPER)]:
        k = _sums(own, gruppe, "straksafsluttet", "straks_antal")
        h = _sums(nat, gruppe, "straksafsluttet", "straks_antal")
        low, high = metrics.wilson_interval(*k)
        rows.append(
            {
                "Gruppe": label,
                "Straksafsluttet": k[0],
                "Registreret (n)": k[1],
                "Straksafslutningsgrad": k[0] / k[1] if k[1] else None,
                "95 %-interval, nedre": low,
                "95 %-interval, øvre": high,
                "Hele landet": h[0] / h[1] if h[1] else None,
                "Hele landet (n)": h[1],
                THIN: k[1] < MIN_N,
            }
        )
    return _float_columns(pd.DataFrame(rows))


def blanket_split(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Inbound transaktioner with and without a form, as counts and shares, beside Hele
    landet (KL's report: '255 af 851, 30 %'). Only cells where it was registered count."""
    parts = []
    for frame in both(conn, kode, ("henvendelsestype_id",), runde=runde, retning=ref.IND):
        med, n = _sums(frame, ref.TRANSAKTIONER, "med_blanket", "blanket_antal")
        counts = pd.Series([med, n - med], index=["Med blanket", "Uden blanket"])
        parts.append(pd.DataFrame({"antal": counts, "andel": _ratio(counts, float(n))}))
    frame = parts[0].join(parts[1], rsuffix="_hl")
    frame["total"] = frame["antal"].sum()
    return _pattern_frame(frame, {"Blanket": pd.Series(frame.index, index=frame.index)})


def enhed_counts(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Each enhed's inbound and outbound registrations in the round, largest first, with
    the kommune's total as the last row."""
    f, e = schema.fact.c, schema.enhed.c
    stmt = (
        select(e.navn, f.retning, func.sum(f.antal))
        .join_from(schema.fact, schema.enhed, f.enhed_id == e.id)
        .where(f.kommune_kode == kode, f.runde_id == runde)
        .group_by(e.navn, f.retning)
    )
    rows = pd.DataFrame(conn.execute(stmt).all(), columns=["enhed", "retning", "antal"])
    wide = rows.pivot_table(
        index="enhed", columns="retning", values="antal", aggfunc="sum", fill_value=0
    ).reindex(columns=[ref.IND, ref.UD], fill_value=0)
    wide.index = wide.index.map(lambda n: n or "Kommunen (ingen enhed angivet)")
    out = pd.DataFrame(
        {
            "Enhed": wide.index,
            "Indgående": wide[ref.IND].astype("int64").to_numpy(),
            "Udgående": wide[ref.UD].astype("int64").to_numpy(),
        }
    )
    out["I alt"] = out["Indgående"] + out["Udgående"]
    out = out.sort_values(["I alt", "Enhed"], ascending=[False, True])
    total = pd.DataFrame(
        {"Enhed": ["I alt"], **{c: [int(out[c].sum())] for c in ("Indgående", "Udgående", "I alt")}}
    )
    return pd.concat([out, total], ignore_index=True)


def _sums(
    frame: pd.DataFrame, gruppe: str | tuple[str, ...], num: str, den: str
) -> tuple[int, int]:
    """The sums of ``num`` and ``den`` over one group (or a tuple of groups)."""
    groups = (gruppe,) if isinstance(gruppe, str) else gruppe
    part = frame[frame["gruppe"].isin(groups)]
    return int(part[num].sum()), int(part[den].sum())


def opgave_kanal_share(
    conn: Connection, kode: int | None, runde: int, measure: str
) -> pd.DataFrame:
    """Straksafslutningsgrad ("straks") or blanketandel ("blanket") per opgave × kanal,
    for a kommune or (``kode`` None) Hele landet.

    Inbound; blanketandel only for transaktioner (as the measure is defined). Only
    cells where the value was registered count.
    """
    num, den = (
        ("straksafsluttet", "straks_antal")
        if measure == "straks"
        else (
            "med_blanket",
            "blanket_antal",
        )
    )
    gruppe = ref.TRANSAKTIONER if measure == "blanket" else None
    own = cells(conn, kode, ("opgave_id", "kanal_id"), runde=runde, gruppe=gruppe, retning=ref.IND)
    sums = own.groupby(["opgave_id", "kanal_id"])[[num, den]].sum().reset_index()
    sums = sums[sums[den] > 0]
    label = "Straksafsluttet" if measure == "straks" else "Med blanket"
    rate = "Straksafslutningsgrad" if measure == "straks" else "Blanketandel"
    return pd.DataFrame(
        {
            "Opgave": sums["opgave_id"].map(opgave_navn),
            "Kanal": sums["kanal_id"].map(KANAL_NAVN),
            label: sums[num].astype("int64"),
            "Registreret (n)": sums[den].astype("int64"),
            rate: _ratio(sums[num], sums[den]),
            THIN: sums[den] < MIN_N,
        }
    ).reset_index(drop=True)


def opgave_kanal_beside(
    conn: Connection, kode: int, runde: int, measure: str, navn: str
) -> pd.DataFrame:
    """:func:`opgave_kanal_share` for the kommune and for Hele landet, one below the other,
    told apart by the column "Område" (the kommune's opgaver only)."""
    own = opgave_kanal_share(conn, kode, runde, measure)
    national = opgave_kanal_share(conn, None, runde, measure)
    national = national[national["Opgave"].isin(set(own["Opgave"]))]
    return pd.concat(
        [own.assign(Område=navn), national.assign(Område=HELE_LANDET)], ignore_index=True
    )[["Område", *own.columns]]


PUBLISHED_PRICES: dict[str, float] = {ref.SELVBETJENING: 19.0, ref.HJEMMESIDE: 5.0}


def cost_by_group(
    conn: Connection, kode: int, runde: int, prices: dict[str, float | None]
) -> pd.DataFrame:
    """Variable cost of contacts per group and channel: antal × price, the inbound groups
    and then the outbound contacts (all types) as one more group.

    A channel without a price is not costed: its rows have no cost ("Pris" empty),
    and "Kr. pr. henvendelse" counts only the priced contacts.
    """
    parts = []
    frames = both(conn, kode, ("henvendelsestype_id", "kanal_id"), runde=runde)
    for area, cells_ in zip(("kommunen", HELE_LANDET), frames, strict=True):
        cells_ = cells_.copy()
        cells_.loc[cells_["retning"] == ref.UD, "gruppe"] = UDGAAENDE
        counts = cells_.groupby(["gruppe", "kanal_id"])["antal"].sum().rename(area)
        parts.append(counts)
    frame = pd.concat(parts, axis=1).fillna(0).reset_index()
    frame = frame[(frame["kommunen"] > 0) | (frame[HELE_LANDET] > 0)]
    price = frame["kanal_id"].map(lambda k: prices.get(KANAL[k].kode))
    order = {g: i for i, g in enumerate([*ref.GRUPPER, UDGAAENDE])}
    out = pd.DataFrame(
        {
            "Gruppe": frame["gruppe"].map({**ref.GRUPPER, UDGAAENDE: "Udgående (alle typer)"}),
            "Kanal": frame["kanal_id"].map(KANAL_NAVN),
            "Antal": frame["kommunen"].astype("int64"),
            "Pris (kr.)": price.astype("float64"),
            "Omkostning (kr.)": (frame["kommunen"] * price).astype("float64"),
            "Antal, Hele landet": frame[HELE_LANDET].astype("int64"),
            "Omkostning, Hele landet (kr.)": (frame[HELE_LANDET] * price).astype("float64"),
            "_order": frame["gruppe"].map(order) * 100 + frame["kanal_id"],
        }
    )
    return out.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def cost_summary(cost: pd.DataFrame) -> pd.DataFrame:
    """Per group: cost, priced and unpriced contacts, kr. per priced contact (and Hele landet)."""
    priced = cost["Pris (kr.)"].notna()
    rows = []
    for gruppe, part in cost.groupby("Gruppe", sort=False):
        p = priced.loc[part.index]
        own_priced, nat_priced = part.loc[p, "Antal"].sum(), part.loc[p, "Antal, Hele landet"].sum()
        own_cost = part["Omkostning (kr.)"].sum(min_count=1)
        nat_cost = part["Omkostning, Hele landet (kr.)"].sum(min_count=1)
        rows.append(
            {
                "Gruppe": gruppe,
                "Henvendelser": int(part["Antal"].sum()),
                "Prissatte henvendelser": int(own_priced),
                "Omkostning (kr.)": own_cost,
                "Kr. pr. prissat henvendelse": own_cost / own_priced if own_priced else None,
                "Hele landet, kr. pr. prissat henvendelse": nat_cost / nat_priced
                if nat_priced
                else None,
                "Kanaler uden pris": ", ".join(part.loc[~p & (part["Antal"] > 0), "Kanal"]),
            }
        )
    return _float_columns(pd.DataFrame(rows))


def enhed_pattern(
    conn: Connection,
    kode: int,
    runde: int,
    retning: str = ref.IND,
    gruppe: str | None = None,
) -> pd.DataFrame:
    """Channel pattern per enhed (inbound or outbound, all groups or one), read from
    ``fact`` by its primary key prefix.

    The last rows are Hele landet's pattern for comparison; "Selvbetjeningsgrad" is the
    enhed's share of transaktioner via selvbetjening (empty without transaktioner).
    """
    f, e = schema.fact.c, schema.enhed.c
    stmt = (
        select(e.navn, f.henvendelsestype_id, f.kanal_id, func.sum(f.antal))
        .join_from(schema.fact, schema.enhed, f.enhed_id == e.id)
        .where(f.kommune_kode == kode, f.runde_id == runde, f.retning == retning)
        .group_by(e.navn, f.henvendelsestype_id, f.kanal_id)
    )
    if gruppe is not None:
        types = [h.id for h in ref.HENVENDELSESTYPER if h.gruppe == gruppe]
        stmt = stmt.where(f.henvendelsestype_id.in_(types))
    own = pd.DataFrame(conn.execute(stmt).all(), columns=["enhed", "type", "kanal_id", "antal"])
    own["enhed"] = own["enhed"].replace("", "Kommunen (ingen enhed angivet)")
    by = ("henvendelsestype_id", "kanal_id")
    nat = cells(conn, None, by, runde=runde, retning=retning, gruppe=gruppe)
    nat = nat.rename(columns={"henvendelsestype_id": "type"})
    nat["enhed"] = HELE_LANDET
    frame = pd.concat([own, nat[["enhed", "type", "kanal_id", "antal"]]], ignore_index=True)
    return _enhed_frame(frame)


def _enhed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    cells = frame.astype({"antal": "int64"})
    cells["gruppe"] = cells["type"].map(GRUPPE_OF_TYPE)
    mix = _mix(cells, ["enhed"])
    tr = cells[cells["gruppe"] == ref.TRANSAKTIONER]
    tr_n = tr.groupby("enhed")["antal"].sum()
    tr_s = tr[tr["kanal_id"] == SELVBETJENING_ID].groupby("enhed")["antal"].sum()
    grad = _ratio(tr_s.reindex(tr_n.index, fill_value=0), tr_n)
    mix["last"] = mix["enhed"] == HELE_LANDET
    mix = mix.sort_values(["last", "total", "kanal_id"], ascending=[True, False, True])
    return pd.DataFrame(
        {
            "Enhed": mix["enhed"],
            "Kanal": mix["kanal_id"].map(KANAL_NAVN),
            "Antal": mix["antal"].astype("int64"),
            "Andel": mix["andel"],
            "Registreringer i enheden": mix["total"].astype("int64"),
            "Selvbetjeningsgrad": mix["enhed"].map(grad).astype("float64"),
            THIN: mix["total"] < MIN_N,
        }
    ).reset_index(drop=True)
