"""channel_cubes: each kommune and round's channel totals as one compressed array

Revision ID: 0007_channel_cubes
Revises: 0006_kommune_measure_totals
Create Date: 2026-11-23 21:50:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_channel_cubes"
down_revision: str | Sequence[str] | None = "0006_kommune_measure_totals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_cubes",
        sa.Column("kommune_kode", sa.Integer(), nullable=False),
        sa.Column("runde_id", sa.Integer(), nullable=False),
        sa.Column("cube", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("kommune_kode", "runde_id", name=op.f("pk_channel_cubes")),
    )
    # filled from channel_totals by the same code every write uses
    from landkort.store import refresh_cubes

    refresh_cubes(op.get_bind())


def downgrade() -> None:
    op.drop_table("channel_cubes")
