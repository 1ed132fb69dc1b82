"""Translations between the stages' results, the catalogue's records and the contract's JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ocr.fields import Field
from ocr.page import PageResult
from ocr.text import fold
from storage.keys import DocumentKeys
from storage.records import DocumentRecord, FieldRecord, PageRecord

from .signing.component import component_json


def page_record(page: PageResult, keys: DocumentKeys) -> PageRecord:
    """A read page as the catalogue stores it."""
    return PageRecord(
        number=page.number,
        text=page.text,
        confidence=round(page.confidence, 2),
        rotation=page.rotation,
        skew=round(page.skew, 2),
        dpi=page.dpi,
        key=keys.page(page.number),
        steps=tuple(page.steps),
    )


def field_records(fields: dict[str, Field]) -> tuple[FieldRecord, ...]:
    """Extracted fields as catalogue records."""
    return tuple(
        FieldRecord(name, f.value, round(f.confidence, 3), f.valid, f.page) for name, f in sorted(fields.items())
    )


def search_text(text: str, fields: dict[str, Field]) -> str:
    """The folded text the catalogue searches: page text plus field values."""
    values = " ".join(f.value for f in fields.values())
    return fold(f"{text} {values}")


def document_json(doc: DocumentRecord) -> dict[str, Any]:
    """A catalogued document as the contract's document object."""
    out: dict[str, Any] = {
        "document_id": doc.document_id,
        "dossier_id": doc.dossier_id,
        "source": doc.source,
        "sha256": doc.sha256,
        "doc_type": doc.doc_type or doc.requested_doc_type,
        "status": doc.status,
        "pages": [
            {
                "number": p.number,
                "text": p.text,
                "confidence": p.confidence,
                "rotation": p.rotation,
                "skew": p.skew,
            }
            for p in doc.pages
        ],
        "text": doc.text,
        "fields": {f.name: _field_json(f) for f in doc.fields},
        "needs_review": doc.needs_review,
        "objects": _objects_json(doc),
        "received_at": _utc(doc.created_at).isoformat(),
    }
    if doc.parent_id:
        out["parent_document_id"] = doc.parent_id
    if doc.doc_type == "unknown":
        out["entities"] = doc.entities or {}
    if doc.status == "failed":
        out["error"] = {"code": doc.error_code or "processing_error", "message": doc.error or ""}
    if doc.seconds is not None:
        out["seconds"] = round(doc.seconds, 2)
    out.update(component_json(doc.component))
    return out


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; the catalogue only ever writes UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _field_json(field: FieldRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": field.value,
        "confidence": field.confidence,
        "valid": field.valid,
        "page": field.page,
    }
    if field.corrected_by:
        out["ocr_value"] = field.ocr_value
        out["corrected_by"] = field.corrected_by
        out["corrected_at"] = _utc(field.corrected_at).isoformat() if field.corrected_at else None
    return out


def _objects_json(doc: DocumentRecord) -> dict[str, Any]:
    objects = dict(doc.objects)
    objects.setdefault("pages", [])
    objects.setdefault("searchable_pdf", None)
    objects.setdefault("result", None)
    return objects


def dossier_json(dossier_id: str, documents: list[DocumentRecord]) -> dict[str, Any]:
    """A dossier with all its documents, as `sohoa digitise --json` prints it."""
    return {"dossier_id": dossier_id, "documents": [document_json(d) for d in documents]}
