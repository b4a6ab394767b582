"""Connecting to the database, migrating it and seeding the reference tables.

The default is a SQLite file ``data/landkort.db``; the setting ``LANDKORT_DATABASE_URL``
(:mod:`landkort.settings`) takes any SQLAlchemy URL (PostgreSQL for larger deployments).
Nothing outside this module knows which one is in use.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import Connection, make_url

from landkort import reference as ref
from landkort import schema, settings

DEFAULT_URL = settings.setting("LANDKORT_DATABASE_URL").default
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


EXIT_DATABASE = 3  # the exit status of a command whose database cannot be used


def database_message(err: Exception) -> str:
    """A Danish explanation of a database error that stopped a command (password hidden)."""
    reason = str(getattr(err, "orig", None) or err).strip().splitlines()
    first = reason[0] if reason else err.__class__.__name__
    if "locked" in first or "busy" in first:
        return (
            "Databasen er optaget af en anden skrivning (fx en import), og den blev ikke "
            "færdig i tide. Intet er skrevet. Prøv igen, når den anden er færdig."
        )
    shown = make_url(database_url()).render_as_string(hide_password=True)
    return (
        f"Kan ikke bruge databasen {shown}: {first}\n"
        "Tjek LANDKORT_DATABASE_URL, og at databaseserveren kører og kan nås herfra."
    )


def database_url() -> str:
    """The configured database URL (the setting, else the default file)."""
    return settings.get("LANDKORT_DATABASE_URL")


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-200000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_snapshot_mode(dbapi_connection, _record) -> None:
    # The driver's own transaction handling off, so the "begin" event below decides.
    dbapi_connection.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None, *, consistent_reads: bool = False) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`), tuned for SQLite.

    ``consistent_reads`` (the web app's engine) makes each ``engine.connect()`` block one
    snapshot: the data version and the figures read after it come from the same
    committed state, even while an import commits in between. PostgreSQL gets
    REPEATABLE READ; SQLite a real ``BEGIN`` at the first statement (its driver
    otherwise runs every SELECT on its own, each seeing the newest commit). Writers keep
    the defaults, where a second writer waits for the first instead of failing.

    SQLite waits ``LANDKORT_SQLITE_TIMEOUT`` seconds (30) for another writer's lock before
    it gives up with "database is locked"; the command line turns that into a Danish
    message, and the transaction that gave up has written nothing.
    Connections to a server are checked before use (``pool_pre_ping``), so the app
    recovers by itself when the database comes back after an outage.
    """
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        timeout = float(settings.get("LANDKORT_SQLITE_TIMEOUT"))
        engine = create_engine(url, connect_args={"timeout": timeout})
        event.listen(engine, "connect", _tune_sqlite)
        if consistent_reads:
            event.listen(engine, "connect", _sqlite_snapshot_mode)
            event.listen(engine, "begin", _sqlite_begin)
        return engine
    options = {"isolation_level": "REPEATABLE READ"} if consistent_reads else {}
    return create_engine(url, pool_pre_ping=True, **options)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _upsert(conn: Connection, table, rows: list[dict], key: str) -> None:
    """Insert rows that are missing and update those whose values differ."""
    existing = {r[key]: dict(r) for r in conn.execute(select(table)).mappings()}
    for row in rows:
        old = existing.get(row[key])
        if old is None:
            conn.execute(table.insert().values(**row))
        elif any(old[c] != v for c, v in row.items()):
            conn.execute(table.update().where(table.c[key] == row[key]).values(**row))


def seed_reference(conn: Connection) -> None:
    """Write the KOMHEN dimensions; running it again changes nothing."""
    _upsert(conn, schema.region, [{"kode": r.kode, "navn": r.navn} for r in ref.REGIONER], "kode")
    _upsert(
        conn,
        schema.kommune,
        [{"kode": k.kode, "navn": k.navn, "region_kode": k.region_kode} for k in ref.KOMMUNER],
        "kode",
    )
    _upsert(
        conn,
        schema.opgave,
        [
            {"id": o.id, "navn": o.navn, "boelge": o.boelge, "obligatorisk_fra": o.obligatorisk_fra}
            for o in ref.OPGAVER
        ],
        "id",
    )
    _upsert(
        conn,
        schema.henvendelsestype,
        [{"id": h.id, "navn": h.navn, "gruppe": h.gruppe} for h in ref.HENVENDELSESTYPER],
        "id",
    )
    _upsert(
        conn,
        schema.kanal,
        [
            {
                "id": k.id,
                "kode": k.kode,
                "navn": k.navn,
                "retning": k.retning,
                "digital": k.digital,
                "kun_information": k.kun_information,
            }
            for k in ref.KANALER
        ],
        "id",
    )
    _upsert(
        conn,
        schema.runde,
        [
            {
                "id": r.id,
                "kode": r.kode,
                "saeson": r.saeson,
                "aar": r.aar,
                "uge_fra": r.uge_fra,
                "uge_til": r.uge_til,
            }
            for r in ref.RUNDER
        ],
        "id",
    )


def init_database(engine: Engine) -> None:
    """Migrate and seed: safe to run any number of times."""
    migrate(engine)
    with engine.begin() as conn:
        seed_reference(conn)


def open_database(url: str | None = None) -> Engine:
    """An engine on an initialised database (migrated and seeded)."""
    engine = make_engine(url)
    init_database(engine)
    return engine
