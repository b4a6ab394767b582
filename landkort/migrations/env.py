"""Alembic environment: runs on the connection handed over by ``database.migrate``."""

from alembic import context

from landkort import database, schema

config = context.config
target_metadata = schema.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = database.make_engine()
        with engine.begin() as connection:
            _run_on(connection)
    else:
        _run_on(connection)


def _run_on(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
