"""Alembic environment: the catalogue's `Base.metadata`, on the connection sohoa hands over or on SOHOA_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from core.settings import get_settings
from storage.models import Base

target_metadata = Base.metadata


def _configure_and_run(connection) -> None:  # sqlalchemy Connection
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL to standard output instead of running it (`alembic upgrade head --sql`)."""
    context.configure(url=get_settings().catalogue_url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on the connection sohoa passed in, or on a fresh one to the configured database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = create_engine(get_settings().catalogue_url)
    with engine.begin() as conn:
        _configure_and_run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
