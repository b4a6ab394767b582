"""The data behind the kommune page: one pandas DataFrame per chart or table.

A kommune's numbers come from ``channel_totals`` (its primary key starts with the
kommunekode), Hele landet's from ``national_channel_totals``, each read once into an
array (landkort/views/kommune_cube.py) and cut there with numpy: a page's twenty frames
cost a few ms each instead of ~25 ms of pandas overhead on tiny frames. Per enhed the
page reads ``fact`` once per kommune and round (same key prefix). No query scans
``fact``. Every frame has Danish column headers: it is what the chart shows and what
the 'Hent data' file holds. Shares are fractions (0–1); n is the denominator; rows
resting on fewer than ``MIN_N`` registrations are flagged in "Få registreringer".
A kommune that did not take part in a round has no rows for it, never zeros.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from landkort import metrics, schema
from landkort import reference as ref
from landkort.kept import Kept
from landkort.views.kommune_cube import VALUES, Cube, kommune_cube, national_cube
from landkort.views.map import MIN_N

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


def kanaler_for(gruppe: str, retning: str = ref.IND) -> tuple[ref.Kanal, ...]:
    """The channels a group can use (Hjemmeside only for the information groups)."""
    return tuple(
        k
        for k in ref.KANALER
        if k.retning == retning and not (k.kun_information and gruppe == ref.TRANSAKTIONER)
    )


RETNING_OF_KANAL = {k.id: k.retning for k in ref.KANALER}
KANAL_NAVN = {k.id: k.navn for k in ref.KANALER}


def _frame(rows: np.ndarray, by: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*by, *VALUES], dtype="int64")
    if "henvendelsestype_id" in by:
        frame["gruppe"] = frame["henvendelsestype_id"].map(GRUPPE_OF_TYPE).astype(object)
    if "kanal_id" in by:
        frame["retning"] = frame["kanal_id"].map(RETNING_OF_KANAL).astype(object)
    return frame


def cube(conn: Connection, kode: int | None) -> Cube:
    """A kommune's cells, or Hele landet's (``kode`` None), each read once and kept until
    the data change (landkort/views/kommune_cube.py)."""
    return national_cube(conn) if kode is None else kommune_cube(conn, kode)


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
    """Channel totals summed to the columns ``by``, for a kommune or Hele landet (``kode``
    None), narrowed to a round, opgave, group and direction: one row per group with rows."""
    ids, sums = cube(conn, kode).cut(by, runde=runde, opgave=opgave, gruppe=gruppe, retning=retning)
    return _frame(np.hstack([ids, sums]), by)


def both(conn: Connection, kode: int, by: tuple[str, ...], **filters) -> list[pd.DataFrame]:
    """The same cells for the kommune and for Hele landet."""
    return [cells(conn, kode, by, **filters), cells(conn, None, by, **filters)]


def _group_sums(cube_: Cube, by: tuple[str, ...], value: str = "antal", **filters) -> dict:
    """One value's sums per group (a tuple of ids) of ``by``, for the groups with rows."""
    ids, sums = cube_.cut(by, **filters)
    column = VALUES.index(value)
    return dict(zip(map(tuple, ids.tolist()), sums[:, column].tolist(), strict=True))


def _text(values: list[str]) -> pd.Series:
    """Labels as pandas' string dtype, also when there are none."""
    return pd.Series(values, dtype="str")


def _share(num: float, den: float) -> float:
    return num / den if den > 0 else np.nan


def runde_kode(runde: int) -> str:
    return ref.RUNDER[runde - 1].kode


def opgave_navn(opgave: int) -> str:
    return ref.OPGAVER[opgave - 1].navn


def self_service(
    conn: Connection, kode: int | None, by: tuple[str, ...], *, opgave: int | None = None
) -> dict[tuple, tuple[int, int]]:
    """Selvbetjening and all inbound transaktioner (selv, n) per group of ``by`` that has
    rows, in ascending order of the groups."""
    cube_ = cube(conn, kode)
    filters = {"opgave": opgave, "gruppe": ref.TRANSAKTIONER, "retning": ref.IND}
    n = _group_sums(cube_, by, **filters)
    selv = _group_sums(cube_, by, kanaler=[SELVBETJENING_ID], **filters)
    return {key: (selv.get(key, 0), total) for key, total in n.items()}


def selvbetjening_series(conn: Connection, kode: int, opgave: int | None = None) -> pd.DataFrame:
    """Selvbetjeningsgrad per round with interval and n, beside Hele landet.

    One row per round that holds data anywhere; "Deltog" says whether the kommune
    took part (its figures are empty when it did not).
    """
    own, nat = (self_service(conn, k, ("runde_id",), opgave=opgave) for k in (kode, None))
    taken = set(metrics.rounds_taken_part(conn, kode))
    rows = []
    for (runde,), (nat_selv, nat_n) in nat.items():
        selv, n = own.get((runde,), (0, 0))
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
                "Hele landet": nat_selv / nat_n if nat_n else None,
                "Hele landet (n)": nat_n,
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
    One row per opgave and round with transaktioner in Hele landet.
    """
    by = ("opgave_id", "runde_id")
    own, nat = (self_service(conn, k, by) for k in (kode, None))
    taken = set(metrics.rounds_taken_part(conn, kode))
    share = {key: _share(*own.get(key, (0, 0))) for key in nat}
    now = {opgave: share[(opgave, r)] for opgave, r in nat if r == runde}
    distance = pd.Series(
        [now.get(o.id, np.nan) - ref.MAAL_SELVBETJENING for o in ref.OPGAVER],
        index=[o.id for o in ref.OPGAVER],
    )
    order = distance.sort_values(na_position="last").index.tolist()
    rank = {opgave: i + 1 for i, opgave in enumerate(order)}
    keys = sorted(nat, key=lambda key: (rank[key[0]], key[1]))
    n = np.array([own.get(key, (0, 0))[1] for key in keys], dtype="int64")
    kept = np.array([r in taken for _, r in keys], dtype=bool)
    return pd.DataFrame(
        {
            "Rækkefølge": np.array([rank[o] for o, _ in keys], dtype="int64"),
            "Opgave": _text([opgave_navn(o) for o, _ in keys]),
            "Runde": _text([runde_kode(r) for _, r in keys]),
            "Selvbetjeningsgrad": np.where(kept, [share[key] for key in keys], np.nan),
            "Transaktioner (n)": n,
            "Hele landet": np.array([_share(*nat[key]) for key in keys], dtype="float64"),
            f"Afstand til 80 % i {runde_kode(runde)}": distance.loc[[o for o, _ in keys]].to_numpy(
                dtype="float64"
            ),
            THIN: kept & (n > 0) & (n < MIN_N),
        }
    )


def channel_mix_over_time(
    conn: Connection, kode: int, opgave: int | None, gruppe: str
) -> pd.DataFrame:
    """Each inbound channel's share of a group's contacts per round: kommune and Hele landet."""
    navn = ref.kommune_by_kode()[kode].navn
    rows = []
    for area, code in ((navn, kode), (HELE_LANDET, None)):
        counts = _group_sums(
            cube(conn, code), ("runde_id", "kanal_id"), opgave=opgave, gruppe=gruppe,
            retning=ref.IND,
        )  # fmt: skip
        totals: dict[int, int] = {}
        for (runde, _), antal in counts.items():
            totals[runde] = totals.get(runde, 0) + antal
        rows += [(r, k, len(rows), area, a, totals[r]) for (r, k), a in counts.items()]
    rows.sort(key=lambda row: row[:3])  # by round and channel, the kommune first
    total = np.array([row[5] for row in rows], dtype="int64")
    return pd.DataFrame(
        {
            "Område": _text([row[3] for row in rows]),
            "Runde": _text([runde_kode(row[0]) for row in rows]),
            "Kanal": _text([KANAL_NAVN[row[1]] for row in rows]),
            "Antal": np.array([row[4] for row in rows], dtype="int64"),
            "Andel": np.array([_share(row[4], row[5]) for row in rows], dtype="float64"),
            "Henvendelser i runden (n)": total,
            THIN: total < MIN_N,
        }
    )


def _pattern(
    labels: dict[str, list], own: list[int | None], nat: list[int | None], totals: list
) -> pd.DataFrame:
    """The kommune's and Hele landet's counts and shares side by side, a row per label.

    ``own`` and ``nat`` hold None where the area has no row (its share is then empty);
    ``totals`` the (kommune's, Hele landet's) denominators of each row. A row rests on
    few registrations when the kommune's denominator is under MIN_N."""
    own_total = [t[0] for t in totals]
    return pd.DataFrame(
        {
            **{name: _text(values) for name, values in labels.items()},
            "Antal, kommunen": np.array([a or 0 for a in own], dtype="int64"),
            "Andel, kommunen": _shares(own, own_total),
            "Antal, Hele landet": np.array([a or 0 for a in nat], dtype="int64"),
            "Andel, Hele landet": _shares(nat, [t[1] for t in totals]),
            THIN: np.array(own_total, dtype="int64") < MIN_N,
        }
    )


def _shares(counts: list[int | None], totals: list[int]) -> np.ndarray:
    shares = [np.nan if a is None else _share(a, t) for a, t in zip(counts, totals, strict=True)]
    return np.array(shares, dtype="float64")


def _beside(own: dict, nat: dict, labels: dict) -> pd.DataFrame:
    """:func:`_pattern` over every key either area has, shares of each area's total."""
    keys = sorted(own.keys() | nat.keys())
    totals = [(sum(own.values()), sum(nat.values()))] * len(keys)
    columns = {name: [label(key) for key in keys] for name, label in labels.items()}
    return _pattern(columns, [own.get(k) for k in keys], [nat.get(k) for k in keys], totals)


def _both_sums(conn: Connection, kode: int, by: tuple[str, ...], **filters) -> list[dict]:
    """:func:`_group_sums` of antal for the kommune and for Hele landet, keys unpacked
    when ``by`` is one column."""
    sums = [_group_sums(cube(conn, k), by, **filters) for k in (kode, None)]
    return [{k[0]: v for k, v in s.items()} if len(by) == 1 else s for s in sums]


def direction_pattern(
    conn: Connection, kode: int, runde: int, retning: str, gruppe: str | None = None
) -> pd.DataFrame:
    """The channel pattern of all inbound (or outbound) contacts on the 35 opgaver, or of
    one henvendelsestype group's."""
    own, nat = _both_sums(conn, kode, ("kanal_id",), runde=runde, retning=retning, gruppe=gruppe)
    return _beside(own, nat, {"Kanal": KANAL_NAVN.__getitem__})


def type_split(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Inbound contacts split over the six henvendelsestyper."""
    own, nat = _both_sums(conn, kode, ("henvendelsestype_id",), runde=runde, retning=ref.IND)
    types = {h.id: h for h in ref.HENVENDELSESTYPER}
    labels = {
        "Henvendelsestype": lambda h: types[h].navn,
        "Gruppe": lambda h: ref.GRUPPER[types[h].gruppe],
    }
    return _beside(own, nat, labels)


def group_pattern(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """The inbound channel pattern of each henvendelsestype group."""
    own, nat, totals = {}, {}, {}
    for gruppe in ref.GRUPPER:
        counts = _both_sums(conn, kode, ("kanal_id",), runde=runde, gruppe=gruppe, retning=ref.IND)
        own |= {(gruppe, k): a for k, a in counts[0].items()}
        nat |= {(gruppe, k): a for k, a in counts[1].items()}
        totals[gruppe] = (sum(counts[0].values()), sum(counts[1].values()))
    found = own.keys() | nat.keys()
    keys = [(g, k) for g in ref.GRUPPER for k in sorted({k for gg, k in found if gg == g})]
    labels = {
        "Gruppe": [ref.GRUPPER[g] for g, _ in keys],
        "Kanal": [KANAL_NAVN[k] for _, k in keys],
    }
    own_rows, nat_rows = [own.get(k) for k in keys], [nat.get(k) for k in keys]
    return _pattern(labels, own_rows, nat_rows, [totals[g] for g, _ in keys])


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
    own = _group_sums(
        cube(conn, kode), ("opgave_id", "kanal_id"), runde=runde, gruppe=gruppe,
        retning=ref.IND, kanaler=[k.id for k in kanaler],
    )  # fmt: skip
    wide = np.zeros((len(ref.OPGAVER) + 1, len(kanaler)), dtype="int64")
    column = {k.id: i for i, k in enumerate(kanaler)}
    for (opgave, kanal), antal in own.items():
        wide[opgave - 1, column[kanal]] = antal
    wide[-1] = wide[:-1].sum(axis=0)
    total = wide.sum(axis=1)
    index = [*(o.id for o in ref.OPGAVER), ALL_OPGAVER]
    out = pd.DataFrame({"Opgave": [*(o.navn for o in ref.OPGAVER), I_ALT], "Registreringer": total})
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in kanaler:
            out[k.navn] = np.where(total > 0, wide[:, column[k.id]] / total, np.nan)
    key = KEY_KANAL[gruppe]
    national = _national_key_share(conn, runde, gruppe, key)
    out[f"{KANAL[KANAL_ID[key]].navn}, Hele landet"] = [national.get(o, np.nan) for o in index]
    out[THIN] = total < MIN_N
    return out


def _national_key_share(conn: Connection, runde: int, gruppe: str, key: str) -> dict:
    """Hele landet's share of the key channel per opgave with rows, and over all
    (``ALL_OPGAVER``)."""
    nat = cube(conn, None)
    filters = {"runde": runde, "gruppe": gruppe, "retning": ref.IND}
    total = {o: n for (o,), n in _group_sums(nat, ("opgave_id",), **filters).items()}
    hit = _group_sums(nat, ("opgave_id",), kanaler=[KANAL_ID[key]], **filters)
    shares = {o: _share(hit.get((o,), 0), n) for o, n in total.items()}
    if total:
        shares[ALL_OPGAVER] = _share(sum(v for v in hit.values()), sum(total.values()))
    return shares


def straks_by_group(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Straksafslutningsgrad (inbound, where registered) per group and for all types
    together, beside Hele landet."""
    rows = []
    own, nat = cube(conn, kode), cube(conn, None)
    every = tuple(ref.GRUPPER)
    for gruppe, label in [*ref.GRUPPER.items(), (every, ALLE_TYPER)]:
        k = _totals(own, runde, gruppe, "straksafsluttet", "straks_antal")
        h = _totals(nat, runde, gruppe, "straksafsluttet", "straks_antal")
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
    own, nat = (
        _totals(cube(conn, k), runde, ref.TRANSAKTIONER, "med_blanket", "blanket_antal")
        for k in (kode, None)
    )
    labels = {"Blanket": ["Med blanket", "Uden blanket"]}
    return _pattern(
        labels, [own[0], own[1] - own[0]], [nat[0], nat[1] - nat[0]], [(own[1], nat[1])] * 2
    )


def _totals(
    cube_: Cube, runde: int, gruppe: str | tuple[str, ...], num: str, den: str
) -> tuple[int, int]:
    """The inbound sums of ``num`` and ``den`` in a round over one group (or several)."""
    _, sums = cube_.cut((), runde=runde, gruppe=gruppe, retning=ref.IND)
    if not len(sums):
        return 0, 0
    return int(sums[0, VALUES.index(num)]), int(sums[0, VALUES.index(den)])


def enhed_counts(conn: Connection, kode: int, runde: int) -> pd.DataFrame:
    """Each enhed's inbound and outbound registrations in the round, largest first, with
    the kommune's total as the last row."""
    counts: dict[str, dict[str, int]] = {}
    for navn, retning, _, _, antal in enhed_cells(conn, kode, runde):
        row = counts.setdefault(navn, {ref.IND: 0, ref.UD: 0})
        row[retning] = row.get(retning, 0) + antal
    rows = sorted(
        ((navn, c[ref.IND], c[ref.UD], c[ref.IND] + c[ref.UD]) for navn, c in counts.items()),
        key=lambda row: (-row[3], row[0]),
    )
    rows.append(("I alt", *(sum(row[i] for row in rows) for i in (1, 2, 3))))
    return pd.DataFrame(
        {
            "Enhed": _text([row[0] for row in rows]),
            **{
                name: np.array([row[i] for row in rows], dtype="int64")
                for i, name in enumerate(("Indgående", "Udgående", "I alt"), start=1)
            },
        }
    )


NO_ENHED = "Kommunen (ingen enhed angivet)"
_ENHED_CELLS: Kept[list] = Kept(64)


def enhed_cells(conn: Connection, kode: int, runde: int) -> list[tuple[str, str, int, int, int]]:
    """The kommune's registrations in a round per (enhed's name, retning, henvendelsestype,
    kanal) from ``fact`` (primary key prefix kommune, runde), read once for the page's
    four enhed charts and kept per data version. Cells without enhed under NO_ENHED."""

    def build() -> list[tuple[str, str, int, int, int]]:
        f, e = schema.fact.c, schema.enhed.c
        stmt = (
            select(e.navn, f.retning, f.henvendelsestype_id, f.kanal_id, func.sum(f.antal))
            .join_from(schema.fact, schema.enhed, f.enhed_id == e.id)
            .where(f.kommune_kode == kode, f.runde_id == runde)
            .group_by(e.navn, f.retning, f.henvendelsestype_id, f.kanal_id)
        )
        rows = conn.execute(stmt)
        return [(navn or NO_ENHED, r, int(t), int(k), int(a)) for navn, r, t, k, a in rows]

    return _ENHED_CELLS.get(conn, (kode, runde), build)


def opgave_kanal_share(
    conn: Connection, kode: int | None, runde: int, measure: str
) -> pd.DataFrame:
    """Straksafslutningsgrad ("straks") or blanketandel ("blanket") per opgave × kanal,
    for a kommune or (``kode`` None) Hele landet.

    Inbound; blanketandel only for transaktioner (as the measure is defined). Only
    cells where the value was registered count.
    """
    return _share_frame(_share_cells(conn, kode, runde, measure), measure)


def _share_cells(conn: Connection, kode: int | None, runde: int, measure: str) -> tuple:
    """(opgave names, kanal names, hits, registered) of the cells with registrations;
    Hele landet's kept per data version (every kommune page of the round shows it)."""
    if kode is None:
        return _NATIONAL_SHARES.get(
            conn, (runde, measure), lambda: _cut_share_cells(conn, None, runde, measure)
        )
    return _cut_share_cells(conn, kode, runde, measure)


_NATIONAL_SHARES: Kept[tuple] = Kept(64)


def _cut_share_cells(conn: Connection, kode: int | None, runde: int, measure: str) -> tuple:
    num, den = (
        ("straksafsluttet", "straks_antal") if measure == "straks"
        else ("med_blanket", "blanket_antal")
    )  # fmt: skip
    gruppe = ref.TRANSAKTIONER if measure == "blanket" else None
    by = ("opgave_id", "kanal_id")
    ids, sums = cube(conn, kode).cut(by, runde=runde, gruppe=gruppe, retning=ref.IND)
    hits, n = sums[:, VALUES.index(num)], sums[:, VALUES.index(den)]
    keep = n > 0
    ids, hits, n = ids[keep], hits[keep], n[keep]
    opgaver = [opgave_navn(o) for o in ids[:, 0].tolist()]
    return opgaver, [KANAL_NAVN[k] for k in ids[:, 1].tolist()], hits, n


def _share_frame(cells: tuple, measure: str, area: list[str] | None = None) -> pd.DataFrame:
    opgaver, kanaler, hits, n = cells
    label = "Straksafsluttet" if measure == "straks" else "Med blanket"
    rate = "Straksafslutningsgrad" if measure == "straks" else "Blanketandel"
    columns = {} if area is None else {"Område": _text(area)}
    return pd.DataFrame(
        {
            **columns,
            "Opgave": _text(opgaver),
            "Kanal": _text(kanaler),
            label: hits,
            "Registreret (n)": n,
            rate: hits / n,
            THIN: n < MIN_N,
        }
    )


def opgave_kanal_beside(
    conn: Connection, kode: int, runde: int, measure: str, navn: str
) -> pd.DataFrame:
    """:func:`opgave_kanal_share` for the kommune and for Hele landet, one below the other,
    told apart by the column "Område" (the kommune's opgaver only)."""
    own = _share_cells(conn, kode, runde, measure)
    national = _share_cells(conn, None, runde, measure)
    mine = set(own[0])
    keep = np.fromiter((o in mine for o in national[0]), dtype=bool, count=len(national[0]))
    cells = (
        own[0] + [o for o, k in zip(national[0], keep.tolist(), strict=True) if k],
        own[1] + [o for o, k in zip(national[1], keep.tolist(), strict=True) if k],
        np.concatenate([own[2], national[2][keep]]),
        np.concatenate([own[3], national[3][keep]]),
    )
    area = [navn] * len(own[0]) + [HELE_LANDET] * int(keep.sum())
    return _share_frame(cells, measure, area)


PUBLISHED_PRICES: dict[str, float] = {ref.SELVBETJENING: 19.0, ref.HJEMMESIDE: 5.0}


def cost_by_group(
    conn: Connection, kode: int, runde: int, prices: dict[str, float | None]
) -> pd.DataFrame:
    """Variable cost of contacts per group and channel: antal × price, the inbound groups
    and then the outbound contacts (all types) as one more group.

    A channel without a price is not costed: its rows have no cost ("Pris" empty),
    and "Kr. pr. henvendelse" counts only the priced contacts.
    """
    areas = []
    for code in (kode, None):
        counts: dict[tuple[str, int], int] = {}
        for gruppe, filters in _COST_GROUPS.items():
            part = _group_sums(cube(conn, code), ("kanal_id",), runde=runde, **filters)
            counts |= {(gruppe, k): a for (k,), a in part.items()}
        areas.append(counts)
    order = {g: i for i, g in enumerate([*ref.GRUPPER, UDGAAENDE])}
    keys = sorted(
        (key for key in areas[0].keys() | areas[1] if areas[0].get(key) or areas[1].get(key)),
        key=lambda key: order[key[0]] * 100 + key[1],
    )
    own = np.array([areas[0].get(key, 0) for key in keys], dtype="int64")
    nat = np.array([areas[1].get(key, 0) for key in keys], dtype="int64")
    price = np.array(
        [np.nan if (p := prices.get(KANAL[k].kode)) is None else p for _, k in keys],
        dtype="float64",
    )
    names = {**ref.GRUPPER, UDGAAENDE: "Udgående (alle typer)"}
    return pd.DataFrame(
        {
            "Gruppe": _text([names[g] for g, _ in keys]),
            "Kanal": _text([KANAL_NAVN[k] for _, k in keys]),
            "Antal": own,
            "Pris (kr.)": price,
            "Omkostning (kr.)": own * price,
            "Antal, Hele landet": nat,
            "Omkostning, Hele landet (kr.)": nat * price,
        }
    )


# The cost table's groups: each inbound group's own contacts, and all outbound ones.
_COST_GROUPS = {
    **{g: {"gruppe": g, "retning": ref.IND} for g in ref.GRUPPER},
    UDGAAENDE: {"retning": ref.UD},
}


def cost_summary(cost: pd.DataFrame) -> pd.DataFrame:
    """Per group: cost, priced and unpriced contacts, kr. per priced contact (and Hele landet)."""
    groups: dict[str, list[dict]] = {}
    for row in cost.to_dict("records"):
        groups.setdefault(row["Gruppe"], []).append(row)
    rows = []
    for gruppe, part in groups.items():
        priced = [r for r in part if not pd.isna(r["Pris (kr.)"])]
        own_priced = sum(r["Antal"] for r in priced)
        nat_priced = sum(r["Antal, Hele landet"] for r in priced)
        own_cost = _sum_or_nan(r["Omkostning (kr.)"] for r in part)
        nat_cost = _sum_or_nan(r["Omkostning, Hele landet (kr.)"] for r in part)
        unpriced = [r["Kanal"] for r in part if pd.isna(r["Pris (kr.)"]) and r["Antal"] > 0]
        rows.append(
            {
                "Gruppe": gruppe,
                "Henvendelser": int(sum(r["Antal"] for r in part)),
                "Prissatte henvendelser": int(own_priced),
                "Omkostning (kr.)": own_cost,
                "Kr. pr. prissat henvendelse": own_cost / own_priced if own_priced else None,
                "Hele landet, kr. pr. prissat henvendelse": nat_cost / nat_priced
                if nat_priced
                else None,
                "Kanaler uden pris": ", ".join(unpriced),
            }
        )
    return _float_columns(pd.DataFrame(rows))


def _sum_or_nan(values) -> float:
    """The sum of the numbers that are there; NaN when none is (pandas' min_count=1)."""
    known = [float(v) for v in values if not pd.isna(v)]
    return float(sum(known)) if known else np.nan


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
    types = {h.id for h in ref.HENVENDELSESTYPER if gruppe is None or h.gruppe == gruppe}
    own = [
        (navn, t, k, a) for navn, r, t, k, a in enhed_cells(conn, kode, runde)
        if r == retning and t in types
    ]  # fmt: skip
    nat = _group_sums(
        cube(conn, None), ("henvendelsestype_id", "kanal_id"), runde=runde, retning=retning,
        gruppe=gruppe,
    )  # fmt: skip
    return _enhed_frame(own + [(HELE_LANDET, t, k, a) for (t, k), a in nat.items()])


def _enhed_frame(cells: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    """Per (enhed, kanal): count, share of the enhed's total, the enhed's total and its
    selvbetjeningsgrad; the enheder largest first, Hele landet last."""
    mix: dict[tuple[str, int], int] = {}
    totals: dict[str, int] = {}
    transaktioner: dict[str, list[int]] = {}  # enhed -> [selvbetjening, all]
    for enhed, type_, kanal, antal in cells:
        mix[(enhed, kanal)] = mix.get((enhed, kanal), 0) + antal
        totals[enhed] = totals.get(enhed, 0) + antal
        if GRUPPE_OF_TYPE[type_] == ref.TRANSAKTIONER:
            tr = transaktioner.setdefault(enhed, [0, 0])
            tr[0] += antal if kanal == SELVBETJENING_ID else 0
            tr[1] += antal
    keys = sorted(mix, key=lambda k: (k[0] == HELE_LANDET, -totals[k[0]], k[1], k[0]))
    total = np.array([totals[e] for e, _ in keys], dtype="int64")
    grad = {e: _share(*tr) for e, tr in transaktioner.items()}
    return pd.DataFrame(
        {
            "Enhed": _text([e for e, _ in keys]),
            "Kanal": _text([KANAL_NAVN[k] for _, k in keys]),
            "Antal": np.array([mix[key] for key in keys], dtype="int64"),
            "Andel": np.array([_share(mix[(e, k)], totals[e]) for e, k in keys], dtype="float64"),
            "Registreringer i enheden": total,
            "Selvbetjeningsgrad": np.array([grad.get(e, np.nan) for e, _ in keys], dtype="float64"),
            THIN: total < MIN_N,
        }
    )
