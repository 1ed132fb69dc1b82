"""The pipeline in-process: idempotence, and failures that lose nothing and leave nothing half-stored."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from core.errors import ProcessingError
from core.settings import get_settings
from ingest import context
from ingest.context import get_catalogue, get_store
from ingest.digitising import pipeline
from ingest.receiving import service
from ocr import page as ocr_page
from ocr.tesseract import PendingRecognition
from tests.conftest import DOSSIER
from tests.support.receiving import receive


def test_running_twice_changes_nothing(data_dir: Path, two_page_pdf: Path) -> None:
    accepted = receive(DOSSIER, two_page_pdf, "dossier.pdf", enqueue=False)
    doc_id = accepted.document.document_id
    first = pipeline.digitise(doc_id, get_store(), get_catalogue(), get_settings())
    keys_after_first = sorted(get_store().list_keys(DOSSIER))
    documents_after_first = get_catalogue().status_counts()["digitised"]
    # a redelivered message after success, and a forced re-run, both leave one document with the same rows
    get_catalogue().requeue(doc_id)
    signed_first = {k: get_store().get_bytes(k) for k in keys_after_first if k.endswith("/searchable.pdf")}
    second = pipeline.digitise(doc_id, get_store(), get_catalogue(), get_settings())
    # the same keys, but a signed copy is never replaced: the first one is kept as a version (issue #17)
    versions = {k.replace("/searchable.pdf", "/versions/searchable.1.pdf"): v for k, v in signed_first.items()}
    assert sorted(get_store().list_keys(DOSSIER)) == sorted([*keys_after_first, *versions])
    assert all(get_store().get_bytes(k) == v for k, v in versions.items())
    assert second.objects["versions"] == [k for k in versions if doc_id in k]
    assert [p.number for p in second.pages] == [1, 2]
    assert second.text == first.text
    assert second.attempts == 2
    assert get_catalogue().status_counts()["digitised"] == documents_after_first


def test_ocr_failure_fails_the_document_and_keeps_only_the_original(
    data_dir: Path, two_page_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ocr_page.start_recognition

    def fail_on_second_page(image, **kwargs):
        if kwargs["page"] == 2:  # Tesseract's pass on page 2 ends in an error
            failed: Future = Future()
            failed.set_exception(ProcessingError("Tesseract failed on page 2: injected fault"))
            return PendingRecognition(failed)
        return real(image, **kwargs)

    monkeypatch.setattr(ocr_page, "start_recognition", fail_on_second_page)
    accepted = receive(DOSSIER, two_page_pdf, "dossier.pdf")
    [doc] = service.wait_for(context.get_catalogue(), [accepted.document.document_id], timeout_s=120)
    assert doc.status == "failed"
    assert doc.error_code == "processing_error" and "page 2" in (doc.error or "")
    assert list(get_store().list_keys(DOSSIER)) == [doc.objects["original"]]

    monkeypatch.setattr(ocr_page, "start_recognition", real)  # the fault is gone: a retry digitises it
    get_catalogue().requeue(doc.document_id)
    service.enqueue_document(doc.document_id)
    [doc] = service.wait_for(context.get_catalogue(), [doc.document_id], timeout_s=120)
    assert doc.status == "digitised" and doc.page_count == 2


def test_form_followed_by_id_card_is_split_into_two_documents(data_dir: Path, two_page_pdf: Path) -> None:
    accepted = receive(DOSSIER, two_page_pdf, "dossier.pdf", enqueue=False)
    parent = pipeline.digitise(accepted.document.document_id, get_store(), get_catalogue(), get_settings())
    documents = get_catalogue().dossier_documents(DOSSIER)
    assert len(documents) == 2
    child = next(d for d in documents if d.parent_id == parent.document_id)
    assert parent.page_count == 2  # the received file stays whole
    assert child.doc_type == "citizen_id_card" and child.page_count == 1
    assert "068195001234" in child.text and "068195001234" not in parent.text.split("\f")[0]
    assert get_store().exists(child.objects["original"]) and get_store().exists(child.objects["searchable_pdf"])
    assert child.source == "dossier.pdf (pages 2-2)"
