"""Alembic environment of the shop database.

Called by bot.shop.db.create_schema (which passes an open connection) or by the alembic CLI
from the repo root (`alembic upgrade head`, or `alembic -x url=postgresql://... upgrade head`).
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine

from bot.shop.models import Base

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    """URL from `-x url=...`, else $XIAOER_DATABASE_URL for the CLI, else the config."""
    from bot.shop.db import database_url

    given = context.get_x_argument(as_dictionary=True).get("url")
    if given:
        return given
    if config.config_file_name is not None:
        return database_url()
    return config.get_main_option("sqlalchemy.url")


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (`alembic upgrade head --sql`)."""
    context.configure(
        url=_database_url(), target_metadata=target_metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_database_url(), future=True)
    with engine.connect() as new_connection:
        _configure(new_connection)
        with context.begin_transaction():
            context.run_migrations()
        new_connection.commit()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
