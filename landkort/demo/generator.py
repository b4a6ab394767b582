"""Generate the simulated tælleuge history as a table of cells.

The steps: kommune profiles and participation (the same for every size); the
(kommune, runde, enhed, opgave) *slots* with their volume of transaktioner; each
slot's expected selvbetjeningsgrad and outbound paper share, calibrated on expected
counts so the pooled national figures hit the published ones; the expected count of
every channel cell; and finally Poisson counts with binomial straksafsluttet and
med_blanket. Everything is numpy-vectorised and deterministic for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landkort import reference as ref
from landkort.demo import targets
from landkort.demo.calibration import solve_offsets
from landkort.demo.channels import Template, block_volumes, build_template
from landkort.demo.enheder import Slots, build_slots
from landkort.demo.participation import KOMMUNE_KODER, participation_matrix
from landkort.demo.profiles import Profiles, draw_profiles
from landkort.demo.sizes import Size, size_by_name
from landkort.demo.targets import expit, logit

N_RUNDER = len(ref.RUNDER)
N_OPGAVER = len(ref.OPGAVER)
N_KOMMUNER = len(ref.KOMMUNER)
CHUNK_SLOTS = 20_000
# A few kommune-rounds where staff did not register straksafslutning at all.
STRAKS_IKKE_REGISTRERET = 0.04


@dataclass(frozen=True)
class Effects:
    """Kommune-level random effects, drawn independently of the size."""

    selvbetjening_ko: np.ndarray  # (kommune, opgave): lasting strengths and weaknesses
    selvbetjening_kro: np.ndarray  # (runde, kommune, opgave): round-to-round noise
    selvbetjening_kr: np.ndarray  # (runde, kommune)
    volume_ko: np.ndarray  # (kommune, opgave) log volume
    volume_kr: np.ndarray  # (runde, kommune) log volume
    papir_kr: np.ndarray  # (runde, kommune)
    straks_k: np.ndarray  # (kommune,)
    blanket_k: np.ndarray  # (kommune,)
    straks_missing: np.ndarray  # (runde, kommune) bool


def draw_effects(rng: np.random.Generator) -> Effects:
    return Effects(
        selvbetjening_ko=rng.normal(0.0, 0.35, (N_KOMMUNER, N_OPGAVER)),
        selvbetjening_kro=rng.normal(0.0, 0.2, (N_RUNDER, N_KOMMUNER, N_OPGAVER)),
        selvbetjening_kr=rng.normal(0.0, 0.12, (N_RUNDER, N_KOMMUNER)),
        volume_ko=rng.normal(0.0, 0.3, (N_KOMMUNER, N_OPGAVER)),
        volume_kr=rng.normal(0.0, 0.08, (N_RUNDER, N_KOMMUNER)),
        papir_kr=rng.normal(0.0, 0.2, (N_RUNDER, N_KOMMUNER)),
        straks_k=rng.normal(0.0, 0.3, N_KOMMUNER),
        blanket_k=rng.normal(0.0, 0.25, N_KOMMUNER),
        straks_missing=rng.random((N_RUNDER, N_KOMMUNER)) < STRAKS_IKKE_REGISTRERET,
    )


@dataclass(frozen=True)
class History:
    """One entry per (kommune, runde, enhed, opgave) slot of a participating kommune."""

    kommune: np.ndarray
    runde: np.ndarray
    enhed: np.ndarray
    opgave: np.ndarray
    trans: np.ndarray  # expected inbound transaktioner
    ud: np.ndarray  # expected outbound contacts
    selvbetjening: np.ndarray  # expected selvbetjeningsgrad
    papir: np.ndarray  # expected paper share of outbound


def _expand(slots: Slots, taken: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices into ``slots`` and the runde index, for every participating slot."""
    idx, runde = [], []
    for r in range(N_RUNDER):
        hit = np.flatnonzero(taken[r, slots.kommune])
        idx.append(hit)
        runde.append(np.full(len(hit), r, dtype=np.int64))
    return np.concatenate(idx), np.concatenate(runde)


def _opgave_table(table: dict[str, float], default: float) -> np.ndarray:
    return np.array([table.get(o.navn, default) for o in ref.OPGAVER])


def _season_factor() -> np.ndarray:
    """(runde, opgave) volume factor: some opgaver peak in the spring."""
    foraar = _opgave_table(targets.FORAAR_FAKTOR, 1.0)
    return np.array([foraar if r.saeson == "F" else np.ones(N_OPGAVER) for r in ref.RUNDER])


def _trans_volume(
    k: np.ndarray,
    r: np.ndarray,
    o: np.ndarray,
    share: np.ndarray,
    prof: Profiles,
    eff: Effects,
    size: Size,
) -> np.ndarray:
    per_1000 = _opgave_table(targets.TRANSAKTIONER_PR_1000, 0.0)
    log_noise = eff.volume_ko[k, o] + eff.volume_kr[r, k]
    return (
        prof.indbyggere[k]
        / 1000
        * per_1000[o]
        * _season_factor()[r, o]
        * prof.volume[k]
        * np.exp(log_noise)
        * share
        * size.volume
    )


def _opgave_targets(trans: np.ndarray, r: np.ndarray, o: np.ndarray) -> np.ndarray:
    """(runde, opgave) selvbetjeningsgrad: base curves shifted to the national path."""
    share, pinned = targets.opgave_curves()
    volume = np.bincount(r * N_OPGAVER + o, weights=trans, minlength=N_RUNDER * N_OPGAVER)
    group = np.repeat(np.arange(N_RUNDER), N_OPGAVER)
    base = logit(share).ravel()
    free = ~pinned.ravel()
    national = targets.national_path(targets.NATIONAL_SELVBETJENING)
    floor = np.full_like(base, -np.inf)
    floor[:N_OPGAVER] = logit(targets.E2011_MINIMUM_OVER_10)
    for _ in range(5):  # opgaver pushed below the floor are held there, the rest re-solved
        shift = solve_offsets(base, volume, group, national, free)
        shifted = base + np.where(free, shift[group], 0.0)
        low = free & (shifted < floor)
        if not low.any():
            break
        base = np.where(low, floor, base)
        free &= ~low
    return expit(shifted).reshape(N_RUNDER, N_OPGAVER)


def _anchor_masks(k: np.ndarray, r: np.ndarray, o: np.ndarray):
    """Slots fixed by an opgave anchor (with their logit) and the kommune-wide anchors."""
    runde_idx = {kode: i for i, kode in enumerate(targets.RUNDE_KODER)}
    opgave_idx = {navn: i for i, navn in enumerate(targets.OPGAVE_NAVNE)}
    kommune_idx = {int(kode): i for i, kode in enumerate(KOMMUNE_KODER)}
    fixed = np.zeros(len(k), dtype=bool)
    fixed_logit = np.zeros(len(k))
    kommune_wide = []
    for (kode, runde, opgave), share in targets.KOMMUNE_ANKRE.items():
        hit = (k == kommune_idx[kode]) & (r == runde_idx[runde])
        if opgave is None:
            kommune_wide.append((hit, share))
            continue
        hit &= o == opgave_idx[opgave]
        fixed |= hit
        fixed_logit[hit] = logit(share)
    return fixed, fixed_logit, kommune_wide


def _selvbetjening(
    k: np.ndarray,
    r: np.ndarray,
    o: np.ndarray,
    unit_effect: np.ndarray,
    trans: np.ndarray,
    prof: Profiles,
    eff: Effects,
) -> np.ndarray:
    """Each slot's expected selvbetjeningsgrad, calibrated per (runde, opgave)."""
    t = targets.years_since_start()
    x = (
        prof.maturity[k]
        + prof.trend[k] * t[r]
        + eff.selvbetjening_ko[k, o]
        + eff.selvbetjening_kro[r, k, o]
        + eff.selvbetjening_kr[r, k]
        + unit_effect
    )
    goal = _opgave_targets(trans, r, o)
    group = r * N_OPGAVER + o
    fixed, fixed_logit, kommune_wide = _anchor_masks(k, r, o)
    base = np.where(fixed, fixed_logit, x + logit(goal[r, o]))
    target = goal.ravel()
    offset = solve_offsets(base, trans, group, target, ~fixed)
    for hit, share in kommune_wide:
        current = base + np.where(fixed, 0.0, offset[group])
        lift = solve_offsets(
            current[hit], trans[hit], np.zeros(hit.sum(), dtype=np.int64), np.array([share])
        )
        base = np.where(hit, current + lift[0], base)
        fixed = fixed | hit
        offset = solve_offsets(base, trans, group, target, ~fixed)
    return expit(base + np.where(fixed, 0.0, offset[group]))


def _papir(
    k: np.ndarray,
    r: np.ndarray,
    unit_effect: np.ndarray,
    ud: np.ndarray,
    prof: Profiles,
    eff: Effects,
) -> np.ndarray:
    """Each slot's expected paper share of outbound post, calibrated per runde."""
    goal = targets.national_path(targets.NATIONAL_PAPIR_UD)
    base = logit(goal[r]) + prof.papir[k] + eff.papir_kr[r, k] + 0.5 * unit_effect
    offset = solve_offsets(base, ud, r, goal)
    return expit(base + offset[r])


def simulate_history(size: Size, seed: int) -> tuple[History, Slots, Effects]:
    """Slots of every participating kommune with calibrated expected shares."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)]
    rng_part, rng_prof, rng_slot, rng_unit = streams
    prof = draw_profiles(rng_prof)
    eff = draw_effects(rng_prof)
    taken = participation_matrix(rng_part, prof.engagement)
    slots = build_slots(rng_slot, prof.indbyggere, size)
    idx, r = _expand(slots, taken)
    k, o, e = slots.kommune[idx], slots.opgave[idx], slots.enhed[idx]
    unit_effect = rng_unit.normal(0.0, 0.3, (N_KOMMUNER, len(slots.names)))[k, e]
    trans = _trans_volume(k, r, o, slots.share[idx], prof, eff, size)
    ud_level = targets.national_path(targets.UDGAAENDE_NIVEAU)
    ud = trans * sum(block_volumes()[1]) * ud_level[r]
    return (
        History(
            kommune=k,
            runde=r,
            enhed=e,
            opgave=o,
            trans=trans,
            ud=ud,
            selvbetjening=_selvbetjening(k, r, o, unit_effect, trans, prof, eff),
            papir=_papir(k, r, unit_effect, ud, prof, eff),
        ),
        slots,
        eff,
    )


@dataclass(frozen=True)
class Expected:
    """Expected volumes of a chunk of slots: per block, and how each block splits."""

    block: np.ndarray  # (slots, 12) expected contacts per (henvendelsestype, retning)
    calibrated: np.ndarray  # (slots, 12) share of the calibrated channel (0 if none)
    rest: np.ndarray  # (slots, cells) weights of the other channels, 0 where unused


def _expected(
    h: History, sl: slice, tpl: Template, size: Size, rng: np.random.Generator
) -> Expected:
    t = targets.years_since_start()[h.runde[sl]] / targets.years_since_start()[-1]
    ind_vol, ud_vol = block_volumes()
    ud_level = targets.national_path(targets.UDGAAENDE_NIVEAU)[h.runde[sl]]
    selv = h.selvbetjening[sl]
    block_vol = h.trans[sl, None] * (ind_vol + ud_vol * ud_level[:, None])
    block_vol[:, 3] *= 0.3 + selv  # more self-service, more calls for help with it
    calibrated = np.zeros_like(block_vol)
    calibrated[:, 0:2] = selv[:, None]
    calibrated[:, 6:12] = h.papir[sl, None]

    n, c = len(selv), len(tpl.kanal)
    weight = tpl.weight_2011 + (tpl.weight_2016 - tpl.weight_2011) * t[:, None]
    weight = weight * tpl.opgave_factor[h.opgave[sl]] * np.exp(rng.normal(0.0, 0.3, (n, c)))
    weight *= _used_channels(weight, tpl, size.keep, rng)
    return Expected(block_vol, calibrated, weight)


def _counts(e: Expected, tpl: Template, rng: np.random.Generator) -> np.ndarray:
    """Counts per (slot, cell): a Poisson total per block, split between its channels.

    The calibrated channel gets its expected share of the block's total (rounded at
    random) rather than a binomial draw: that removes most of the sampling noise from
    the calibrated figures, so they stay at the centre of their bands for any seed.
    """
    total = rng.poisson(e.block)
    cal = np.floor(total * e.calibrated + rng.random(total.shape)).astype(np.int64)
    cal = np.minimum(cal, total)
    antal = np.zeros(e.rest.shape, dtype=np.int64)
    for b in range(total.shape[1]):
        cal_cell = np.flatnonzero((tpl.block == b) & tpl.calibrated)
        if len(cal_cell):
            antal[:, cal_cell[0]] = cal[:, b]
        cells = np.flatnonzero((tpl.block == b) & ~tpl.calibrated)
        p = e.rest[:, cells] / e.rest[:, cells].sum(axis=1, keepdims=True)
        antal[:, cells] = rng.multinomial(total[:, b] - cal[:, b], p)
    return antal


def _used_channels(
    weight: np.ndarray, tpl: Template, keep: float, rng: np.random.Generator
) -> np.ndarray:
    """Which rest channels each slot uses in each block: one lead channel, plus others.

    The lead is drawn in proportion to the channel weights, so however sparse the
    size, every channel keeps its expected share of the block; the others are used
    with probability ``keep`` (the size's density).
    """
    used = rng.random(weight.shape) < keep
    draw = rng.random((weight.shape[0], 12))
    for b in range(12):
        cells = np.flatnonzero((tpl.block == b) & ~tpl.calibrated)
        cum = np.cumsum(weight[:, cells], axis=1)
        lead = (cum < draw[:, b, None] * cum[:, -1:]).sum(axis=1)
        used[np.arange(len(weight)), cells[np.minimum(lead, len(cells) - 1)]] = True
    return used


def _binomial_or_null(
    rng: np.random.Generator, antal: np.ndarray, p: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Binomial counts where ``p`` is known, and the mask of missing (not registered)."""
    known = ~np.isnan(p)
    values = np.zeros(len(antal), dtype=np.int64)
    values[known] = rng.binomial(antal[known], np.clip(p[known], 0.0, 1.0))
    return values, ~known


def _kommune_shift(p: np.ndarray, effect: np.ndarray) -> np.ndarray:
    """Shift probabilities on the logit scale, keeping 0 as 0 and NaN as NaN."""
    shifted = expit(logit(np.nan_to_num(p, nan=0.5)) + effect)
    return np.where(np.isnan(p), np.nan, np.where(p <= 0, 0.0, shifted))


def _sample_chunk(
    h: History, sl: slice, tpl: Template, size: Size, eff: Effects, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    antal = _counts(_expected(h, sl, tpl, size, rng), tpl, rng)
    slot, cell = np.nonzero(antal)
    slot_abs = slot + sl.start
    k, r = h.kommune[slot_abs], h.runde[slot_abs]
    count = antal[slot, cell]
    t = targets.years_since_start()[r] / targets.years_since_start()[-1]
    straks_p = _kommune_shift(tpl.straks[cell], eff.straks_k[k])
    straks_p[eff.straks_missing[r, k]] = np.nan
    blanket_p = tpl.blanket_2011[cell] + (tpl.blanket_2016[cell] - tpl.blanket_2011[cell]) * t
    blanket_p = _kommune_shift(blanket_p, eff.blanket_k[k])
    return {
        "slot": slot_abs,
        "cell": cell,
        "antal": count,
        "straksafsluttet": _binomial_or_null(rng, count, straks_p),
        "med_blanket": _binomial_or_null(rng, count, blanket_p),
    }


def _to_frame(parts: list[dict], h: History, slots: Slots, tpl: Template) -> pd.DataFrame:
    slot = np.concatenate([p["slot"] for p in parts])
    cell = np.concatenate([p["cell"] for p in parts])
    return pd.DataFrame(
        {
            "kommune_kode": KOMMUNE_KODER[h.kommune[slot]],
            "runde_id": np.array([r.id for r in ref.RUNDER])[h.runde[slot]],
            "enhed": slots.names[h.enhed[slot]],
            "opgave_id": np.array([o.id for o in ref.OPGAVER])[h.opgave[slot]],
            "henvendelsestype_id": tpl.henvendelsestype[cell],
            "retning": np.array([ref.IND, ref.UD], dtype=object)[tpl.retning[cell]],
            "kanal_id": tpl.kanal[cell],
            "antal": np.concatenate([p["antal"] for p in parts]),
            "straksafsluttet": _nullable(parts, "straksafsluttet"),
            "med_blanket": _nullable(parts, "med_blanket"),
        }
    )


def _nullable(parts: list[dict], key: str) -> pd.arrays.IntegerArray:
    values = np.concatenate([p[key][0] for p in parts])
    missing = np.concatenate([p[key][1] for p in parts])
    return pd.arrays.IntegerArray(values, missing)


def generate_cells(size: str, seed: int) -> pd.DataFrame:
    """The demo data set as cells with exactly ``store.CELL_COLUMNS``."""
    cfg = size_by_name(size)
    history, slots, eff = simulate_history(cfg, seed)
    tpl = build_template()
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(5)[4])
    parts = [
        _sample_chunk(history, slice(start, start + CHUNK_SLOTS), tpl, cfg, eff, rng)
        for start in range(0, len(history.kommune), CHUNK_SLOTS)
    ]
    return _to_frame(parts, history, slots, tpl)
