"""The database: migrations, reference data, and `init` that can run any number of times."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, text

from landkort import schema
from landkort.cli import main
from landkort.database import MIGRATIONS, database_url, init_database


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def _counts(engine) -> dict[str, int]:
    tables = ("region", "kommune", "opgave", "henvendelsestype", "kanal", "runde")
    with engine.connect() as conn:
        return {
            t: conn.execute(select(func.count()).select_from(schema.metadata.tables[t])).scalar()
            for t in tables
        }


def test_reference_tables_hold_the_komhen_dimensions(engine):
    assert _counts(engine) == {
        "region": 5,
        "kommune": 98,
        "opgave": 35,
        "henvendelsestype": 6,
        "kanal": 16,
        "runde": 10,
    }
    with engine.connect() as conn:
        flytning = conn.execute(
            select(schema.opgave).where(schema.opgave.c.navn == "Flytning")
        ).one()
        e2016 = conn.execute(select(schema.runde).where(schema.runde.c.kode == "E2016")).one()
    assert flytning.boelge == 1 and str(flytning.obligatorisk_fra) == "2012-12-01"
    assert (e2016.saeson, e2016.aar, e2016.uge_fra, e2016.uge_til) == ("E", 2016, 43, 43)


def test_init_is_idempotent(engine, db_url, monkeypatch, capsys):
    before = _counts(engine)
    monkeypatch.setenv("LANDKORT_DATABASE_URL", db_url)
    assert main(["init"]) == 0
    assert main(["init"]) == 0
    init_database(engine)
    assert _counts(engine) == before
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == _head_revision()
    assert "Databasen er klar" in capsys.readouterr().out


def test_migration_creates_every_table_and_index_of_the_schema(engine):
    inspector = inspect(engine)
    assert set(schema.metadata.tables) <= set(inspector.get_table_names())
    indexes = {i["name"] for i in inspector.get_indexes("fact")}
    assert "ix_fact_runde_opgave" in indexes
    assert inspector.get_pk_constraint("fact")["constrained_columns"] == list(schema.FACT_KEY)


def test_default_database_is_a_sqlite_file_under_data(monkeypatch):
    monkeypatch.delenv("LANDKORT_DATABASE_URL", raising=False)
    url = database_url()
    assert url.startswith("sqlite:///") and url.endswith("data/landkort.db")
    monkeypatch.setenv("LANDKORT_DATABASE_URL", "sqlite:///elsewhere.db")
    assert database_url() == "sqlite:///elsewhere.db"
