"""The database schema (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Reference tables hold the KOMHEN dimensions; ``fact`` holds one row per counted
cell; ``participation`` says which kommuner took part in which round, so that
'did not take part' is never shown as zero. ``measure_totals`` and
``channel_totals`` are pre-aggregated from ``fact`` on every write, so the
dashboard answers from a few thousand rows instead of scanning millions.
Changes go through Alembic migrations in ``landkort/migrations``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

region = Table(
    "region",
    metadata,
    Column("kode", Integer, primary_key=True, autoincrement=False),
    Column("navn", String(40), nullable=False, unique=True),
)

kommune = Table(
    "kommune",
    metadata,
    Column("kode", Integer, primary_key=True, autoincrement=False),
    Column("navn", String(60), nullable=False, unique=True),
    Column("region_kode", Integer, ForeignKey("region.kode"), nullable=False),
)

opgave = Table(
    "opgave",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("navn", String(80), nullable=False, unique=True),
    Column("boelge", SmallInteger),
    Column("obligatorisk_fra", Date),
)

henvendelsestype = Table(
    "henvendelsestype",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("navn", String(60), nullable=False, unique=True),
    Column("gruppe", String(30), nullable=False),
)

kanal = Table(
    "kanal",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kode", String(12), nullable=False, unique=True),
    Column("navn", String(40), nullable=False),
    Column("retning", String(3), nullable=False),
    Column("digital", Boolean, nullable=False),
    Column("kun_information", Boolean, nullable=False),
)

runde = Table(
    "runde",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kode", String(5), nullable=False, unique=True),
    Column("saeson", String(1), nullable=False),
    Column("aar", SmallInteger, nullable=False),
    Column("uge_fra", SmallInteger, nullable=False),
    Column("uge_til", SmallInteger, nullable=False),
)

enhed = Table(
    "enhed",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kommune_kode", Integer, ForeignKey("kommune.kode"), nullable=False),
    # '' is the kommune as a whole (no unit given)
    Column("navn", String(200), nullable=False),
    UniqueConstraint("kommune_kode", "navn"),
)

FACT_KEY = (
    "kommune_kode",
    "runde_id",
    "enhed_id",
    "opgave_id",
    "henvendelsestype_id",
    "retning",
    "kanal_id",
)
FACT_VALUES = ("antal", "straksafsluttet", "med_blanket")
# A cell's key as cells are read and written (importer, demo, export): FACT_KEY with the
# unit by its name, since unit ids exist only inside one database.
CELL_KEY = tuple("enhed" if name == "enhed_id" else name for name in FACT_KEY)

fact = Table(
    "fact",
    metadata,
    Column("kommune_kode", Integer, ForeignKey("kommune.kode"), nullable=False),
    Column("runde_id", Integer, ForeignKey("runde.id"), nullable=False),
    Column("enhed_id", Integer, ForeignKey("enhed.id"), nullable=False),
    Column("opgave_id", Integer, ForeignKey("opgave.id"), nullable=False),
    Column("henvendelsestype_id", Integer, ForeignKey("henvendelsestype.id"), nullable=False),
    Column("retning", String(3), nullable=False),
    Column("kanal_id", Integer, ForeignKey("kanal.id"), nullable=False),
    Column("antal", Integer, nullable=False),
    Column("straksafsluttet", Integer),  # NULL: not registered
    Column("med_blanket", Integer),  # NULL: not registered
    PrimaryKeyConstraint(*FACT_KEY, name="pk_fact"),
    CheckConstraint("antal >= 0", name="antal_ikke_negativ"),
    CheckConstraint(
        "straksafsluttet IS NULL OR (straksafsluttet >= 0 AND straksafsluttet <= antal)",
        name="straksafsluttet_i_interval",
    ),
    CheckConstraint(
        "med_blanket IS NULL OR (med_blanket >= 0 AND med_blanket <= antal)",
        name="med_blanket_i_interval",
    ),
)
Index("ix_fact_runde_opgave", fact.c.runde_id, fact.c.opgave_id)

participation = Table(
    "participation",
    metadata,
    Column("kommune_kode", Integer, ForeignKey("kommune.kode"), primary_key=True),
    Column("runde_id", Integer, ForeignKey("runde.id"), primary_key=True),
)
Index("ix_participation_runde", participation.c.runde_id)

# Numerators and denominators of every headline measure, per kommune, runde, enhed,
# opgave and henvendelsestype group. Summing these rows gives any kommune, region or
# Hele landet figure, for one group or several, in a few thousand rows.
MEASURE_COLUMNS = (
    "ind_antal",  # inbound, all channels
    "ind_selvbetjening",  # ... via Selvbetjening
    "ind_hjemmeside",  # ... via Hjemmeside
    "ind_straks_antal",  # inbound where straksafsluttet was registered
    "ind_straksafsluttet",
    "ind_blanket_antal",  # inbound where med_blanket was registered
    "ind_med_blanket",
    "ud_antal",  # outbound, all channels
    "ud_digital",
    "ud_papir",
)

measure_totals = Table(
    "measure_totals",
    metadata,
    Column("kommune_kode", Integer, nullable=False),
    Column("runde_id", Integer, nullable=False),
    Column("enhed_id", Integer, nullable=False),
    Column("opgave_id", Integer, nullable=False),
    Column("gruppe", String(30), nullable=False),
    *(Column(name, BigInteger, nullable=False) for name in MEASURE_COLUMNS),
    PrimaryKeyConstraint("kommune_kode", "runde_id", "enhed_id", "opgave_id", "gruppe"),
)
Index("ix_measure_totals_runde_opgave", measure_totals.c.runde_id, measure_totals.c.opgave_id)

# measure_totals summed over enheder: what the map and its timeline read (every kommune,
# every round, for an opgave and group), so their cost does not grow with the number of
# units a data set has. Refreshed with measure_totals in the same transaction.
kommune_measure_totals = Table(
    "kommune_measure_totals",
    metadata,
    Column("kommune_kode", Integer, nullable=False),
    Column("runde_id", Integer, nullable=False),
    Column("opgave_id", Integer, nullable=False),
    Column("gruppe", String(30), nullable=False),
    *(Column(name, BigInteger, nullable=False) for name in MEASURE_COLUMNS),
    PrimaryKeyConstraint("kommune_kode", "runde_id", "opgave_id", "gruppe"),
)
Index(
    "ix_kommune_measure_totals_opgave_runde",
    kommune_measure_totals.c.opgave_id,
    kommune_measure_totals.c.runde_id,
)

CHANNEL_VALUES = ("antal", "straks_antal", "straksafsluttet", "blanket_antal", "med_blanket")


def _channel_value_columns() -> list[Column]:
    """The sums kept per channel (straks/blanket with the antal they were registered for)."""
    return [Column(name, BigInteger, nullable=False) for name in CHANNEL_VALUES]


# Counts per channel summed over enheder: the channel mix of any kommune/opgave/group.
channel_totals = Table(
    "channel_totals",
    metadata,
    Column("kommune_kode", Integer, nullable=False),
    Column("runde_id", Integer, nullable=False),
    Column("opgave_id", Integer, nullable=False),
    Column("henvendelsestype_id", Integer, nullable=False),
    Column("kanal_id", Integer, nullable=False),
    *_channel_value_columns(),
    PrimaryKeyConstraint(
        "kommune_kode", "runde_id", "opgave_id", "henvendelsestype_id", "kanal_id"
    ),
)
Index("ix_channel_totals_runde_opgave", channel_totals.c.runde_id, channel_totals.c.opgave_id)

# channel_totals summed over the round's kommuner: Hele landet for any opgave, type and
# channel in a few hundred rows per round (the kommune page reads it on every view).
national_channel_totals = Table(
    "national_channel_totals",
    metadata,
    Column("runde_id", Integer, nullable=False),
    Column("opgave_id", Integer, nullable=False),
    Column("henvendelsestype_id", Integer, nullable=False),
    Column("kanal_id", Integer, nullable=False),
    *_channel_value_columns(),
    PrimaryKeyConstraint("runde_id", "opgave_id", "henvendelsestype_id", "kanal_id"),
)

# channel_totals of one kommune and round as one compressed array (landkort/channel_cubes.py):
# the kommune page reads a kommune's whole history in ten rows instead of ~20,000.
channel_cubes = Table(
    "channel_cubes",
    metadata,
    Column("kommune_kode", Integer, nullable=False),
    Column("runde_id", Integer, nullable=False),
    Column("cube", LargeBinary, nullable=False),
    PrimaryKeyConstraint("kommune_kode", "runde_id"),
)

import_log = Table(
    "import_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(10), nullable=False),  # 'import' or 'demo'
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_added", Integer, nullable=False),
    Column("rows_changed", Integer, nullable=False),
    Column("rows_removed", Integer, nullable=False),
    Column("replace", Boolean, nullable=False),
    Column("imported_by", String(100), nullable=False),
)

# Key/value facts about the data set as a whole, e.g. whether it is simulated.
dataset_info = Table(
    "dataset_info",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

# Accounts of people who may log in (``landkort.accounts``). ``rolle`` is 'læser',
# 'kommune' or 'kl'; ``session_token`` is part of every session's id, so changing it (log
# out everywhere, a new password, removal) ends every session of the account at once.
account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("navn", String(100), nullable=False, unique=True),
    Column("rolle", String(10), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("session_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The kommuner a 'kommune' account may write.
account_kommune = Table(
    "account_kommune",
    metadata,
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
    Column("kommune_kode", Integer, ForeignKey("kommune.kode"), nullable=False),
    PrimaryKeyConstraint("account_id", "kommune_kode"),
)

# Every login try by name (``landkort.lockout``): 'ok', 'fejl' (wrong name or password) or
# 'afvist' (refused while locked).
login_attempt = Table(
    "login_attempt",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("navn", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(10), nullable=False),
)
Index("ix_login_attempt_navn_at", login_attempt.c.navn, login_attempt.c.at)

# The (kommune, runde) slices each import touched; ``undone_by`` is the import_log row of
# the undo that reversed it there. ``had_participation``: whether the kommune had taken
# part in the round before the import (an undo takes it back out if not).
import_slice = Table(
    "import_slice",
    metadata,
    Column("import_id", Integer, ForeignKey("import_log.id"), nullable=False),
    Column("kommune_kode", Integer, nullable=False),
    Column("runde_id", Integer, nullable=False),
    Column("had_participation", Boolean, nullable=False),
    Column("undone_by", Integer, ForeignKey("import_log.id")),
    PrimaryKeyConstraint("import_id", "kommune_kode", "runde_id"),
)
Index("ix_import_slice_kommune_runde", import_slice.c.kommune_kode, import_slice.c.runde_id)

# Every cell of a slice as it was just before an import wrote it: what an undo restores.
import_undo = Table(
    "import_undo",
    metadata,
    Column("import_id", Integer, ForeignKey("import_log.id"), nullable=False),
    *(Column(c.name, c.type, nullable=c.nullable) for c in fact.columns),
    PrimaryKeyConstraint("import_id", *FACT_KEY),
)

# Secrets the app keeps for itself, e.g. the key that signs session cookies (shared by
# every server process, kept across restarts).
app_secret = Table(
    "app_secret",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

# Channel prices a kommune has saved as its defaults for the cost calculator
# (``landkort.kommune_prices``): one row per channel; ``pris`` NULL: the channel is not
# costed. Who saved them and when, for the record.
kommune_prices = Table(
    "kommune_prices",
    metadata,
    Column("kommune_kode", Integer, ForeignKey("kommune.kode"), nullable=False),
    Column("kanal_kode", String(12), nullable=False),
    Column("pris", Float),
    Column("saved_by", String(100), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("kommune_kode", "kanal_kode"),
)
