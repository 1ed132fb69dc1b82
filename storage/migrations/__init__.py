"""Alembic migrations of the catalogue schema, applied to PostgreSQL when a `Catalogue` starts.

SQLite (the embedded default: one process, a file you may delete) is made with `create_all`; a
server database shared by many workers changes only through these revisions. `upgrade` runs under
a PostgreSQL advisory lock so workers starting together apply each revision once.

    .venv/bin/alembic -c storage/migrations/alembic.ini revision --autogenerate -m "what changed"
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

HERE = Path(__file__).resolve().parent
LOCK_KEY = 0x50_48_4F_41  # "SOHOA"-ish; any constant all sohoa processes share


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for these migrations (no alembic.ini needed), bound to `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the database on `connection` to `revision`, serialised across processes on PostgreSQL."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    command.upgrade(alembic_config(connection), revision)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None before the first upgrade)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
