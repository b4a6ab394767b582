"""kommune measure totals (measure_totals without the enhed dimension, for the map)

Revision ID: 0006_kommune_measure_totals
Revises: 0005_kommune_prices
Create Date: 2026-11-23 07:55:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_kommune_measure_totals"
down_revision: str | Sequence[str] | None = "0005_kommune_prices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEYS = ("kommune_kode", "runde_id", "opgave_id", "gruppe")
_VALUES = (
    "ind_antal",
    "ind_selvbetjening",
    "ind_hjemmeside",
    "ind_straks_antal",
    "ind_straksafsluttet",
    "ind_blanket_antal",
    "ind_med_blanket",
    "ud_antal",
    "ud_digital",
    "ud_papir",
)


def upgrade() -> None:
    op.create_table(
        "kommune_measure_totals",
        *(sa.Column(k, sa.Integer(), nullable=False) for k in _KEYS[:3]),
        sa.Column("gruppe", sa.String(length=30), nullable=False),
        *(sa.Column(v, sa.BigInteger(), nullable=False) for v in _VALUES),
        sa.PrimaryKeyConstraint(*_KEYS, name=op.f("pk_kommune_measure_totals")),
    )
    op.create_index(
        "ix_kommune_measure_totals_opgave_runde",
        "kommune_measure_totals",
        ["opgave_id", "runde_id"],
    )
    sums = ", ".join(f"SUM({v})" for v in _VALUES)
    keys = ", ".join(_KEYS)
    op.execute(
        f"INSERT INTO kommune_measure_totals ({keys}, {', '.join(_VALUES)}) "
        f"SELECT {keys}, {sums} FROM measure_totals GROUP BY {keys}"
    )


def downgrade() -> None:
    op.drop_index("ix_kommune_measure_totals_opgave_runde", "kommune_measure_totals")
    op.drop_table("kommune_measure_totals")
