"""The catalogue's own record types: what `storage` hands out and takes in (no ORM rows leak)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where a document is in its life."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DIGITISED = "digitised"
    FAILED = "failed"


@dataclass(frozen=True)
class NewDocument:
    """A received file, already stored as `original_key`, to be catalogued as queued."""

    document_id: str
    dossier_id: str
    source: str
    sha256: str
    media_type: str
    ext: str
    size_bytes: int
    original_key: str
    page_count: int = 0
    requested_doc_type: str | None = None
    parent_id: str | None = None
    component: dict[str, Any] | None = None  # component metadata given at upload, and who received it


@dataclass(frozen=True)
class PageRecord:
    number: int
    text: str
    confidence: float
    rotation: int
    skew: float
    dpi: int
    key: str
    steps: tuple[str, ...] = ()
    side: str | None = None  # an ID card's page: `front`, `back`, or `both` (a photocopy of the two sides)
    regions: tuple[dict[str, Any], ...] = ()  # on a `both` page, each side's `{"side", "box"}` in page pixels


@dataclass(frozen=True)
class FieldRecord:
    name: str
    value: str
    confidence: float
    valid: bool
    page: int
    ocr_value: str | None = None
    corrected_by: str | None = None
    corrected_at: datetime | None = None
    box: tuple[int, int, int, int] | None = None  # where on its page the value was read, in page pixels
    source: str | None = None  # `ocr`, `qr`, `mrz`, `text_layer`; `reviewer` once corrected (None: not recorded)


@dataclass(frozen=True)
class ResultRecord:
    """Everything a finished digitisation writes to the catalogue."""

    doc_type: str
    doc_type_confidence: float
    pages: tuple[PageRecord, ...]
    fields: tuple[FieldRecord, ...]
    text: str
    search_text: str
    confidence: float
    needs_review: bool
    entities: dict[str, list[str]] | None
    objects: dict[str, Any]
    seconds: float
    component: dict[str, Any] | None = None  # None keeps the row's; else the metadata with what sohoa filled
    card_type: str | None = None  # an ID card's generation: cmnd, cccd, cccd_chip, can_cuoc
    card_document_id: str | None = None  # the document of the card's other side, uploaded as another file
    findings: tuple[dict[str, Any], ...] | None = None  # the document's own (a page's are in its steps)


@dataclass(frozen=True)
class DocumentRecord:
    """One catalogued document; `pages` and `fields` are filled when asked for detail."""

    document_id: str
    dossier_id: str
    source: str
    sha256: str
    media_type: str
    ext: str
    size_bytes: int
    requested_doc_type: str | None
    doc_type: str | None
    doc_type_confidence: float | None
    status: str
    error: str | None
    error_code: str | None
    needs_review: bool
    page_count: int
    confidence: float | None
    text: str
    entities: dict[str, list[str]] | None
    objects: dict[str, Any]
    attempts: int
    received_on: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    seconds: float | None
    parent_id: str | None = None
    component: dict[str, Any] | None = None
    card_type: str | None = None
    card_document_id: str | None = None
    findings: tuple[dict[str, Any], ...] | None = None
    pages: tuple[PageRecord, ...] = field(default=())
    fields: tuple[FieldRecord, ...] = field(default=())

    @classmethod
    def from_row(cls, row: Any, *, pages: tuple[PageRecord, ...], fields: tuple[FieldRecord, ...]) -> DocumentRecord:
        """Copy an ORM row into a detached record."""
        return cls(
            document_id=row.id,
            dossier_id=row.dossier_id,
            source=row.source,
            sha256=row.sha256,
            media_type=row.media_type,
            ext=row.ext,
            size_bytes=row.size_bytes,
            requested_doc_type=row.requested_doc_type,
            doc_type=row.doc_type,
            doc_type_confidence=row.doc_type_confidence,
            status=row.status,
            error=row.error,
            error_code=row.error_code,
            needs_review=bool(row.needs_review),
            page_count=row.page_count or 0,
            confidence=row.confidence,
            text=row.text or "",
            entities=row.entities,
            objects=dict(row.objects or {}),
            attempts=row.attempts or 0,
            received_on=row.received_on,
            created_at=row.created_at,
            updated_at=row.updated_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            seconds=row.seconds,
            parent_id=row.parent_id,
            pages=pages,
            fields=fields,
            component=getattr(row, "component", None),
            card_type=getattr(row, "card_type", None),
            card_document_id=getattr(row, "card_document_id", None),
            findings=None if getattr(row, "findings", None) is None else tuple(row.findings),
        )
