"""Resolve every row of a file to reference ids and collect every problem.

Work is vectorised: each column's distinct values go through ``landkort.lookup`` once
and are mapped back onto the rows, so a million-row file costs a few dozen lookups,
not a million. Python loops run over bad rows only, to word their problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landkort import lookup
from landkort import reference as ref
from landkort.importer import columns
from landkort.importer.columns import LONG, ChannelColumn, Layout
from landkort.importer.numbers import Counts, bad_count_reason, parse_counts
from landkort.importer.problems import Problem
from landkort.importer.reading import RawTable
from landkort.importer.texts import enhed_refusal, refusal
from landkort.store import CELL_COLUMNS

REFUSED, MISSING, UNKNOWN = -3, -2, -1  # REFUSED: a formula, markup or control character
IND, UD = 0, 1

_KANAL = {k.id: k for k in ref.KANALER}
_KANAL_RETNING = np.full(max(_KANAL) + 1, -1, dtype=np.int64)
_KANAL_KUN_INFO = np.zeros(max(_KANAL) + 1, dtype=bool)
for _k in ref.KANALER:
    _KANAL_RETNING[_k.id] = IND if _k.retning == ref.IND else UD
    _KANAL_KUN_INFO[_k.id] = _k.kun_information
_TRANSAKTION = np.zeros(max(h.id for h in ref.HENVENDELSESTYPER) + 1, dtype=bool)
for _h in ref.HENVENDELSESTYPER:
    _TRANSAKTION[_h.id] = _h.gruppe == ref.TRANSAKTIONER
_RETNING_TEXT = {IND: ref.IND, UD: ref.UD}
_RETNING_NAME = {IND: "indgående", UD: "udgående"}


@dataclass
class Validated:
    cells: pd.DataFrame  # store.CELL_COLUMNS; empty when there are problems
    problems: list[Problem]
    rows_read: int  # data rows in the file


@dataclass
class Keys:
    """The resolved key columns of every data row (UNKNOWN/MISSING where bad)."""

    kommune: np.ndarray
    runde: np.ndarray
    enhed: np.ndarray  # object array of stripped names ('' = the kommune as a whole)
    enhed_code: np.ndarray  # a small int per distinct enhed, for duplicate detection
    opgave: np.ndarray
    henvendelsestype: np.ndarray
    retning: np.ndarray  # IND, UD or UNKNOWN/MISSING

    def valid(self) -> np.ndarray:
        ok = np.ones(len(self.kommune), dtype=bool)
        for ids in (self.kommune, self.runde, self.opgave, self.henvendelsestype, self.retning):
            ok &= ids >= 0
        return ok & (self.enhed_code >= 0)


class Checker:
    """Validates one table; ``problems`` collects everything found."""

    def __init__(self, table: RawTable, layout: Layout):
        self.table = table
        self.layout = layout
        self.problems: list[Problem] = []

    # -- problem reporting (loops over bad rows only) --

    def report(
        self,
        name_or_position: str | int,
        bad: np.ndarray,
        explain: Callable[[str, int], str],
        suggest: Callable[[str], str | None] | None = None,
    ) -> None:
        """Add a problem for each row where ``bad``; ``explain(value, index)`` words it."""
        position = self._position(name_or_position)
        texts = self.table.data[position]
        header = self.layout.header[position]
        suggestions: dict[str, str | None] = {}
        for i in np.flatnonzero(bad):
            value = texts.iat[i]
            if suggest is not None and value not in suggestions:
                suggestions[value] = suggest(value)
            self.problems.append(
                Problem(
                    self.table.file,
                    int(self.table.rows[i]),
                    header,
                    value,
                    explain(value, i),
                    suggestions.get(value),
                )
            )

    def _position(self, name_or_position: str | int) -> int:
        if isinstance(name_or_position, int):
            return name_or_position
        return self.layout.positions[name_or_position]

    # -- key columns --

    def resolve(
        self, name: str, resolver: Callable[[str], object], kind: str, label: str
    ) -> np.ndarray:
        """Map a key column through ``resolver`` value by distinct value."""
        texts = self.table.data[self.layout.positions[name]]
        codes, uniques = pd.factorize(texts)
        reasons = {u: refusal(u) for u in uniques}
        mapped = np.array(
            [
                MISSING if not str(u).strip() else REFUSED if reasons[u] else _as_id(resolver(u))
                for u in uniques
            ],
            dtype=np.int64,
        )
        ids = mapped[codes] if len(codes) else np.zeros(0, dtype=np.int64)
        self.report(name, ids == REFUSED, lambda v, _i: reasons[v])
        self.report(name, ids == MISSING, lambda _v, _i: f"{label} mangler")
        self.report(
            name,
            ids == UNKNOWN,
            lambda _v, _i: _unknown_text(kind),
            lambda v: lookup.suggest(v, kind),
        )
        return ids

    def keys(self) -> Keys:
        retning = self.resolve("retning", _retning_code, "retning", "retning")
        return Keys(
            kommune=self.resolve("kommunekode", lookup.resolve_kommune, "kommune", "kommunekode"),
            runde=self.resolve("runde", lookup.resolve_runde, "runde", "runde"),
            opgave=self.resolve("opgave", lookup.resolve_opgave, "opgave", "opgave"),
            henvendelsestype=self.resolve(
                "henvendelsestype",
                lookup.resolve_henvendelsestype,
                "henvendelsestype",
                "henvendelsestype",
            ),
            retning=retning,
            **self.enhed(),
        )

    def enhed(self) -> dict[str, np.ndarray]:
        n = len(self.table.data)
        if "enhed" not in self.layout.positions:
            return {"enhed": np.full(n, "", dtype=object), "enhed_code": np.zeros(n, np.int64)}
        # Distinct values as written (a leading tab is refused), then by name: ' Jobcenter'
        # and 'Jobcenter' are the same enhed.
        raw_codes, uniques = pd.factorize(self.table.data[self.layout.positions["enhed"]])
        reasons = {u: enhed_refusal(u) for u in uniques}
        name_codes, names = pd.factorize(pd.Series([u.strip() for u in uniques], dtype=object))
        refused = np.array([reasons[u] is not None for u in uniques], dtype=bool)
        bad = refused[raw_codes] if n else np.zeros(0, dtype=bool)
        self.report("enhed", bad, lambda v, _i: reasons[v])
        codes = name_codes[raw_codes] if n else np.zeros(0, dtype=np.int64)
        codes = np.where(bad, UNKNOWN, codes).astype(np.int64)
        names = np.asarray(names, dtype=object)
        return {"enhed": names[np.maximum(codes, 0)] if n else names[:0], "enhed_code": codes}

    # -- counts --

    def counts(self, name_or_position: str | int, label: str, *, required: bool) -> Counts:
        position = self._position(name_or_position)
        parsed = parse_counts(self.table.data[position])
        self.report(position, parsed.bad, lambda v, _i: bad_count_reason(v, label))
        if required:
            self.report(position, parsed.empty, lambda _v, _i: f"{label} mangler")
        return parsed

    def not_above(self, name: str, part: Counts, antal: Counts) -> None:
        """straksafsluttet/med_blanket must not exceed antal."""
        above = ~part.bad & ~part.empty & ~antal.bad & ~antal.empty & (part.values > antal.values)
        self.report(
            name,
            above,
            lambda v, i: f"{name} ({v.strip()}) er større end antal ({antal.values[i]})",
        )

    # -- channels --

    def not_allowed(self, kommune: np.ndarray, allowed: frozenset[int]) -> None:
        """Rows for a kommune outside ``allowed`` (the account's), one problem each."""
        bad = (kommune >= 0) & ~np.isin(kommune, np.array(sorted(allowed), dtype=np.int64))
        names = {k.kode: k.navn for k in ref.KOMMUNER}
        self.report(
            "kommunekode",
            bad,
            lambda _v, i: (
                f"din konto må ikke indlæse data for {names.get(int(kommune[i]), kommune[i])} "
                "Kommune; fjern rækken eller bed KL om at indlæse den"
            ),
        )

    def wrong_direction(
        self, position: int, bad: np.ndarray, kanal: np.ndarray, retning: np.ndarray
    ) -> None:
        def explain(_v: str, i: int) -> str:
            k = _KANAL[int(kanal[i])]
            only = _RETNING_NAME[IND if k.retning == ref.IND else UD]
            return (
                f'kanalen "{k.navn}" ({k.kode}) findes kun for {only} henvendelser, '
                f'men rækken har retning "{_RETNING_TEXT[int(retning[i])]}"'
            )

        self.report(position, bad, explain)

    def info_only(self, position: int, bad: np.ndarray) -> None:
        self.report(
            position,
            bad,
            lambda _v, _i: (
                'kanalen "Hjemmeside" bruges kun til informationshenvendelser (Generel '
                "information og Information om sag), ikke til Transaktioner"
            ),
        )

    # -- duplicates --

    def duplicates(self, keys: Keys, valid: np.ndarray, kanal: np.ndarray | None) -> None:
        """Report every row that repeats an earlier row's cell, naming both rows."""
        parts = [
            keys.kommune,
            keys.runde,
            keys.enhed_code,
            keys.opgave,
            keys.henvendelsestype,
            keys.retning,
        ]
        if kanal is not None:
            parts.append(kanal)
        index = np.flatnonzero(valid)
        if len(index) < 2:
            return
        frame = pd.DataFrame({i: p[index] for i, p in enumerate(parts)})
        repeated = frame.duplicated(keep=False).to_numpy()
        if not repeated.any():
            return
        sub = frame[repeated]
        first = (
            pd.Series(index[repeated])
            .groupby([sub[c].to_numpy() for c in sub.columns])
            .transform("min")
            .to_numpy()
        )
        bad = np.zeros(len(valid), dtype=bool)
        firsts = np.full(len(valid), -1)
        later = index[repeated] != first
        bad[index[repeated][later]] = True
        firsts[index[repeated][later]] = first[later]
        what = (
            "celle (kommune, runde, enhed, opgave, henvendelsestype, retning og kanal)"
            if kanal is not None
            else "række (kommune, runde, enhed, opgave, henvendelsestype og retning)"
        )
        column = "kanal" if kanal is not None else "retning"
        self.report(
            column,
            bad,
            lambda _v, i: (
                f"samme {what} som række {self.table.rows[firsts[i]]}; hver celle må kun stå én "
                "gang i filen"
            ),
        )


def validate(table: RawTable, kommuner: frozenset[int] | None = None) -> Validated:
    """Check a table against the interchange format; return its cells or its problems.

    ``kommuner``: the kommuner whoever imports may write (None: any); a row for another
    kommune is a problem naming that row.
    """
    rows_read = len(table.data)
    layout, problems = columns.detect_layout(table.file, table.header, table.column_used())
    if layout is None:
        return Validated(_empty_cells(), problems, rows_read)
    if rows_read == 0:
        problem = Problem(
            table.file, None, None, None, "filen har ingen datarækker, kun en overskrift"
        )
        return Validated(_empty_cells(), [problem], rows_read)
    checker = Checker(table, layout)
    keys = checker.keys()
    if kommuner is not None:
        checker.not_allowed(keys.kommune, kommuner)
    cells = _long_cells(checker, keys) if layout.shape == LONG else _wide_cells(checker, keys)
    problems = sorted(checker.problems, key=_problem_order(layout))
    return Validated(_empty_cells() if problems else cells, problems, rows_read)


def _long_cells(checker: Checker, keys: Keys) -> pd.DataFrame:
    data, layout = checker.table.data, checker.layout
    kanal = _resolve_kanal(checker, keys.retning)
    kanal_position = layout.positions["kanal"]
    known = (kanal >= 0) & (keys.retning >= 0)
    kanal_index = np.maximum(kanal, 0)
    checker.wrong_direction(
        kanal_position, known & (_KANAL_RETNING[kanal_index] != keys.retning), kanal, keys.retning
    )
    checker.info_only(
        kanal_position,
        (kanal >= 0)
        & _KANAL_KUN_INFO[kanal_index]
        & (keys.henvendelsestype >= 0)
        & _TRANSAKTION[np.maximum(keys.henvendelsestype, 0)],
    )
    antal = checker.counts("antal", "antal", required=True)
    optional = {}
    for name in ("straksafsluttet", "med_blanket"):
        if name in layout.positions:
            part = checker.counts(name, name, required=False)
            checker.not_above(name, part, antal)
            optional[name] = pd.array(np.where(part.empty, 0, part.values), dtype="Int64")
            optional[name][part.empty] = pd.NA
        else:
            optional[name] = pd.array([pd.NA] * len(data), dtype="Int64")
    checker.duplicates(keys, keys.valid() & (kanal >= 0), kanal)
    if checker.problems:
        return _empty_cells()
    return _cells(keys, np.arange(len(data)), kanal, antal.values, optional)


def _resolve_kanal(checker: Checker, retning: np.ndarray) -> np.ndarray:
    """Kanal ids; a name used for both directions ('Telefon') takes the row's retning."""
    texts = checker.table.data[checker.layout.positions["kanal"]]
    codes, uniques = pd.factorize(texts)
    reasons = {u: refusal(u) for u in uniques}
    pair = codes.astype(np.int64) * 5 + (retning - REFUSED)  # retning in -3..1
    pair_codes, pairs = pd.factorize(pair)
    mapped = []
    for p in pairs:
        text, r = uniques[int(p) // 5], int(p) % 5 + REFUSED
        if not str(text).strip():
            mapped.append(MISSING)
        elif reasons[text]:
            mapped.append(REFUSED)
        else:
            mapped.append(_as_id(lookup.resolve_kanal(text, _RETNING_TEXT.get(r))))
    ids = np.array(mapped, dtype=np.int64)[pair_codes] if len(codes) else np.zeros(0, np.int64)
    checker.report("kanal", ids == REFUSED, lambda v, _i: reasons[v])
    checker.report("kanal", ids == MISSING, lambda _v, _i: "kanal mangler")
    checker.report(
        "kanal",
        ids == UNKNOWN,
        lambda _v, _i: _unknown_text("kanal"),
        lambda v: lookup.suggest(v, "kanal"),
    )
    return ids


def _wide_cells(checker: Checker, keys: Keys) -> pd.DataFrame:
    layout = checker.layout
    n = len(checker.table.data)
    retning = keys.retning
    transaktion = (keys.henvendelsestype >= 0) & _TRANSAKTION[np.maximum(keys.henvendelsestype, 0)]
    pieces, channel_sum = [], np.zeros(n, dtype=np.int64)
    all_counts_ok = np.ones(n, dtype=bool)
    for column in layout.channels:
        counts = checker.counts(column.position, "antal", required=False)
        present = ~counts.empty & ~counts.bad
        all_counts_ok &= ~counts.bad
        channel_sum += counts.values
        kanal = _wide_kanal(column, retning)
        wrong = ~counts.empty & (retning >= 0) & (kanal == UNKNOWN)
        checker.wrong_direction(column.position, wrong, _any_kanal(column, n), retning)
        info = ~counts.empty & (kanal >= 0) & _KANAL_KUN_INFO[np.maximum(kanal, 0)] & transaktion
        checker.info_only(column.position, info)
        rows = np.flatnonzero(present & (kanal >= 0))
        pieces.append((rows, kanal[rows], counts.values[rows]))
    if layout.total is not None:
        total = checker.counts(layout.total, "total", required=False)
        mismatch = ~total.empty & ~total.bad & all_counts_ok & (total.values != channel_sum)
        checker.report(
            layout.total,
            mismatch,
            lambda v, i: (
                f"totalen ({v.strip()}) svarer ikke til summen af kanalerne ({channel_sum[i]})"
            ),
        )
    checker.duplicates(keys, keys.valid(), None)
    if checker.problems:
        return _empty_cells()
    rows = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, np.int64)
    kanal = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0, np.int64)
    antal = np.concatenate([p[2] for p in pieces]) if pieces else np.zeros(0, np.int64)
    order = np.argsort(rows, kind="stable")
    none = pd.array([pd.NA] * len(rows), dtype="Int64")
    return _cells(
        keys,
        rows[order],
        kanal[order],
        antal[order],
        {"straksafsluttet": none, "med_blanket": none.copy()},
    )


def _wide_kanal(column: ChannelColumn, retning: np.ndarray) -> np.ndarray:
    """The channel id a wide column means on each row (UNKNOWN: not in that direction)."""
    ind = column.kanal_ind if column.kanal_ind is not None else UNKNOWN
    ud = column.kanal_ud if column.kanal_ud is not None else UNKNOWN
    return np.where(retning == IND, ind, np.where(retning == UD, ud, MISSING)).astype(np.int64)


def _any_kanal(column: ChannelColumn, n: int) -> np.ndarray:
    kanal = column.kanal_ind if column.kanal_ind is not None else column.kanal_ud
    return np.full(n, kanal, dtype=np.int64)


def _cells(
    keys: Keys,
    rows: np.ndarray,
    kanal: np.ndarray,
    antal: np.ndarray,
    optional: dict[str, pd.api.extensions.ExtensionArray],
) -> pd.DataFrame:
    retning = np.where(keys.retning[rows] == IND, ref.IND, ref.UD)
    data = {
        "kommune_kode": keys.kommune[rows],
        "runde_id": keys.runde[rows],
        "enhed": keys.enhed[rows].astype(object),
        "opgave_id": keys.opgave[rows],
        "henvendelsestype_id": keys.henvendelsestype[rows],
        "retning": retning.astype(object),
        "kanal_id": kanal,
        "antal": antal,
        "straksafsluttet": optional["straksafsluttet"][rows]
        if len(rows)
        else optional["straksafsluttet"][:0],
        "med_blanket": optional["med_blanket"][rows] if len(rows) else optional["med_blanket"][:0],
    }
    return pd.DataFrame(data, columns=list(CELL_COLUMNS))


def _empty_cells() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="int64") for c in CELL_COLUMNS})


def _as_id(value: object) -> int:
    return UNKNOWN if value is None else int(value)


def _retning_code(text: str) -> int | None:
    r = lookup.resolve_retning(text)
    return None if r is None else (IND if r == ref.IND else UD)


def _unknown_text(kind: str) -> str:
    if kind == "runde":
        return "ukendt runde (kendte runder: " + ", ".join(r.kode for r in ref.RUNDER) + ")"
    if kind == "kommune":
        return "ukendt kommune (skriv kommunekoden, fx 0187, eller navnet, fx Vallensbæk)"
    if kind == "retning":
        return 'ukendt retning (skriv "ind" eller "ud")'
    return f"ukendt {kind}"


def _problem_order(layout: Layout) -> Callable[[Problem], tuple]:
    position = {h: i for i, h in enumerate(layout.header)}
    return lambda p: (p.row or 0, position.get(p.column or "", -1))
