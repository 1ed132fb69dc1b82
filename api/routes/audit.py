"""The audit log (admin): who read or changed personal data, and when."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated

from fastapi import APIRouter, Query

from core.errors import InvalidRequest

from ..deps import AccessDep, Admin, AuditWriterDep
from ..errors import responses
from ..schemas import AuditLog

router = APIRouter(prefix="/v1", tags=["audit"])


def _moment(raw: str | None, name: str) -> datetime | None:
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw) if "T" in raw else datetime.combine(datetime.fromisoformat(raw), time())
    except ValueError:
        raise InvalidRequest(f"'{name}' must be a date (YYYY-MM-DD) or an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@router.get(
    "/audit-log",
    summary="Audit log of personal-data access (admin)",
    description="Every document and dossier read, file download, search, upload and correction, newest first, "
    "with the API key (ID, name, role) that made it. Filter by key, action (`document.read`, "
    "`dossier.read`, `file.download`, `search`, `documents.upload`, `fields.correct`, `key.create`, "
    "`key.revoke`, `webhook.create`, `webhook.delete`), document, dossier and time (`from` inclusive, "
    "`to` exclusive). Role: admin.",
    response_model=AuditLog,
    responses=responses(400, 401, 403),
)
def audit_log(
    key: Admin,
    access: AccessDep,
    writer: AuditWriterDep,
    key_id: Annotated[str | None, Query(max_length=40)] = None,
    action: Annotated[str | None, Query(max_length=32, examples=["document.read"])] = None,
    document_id: Annotated[str | None, Query(max_length=40)] = None,
    dossier_id: Annotated[str | None, Query(max_length=64)] = None,
    from_: Annotated[str | None, Query(alias="from", max_length=40, examples=["2025-11-01"])] = None,
    to: Annotated[str | None, Query(max_length=40, examples=["2025-12-01"])] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict:
    """Matching entries and their total (upload entries still queued in this process are written first)."""
    writer.flush()
    entries, total = access.audit_log(
        key_id=key_id,
        action=action,
        document_id=document_id,
        dossier_id=dossier_id,
        since=_moment(from_, "from"),
        until=_moment(to, "to"),
        limit=limit,
        offset=offset,
        scope=key.scope,
        own_key_id=key.key_id,
    )
    return {"entries": [e.__dict__ for e in entries], "total": total, "limit": limit, "offset": offset}
