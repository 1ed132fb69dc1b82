"""Every catalogue table (SQLAlchemy 2.0), the same schema on SQLite and PostgreSQL but for `POSTGRESQL_ONLY`.

All on one `Base`, in this one module, so importing it makes `Base.metadata` complete for `create_all`
and Alembic; the stores over them (`catalogue`, `access`, `users`, `query`) import the rows from here
and hand out records, never rows. Imports nothing of ours.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Timezone-aware now, the only clock the catalogue uses."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware column, read back aware: SQLite returns datetimes naive, and everything is written in
    UTC, so a naive value read back is UTC. The one place that says so (PostgreSQL's `timestamptz` is aware)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store aware datetimes in UTC; a naive one is taken as UTC already."""
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Hand back an aware UTC datetime whatever the database returned."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base of every catalogue table."""


class DossierRow(Base):
    __tablename__ = "dossiers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("dossier_id", "sha256", name="uq_documents_dossier_sha256"),
        Index("ix_documents_status", "status"),
        Index("ix_documents_received_on", "received_on"),
        # province scale (#18): newest-first lists, stats by day (index-only), scoped lists, review queue
        Index("ix_documents_created", "created_at", "id"),
        Index("ix_documents_key_order", "dossier_id", "id"),  # the audit's stream, in object-key order
        Index("ix_documents_agency_created", "agency", "created_at", "id"),
        Index(
            "ix_documents_stats", "received_on", "agency", "status", "needs_review", "doc_type", "requested_doc_type"
        ),
        Index("ix_documents_review", "needs_review", "status", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    agency: Mapped[str] = mapped_column(String(16), default="")  # storage.scope.agency_of(dossier_id)
    parent_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    source: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(64))
    ext: Mapped[str] = mapped_column(String(8))
    size_bytes: Mapped[int] = mapped_column(Integer)
    requested_doc_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    doc_type: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    doc_type_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    entities: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    objects: Mapped[dict] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_on: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    component: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # an ID card (issue #15): its generation, the other side's document when the sides came as two files
    card_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    card_document_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    findings: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [{code, field, message}]; pages' in steps


SEARCH_MONTHS_FROM, SEARCH_MONTHS_TO = 2024, 2031  # years whose months have their own trigram index


def search_months() -> list[tuple[datetime, datetime]]:
    """The [start, end) UTC bounds of every month with its own trigram index on `document_search`, oldest first."""
    starts = [
        datetime(y, m, 1, tzinfo=UTC) for y in range(SEARCH_MONTHS_FROM, SEARCH_MONTHS_TO + 1) for m in range(1, 13)
    ]
    ends = [*starts[1:], datetime(SEARCH_MONTHS_TO + 1, 1, 1, tzinfo=UTC)]
    return list(zip(starts, ends, strict=True))


def month_index_name(start: datetime) -> str:
    """The name of the trigram index of the month starting at `start`."""
    return f"ix_document_search_trgm_{start:%Y%m}"


def _month_indexes() -> tuple[Index, ...]:
    """A trigram GIN per month, partial on its `created_at` range: a rare name's page is found in the newest
    months' small indexes (a few ms each at 1M documents) instead of rechecking tens of thousands of
    candidates the whole index gives (the trigrams of a folded syllable are in many other syllables)."""
    return tuple(
        Index(
            month_index_name(start),
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
            postgresql_where=sql_text(
                f"created_at >= '{start:%Y-%m-%d} 00:00:00+00' AND created_at < '{end:%Y-%m-%d} 00:00:00+00'"
            ),
        )
        for start, end in search_months()
    )


class DocumentSearchRow(Base):
    """PostgreSQL only: what search reads of each digitised document, kept in step with `documents` by a
    trigger (migration 0008), in rows a quarter as wide.

    A search walks the newest documents and rechecks its trigram candidates row by row; a `documents` row
    carries the text, its entities and its objects (1.8 KB at 1M documents), and reading them was most of
    a rare name's time. Rows here are the digitised documents only, in the order they were digitised.
    SQLite searches its FTS5 table (`storage.database`) and has no such table.
    """

    __tablename__ = "document_search"
    __table_args__ = (
        Index("ix_document_search_created", "created_at", "id"),
        Index("ix_document_search_agency_created", "agency", "created_at", "id"),
        # substring search on the folded text: trigram GIN (`pg_trgm` understands LIKE)
        Index(
            "ix_document_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        *_month_indexes(),  # migration 0009
    )

    id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str] = mapped_column(String(16))
    doc_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    search_text: Mapped[str] = mapped_column(Text)


POSTGRESQL_ONLY = {DocumentSearchRow.__tablename__}  # tables SQLite's `create_all` leaves out


class PageRow(Base):
    __tablename__ = "pages"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew: Mapped[float] = mapped_column(Float, default=0.0)
    dpi: Mapped[int] = mapped_column(Integer, default=300)
    key: Mapped[str] = mapped_column(String(256))
    steps: Mapped[list | None] = mapped_column(JSON, nullable=True)
    side: Mapped[str | None] = mapped_column(String(8), nullable=True)  # an ID card page: front, back or both
    regions: Mapped[list | None] = mapped_column(JSON, nullable=True)  # both sides on one page: [{side, box}]


class FieldRow(Base):
    __tablename__ = "fields"
    __table_args__ = (Index("ix_fields_name_value", "name", "value"),)

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    valid: Mapped[bool] = mapped_column(Boolean)
    page: Mapped[int] = mapped_column(Integer)
    box: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [x0, y0, x1, y1] in the page image's pixels
    source: Mapped[str | None] = mapped_column(String(16), nullable=True)  # ocr, qr, mrz, text_layer, reviewer
    ocr_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    corrected_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


# -- the API's tables: keys, audit log, webhooks (storage/access.py) ----------------------------------


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agencies: Mapped[list | None] = mapped_column(JSON, nullable=True)  # None: the whole province
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_document", "document_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    key_id: Mapped[str] = mapped_column(String(16), index=True)
    key_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    document_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    detail: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class WebhookRow(Base):
    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    events: Mapped[list] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(128))
    created_by: Mapped[str] = mapped_column(String(128))
    agencies: Mapped[list | None] = mapped_column(JSON, nullable=True)  # the creator's scope; None: province
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DeliveryRow(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    webhook_id: Mapped[str] = mapped_column(ForeignKey("webhooks.id"))
    event: Mapped[str] = mapped_column(String(32))
    document_id: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    response_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


# -- the web page's tables: staff accounts and sessions (storage/users.py) -----------------------------


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    agencies: Mapped[list | None] = mapped_column(JSON, nullable=True)  # as api_keys.agencies; None: province
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SessionRow(Base):
    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
