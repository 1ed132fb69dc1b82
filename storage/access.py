"""Who may call the API, what they read or changed, and where documents' events are pushed.

API keys (only a SHA-256 of each key), the audit log of personal-data access, webhook subscriptions
and their delivery log: tables in `storage.models`, in the catalogue's `Database`. Callers get frozen
records, never ORM rows. Must not import `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, func, or_, select
from sqlalchemy.exc import IntegrityError

from core.errors import NotFound
from core.roles import check_role

from .models import ApiKeyRow, AuditRow, DeliveryRow, WebhookRow, utcnow
from .scope import Scope

if TYPE_CHECKING:
    from .database import Database

KEY_PREFIX = "sohoa_"
DELIVERY_PENDING, DELIVERY_DELIVERED, DELIVERY_FAILED = "pending", "delivered", "failed"


_INSERT_AUDIT = cast(Table, AuditRow.__table__).insert()


@dataclass(frozen=True)
class ApiKeyRecord:
    """An API key as listed (never the key itself)."""

    key_id: str
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None
    agencies: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        """The agencies this key may see (none listed: the whole province)."""
        return Scope(self.agencies)


@dataclass(frozen=True)
class AuditEntry:
    """One audit-log entry, possibly written a moment after it happened (`at`)."""

    key: ApiKeyRecord
    action: str
    at: datetime
    dossier_id: str | None = None
    document_id: str | None = None
    detail: dict[str, Any] | None = None


@dataclass(frozen=True)
class NewApiKey:
    """A key just created: `token` is shown once and never stored."""

    record: ApiKeyRecord
    token: str


@dataclass(frozen=True)
class AuditRecord:
    """One read or change of personal data."""

    entry_id: int
    at: datetime
    key_id: str
    key_name: str
    role: str
    action: str
    dossier_id: str | None
    document_id: str | None
    detail: dict[str, Any] | None


@dataclass(frozen=True)
class WebhookRecord:
    """A subscription: where to POST which events, and the secret that signs them."""

    webhook_id: str
    url: str
    events: tuple[str, ...]
    secret: str
    created_by: str
    created_at: datetime
    agencies: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        """The documents this subscription hears about (its creator's scope)."""
        return Scope(self.agencies)


@dataclass(frozen=True)
class DeliveryRecord:
    """One event sent (or being sent) to one subscription."""

    delivery_id: str
    webhook_id: str
    event: str
    document_id: str
    body: str
    status: str
    attempts: int
    response_status: int | None
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None


def hash_token(token: str) -> str:
    """The stored form of an API key or a session cookie: hex SHA-256 (256 random bits, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _key(row: ApiKeyRow) -> ApiKeyRecord:
    return ApiKeyRecord(row.id, row.name, row.role, row.created_at, row.revoked_at, Scope.of(row.agencies).agencies)


def _webhook(row: WebhookRow) -> WebhookRecord:
    return WebhookRecord(
        row.id,
        row.url,
        tuple(row.events or ()),
        row.secret,
        row.created_by,
        row.created_at,
        Scope.of(row.agencies).agencies,
    )


def _delivery(row: DeliveryRow) -> DeliveryRecord:
    return DeliveryRecord(
        row.id,
        row.webhook_id,
        row.event,
        row.document_id,
        row.body,
        row.status,
        row.attempts or 0,
        row.response_status,
        row.last_error,
        row.created_at,
        row.last_attempt_at,
        row.delivered_at,
    )


class Access:
    """Keys, audit log, webhooks and deliveries, in the catalogue's database."""

    def __init__(self, database: Database) -> None:
        self._session = database.session  # the database's one seam for its errors
        self._connection = database.connection  # the same, without the ORM (hot paths)

    # -- API keys --------------------------------------------------------------------------------

    def create_key(self, name: str, role: str, scope: Scope | None = None) -> NewApiKey:
        """A new key for `role` (limited to `scope`'s agencies); the token is returned once, only its hash kept.

        `InvalidRequest` for a role that is not one of `core.roles.ROLES`.
        """
        check_role(role)
        token = KEY_PREFIX + secrets.token_urlsafe(32)
        with self._session() as session:
            row = ApiKeyRow(
                id=secrets.token_hex(8),
                name=name,
                role=role,
                key_hash=hash_token(token),
                created_at=utcnow(),
                agencies=(scope or Scope()).stored(),
            )
            session.add(row)
            session.flush()
            return NewApiKey(_key(row), token)

    def key_for_token(self, token: str) -> ApiKeyRecord | None:
        """The live (not revoked) key with this token, or None."""
        with self._session() as session:
            row = session.scalar(
                select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_token(token), ApiKeyRow.revoked_at.is_(None))
            )
            return None if row is None else _key(row)

    def list_keys(self, *, include_revoked: bool = False) -> list[ApiKeyRecord]:
        """Every key, oldest first."""
        with self._session() as session:
            query = select(ApiKeyRow).order_by(ApiKeyRow.created_at, ApiKeyRow.id)
            if not include_revoked:
                query = query.where(ApiKeyRow.revoked_at.is_(None))
            return [_key(row) for row in session.scalars(query)]

    def revoke_key(self, key_id: str) -> ApiKeyRecord:
        """Revoke a key (idempotent); `NotFound` if there is no such key."""
        with self._session() as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None:
                raise NotFound(f"No API key with ID '{key_id[:40]}'")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
            return _key(row)

    # -- audit log -------------------------------------------------------------------------------

    def record(
        self,
        key: ApiKeyRecord,
        action: str,
        *,
        dossier_id: str | None = None,
        document_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry to the audit log."""
        self.record_many([AuditEntry(key, action, utcnow(), dossier_id, document_id, detail)])

    def record_many(self, entries: Sequence[AuditEntry]) -> None:
        """Append several entries in one transaction and one executemany, each with the time it happened."""
        if not entries:
            return
        with self._connection() as connection:
            connection.execute(
                _INSERT_AUDIT,
                [
                    {
                        "at": e.at,
                        "key_id": e.key.key_id,
                        "key_name": e.key.name,
                        "role": e.key.role,
                        "action": e.action,
                        "dossier_id": e.dossier_id,
                        "document_id": e.document_id,
                        "detail": e.detail,
                    }
                    for e in entries
                ],
            )

    def audit_log(
        self,
        *,
        key_id: str | None = None,
        action: str | None = None,
        document_id: str | None = None,
        dossier_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
        scope: Scope | None = None,
        own_key_id: str | None = None,
    ) -> tuple[list[AuditRecord], int]:
        """Entries matching every filter given, newest first, and how many match in all.

        With a `scope` limited to agencies: only entries about their dossiers, and `own_key_id`'s own.
        """
        conditions = []
        if scope is not None and not scope.province_wide:
            conditions.append(
                or_(
                    AuditRow.key_id == (own_key_id or ""),
                    *(AuditRow.dossier_id.startswith(f"{agency}-") for agency in scope.agencies),
                )
            )
        for column, value in (
            (AuditRow.key_id, key_id),
            (AuditRow.action, action),
            (AuditRow.document_id, document_id),
            (AuditRow.dossier_id, dossier_id),
        ):
            if value is not None:
                conditions.append(column == value)
        if since is not None:
            conditions.append(AuditRow.at >= since)
        if until is not None:
            conditions.append(AuditRow.at < until)
        with self._session() as session:
            total = session.scalar(select(func.count()).select_from(AuditRow).where(*conditions)) or 0
            rows = session.scalars(
                select(AuditRow)
                .where(*conditions)
                .order_by(AuditRow.at.desc(), AuditRow.id.desc())
                .limit(limit)
                .offset(offset)
            )
            entries = [
                AuditRecord(r.id, r.at, r.key_id, r.key_name, r.role, r.action, r.dossier_id, r.document_id, r.detail)
                for r in rows
            ]
        return entries, int(total)

    # -- webhooks --------------------------------------------------------------------------------

    def add_webhook(
        self,
        url: str,
        events: Sequence[str],
        created_by: str,
        secret: str | None = None,
        scope: Scope | None = None,
    ) -> WebhookRecord:
        """Subscribe `url` to `events` of documents in `scope`; a secret is generated unless one is given."""
        with self._session() as session:
            row = WebhookRow(
                id=secrets.token_hex(8),
                url=url,
                events=sorted(set(events)),
                secret=secret or secrets.token_urlsafe(32),
                created_by=created_by,
                created_at=utcnow(),
                agencies=(scope or Scope()).stored(),
            )
            session.add(row)
            session.flush()
            return _webhook(row)

    def webhooks(
        self, event: str | None = None, *, dossier_id: str | None = None, scope: Scope | None = None
    ) -> list[WebhookRecord]:
        """Live subscriptions (to `event`, hearing about `dossier_id`, inside `scope`, when given), oldest first."""
        with self._session() as session:
            rows = session.scalars(
                select(WebhookRow).where(WebhookRow.deleted_at.is_(None)).order_by(WebhookRow.created_at, WebhookRow.id)
            )
            found = [_webhook(row) for row in rows]
        return [
            w
            for w in found
            if (event is None or event in w.events)
            and (dossier_id is None or w.scope.covers(dossier_id))
            and (scope is None or scope.includes(w.scope))
        ]

    def get_webhook(self, webhook_id: str, *, include_deleted: bool = False) -> WebhookRecord:
        """One subscription; `NotFound` if absent (or deleted)."""
        with self._session() as session:
            row = session.get(WebhookRow, webhook_id)
            if row is None or (row.deleted_at is not None and not include_deleted):
                raise NotFound(f"No webhook with ID '{webhook_id[:40]}'")
            return _webhook(row)

    def delete_webhook(self, webhook_id: str) -> None:
        """Stop delivering to a subscription (its delivery log is kept)."""
        with self._session() as session:
            row = session.get(WebhookRow, webhook_id)
            if row is None or row.deleted_at is not None:
                raise NotFound(f"No webhook with ID '{webhook_id[:40]}'")
            row.deleted_at = utcnow()

    def add_delivery(
        self, webhook_id: str, event: str, document_id: str, delivery_id: str, body: str
    ) -> DeliveryRecord | None:
        """Log a delivery as pending before it is sent; None if that delivery ID is already logged."""
        try:
            with self._session() as session:
                row = DeliveryRow(
                    id=delivery_id,
                    webhook_id=webhook_id,
                    event=event,
                    document_id=document_id,
                    body=body,
                    status=DELIVERY_PENDING,
                    attempts=0,
                    created_at=utcnow(),
                )
                session.add(row)
                session.flush()
                return _delivery(row)
        except IntegrityError:
            return None

    def get_delivery(self, delivery_id: str) -> DeliveryRecord:
        """One delivery; `NotFound` if absent."""
        with self._session() as session:
            row = session.get(DeliveryRow, delivery_id)
            if row is None:
                raise NotFound(f"No webhook delivery with ID '{delivery_id[:40]}'")
            return _delivery(row)

    def record_attempt(
        self, delivery_id: str, *, status: str, response_status: int | None, error: str | None
    ) -> DeliveryRecord:
        """Count one attempt and its outcome."""
        with self._session() as session:
            row = session.get(DeliveryRow, delivery_id)
            if row is None:
                raise NotFound(f"No webhook delivery with ID '{delivery_id[:40]}'")
            now = utcnow()
            row.attempts = (row.attempts or 0) + 1
            row.status = status
            row.response_status = response_status
            row.last_error = error
            row.last_attempt_at = now
            if status == DELIVERY_DELIVERED:
                row.delivered_at = now
            return _delivery(row)

    def deliveries(self, webhook_id: str, *, limit: int = 100, offset: int = 0) -> tuple[list[DeliveryRecord], int]:
        """A subscription's deliveries, newest first, and how many there are."""
        with self._session() as session:
            where = DeliveryRow.webhook_id == webhook_id
            total = session.scalar(select(func.count()).select_from(DeliveryRow).where(where)) or 0
            rows = session.scalars(
                select(DeliveryRow)
                .where(where)
                .order_by(DeliveryRow.created_at.desc(), DeliveryRow.id)
                .limit(limit)
                .offset(offset)
            )
            return [_delivery(r) for r in rows], int(total)
