"""kommune_prices: channel prices a kommune has saved as its defaults

Revision ID: 0005_kommune_prices
Revises: 0003
Create Date: 2026-11-23 09:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_kommune_prices"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kommune_prices",
        sa.Column("kommune_kode", sa.Integer(), nullable=False),
        sa.Column("kanal_kode", sa.String(12), nullable=False),
        sa.Column("pris", sa.Float(), nullable=True),
        sa.Column("saved_by", sa.String(100), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kommune_kode"],
            ["kommune.kode"],
            name=op.f("fk_kommune_prices_kommune_kode_kommune"),
        ),
        sa.PrimaryKeyConstraint("kommune_kode", "kanal_kode", name=op.f("pk_kommune_prices")),
    )


def downgrade() -> None:
    op.drop_table("kommune_prices")
