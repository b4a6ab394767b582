"""Results kept per data version: built once, built again after every write."""

from __future__ import annotations

from landkort.kept import Kept
from landkort.store import write_cells
from tests.example_cells import E2011, EXAMPLE, FLYTNING, NA, NY_SAG, TLFIND, cells_frame


def test_a_result_is_built_once_per_data_version(engine):
    built = []
    kept: Kept[int] = Kept(4)

    def read() -> int:
        with engine.connect() as c:
            return kept.get(c, "key", lambda: built.append(1) or len(built))

    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE))
    assert (read(), read()) == (1, 1)
    with engine.begin() as c:  # any write is a new data version
        write_cells(c, cells_frame([(187, E2011, "", FLYTNING, NY_SAG, "ind", TLFIND, 7, NA, NA)]))
    assert read() == 2


def test_the_least_recently_used_goes_first(conn):
    kept: Kept[str] = Kept(2)
    for key in ("a", "b"):
        kept.get(conn, key, lambda key=key: key)
    kept.get(conn, "a", lambda: "rebuilt")  # a used again: b is now the oldest
    kept.get(conn, "c", lambda: "c")
    assert kept.get(conn, "a", lambda: "rebuilt") == "a"
    assert kept.get(conn, "b", lambda: "rebuilt") == "rebuilt"
