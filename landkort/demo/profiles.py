"""Each kommune's simulated character: size, engagement, digital maturity and trend.

Drawn once per seed and independent of the data set's size, so small, medium and
large tell the same story about the same kommuner.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landkort import reference as ref


@dataclass(frozen=True)
class Profiles:
    """Arrays in the order of ``reference.KOMMUNER``."""

    indbyggere: np.ndarray  # inhabitants
    engagement: np.ndarray  # likelihood of taking part in a round
    maturity: np.ndarray  # logit shift of self-service, constant over time
    trend: np.ndarray  # logit shift per year: kommuner that catch up or fall behind
    papir: np.ndarray  # logit shift of outbound paper (negative: digital early)
    volume: np.ndarray  # contacts per inhabitant relative to the average


def draw_profiles(rng: np.random.Generator) -> Profiles:
    indbyggere = np.array([k.indbyggere for k in ref.KOMMUNER], dtype=float)
    size = np.log(indbyggere / 50_000)
    maturity = rng.normal(0.0, 0.45, len(indbyggere)) + 0.12 * size
    return Profiles(
        indbyggere=indbyggere,
        engagement=rng.normal(0.0, 1.0, len(indbyggere)) + 0.35 * size,
        maturity=maturity,
        trend=rng.normal(0.0, 0.12, len(indbyggere)),
        papir=rng.normal(0.0, 0.35, len(indbyggere)) - 0.4 * maturity,
        volume=np.exp(rng.normal(0.0, 0.15, len(indbyggere))),
    )
