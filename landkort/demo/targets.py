"""The published KOMHEN figures as data, and the simulated paths between them.

Only a handful of national figures were published (see ``KOMHEN.md``); they are the
anchors the demo data is calibrated to. Everything between them is a smooth,
plausible path chosen here. Shares are fractions; rounds are KL's codes.
"""

from __future__ import annotations

import numpy as np

from landkort import reference as ref

RUNDE_KODER: tuple[str, ...] = tuple(r.kode for r in ref.RUNDER)
OPGAVE_NAVNE: tuple[str, ...] = tuple(o.navn for o in ref.OPGAVER)

# Pooled national selvbetjeningsgrad (Selvbetjening ÷ inbound transaktioner, 35
# opgaver). E2011 29 % is published; F2015 'not yet at 80 %' and E2015 'met the 80 %
# goal' are published statements; the rest is a smooth path between them.
NATIONAL_SELVBETJENING: dict[str, float] = {
    "E2011": 0.29,
    "F2012": 0.34,
    "E2012": 0.40,
    "F2013": 0.55,
    "E2013": 0.63,
    "F2014": 0.70,
    "E2014": 0.745,
    "F2015": 0.77,
    "E2015": 0.83,
    "E2016": 0.86,
}

# Pooled paper share of outbound post (PPRUD ÷ all outbound): 42 % in 2011 and 9 %
# in F2014 are published; the rest is a path through them.
NATIONAL_PAPIR_UD: dict[str, float] = {
    "E2011": 0.42,
    "F2012": 0.37,
    "E2012": 0.31,
    "F2013": 0.21,
    "E2013": 0.14,
    "F2014": 0.09,
    "E2014": 0.075,
    "F2015": 0.065,
    "E2015": 0.055,
    "E2016": 0.045,
}

# Outbound volume per inhabitant relative to E2011: fewer letters in all over time
# (published for F2014 against 2011).
UDGAAENDE_NIVEAU: dict[str, float] = {
    "E2011": 1.00,
    "F2012": 0.97,
    "E2012": 0.94,
    "F2013": 0.90,
    "E2013": 0.87,
    "F2014": 0.83,
    "E2014": 0.81,
    "F2015": 0.79,
    "E2015": 0.77,
    "E2016": 0.75,
}

# Wave-1 opgaver (mandatory from 1 December 2012): explicit curves with the jump
# between E2012 and F2013. E2011 ~75 % / ~50 % and F2014 93 % / 88 % are published.
WAVE1_KURVER: dict[str, tuple[float, ...]] = {
    #                            E11   F12   E12   F13   E13   F14   E14   F15   E15   E16
    "Flytning": (0.50, 0.53, 0.57, 0.79, 0.84, 0.88, 0.90, 0.91, 0.93, 0.94),
    "Sundhedskort (gult)": (0.75, 0.77, 0.79, 0.89, 0.91, 0.93, 0.94, 0.95, 0.96, 0.96),
    "EU-sygesikringskort (blåt)": (0.75, 0.77, 0.80, 0.89, 0.91, 0.93, 0.94, 0.95, 0.96, 0.96),
}

# The other 32 opgaver: (share in E2011, share in E2016) along a logistic path. The
# 22 opgaver under 10 % in E2011 (published count) sit well below 10 % so sampling
# noise never lifts one over; the E2011 values of the ten others are shifted
# together to reach the national 29 %, and every round's non-wave-1 values are
# shifted together to reach that round's national figure.
OPGAVE_KURVER: dict[str, tuple[float, float]] = {
    "Byggetilladelse": (0.02, 0.80),
    "Optagelse i skolefritidsordning (SFO)": (0.42, 0.96),
    "Skoleindskrivning/optagelse": (0.36, 0.96),
    "Vielser/partnerskab": (0.01, 0.45),
    "Pas": (0.02, 0.55),
    "Kørekort": (0.02, 0.60),
    "SKAT - ejendom": (0.04, 0.75),
    "SKAT - person": (0.05, 0.80),
    "Opkrævning": (0.05, 0.80),
    "Administrationsaftaler": (0.25, 0.92),
    "Hjælpemidler": (0.02, 0.60),
    "Optagelse i dagtilbud": (0.52, 0.97),
    "Optagelse i fritidshjem": (0.32, 0.95),
    "Valg af læge og sygesikringsgruppe": (0.28, 0.95),
    "Folkepension": (0.20, 0.92),
    "Opsat pension": (0.03, 0.85),
    "Varmetillæg": (0.03, 0.85),
    "Personligt tillæg og helbredstillæg": (0.03, 0.82),
    "Bistandstillæg og plejetillæg": (0.02, 0.70),
    "Førtidspension": (0.02, 0.75),
    "Invaliditetsydelse": (0.02, 0.70),
    "Boligydelse": (0.18, 0.93),
    "Boligsikring, ikke førtidspensionister": (0.22, 0.94),
    "Boligsikring, førtidspensionister": (0.04, 0.88),
    "Beboerindskud": (0.03, 0.85),
    "Børnetilskud": (0.04, 0.90),
    "Børne- og ungeydelse": (0.18, 0.93),
    "Underholdsbidrag": (0.03, 0.85),
    "Hjælp til forsørgelse (kontanthjælp, mv.)": (0.03, 0.78),
    "Sygedagpenge": (0.04, 0.85),
    "Barselsdagpenge": (0.05, 0.90),
    "Dagpenge ved alvorligt syge børn": (0.02, 0.80),
}

UNDER_10_E2011 = 22  # published: 22 of the 35 opgaver under 10 % in E2011
# The other 13 stay at least this high in E2011, clear of the 10 % line.
E2011_MINIMUM_OVER_10 = 0.17

# Inbound transaktioner per 1,000 inhabitants in a three-week tælleuge. The sum
# (~57) matches Vallensbæk's F2012 report: 851 transaktioner for ~15,000 inhabitants.
TRANSAKTIONER_PR_1000: dict[str, float] = {
    "Byggetilladelse": 1.6,
    "Optagelse i skolefritidsordning (SFO)": 1.4,
    "Skoleindskrivning/optagelse": 1.0,
    "Vielser/partnerskab": 0.5,
    "Flytning": 8.5,
    "Pas": 3.0,
    "Kørekort": 2.0,
    "SKAT - ejendom": 0.8,
    "SKAT - person": 2.0,
    "Opkrævning": 1.6,
    "Administrationsaftaler": 0.6,
    "Hjælpemidler": 2.4,
    "Optagelse i dagtilbud": 3.0,
    "Optagelse i fritidshjem": 0.4,
    "Sundhedskort (gult)": 6.5,
    "EU-sygesikringskort (blåt)": 4.0,
    "Valg af læge og sygesikringsgruppe": 2.2,
    "Folkepension": 1.5,
    "Opsat pension": 0.3,
    "Varmetillæg": 0.6,
    "Personligt tillæg og helbredstillæg": 1.2,
    "Bistandstillæg og plejetillæg": 0.25,
    "Førtidspension": 0.6,
    "Invaliditetsydelse": 0.15,
    "Boligydelse": 1.3,
    "Boligsikring, ikke førtidspensionister": 1.6,
    "Boligsikring, førtidspensionister": 0.4,
    "Beboerindskud": 0.3,
    "Børnetilskud": 0.6,
    "Børne- og ungeydelse": 0.6,
    "Underholdsbidrag": 0.4,
    "Hjælp til forsørgelse (kontanthjælp, mv.)": 3.0,
    "Sygedagpenge": 2.4,
    "Barselsdagpenge": 1.0,
    "Dagpenge ved alvorligt syge børn": 0.2,
}

# Seasonal volume: EU cards before the summer holidays, school and SFO enrolment in
# the spring.
FORAAR_FAKTOR: dict[str, float] = {
    "EU-sygesikringskort (blåt)": 1.5,
    "Skoleindskrivning/optagelse": 1.4,
    "Optagelse i skolefritidsordning (SFO)": 1.3,
}

# Participants per round. E2011, F2012, F2013 and F2014 are published, as is the
# union of E2011 and F2012 (86); the others are plausible choices.
DELTAGERE: dict[str, int] = {
    "E2011": 76,
    "F2012": 49,
    "E2012": 52,
    "F2013": 54,
    "E2013": 58,
    "F2014": 54,
    "E2014": 57,
    "F2015": 60,
    "E2015": 63,
    "E2016": 47,
}
FOERSTE_AAR = 86  # kommuner counting in E2011 or F2012

# Named kommune examples from KL's reports: (kommune, runde, opgave or None for all
# transaktioner) -> the kommune's own selvbetjeningsgrad.
KOMMUNE_ANKRE: dict[tuple[int, str, str | None], float] = {
    (630, "E2011", "Sundhedskort (gult)"): 0.90,  # Vejle
    (217, "E2011", "Folkepension"): 0.50,  # Helsingør
    (147, "E2011", "Optagelse i dagtilbud"): 0.97,  # Frederiksberg
    (187, "F2012", None): 0.49,  # Vallensbæk
}
# Kommuner that must take part in a round for the anchors above.
FASTE_DELTAGERE: dict[str, tuple[int, ...]] = {
    "E2011": (630, 217, 147),
    "F2012": (187,),
}


def years_since_start() -> np.ndarray:
    """Time of each round in years after E2011 (tælleuger in May and November)."""
    month = {"F": 5, "E": 11}
    return np.array([r.aar - 2011 + (month[r.saeson] - 11) / 12 for r in ref.RUNDER])


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def expit(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def opgave_curves() -> tuple[np.ndarray, np.ndarray]:
    """Base selvbetjeningsgrad per (runde, opgave), and which values are pinned.

    Pinned values are published (wave 1) or must stay under 10 % in E2011; the
    others are free to be shifted together to meet the round's national figure.
    """
    t = years_since_start()
    n_r, n_o = len(RUNDE_KODER), len(OPGAVE_NAVNE)
    share = np.empty((n_r, n_o))
    pinned = np.zeros((n_r, n_o), dtype=bool)
    for j, navn in enumerate(OPGAVE_NAVNE):
        if navn in WAVE1_KURVER:
            share[:, j] = WAVE1_KURVER[navn]
            pinned[:, j] = True
            continue
        p0, p1 = OPGAVE_KURVER[navn]
        share[:, j] = expit(logit(p0) + (logit(p1) - logit(p0)) * t / t[-1])
        pinned[0, j] = p0 < 0.10
    return share, pinned


def national_path(table: dict[str, float]) -> np.ndarray:
    return np.array([table[k] for k in RUNDE_KODER], dtype=float)
