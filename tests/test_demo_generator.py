"""The demo generator on its own: determinism, sizes, and the shape of its cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landkort import reference as ref
from landkort import store
from landkort.demo import cells_digest, generate_cells
from landkort.demo.sizes import size_by_name

KANAL = {k.kode: k for k in ref.KANALER}
KANAL_BY_ID = {k.id: k for k in ref.KANALER}
INFO = {h.id for h in ref.HENVENDELSESTYPER if h.gruppe != ref.TRANSAKTIONER}


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return generate_cells("small", 2011)


def test_columns_are_the_store_cell_columns(small: pd.DataFrame) -> None:
    assert tuple(small.columns) == store.CELL_COLUMNS


def test_same_seed_same_data(small: pd.DataFrame) -> None:
    again = generate_cells("small", 2011)
    assert cells_digest(again) == cells_digest(small)
    pd.testing.assert_frame_equal(again, small)


def test_other_seed_other_data(small: pd.DataFrame) -> None:
    assert cells_digest(generate_cells("small", 7)) != cells_digest(small)


def test_digest_ignores_row_order(small: pd.DataFrame) -> None:
    shuffled = small.sample(frac=1.0, random_state=1).reset_index(drop=True)
    assert cells_digest(shuffled) == cells_digest(small)


def test_digest_sees_a_changed_count(small: pd.DataFrame) -> None:
    changed = small.copy()
    changed.loc[0, "antal"] += 1
    assert cells_digest(changed) != cells_digest(small)


def test_small_row_count(small: pd.DataFrame) -> None:
    assert 100_000 <= len(small) <= 220_000


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "low", "high"), [("medium", 850_000, 1_200_000), ("large", 4_300_000, 6_000_000)]
)
def test_bigger_row_counts(size: str, low: int, high: int) -> None:
    cells = generate_cells(size, 2011)
    assert low <= len(cells) <= high


@pytest.mark.slow
def test_size_never_changes_the_participants(small: pd.DataFrame) -> None:
    medium = generate_cells("medium", 2011)

    def pairs(cells: pd.DataFrame) -> set[tuple[int, int]]:
        unique = cells[["kommune_kode", "runde_id"]].drop_duplicates()
        return set(unique.itertuples(index=False, name=None))

    assert pairs(medium) == pairs(small)
    assert medium["enhed"].nunique() > small["enhed"].nunique()


def test_keys_are_unique(small: pd.DataFrame) -> None:
    key = [
        "kommune_kode",
        "runde_id",
        "enhed",
        "opgave_id",
        "henvendelsestype_id",
        "retning",
        "kanal_id",
    ]
    assert not small.duplicated(key).any()


def test_cells_are_valid(small: pd.DataFrame) -> None:
    assert (small["antal"] > 0).all()
    for column in ("straksafsluttet", "med_blanket"):
        known = small[column].notna()
        values = small.loc[known, column].astype("int64")
        assert (values >= 0).all()
        assert (values <= small.loc[known, "antal"]).all()
    retning = small["kanal_id"].map(lambda k: KANAL_BY_ID[k].retning)
    assert (retning == small["retning"]).all()
    web = small["kanal_id"] == KANAL["WEB"].id
    assert small.loc[web, "henvendelsestype_id"].isin(INFO).all()
    assert set(small["opgave_id"]) == {o.id for o in ref.OPGAVER}
    assert set(small["kommune_kode"]) <= {k.kode for k in ref.KOMMUNER}


def test_unit_names_are_danish_units(small: pd.DataFrame) -> None:
    assert {"Borgerservice", "Jobcenter", "Pladsanvisning", "Byggesag"} <= set(small["enhed"])


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="Ukendt størrelse"):
        size_by_name("huge")


def test_all_kanaler_and_henvendelsestyper_occur(small: pd.DataFrame) -> None:
    assert set(small["kanal_id"]) == {k.id for k in ref.KANALER}
    assert set(small["henvendelsestype_id"]) == {h.id for h in ref.HENVENDELSESTYPER}
    assert np.issubdtype(small["antal"].dtype, np.integer)
