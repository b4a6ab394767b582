"""The cell template and the channel mix of every henvendelsestype and direction.

A *block* is one (henvendelsestype, retning); a *cell* is one (block, kanal). Each
block has at most one calibrated channel (Selvbetjening for inbound transaktioner,
Papirpost for outbound); the other channels share the rest by weights that move
from the 2011 mix to the 2016 mix (paper and counter down, Digital post up, the
website answering more general questions).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landkort import reference as ref

IND_TYPES = {h.id: h.gruppe for h in ref.HENVENDELSESTYPER}
TRANS_TYPES = tuple(h.id for h in ref.HENVENDELSESTYPER if h.gruppe == ref.TRANSAKTIONER)
KANAL_ID = {k.kode: k.id for k in ref.KANALER}
IND_KANALER = tuple(k.kode for k in ref.KANALER if k.retning == ref.IND)
UD_KANALER = tuple(k.kode for k in ref.KANALER if k.retning == ref.UD)

# Rest-channel weights (2011, 2016) per group; the calibrated channel is left out.
_TRANS_MIX = {
    "TLFIND": (0.30, 0.36),
    "PRSNLG": (0.36, 0.22),
    "PPRIND": (0.20, 0.06),
    "EMLIND": (0.09, 0.12),
    "DOCIND": (0.01, 0.18),
    "CHAT": (0.01, 0.03),
    "SMSIND": (0.01, 0.02),
}
_INFO_MIX = {
    "SLVBTJN": (0.01, 0.01),
    "TLFIND": (0.45, 0.38),
    "PRSNLG": (0.25, 0.14),
    "PPRIND": (0.02, 0.01),
    "EMLIND": (0.08, 0.08),
    "DOCIND": (0.01, 0.05),
    "CHAT": (0.01, 0.04),
    "SMSIND": (0.01, 0.01),
    "WEB": (0.16, 0.40),
}
# The website answers general questions best, status questions a little, error
# reports hardly at all.
_WEB_FACTOR = {3: 1.0, 4: 0.5, 5: 0.1, 6: 0.35}
_UD_MIX = {
    "TLFUD": (0.30, 0.12),
    "DOCUD": (0.20, 0.55),
    "FJERNPRINT": (0.20, 0.12),
    "OUTPUTMGR": (0.15, 0.12),
    "SMSUD": (0.05, 0.05),
    "EMLUD": (0.10, 0.04),
}

# Inbound volume of each henvendelsestype relative to the opgave's transaktioner,
# and outbound volume per type (letters mostly answer new cases and changes).
IND_VOLUME = {1: 0.6, 2: 0.4, 3: 1.3, 4: 0.25, 5: 0.06, 6: 0.7}
UD_VOLUME = {1: 0.9, 2: 0.6, 3: 0.1, 4: 0.03, 5: 0.03, 6: 0.35}

# Straksafslutning: high on phone and at the counter, low on paper. None: not
# registered (the website, and all outbound contacts).
_STRAKS = {
    ref.TRANSAKTIONER: {
        "SLVBTJN": 0.35,
        "TLFIND": 0.45,
        "PRSNLG": 0.62,
        "PPRIND": 0.05,
        "EMLIND": 0.25,
        "DOCIND": 0.15,
        "CHAT": 0.5,
        "SMSIND": 0.4,
    },
    "info": {
        "SLVBTJN": 0.6,
        "TLFIND": 0.85,
        "PRSNLG": 0.9,
        "PPRIND": 0.2,
        "EMLIND": 0.55,
        "DOCIND": 0.4,
        "CHAT": 0.85,
        "SMSIND": 0.7,
    },
}
# Forms with inbound transaktioner: paper almost always, self-service partly (less
# as data starts to flow straight into the case systems).
_BLANKET = {
    "SLVBTJN": (0.30, 0.10),
    "TLFIND": (0.01, 0.01),
    "PRSNLG": (0.38, 0.30),
    "PPRIND": (0.97, 0.97),
    "EMLIND": (0.45, 0.40),
    "DOCIND": (0.55, 0.45),
    "CHAT": (0.0, 0.0),
    "SMSIND": (0.0, 0.0),
}

# Opgaver that are mostly done in person or on paper: channel multipliers.
_OPGAVE_KANAL_FAKTOR = {
    "Pas": {"PRSNLG": 4.0},
    "Kørekort": {"PRSNLG": 3.0},
    "Vielser/partnerskab": {"PRSNLG": 3.0},
    "Byggetilladelse": {"PPRIND": 2.0, "EMLIND": 2.0},
    "Hjælpemidler": {"TLFIND": 1.6, "PPRIND": 1.5},
    "Opkrævning": {"TLFIND": 1.5},
}


@dataclass(frozen=True)
class Template:
    """One entry per cell; blocks are numbered type-1 (inbound) and type+5 (outbound)."""

    henvendelsestype: np.ndarray
    retning: np.ndarray  # 0 inbound, 1 outbound
    kanal: np.ndarray  # kanal id
    block: np.ndarray
    calibrated: np.ndarray  # bool: Selvbetjening in transaktioner, Papirpost outbound
    weight_2011: np.ndarray  # rest-channel weight (0 for calibrated cells)
    weight_2016: np.ndarray
    straks: np.ndarray  # probability; NaN where not registered
    blanket_2011: np.ndarray  # probability; NaN where not registered
    blanket_2016: np.ndarray
    opgave_factor: np.ndarray  # (35, cells) channel multipliers per opgave


def _group(type_id: int) -> str:
    return ref.TRANSAKTIONER if IND_TYPES[type_id] == ref.TRANSAKTIONER else "info"


def _inbound_cells(type_id: int) -> list[dict]:
    group = _group(type_id)
    cells = []
    for kode in IND_KANALER:
        if group == ref.TRANSAKTIONER:
            if kode == "WEB":
                continue  # Hjemmeside only answers information types
            w = (0.0, 0.0) if kode == "SLVBTJN" else _TRANS_MIX[kode]
            blanket = _BLANKET[kode]
        else:
            w = _INFO_MIX[kode]
            if kode == "WEB":
                w = tuple(x * _WEB_FACTOR[type_id] for x in w)
            blanket = (np.nan, np.nan)
        cells.append(
            {
                "type": type_id,
                "retning": 0,
                "kode": kode,
                "block": type_id - 1,
                "calibrated": group == ref.TRANSAKTIONER and kode == "SLVBTJN",
                "w": w,
                "straks": _STRAKS[group].get(kode, np.nan),
                "blanket": blanket,
            }
        )
    return cells


def _outbound_cells(type_id: int) -> list[dict]:
    return [
        {
            "type": type_id,
            "retning": 1,
            "kode": kode,
            "block": type_id + 5,
            "calibrated": kode == "PPRUD",
            "w": (0.0, 0.0) if kode == "PPRUD" else _UD_MIX[kode],
            "straks": np.nan,
            "blanket": (np.nan, np.nan),
        }
        for kode in UD_KANALER
    ]


def build_template() -> Template:
    types = [h.id for h in ref.HENVENDELSESTYPER]
    cells = [c for t in types for c in _inbound_cells(t)]
    cells += [c for t in types for c in _outbound_cells(t)]
    factor = np.ones((len(ref.OPGAVER), len(cells)))
    for j, opgave in enumerate(ref.OPGAVER):
        for kode, f in _OPGAVE_KANAL_FAKTOR.get(opgave.navn, {}).items():
            factor[j] *= np.array([f if c["kode"] == kode else 1.0 for c in cells])

    def col(key: str, dtype=float) -> np.ndarray:
        return np.array([c[key] for c in cells], dtype=dtype)

    return Template(
        henvendelsestype=col("type", np.int64),
        retning=col("retning", np.int64),
        kanal=np.array([KANAL_ID[c["kode"]] for c in cells], dtype=np.int64),
        block=col("block", np.int64),
        calibrated=col("calibrated", bool),
        weight_2011=np.array([c["w"][0] for c in cells]),
        weight_2016=np.array([c["w"][1] for c in cells]),
        straks=col("straks"),
        blanket_2011=np.array([c["blanket"][0] for c in cells]),
        blanket_2016=np.array([c["blanket"][1] for c in cells]),
        opgave_factor=factor,
    )


def block_volumes(n_blocks: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Inbound and outbound volume factors per block (relative to transaktioner)."""
    ind = np.zeros(n_blocks)
    ud = np.zeros(n_blocks)
    for t, v in IND_VOLUME.items():
        ind[t - 1] = v
    for t, v in UD_VOLUME.items():
        ud[t + 5] = v
    return ind, ud
