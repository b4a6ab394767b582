"""What the database holds: rounds, participants, rows and whether it is demo data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from landkort import schema
from landkort.store import dataset_info


@dataclass(frozen=True)
class RoundStatus:
    kode: str
    navn: str
    deltagere: int


@dataclass(frozen=True)
class DatasetStatus:
    rows: int
    kommuner: int
    rounds: tuple[RoundStatus, ...]
    demo: bool
    demo_size: str | None
    last_import: datetime | None

    @property
    def empty(self) -> bool:
        return self.rows == 0


def dataset_status(conn: Connection) -> DatasetStatus:
    """A summary of the loaded data, cheap enough for every page view."""
    p = schema.participation.c
    r = schema.runde.c
    per_round = conn.execute(
        select(r.kode, r.saeson, r.aar, func.count(p.kommune_kode))
        .join_from(schema.runde, schema.participation, p.runde_id == r.id)
        .group_by(r.id, r.kode, r.saeson, r.aar)
        .order_by(r.id)
    ).all()
    rounds = tuple(
        RoundStatus(kode, f"{'Forår' if saeson == 'F' else 'Efterår'} {aar}", int(n))
        for kode, saeson, aar, n in per_round
    )
    kommuner = conn.execute(select(func.count(func.distinct(p.kommune_kode)))).scalar_one()
    rows = _fact_rows(conn)
    info = dataset_info(conn)
    last = conn.execute(select(func.max(schema.import_log.c.imported_at))).scalar_one()
    return DatasetStatus(
        rows=rows,
        kommuner=int(kommuner),
        rounds=rounds,
        demo=info.get("demo") == "true",
        demo_size=info.get("demo_size"),
        last_import=last,
    )


def _fact_rows(conn: Connection) -> int:
    """Number of counted cells; the import log keeps it so no page scans ``fact``."""
    info = dataset_info(conn)
    if "fact_rows" in info:
        return int(info["fact_rows"])
    return int(conn.execute(select(func.count()).select_from(schema.fact)).scalar_one())
