"""The dataset's facts (data version, demo flag) are read once per transaction: a page
asks for them dozens of times, and within one snapshot they cannot change but by the
transaction's own writes."""

from __future__ import annotations

from sqlalchemy import event

from landkort.database import make_engine
from landkort.store import data_version, dataset_info, is_demo, set_dataset_info, write_cells
from tests.example_cells import E2011, EXAMPLE, FLYTNING, NA, NY_SAG, TLFIND, cells_frame


def _reads_of_dataset_info(engine) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def count(_conn, _cursor, statement, *_args):
        if "dataset_info" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    return seen


def test_one_read_answers_a_transaction(engine):
    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE))
    reads = _reads_of_dataset_info(engine)
    with engine.connect() as c:
        versions = {data_version(c) for _ in range(5)}
        assert not is_demo(c)
        assert len(versions) == 1 and versions != {""}
    assert len(reads) == 1
    with engine.connect() as c:  # a new transaction reads again
        data_version(c)
    assert len(reads) == 2


def test_a_write_in_the_transaction_is_seen_at_once(engine):
    with engine.begin() as c:
        before = data_version(c)
        write_cells(c, cells_frame(EXAMPLE))
        after = data_version(c)
        set_dataset_info(c, {"demo": "true"})
        assert is_demo(c)
    assert before != after
    with engine.connect() as c:
        assert data_version(c) == after and is_demo(c)


def test_a_copy_is_given_out(conn):
    dataset_info(conn)["version"] = "changed"
    assert data_version(conn) != "changed"


def test_a_snapshot_reader_sees_a_write_at_its_next_transaction(engine, db_url):
    with engine.begin() as c:
        write_cells(c, cells_frame(EXAMPLE))
    reader = make_engine(db_url, consistent_reads=True)
    try:
        with reader.connect() as r:
            old = data_version(r)
            with engine.begin() as w:
                row = (187, E2011, "", FLYTNING, NY_SAG, "ind", TLFIND, 7, NA, NA)
                write_cells(w, cells_frame([row]))
            assert data_version(r) == old  # its snapshot, to the end
        with reader.connect() as r:
            assert data_version(r) != old
    finally:
        reader.dispose()
