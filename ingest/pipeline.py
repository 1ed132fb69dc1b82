"""Digitise one catalogued document: read its pages, extract, store every object, record the result.

Idempotent: run twice on the same document, it writes the same keys and replaces the same rows.
Called by the actor; raises `core.errors` and leaves status changes on failure to the caller.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path

import cv2

from core.settings import Settings
from ocr import classify, fields, pdf
from ocr.page import read_page
from ocr.text import clean_spaces
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.records import DocumentRecord, ResultRecord, Status

from . import intake
from .results import document_json, field_records, page_record, search_text

log = logging.getLogger(__name__)

DOC_TYPES = tuple(fields.FIELDS_BY_TYPE)


def digitise(document_id: str, store: ObjectStore, catalogue: Catalogue, settings: Settings) -> DocumentRecord:
    """Run the whole pipeline on one document and return its final record."""
    started = time.monotonic()
    doc = catalogue.get_document(document_id)
    if doc.status == Status.DIGITISED:
        return doc
    catalogue.mark_processing(document_id)
    keys = DocumentKeys(doc.dossier_id, doc.document_id)
    with tempfile.TemporaryDirectory(prefix="sohoa-") as tmp:
        original = Path(tmp) / f"original.{doc.ext}"
        store.get_file(doc.objects["original"], original)
        source = intake.inspect(original, doc.source, settings)
        page_pdfs: list[Path] = []
        page_records = []
        for number, image, dpi in intake.iter_pages(source, settings):
            page = read_page(image, dpi=dpi, number=number, language=settings.ocr_language)
            del image
            ok, png = cv2.imencode(".png", page.image)
            store.put_bytes(keys.page(number), png.tobytes(), "image/png")
            page_pdf = Path(tmp) / f"page-{number:04d}.pdf"
            page_pdf.write_bytes(pdf.page_pdf(page.image, page.dpi, page.text_layer_pdf))
            page_pdfs.append(page_pdf)
            page_records.append((page_record(page, keys), page.lines))
        text = "\f".join(clean_spaces(rec.text) for rec, _ in page_records)
        lines = [line for _, page_lines in page_records for line in page_lines]
        if doc.requested_doc_type in DOC_TYPES:
            kind = classify.Classification(doc.requested_doc_type, 1.0)
        else:
            kind = classify.classify(text)
        found = fields.extract_fields(kind.doc_type, lines)
        entities = fields.extract_entities(text) if kind.doc_type == "unknown" else None
        store.put_bytes(keys.searchable_pdf, pdf.merge_pdfs(p.read_bytes() for p in page_pdfs), "application/pdf")
    pages = tuple(rec for rec, _ in page_records)
    confidences = [p.confidence for p in pages]
    objects = {
        "original": doc.objects["original"],
        "pages": [p.key for p in pages],
        "searchable_pdf": keys.searchable_pdf,
        "result": keys.result,
    }
    result = ResultRecord(
        doc_type=kind.doc_type,
        doc_type_confidence=round(kind.confidence, 3),
        pages=pages,
        fields=field_records(found),
        text=text,
        search_text=search_text(text, found),
        confidence=round(sum(confidences) / len(confidences), 2) if confidences else 0.0,
        needs_review=fields.needs_review(kind.doc_type, found),
        entities=entities,
        objects=objects,
        seconds=time.monotonic() - started,
    )
    # result.json is written before the catalogue says "digitised", so a digitised row always has it.
    preview = _final_record(doc, result)
    payload = json.dumps(document_json(preview), ensure_ascii=False, indent=2).encode()
    store.put_bytes(keys.result, payload, "application/json")
    catalogue.save_result(document_id, result)
    return catalogue.get_document(document_id)


def _final_record(doc: DocumentRecord, result: ResultRecord) -> DocumentRecord:
    from dataclasses import replace

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
        error=None,
        error_code=None,
    )


def discard_derived(document_id: str, store: ObjectStore, catalogue: Catalogue) -> None:
    """Delete every object of a document but its original (after a failure): no half-stored results."""
    doc = catalogue.get_document(document_id)
    keys = DocumentKeys(doc.dossier_id, doc.document_id)
    for key in list(store.list_keys(keys.prefix)):
        if key != doc.objects.get("original"):
            store.delete(key)
