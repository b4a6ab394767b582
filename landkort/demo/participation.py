"""Which kommuner take part in which round of the simulated history.

Counts per round are exact (``targets.DELTAGERE``), including the published 86
kommuner in E2011 and F2012 together. Kommuner with a high engagement, and those
that took part last time, are likelier to take part; the rest skip rounds.
"""

from __future__ import annotations

import numpy as np

from landkort import reference as ref
from landkort.demo import targets

KOMMUNE_KODER = np.array([k.kode for k in ref.KOMMUNER], dtype=np.int64)


def _pick(
    rng: np.random.Generator,
    pool: np.ndarray,
    n: int,
    weights: np.ndarray,
    forced: tuple[int, ...] = (),
) -> np.ndarray:
    """``n`` kommune indices from ``pool``: the forced ones, then weighted draws."""
    chosen = [i for i in pool if KOMMUNE_KODER[i] in forced]
    rest = np.array([i for i in pool if i not in chosen], dtype=np.int64)
    need = n - len(chosen)
    if need > 0:
        p = weights[rest] / weights[rest].sum()
        chosen += list(rng.choice(rest, size=need, replace=False, p=p))
    return np.sort(np.array(chosen, dtype=np.int64))


def _first_year(rng: np.random.Generator, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """E2011 and F2012 with exactly ``FOERSTE_AAR`` kommuner in the two together."""
    everyone = np.arange(len(KOMMUNE_KODER))
    e2011 = _pick(
        rng, everyone, targets.DELTAGERE["E2011"], weights, targets.FASTE_DELTAGERE["E2011"]
    )
    newcomers_pool = np.setdiff1d(everyone, e2011)
    n_new = targets.FOERSTE_AAR - len(e2011)
    n_again = targets.DELTAGERE["F2012"] - n_new
    forced = targets.FASTE_DELTAGERE["F2012"]
    again = _pick(rng, e2011, n_again, weights, forced)
    new = _pick(rng, newcomers_pool, n_new, weights, forced)
    return e2011, np.union1d(again, new)


def participation_matrix(rng: np.random.Generator, engagement: np.ndarray) -> np.ndarray:
    """Boolean (runde, kommune) matrix: True where the kommune took part."""
    n_r = len(targets.RUNDE_KODER)
    taken = np.zeros((n_r, len(KOMMUNE_KODER)), dtype=bool)
    base = np.exp(1.2 * engagement)
    e2011, f2012 = _first_year(rng, base)
    taken[0, e2011] = True
    taken[1, f2012] = True
    everyone = np.arange(len(KOMMUNE_KODER))
    for r in range(2, n_r):
        kode = targets.RUNDE_KODER[r]
        loyal = np.where(taken[r - 1], 3.0, 1.0) * np.where(taken[r - 2], 1.5, 1.0)
        chosen = _pick(
            rng,
            everyone,
            targets.DELTAGERE[kode],
            base * loyal,
            targets.FASTE_DELTAGERE.get(kode, ()),
        )
        taken[r, chosen] = True
    return taken
