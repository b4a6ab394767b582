"""Solving for logit offsets so pooled expected shares hit their targets.

The national figures are pooled (sum of counts ÷ sum of totals), so a target is met
when the volume-weighted mean of the expected shares equals it. Solving on expected
counts before sampling puts every figure at the centre of its band; Poisson noise
then moves it by a fraction of a point.
"""

from __future__ import annotations

import numpy as np

from landkort.demo.targets import expit


def solve_offsets(
    base: np.ndarray,
    weight: np.ndarray,
    group: np.ndarray,
    target: np.ndarray,
    free: np.ndarray | None = None,
    iterations: int = 60,
) -> np.ndarray:
    """Offset per group so that pooled ``expit(base + offset·free)`` equals ``target``.

    ``base``, ``weight``, ``group`` and ``free`` are per element; ``target`` per
    group. Elements that are not free keep ``expit(base)`` (anchored values) but
    still count in the pool. Vectorised bisection: monotone, so it always converges
    when the target is reachable; unreachable targets end at the bound.
    """
    n = len(target)
    free = np.ones(len(base), dtype=bool) if free is None else free
    total = np.bincount(group, weights=weight, minlength=n)
    total = np.where(total > 0, total, 1.0)
    lo = np.full(n, -20.0)
    hi = np.full(n, 20.0)
    for _ in range(iterations):
        mid = (lo + hi) / 2
        x = base + np.where(free, mid[group], 0.0)
        pooled = np.bincount(group, weights=weight * expit(x), minlength=n) / total
        too_high = pooled > target
        hi = np.where(too_high, mid, hi)
        lo = np.where(too_high, lo, mid)
    return (lo + hi) / 2


def pooled(share: np.ndarray, weight: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Volume-weighted share per group (for diagnostics and tests)."""
    total = np.bincount(group, weights=weight, minlength=n)
    return np.bincount(group, weights=weight * share, minlength=n) / np.where(total > 0, total, 1)
