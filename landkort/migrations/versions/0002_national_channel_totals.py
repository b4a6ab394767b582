"""national channel totals (Hele landet per runde, opgave, henvendelsestype, kanal)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:55:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VALUES = ("antal", "straks_antal", "straksafsluttet", "blanket_antal", "med_blanket")
_KEYS = ("runde_id", "opgave_id", "henvendelsestype_id", "kanal_id")


def upgrade() -> None:
    op.create_table(
        "national_channel_totals",
        *(sa.Column(k, sa.Integer(), nullable=False) for k in _KEYS),
        *(sa.Column(v, sa.BigInteger(), nullable=False) for v in _VALUES),
        sa.PrimaryKeyConstraint(*_KEYS, name=op.f("pk_national_channel_totals")),
    )
    sums = ", ".join(f"SUM({v})" for v in _VALUES)
    keys = ", ".join(_KEYS)
    op.execute(
        f"INSERT INTO national_channel_totals ({keys}, {', '.join(_VALUES)}) "
        f"SELECT {keys}, {sums} FROM channel_totals GROUP BY {keys}"
    )


def downgrade() -> None:
    op.drop_table("national_channel_totals")
