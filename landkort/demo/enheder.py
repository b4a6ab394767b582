"""The units (enheder) that register contacts, and the opgaver each one handles.

Borgerservice is the front desk for most citizen tasks; specialist units (Pension,
Ydelseskontor, Jobcenter, Pladsanvisning, Byggesag, …) handle their own. Bigger
kommuner have more units, and the larger demo sizes split the work finer: that is
what makes a larger data set (more enheder, more filled cells) without changing the
national figures, because an opgave's volume is only divided between its units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landkort.demo.sizes import Size

BORGERSERVICE = "Borgerservice"

# Opgave ids (reference.OPGAVER, KL order) per unit.
_FRONT = (4, 5, 6, 7, 9, 10, 11, 15, 16, 17, 18, 19, 20, 21, 25, 26, 27, 28, 29, 30, 31, 32)

# (name, opgaver, smallest kommune that has the unit in 'medium')
AFDELINGER: tuple[tuple[str, tuple[int, ...], int], ...] = (
    ("Pension", (18, 19, 20, 21, 22, 23, 24), 0),
    ("Ydelseskontor", (25, 26, 27, 28, 29, 30, 31, 32), 0),
    ("Jobcenter", (32, 33), 0),
    ("Sygedagpenge", (33, 34, 35), 40_000),
    ("Pladsanvisning", (2, 13, 14), 0),
    ("Skole og Uddannelse", (2, 3), 30_000),
    ("Byggesag", (1, 8), 0),
    ("Opkrævning", (8, 10, 11), 25_000),
    ("Hjælpemiddelcentret", (12,), 0),
    ("Visitation", (12,), 60_000),
    ("Folkeregister", (5, 17), 90_000),
    ("Pas og kørekort", (6, 7), 90_000),
    ("Kontaktcenter", (5, 6, 7, 9, 10, 15, 16, 17, 18, 25, 26, 29, 30, 32), 80_000),
)

# 'large' only: the finest registration, where teams count on their own.
EKSTRA_ENHEDER: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Familieafdelingen", (29, 30, 31, 35)),
    ("Ældre og Handicap", (12, 20, 21, 22, 24)),
    ("Teknik og Miljø", (1, 8)),
    ("Økonomi", (8, 9, 10, 11)),
    ("Integration", (32, 33)),
    ("Dagtilbud", (13, 14)),
    ("Skatteafdelingen", (8, 9)),
)

# 'small': one unit per opgave, few units.
GROVE_ENHEDER: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Jobcenter", (32, 33, 34, 35)),
    ("Pladsanvisning", (2, 3, 13, 14)),
    ("Byggesag", (1, 8)),
)

BORGERSERVICE_FILIALER = ("Centrum", "Nord", "Syd", "Vest", "Øst", "på biblioteket")


@dataclass(frozen=True)
class Slots:
    """One row per (kommune, enhed, opgave) with the enhed's share of the opgave."""

    kommune: np.ndarray  # index into reference.KOMMUNER
    enhed: np.ndarray  # index into ``names``
    opgave: np.ndarray  # index 0..34
    share: np.ndarray  # fraction of the kommune's volume of the opgave
    names: np.ndarray  # object array of unit names


def _units_small() -> list[tuple[str, tuple[int, ...]]]:
    taken = {o for _, ops in GROVE_ENHEDER for o in ops}
    rest = tuple(o for o in range(1, 36) if o not in taken)
    return [(BORGERSERVICE, rest), *GROVE_ENHEDER]


def _borgerservice_sites(indbyggere: float, size: Size) -> list[str]:
    if size.name != "large":
        return [BORGERSERVICE]
    n = int(np.clip(indbyggere // 8_000, 1, len(BORGERSERVICE_FILIALER)))
    if n == 1:
        return [BORGERSERVICE]
    return [f"{BORGERSERVICE} {site}" for site in BORGERSERVICE_FILIALER[:n]]


def _units_detailed(indbyggere: float, size: Size) -> list[tuple[str, tuple[int, ...]]]:
    min_factor = 0.0 if size.name == "large" else 1.0
    units = [(name, ops) for name, ops, min_pop in AFDELINGER if indbyggere >= min_pop * min_factor]
    if size.name == "large":
        units += list(EKSTRA_ENHEDER)
    covered = {o for _, ops in units for o in ops} | set(_FRONT)
    front = tuple(sorted(set(_FRONT) | (set(range(1, 36)) - covered)))
    sites = _borgerservice_sites(indbyggere, size)
    return [(site, front) for site in sites] + units


def units_for(indbyggere: float, size: Size) -> list[tuple[str, tuple[int, ...]]]:
    """The kommune's units and the opgave ids each one registers."""
    return _units_small() if size.name == "small" else _units_detailed(indbyggere, size)


def build_slots(rng: np.random.Generator, indbyggere: np.ndarray, size: Size) -> Slots:
    """Every (kommune, enhed, opgave) that can hold counts, with volume shares.

    Where several units handle one opgave, its volume is split by random weights
    (fixed per kommune), so every unit has its own profile.
    """
    names: dict[str, int] = {}
    kommune, enhed, opgave, weight = [], [], [], []
    for k, pop in enumerate(indbyggere):
        for name, ops in units_for(float(pop), size):
            idx = names.setdefault(name, len(names))
            w = rng.gamma(3.0, 1.0, len(ops))
            if not name.startswith(BORGERSERVICE):
                w = w * 1.5
            kommune += [k] * len(ops)
            enhed += [idx] * len(ops)
            opgave += [o - 1 for o in ops]
            weight.append(w)
    kommune_a = np.array(kommune, dtype=np.int64)
    opgave_a = np.array(opgave, dtype=np.int64)
    weight_a = np.concatenate(weight)
    group = kommune_a * 35 + opgave_a
    totals = np.bincount(group, weights=weight_a, minlength=len(indbyggere) * 35)
    return Slots(
        kommune=kommune_a,
        enhed=np.array(enhed, dtype=np.int64),
        opgave=opgave_a,
        share=weight_a / totals[group],
        names=np.array(list(names), dtype=object),
    )
