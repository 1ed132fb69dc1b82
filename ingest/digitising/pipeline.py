"""Digitise one catalogued document: read its pages, extract, store every object, record the result.

Idempotent: run twice on the same document, it writes the same keys and replaces the same rows; the one
exception is the signed copy, which is never replaced: the earlier one is kept under `versions/`.
Called by the actor; raises `core.errors` and leaves status changes on failure to the caller.

A file that holds several documents (an application form followed by a copy of an ID card) is
split by `ocr.classify.split_pages`: the uploaded document keeps every page of what was received
(the faithful digitised copy) and takes the type and fields of its first segment; every further
segment becomes a child document of its own type, with its pages cut out as its own original.
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from core.errors import NotFound, ProcessingError
from core.settings import Settings
from ocr import classify, fields, idcard, pdf, textlayer
from ocr.cleanup import prepare_page
from ocr.page import PageReading, PageResult, start_reading
from ocr.tesseract import Line
from ocr.text import clean_spaces
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.objects import ObjectStore
from storage.records import DocumentRecord, NewDocument, PageRecord, ResultRecord, Status

from .. import signing
from ..receiving import intake, poppler, split
from . import pairing
from .results import (
    digitised,
    field_records,
    in_page_pixels,
    page_findings,
    page_record,
    result_json,
    search_text,
)

log = logging.getLogger(__name__)

DOC_TYPES = tuple(fields.FIELDS_BY_TYPE)
# zlib level 1, "up" filter, run-length strategy: about 5x faster than the default on a scanned page and
# ~10% larger; RLE is a third faster again than level 1's default strategy on noisy scans, at the same size
_FAST_PNG = [
    cv2.IMWRITE_PNG_COMPRESSION,
    1,
    cv2.IMWRITE_PNG_FILTER,
    cv2.IMWRITE_PNG_FILTER_UP,
    cv2.IMWRITE_PNG_STRATEGY,
    cv2.IMWRITE_PNG_STRATEGY_RLE,
]


@dataclass(frozen=True)
class ReadPage:
    """A page read and stored: its record, its OCR lines, its one-page searchable PDF and page PNG (files)."""

    record: PageRecord
    lines: tuple[Line, ...]
    pdf_path: Path
    png_path: Path  # on disk, not in memory: a long PDF's pages would otherwise pile up
    qr: idcard.QrPayload | None = None  # an ID card's QR code, decoded on the original pixels
    mrz: idcard.Mrz | None = None  # an ID card's machine-readable zone
    ocr_scale: float = 1.0  # the OCR image's size over the stored page's (word boxes are in OCR pixels)


@dataclass
class _PageWriter:
    """Stores a page's PNG and encodes its JPEG for the searchable PDF while Tesseract reads the page."""

    store: ObjectStore
    key: str
    png_path: Path
    encoded: pdf.PageImage | None = None

    def __call__(self, colour: np.ndarray, dpi: int) -> None:
        ok, png = cv2.imencode(".png", colour, _FAST_PNG)
        if not ok:
            raise ProcessingError(f"page image {self.key} could not be encoded as PNG")
        png.tofile(self.png_path)
        del png
        self.store.put_file(self.key, self.png_path, "image/png")
        self.encoded = pdf.encode_page_image(colour)


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
        source = intake.inspect(original, doc.source, settings, sha256=doc.sha256, decode=False)
        pages = _read_pages(source, keys, store, settings, Path(tmp))
        segments = _segments(doc, pages)
        first = segments[0]
        result = _result(
            doc, keys, store, pages, pages[first.first_page - 1 : first.last_page], first, started, settings
        )
        for segment in segments[1:]:
            _digitise_child(doc, source, segment, pages, store, catalogue, Path(tmp), started, settings)
    if result.card_type and len({p.side for p in result.pages}) == 1:  # the other side may be another file
        result = pairing.pair_sides(doc, result, store, catalogue) or result
    # result.json is written before the catalogue says "digitised", so a digitised row always has it.
    store.put_bytes(keys.result, result_json(digitised(doc, result)), "application/json")
    catalogue.save_result(document_id, result)
    return catalogue.get_document(document_id)


def _read_pages(
    source: intake.SourceFile, keys: DocumentKeys, store: ObjectStore, settings: Settings, tmp: Path
) -> list[ReadPage]:
    """Read every page, one Tesseract pass at a time, with the rest of the work done around it.

    While Tesseract reads page n, this process decodes and cleans page n+1; once page n is read,
    page n+1's pass starts and, while it runs, page n+1's image is encoded and stored and page n's
    searchable PDF page is built. Only one pass and at most two pages are in flight.
    """
    pages: list[ReadPage] = []
    codes: dict[int, idcard.QrPayload | None] = {}
    reading: PageReading | None = None
    writer: _PageWriter | None = None
    layers: dict[int, tuple[textlayer.LayerWord, ...]] = {}
    reader = pdf.open_source(str(source.path)) if source.kind == "pdf" else None
    try:
        for number, image, dpi in intake.iter_pages(source, settings):
            codes[number] = idcard.read_card_qr(image)  # before cleanup: it binarises the modules away
            verdict = None
            if source.kind == "pdf":
                layers[number] = poppler.page_words(source.path, number)
                verdict = textlayer.judge(layers[number], image)
                if verdict.use:
                    if reading is not None and writer is not None:
                        last = _with_layer(reading, layers)
                        pages.append(_finish_page(last, writer, keys, tmp, codes.get(last.number)))
                        reading = writer = None
                    page = _layer_page(number, image, dpi, layers.pop(number), verdict, reader)
                    del image
                    done_writer = _PageWriter(store, keys.page(number), tmp / f"page-{number:04d}.png")
                    done_writer(page.image, page.dpi)
                    pages.append(_finish_page(page, done_writer, keys, tmp))
                    continue
            prepared = prepare_page(image, dpi)
            if verdict is not None:
                prepared = replace(prepared, steps=(f"{verdict.reason}: OCR", *prepared.steps))
            del image
            done = _with_layer(reading, layers) if reading is not None else None
            previous = writer
            reading = start_reading(prepared, number=number, language=settings.ocr_language)
            del prepared
            writer = _PageWriter(store, keys.page(number), tmp / f"page-{number:04d}.png")
            writer(reading.prepared.colour, reading.prepared.dpi)
            if done is not None and previous is not None:
                pages.append(_finish_page(done, previous, keys, tmp, codes.get(done.number)))
        if reading is not None and writer is not None:
            done = _with_layer(reading, layers)
            pages.append(_finish_page(done, writer, keys, tmp, codes.get(done.number)))
            reading = None
    finally:
        if reading is not None:
            reading.abandon()  # an error on the way: let the running pass end before its files go
    return pages


def _layer_page(
    number: int,
    image: np.ndarray,
    dpi: int,
    words: tuple[textlayer.LayerWord, ...],
    verdict: textlayer.LayerVerdict,
    reader: object,
) -> PageResult:
    """A born-digital page read from its own text layer (exact), with no OCR pass."""
    lines = textlayer.layer_lines(words, dpi / 72.0, number)
    return PageResult(
        number=number,
        text="\n".join(line.text for line in lines),
        confidence=100.0,
        rotation=0,
        skew=0.0,
        lines=lines,
        image=image,
        dpi=dpi,
        text_layer_pdf=pdf.original_page(reader, number),  # type: ignore[arg-type]
        steps=(f"{verdict.reason}: source text_layer, no OCR",),
        ocr_scale=1.0,
        psm=0,
    )


def _with_layer(reading: PageReading, layers: dict[int, tuple[textlayer.LayerWord, ...]]) -> PageResult:
    """A read page plus the real Vietnamese lines of its unused text layer that OCR missed (a signature
    caption over a scanned page)."""
    page = reading.result()
    words = layers.pop(page.number, ())
    if not words:
        return page
    extra = textlayer.extra_lines(words, page.text, page.dpi / 72.0 * page.ocr_scale, page.number)
    if not extra:
        return page
    return replace(
        page,
        lines=page.lines + extra,
        text="\n".join([page.text, *(line.text for line in extra)]),
        steps=(*page.steps, f"{len(extra)} lines of the text layer added (not in the OCR text)"),
    )


def _finish_page(
    page: PageResult, writer: _PageWriter, keys: DocumentKeys, tmp: Path, code: idcard.QrPayload | None = None
) -> ReadPage:
    """A read page's one-page searchable PDF (from the JPEG encoded while it was read) and record."""
    pdf_path = tmp / f"page-{page.number:04d}.pdf"
    pdf_path.write_bytes(pdf.page_pdf(writer.encoded or page.image, page.dpi, page.text_layer_pdf))
    mrz = idcard.read_mrz(page.lines, page.image, page.ocr_scale)  # only works when MRZ-like lines are there
    return ReadPage(page_record(page, keys), page.lines, pdf_path, writer.png_path, code, mrz, page.ocr_scale)


def _card(pages: list[ReadPage], segment: classify.Segment) -> idcard.CardReading | None:
    """An ID card's reading from all its pages (QR, MRZ and print cross-checked), else None."""
    if segment.doc_type != "citizen_id_card" or not pages:
        return None
    return idcard.read_card([idcard.CardPage(p.record.number, p.lines, p.qr, p.mrz) for p in pages])


def _segments(doc: DocumentRecord, pages: list[ReadPage]) -> list[classify.Segment]:
    if doc.requested_doc_type in DOC_TYPES:
        return [classify.Segment(1, len(pages), doc.requested_doc_type, 1.0)]
    found = classify.split_pages([p.record.text for p in pages]) if pages else []
    return found or [classify.Segment(1, len(pages), "unknown", 0.0)]


def _result(
    doc: DocumentRecord,
    keys: DocumentKeys,
    store: ObjectStore,
    all_pages: list[ReadPage],
    typed_pages: list[ReadPage],
    segment: classify.Segment,
    started: float,
    settings: Settings,
) -> ResultRecord:
    """Store the signed PDF/A copy and build the catalogue result: every page, fields of `typed_pages`."""
    merged = pdf.merge_pdfs(p.pdf_path.read_bytes() for p in all_pages)
    copy = signing.archival_copy(merged, doc, [p.record for p in all_pages], settings)
    versions = signing.store_copy(store, keys, copy)
    text = "\f".join(clean_spaces(p.record.text) for p in all_pages)
    typed_text = "\f".join(clean_spaces(p.record.text) for p in typed_pages)
    lines = [line for p in typed_pages for line in p.lines]
    card = _card(typed_pages, segment)
    scales = {line.page: p.ocr_scale for p in typed_pages for line in p.lines}  # as the fields number pages
    found = in_page_pixels(card.fields if card else fields.extract_fields(segment.doc_type, lines), scales)
    entities = fields.extract_entities(typed_text) if segment.doc_type == "unknown" else None
    records = tuple(_with_side(p.record, card) for p in all_pages)
    confidences = [p.confidence for p in records]
    return ResultRecord(
        doc_type=segment.doc_type,
        doc_type_confidence=round(segment.confidence, 3),
        pages=records,
        fields=field_records(found),
        text=text,
        search_text=search_text(text, found),
        confidence=round(sum(confidences) / len(confidences), 2) if confidences else 0.0,
        needs_review=(card.needs_review if card else fields.needs_review(segment.doc_type, found))
        or bool(page_findings(records)),
        entities=entities,
        objects={
            "original": doc.objects["original"],
            "pages": [p.key for p in records],
            "searchable_pdf": keys.searchable_pdf,
            "result": keys.result,
            **({"versions": versions} if versions else {}),
        },
        seconds=time.monotonic() - started,
        component=copy.component,
        card_type=card.card_type if card else None,
        findings=tuple(card.findings) if card else None,
    )


def _with_side(page: PageRecord, card: idcard.CardReading | None) -> PageRecord:
    """A card's page with its side (and, a photocopy of both sides, its two regions); other pages unchanged."""
    if card is None or page.number not in card.sides:
        return page
    regions = tuple({"side": r.side, "box": list(r.box)} for r in card.regions.get(page.number, ()))
    return replace(page, side=card.sides[page.number], regions=regions)


def _digitise_child(
    parent: DocumentRecord,
    source: intake.SourceFile,
    segment: classify.Segment,
    pages: list[ReadPage],
    store: ObjectStore,
    catalogue: Catalogue,
    tmp: Path,
    started: float,
    settings: Settings,
) -> None:
    """Store one further segment as its own document (same ID on every run, so re-runs replace it)."""
    child_id = uuid.uuid5(uuid.UUID(parent.document_id), f"pages {segment.first_page}-{segment.last_page}").hex
    part = tmp / f"part-{segment.first_page}.{source.ext}"
    split.extract_pages(source.path, source.kind, segment.first_page, segment.last_page, part)
    keys = DocumentKeys(parent.dossier_id, child_id)
    try:
        child = catalogue.get_document(child_id)
    except NotFound:
        store.put_file(keys.original(source.ext), part, source.media_type)
        child, _ = catalogue.add_document(
            NewDocument(
                document_id=child_id,
                dossier_id=parent.dossier_id,
                source=f"{parent.source} (pages {segment.first_page}-{segment.last_page})",
                sha256=intake.sha256_of(part),
                media_type=source.media_type,
                ext=source.ext,
                size_bytes=part.stat().st_size,
                original_key=keys.original(source.ext),
                page_count=segment.last_page - segment.first_page + 1,
                parent_id=parent.document_id,
                component=parent.component,
            )
        )
    renumbered = []
    for new_number, page in enumerate(pages[segment.first_page - 1 : segment.last_page], start=1):
        record = replace(page.record, number=new_number, key=keys.page(new_number))
        store.put_file(record.key, page.png_path, "image/png")
        renumbered.append(replace(page, record=record))
    whole = classify.Segment(1, len(renumbered), segment.doc_type, segment.confidence)
    result = _result(child, keys, store, renumbered, renumbered, whole, started, settings)
    store.put_bytes(keys.result, result_json(digitised(child, result)), "application/json")
    catalogue.save_result(child_id, result)


def discard_derived(document_id: str, store: ObjectStore, catalogue: Catalogue) -> None:
    """Delete every object of a document but its original (after a failure): no half-stored results."""
    doc = catalogue.get_document(document_id)
    keys = DocumentKeys(doc.dossier_id, doc.document_id)
    for key in list(store.list_keys(keys.prefix)):
        if key != doc.objects.get("original") and not key.startswith(f"{keys.prefix}versions/"):  # signed: kept
            store.delete(key)
