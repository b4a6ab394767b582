"""accounts, login attempts, import slices and undo data, app secrets

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:45:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FACT_KEY = (
    "kommune_kode",
    "runde_id",
    "enhed_id",
    "opgave_id",
    "henvendelsestype_id",
    "retning",
    "kanal_id",
)


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("navn", sa.String(100), nullable=False),
        sa.Column("rolle", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("session_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("navn", name=op.f("uq_account_navn")),
    )
    op.create_table(
        "account_kommune",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kommune_kode", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_kommune_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kommune_kode"],
            ["kommune.kode"],
            name=op.f("fk_account_kommune_kommune_kode_kommune"),
        ),
        sa.PrimaryKeyConstraint("account_id", "kommune_kode", name=op.f("pk_account_kommune")),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("navn", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    op.create_index("ix_login_attempt_navn_at", "login_attempt", ["navn", "at"])
    op.create_table(
        "import_slice",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("kommune_kode", sa.Integer(), nullable=False),
        sa.Column("runde_id", sa.Integer(), nullable=False),
        sa.Column("had_participation", sa.Boolean(), nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["import_log.id"], name=op.f("fk_import_slice_import_id_import_log")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by"], ["import_log.id"], name=op.f("fk_import_slice_undone_by_import_log")
        ),
        sa.PrimaryKeyConstraint(
            "import_id", "kommune_kode", "runde_id", name=op.f("pk_import_slice")
        ),
    )
    op.create_index(
        "ix_import_slice_kommune_runde", "import_slice", ["kommune_kode", "runde_id"]
    )
    op.create_table(
        "import_undo",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("kommune_kode", sa.Integer(), nullable=False),
        sa.Column("runde_id", sa.Integer(), nullable=False),
        sa.Column("enhed_id", sa.Integer(), nullable=False),
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("henvendelsestype_id", sa.Integer(), nullable=False),
        sa.Column("retning", sa.String(3), nullable=False),
        sa.Column("kanal_id", sa.Integer(), nullable=False),
        sa.Column("antal", sa.Integer(), nullable=False),
        sa.Column("straksafsluttet", sa.Integer(), nullable=True),
        sa.Column("med_blanket", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["import_log.id"], name=op.f("fk_import_undo_import_id_import_log")
        ),
        sa.PrimaryKeyConstraint("import_id", *_FACT_KEY, name=op.f("pk_import_undo")),
    )
    op.create_table(
        "app_secret",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_secret")),
    )


def downgrade() -> None:
    op.drop_table("app_secret")
    op.drop_table("import_undo")
    op.drop_index("ix_import_slice_kommune_runde", table_name="import_slice")
    op.drop_table("import_slice")
    op.drop_index("ix_login_attempt_navn_at", table_name="login_attempt")
    op.drop_table("login_attempt")
    op.drop_table("account_kommune")
    op.drop_table("account")
