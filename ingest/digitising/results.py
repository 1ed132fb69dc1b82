"""Translations between the stages' results, the catalogue's records and the contract's JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ocr.fields import Field
from ocr.page import UNREADABLE, PageResult
from ocr.text import fold
from storage.keys import DocumentKeys
from storage.records import DocumentRecord, FieldRecord, PageRecord, ResultRecord, Status

from ..signing.component import component_json


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
        FieldRecord(name, f.value, round(f.confidence, 3), f.valid, f.page, box=f.box, source=f.source)
        for name, f in sorted(fields.items())
    )


def in_page_pixels(fields: dict[str, Field], ocr_scales: dict[int, float]) -> dict[str, Field]:
    """Fields with their boxes moved from the OCR image's pixels to the stored page image's (÷ its OCR scale)."""
    out = {}
    for name, f in fields.items():
        scale = ocr_scales.get(f.page) or 1.0
        if f.box is not None and scale != 1.0:
            f = replace(f, box=tuple(round(v / scale) for v in f.box))  # type: ignore[arg-type]
        out[name] = f
    return out


def search_text(text: str, fields: dict[str, Field]) -> str:
    """The folded text the catalogue searches: page text plus field values."""
    values = " ".join(f.value for f in fields.values())
    return fold(f"{text} {values}")


def digitised(doc: DocumentRecord, result: ResultRecord) -> DocumentRecord:
    """The record `doc` becomes once `result` is saved (what its result.json shows, before the save)."""
    return replace(
        doc,
        doc_type=result.doc_type,
        doc_type_confidence=result.doc_type_confidence,
        status=Status.DIGITISED,
        needs_review=result.needs_review,
        page_count=len(result.pages),
        confidence=result.confidence,
        text=result.text,
        entities=result.entities,
        objects=result.objects,
        pages=result.pages,
        fields=result.fields,
        seconds=result.seconds,
        component=doc.component if result.component is None else result.component,
        card_type=result.card_type,
        card_document_id=result.card_document_id,
        findings=result.findings,
        error=None,
        error_code=None,
    )


def document_json(doc: DocumentRecord) -> dict[str, Any]:
    """A catalogued document as the contract's document object."""
    out: dict[str, Any] = {
        "document_id": doc.document_id,
        "dossier_id": doc.dossier_id,
        "source": doc.source,
        "sha256": doc.sha256,
        "doc_type": doc.doc_type or doc.requested_doc_type,
        "status": doc.status,
        "pages": [_page_json(p) for p in doc.pages],
        "text": doc.text,
        "fields": {f.name: _field_json(f) for f in doc.fields},
        "needs_review": doc.needs_review,
        "objects": _objects_json(doc),
        "received_at": doc.created_at.isoformat(),
    }
    findings = page_findings(doc.pages) + [dict(f) for f in doc.findings or ()]
    if findings or doc.findings is not None:  # an ID card always says, even when it found nothing
        out["findings"] = findings
    if doc.card_type:
        out["card_type"] = doc.card_type
    if doc.card_document_id:
        out["card_document_id"] = doc.card_document_id
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


def result_json(doc: DocumentRecord) -> bytes:
    """The stored result.json of a document: its contract JSON, UTF-8, indented."""
    return json.dumps(document_json(doc), ensure_ascii=False, indent=2).encode()


def page_findings(pages: tuple[PageRecord, ...] | list[PageRecord]) -> list[dict[str, Any]]:
    """Findings the pages' steps record: a page whose reading failed (`page_unreadable`, with `page`)."""
    return [
        {"code": "page_unreadable", "page": p.number, "message": step}
        for p in pages
        for step in p.steps
        if step.startswith(UNREADABLE)
    ]


def _page_json(page: PageRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": page.number,
        "text": page.text,
        "confidence": page.confidence,
        "rotation": page.rotation,
        "skew": page.skew,
    }
    if page.side:
        out["side"] = page.side
    if page.regions:
        out["regions"] = [dict(r) for r in page.regions]
    return out


def _field_json(field: FieldRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": field.value,
        "confidence": field.confidence,
        "valid": field.valid,
        "page": field.page,
    }
    if field.box:
        out["box"] = list(field.box)
    if field.source:
        out["source"] = field.source
    if field.corrected_by:
        out["ocr_value"] = field.ocr_value
        out["corrected_by"] = field.corrected_by
        out["corrected_at"] = field.corrected_at.isoformat() if field.corrected_at else None
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
