"""The catalogue's database: one engine, one session factory, one seam for SQLAlchemy's errors, the schema.

Every store over these tables (`Catalogue`, `Access`, `Users`, `Queries`) is given the same `Database`
and opens its transactions through `session()` (ORM) or `connection()` (Core, for hot paths); a lost or
unreachable database becomes `CatalogueUnavailable` (retryable) in `_database_errors`, for all of them.
SQLite's one writer is served by a process lock, and the WAL is fsynced after a writing transaction,
outside every lock. Knows only the tables (`storage.models`): no store, no `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import CatalogueUnavailable

from .models import POSTGRESQL_ONLY, Base

log = logging.getLogger(__name__)

# SQLite's search index: a contentless FTS5 trigram table over `documents.search_text`, row for row (same
# rowid), kept in step by triggers, so every write of the text (upload, result, correction, deletion) updates it.
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(search_text, content='', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF search_text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO documents_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
)
# Columns added after a SQLite file was first made (create_all makes missing tables, never missing columns).
_SQLITE_ADDED_COLUMNS = (
    (
        "documents",
        "agency",
        "VARCHAR(16) NOT NULL DEFAULT ''",
        "UPDATE documents SET agency = substr(dossier_id, 1, instr(dossier_id, '-') - 1)",
    ),
    ("api_keys", "agencies", "JSON", None),
    ("webhooks", "agencies", "JSON", None),
    ("users", "agencies", "JSON", None),
    ("documents", "card_type", "VARCHAR(16)", None),
    ("documents", "card_document_id", "VARCHAR(32)", None),
    ("documents", "findings", "JSON", None),
    ("pages", "side", "VARCHAR(8)", None),
    ("pages", "regions", "JSON", None),
    ("fields", "source", "VARCHAR(16)", None),
)


def make_engine(url: str) -> Engine:
    """An engine tuned for the URL: WAL and a busy timeout for SQLite, pre-ping for servers."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # Commits do not fsync the WAL under SQLite's write lock; `Database.connection` does it right after,
            # outside every lock, before the caller goes on: as durable as FULL (see `_sync_wal`).
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    # PostgreSQL: no JIT. Every catalogue query reads a few thousand rows at most, and the planner's costs for
    # one are often past `jit_above_cost`: compiling then took 15-25 ms of a 70 ms search at 1M documents, and
    # over a second with inlining and optimisation (bench/catalogue.py, 2026-12-06)
    options = {"connect_args": {"options": "-c jit=off"}} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, **options)


def _sync_wal(path: str) -> None:
    """Make the transactions committed to a SQLite WAL durable (what `synchronous=FULL` does inside COMMIT).

    Done after the commit, outside this process's lock and SQLite's write lock, so one upload's fsync
    (~3 ms on this disk) no longer holds up every other upload's transaction, and fsyncs that overlap
    share one journal commit. A WAL that is gone was checkpointed into the database, which SQLite syncs.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fsync(fd)
    except OSError:  # the row is committed and its object stored; a dying disk is an operator's problem
        log.critical(
            "could not fsync the catalogue's WAL %s: recent changes may not survive a power cut", path, exc_info=True
        )
    finally:
        os.close(fd)


def _sqlite_add_columns(connection: Connection) -> None:
    """Add the columns a SQLite file made by an older sohoa lacks (its tables exist, so create_all skips them)."""
    tables = set(inspect(connection).get_table_names())
    for table, column, ddl, fill in _SQLITE_ADDED_COLUMNS:
        if table in tables and column not in {c["name"] for c in inspect(connection).get_columns(table)}:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))
            if fill:
                connection.execute(text(fill))


def _sqlite_search_index(connection: Connection) -> None:
    """Create the FTS5 search table and its triggers if missing, and fill it from the documents when new."""
    exists = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents_fts'")
    ).first()
    for statement in SQLITE_SEARCH_DDL:
        connection.execute(text(statement))
    if not exists:
        connection.execute(
            text("INSERT INTO documents_fts(rowid, search_text) SELECT rowid, search_text FROM documents")
        )


class Database:
    """One catalogue database (SQLite file or PostgreSQL server), shared by every store over its tables."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(url)
        if self.engine.dialect.name not in ("sqlite", "postgresql"):
            raise ValueError(f"The catalogue runs on SQLite or PostgreSQL, not {self.engine.dialect.name}")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer: queue this process's transactions on a lock rather than in SQLite's
        # busy handler, which sleeps up to 100 ms between tries (uploads at 50 in flight wait seconds).
        self._one_at_a_time = threading.RLock() if self.dialect == "sqlite" else nullcontext()
        path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
        self._wal_path = f"{path}-wal" if path and ":memory:" not in path else None
        if create:
            self.create_schema()

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def create_schema(self) -> None:
        """SQLite: `create_all` (one local file, always the code's schema). Servers: Alembic `upgrade head`."""
        with self.session() as session:
            if self.dialect == "sqlite":
                _sqlite_add_columns(session.connection())
                tables = [t for t in Base.metadata.sorted_tables if t.name not in POSTGRESQL_ONLY]
                Base.metadata.create_all(session.connection(), tables=tables)
                _sqlite_search_index(session.connection())
            else:
                from .migrations import upgrade

                upgrade(session.connection())

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        """The one seam for SQLAlchemy's errors: a lost or unreachable database becomes `CatalogueUnavailable`."""
        try:
            yield
        except IntegrityError:
            raise
        except (OperationalError, DBAPIError) as exc:
            if not exc.connection_invalidated and not isinstance(exc, OperationalError | InterfaceError):
                raise
            raise CatalogueUnavailable(f"The catalogue database is unavailable: {exc.orig}") from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one transaction (committed on the way out, WAL synced when it wrote)."""
        with self.connection() as connection, self._sessions(bind=connection) as session:
            yield session
            session.flush()  # inside the connection's transaction, so its write count sees these rows

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in one transaction: what `session` runs in, used bare on the upload's hot path."""
        wrote = False
        with self._database_errors():
            with self._one_at_a_time, self.engine.begin() as connection:
                if self._wal_path is None:
                    yield connection
                else:
                    sqlite_conn: Any = connection.connection.driver_connection
                    before = sqlite_conn.total_changes
                    yield connection
                    wrote = sqlite_conn.total_changes != before
            if wrote and self._wal_path is not None:
                _sync_wal(self._wal_path)

    def check(self) -> None:
        """Raise `CatalogueUnavailable` unless the database answers."""
        with self.session() as session:
            session.execute(select(1))

    def dispose(self) -> None:
        """Close the engine's pooled connections (tests and short-lived tools)."""
        self.engine.dispose()
