"""Reviewers' corrections: normalise and re-check each value, keep the OCR reading, leave review when done.

A corrected value goes through the same reader as OCR output (`ocr.fields.values.read` for the
field's kind), so `20/8/1995` is stored as `1995-08-20` and a wrong check digit stays `valid: false`.
The document leaves `needs_review` when `ocr.fields.needs_review` says every required field is
present and valid, and every finding about a field (a card's print against its QR code or MRZ) has
had that field corrected: the reviewer's value, `source` `reviewer`, settles the disagreement.
`result.json` is rewritten from the catalogue so the object store keeps telling the truth.
"""

from __future__ import annotations

from core.errors import Conflict, InvalidRequest
from ocr.fields import FIELDS_BY_TYPE, Field, needs_review
from ocr.fields import validate as checks
from ocr.fields.labels import SPECS
from ocr.fields.values import read
from ocr.text import single_line
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.query import Correction, Queries
from storage.records import DocumentRecord, Status

from ..digitising.results import result_json, search_text

MAX_VALUE_CHARS = 500
# Fields checked against each other: a personal ID number encodes the birth year and sex.
_PERSON = ("id_number", "date_of_birth", "sex")


def _kind(doc_type: str, name: str) -> str:
    return next((spec.kind for spec in SPECS.get(doc_type, ()) if spec.field == name), "text")


def reread(doc_type: str, name: str, raw: str) -> tuple[str, bool]:
    """(normalised value, valid) for a value typed by a reviewer; the typed text if it reads as nothing."""
    text = single_line(raw)
    if not text:
        raise InvalidRequest(f"{name}: the corrected value is empty; leave the field out instead")
    if len(text) > MAX_VALUE_CHARS:
        raise InvalidRequest(f"{name}: the corrected value is longer than {MAX_VALUE_CHARS} characters")
    reading = read(_kind(doc_type, name), text)
    return (text, False) if reading is None else (reading.value, reading.valid)


def correct_fields(
    document_id: str, values: dict[str, str], reviewer: str, *, catalogue: Catalogue, store: ObjectStore
) -> DocumentRecord:
    """Apply a reviewer's values to a digitised document and return it as it now stands."""
    doc = catalogue.get_document(document_id)
    if doc.status != Status.DIGITISED:
        raise Conflict(f"Document {document_id} is {doc.status}; fields can be corrected once it is digitised")
    doc_type = doc.doc_type or "unknown"
    allowed = FIELDS_BY_TYPE.get(doc_type, ())
    if not values:
        raise InvalidRequest('Give at least one field to correct, as {"fields": {"name": "value"}}')
    wrong = [name for name in values if name not in allowed]
    if wrong:
        known = ", ".join(allowed) or "none (an unknown document has no fields)"
        raise InvalidRequest(f"A {doc_type} has no field {', '.join(sorted(wrong))[:200]}; its fields are: {known}")
    current = {f.name: Field(f.value, f.confidence, f.valid, f.page) for f in doc.fields}
    corrected: dict[str, tuple[str, bool]] = {name: reread(doc_type, name, raw) for name, raw in values.items()}
    if "id_number" in allowed and any(name in corrected for name in _PERSON):
        _cross_check(corrected, current)
    fixes = [Correction(name, value, valid, reviewer) for name, (value, valid) in sorted(corrected.items())]
    for fix in fixes:
        page = current[fix.name].page if fix.name in current else 0
        current[fix.name] = Field(fix.value, 1.0, fix.valid, page)
    reviewed = {f.name for f in doc.fields if f.corrected_by} | set(corrected)
    standing = [f for f in doc.findings or () if f.get("field") and f["field"] not in reviewed]
    Queries(catalogue.database).apply_corrections(
        document_id,
        fixes,
        needs_review=needs_review(doc_type, current) or bool(standing),
        search_text=search_text(doc.text, current),
    )
    updated = catalogue.get_document(document_id)
    key = updated.objects.get("result") or DocumentKeys(updated.dossier_id, updated.document_id).result
    store.put_bytes(key, result_json(updated), "application/json")
    return updated


def _cross_check(corrected: dict[str, tuple[str, bool]], current: dict[str, Field]) -> None:
    """Mark corrected ID number, birth date or sex invalid when they contradict each other."""

    def value(name: str) -> str | None:
        if name in corrected:
            text, valid = corrected[name]
        elif name in current:
            text, valid = current[name].value, current[name].valid
        else:
            return None
        return text if valid else None

    ident = value("id_number")
    if ident is None or checks.personal_id(ident, value("date_of_birth"), value("sex")):
        return
    for name in _PERSON:
        if name in corrected:
            corrected[name] = (corrected[name][0], False)
