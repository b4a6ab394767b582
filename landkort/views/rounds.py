"""The rounds that hold data: every page's round choices, read once per data version."""

from __future__ import annotations

from threading import Lock

from sqlalchemy.engine import Connection

from landkort import reference as ref
from landkort.status import dataset_status
from landkort.store import data_version

Round = tuple[int, str, str]  # (id, kode, navn), in time order

_cache: dict[str, tuple[str, tuple[Round, ...]]] = {}
_lock = Lock()


def rounds_with_data(conn: Connection) -> list[Round]:
    """(id, kode, navn) of the rounds some kommune took part in, oldest first."""
    key, version = str(conn.engine.url), data_version(conn)
    hit = _cache.get(key)
    if hit is None or hit[0] != version:
        by_kode = ref.runde_by_kode()
        rounds = tuple((by_kode[r.kode].id, r.kode, r.navn) for r in dataset_status(conn).rounds)
        with _lock:
            _cache[key] = hit = (version, rounds)
    return list(hit[1])


def latest_round(conn: Connection) -> int:
    """The newest round with data (the last round of all in an empty database)."""
    rounds = rounds_with_data(conn)
    return rounds[-1][0] if rounds else ref.RUNDER[-1].id


def runde_kode(runde: int) -> str:
    """'E2015' for a round id."""
    return ref.RUNDER[runde - 1].kode
