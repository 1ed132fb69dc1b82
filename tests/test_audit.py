"""`sohoa audit`: every missing object, every unclaimed object, stuck documents, exact counts; exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main
from core.settings import get_settings
from ingest.context import get_catalogue, get_store
from ingest.digitising import pipeline
from storage.audit import audit
from storage.keys import DocumentKeys, new_document_id
from tests.conftest import DOSSIER
from tests.support.receiving import receive


@pytest.fixture
def digitised(data_dir: Path, card_jpeg: Path) -> str:
    """One digitised document in the embedded store; its ID."""
    doc_id = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document.document_id
    pipeline.digitise(doc_id, get_store(), get_catalogue(), get_settings())
    return doc_id


def run_audit(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["audit", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_clean_store_audits_clean(digitised: str, two_page_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    receive(DOSSIER, two_page_pdf, "dossier.pdf", enqueue=False)  # queued: only its original so far
    code, report = run_audit(capsys)
    assert code == 0 and report["ok"]
    assert report["status_counts"] == {"queued": 1, "processing": 0, "digitised": 1, "failed": 0}
    assert report["status_counts"] == get_catalogue().status_counts()
    assert report["documents"] == 2
    # original + one page + searchable.pdf + result.json, and the queued document's original
    assert report["objects"] == 5


def test_every_missing_object_is_named(digitised: str, capsys: pytest.CaptureFixture[str]) -> None:
    doc = get_catalogue().get_document(digitised)
    get_store().delete(doc.objects["pages"][0])
    get_store().delete(doc.objects["result"])
    code, report = run_audit(capsys)
    assert code == 1 and not report["ok"]
    [item] = report["missing_objects"]
    assert item["document_id"] == digitised and item["status"] == "digitised"
    assert sorted(item["missing"]) == sorted([doc.objects["pages"][0], doc.objects["result"]])


def test_missing_original_of_a_queued_document(data_dir: Path, card_jpeg: Path) -> None:
    doc = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document
    get_store().delete(doc.objects["original"])
    report = audit(get_catalogue(), get_store(), 900)
    assert [m.missing for m in report.missing_objects] == [(doc.objects["original"],)]


def test_unclaimed_objects_are_listed(digitised: str, capsys: pytest.CaptureFixture[str]) -> None:
    orphan = DocumentKeys(DOSSIER, new_document_id()).original("png")
    stray_page = DocumentKeys(DOSSIER, digitised).page(7)
    get_store().put_bytes(orphan, b"x")
    get_store().put_bytes(stray_page, b"x")
    get_store().put_bytes("not-our-layout.txt", b"x")
    code, report = run_audit(capsys)
    assert code == 1
    assert sorted(report["unclaimed_objects"]) == sorted([orphan, stray_page, "not-our-layout.txt"])
    assert report["missing_objects"] == []


def test_stuck_documents_are_reported(
    data_dir: Path, card_jpeg: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document
    monkeypatch.setenv("SOHOA_PROCESSING_TIMEOUT_S", "0")
    get_settings.cache_clear()
    code, report = run_audit(capsys)
    assert code == 1 and [s["document_id"] for s in report["stuck"]] == [doc.document_id]


def test_failed_document_keeps_only_its_original(digitised: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert get_catalogue().mark_failed(digitised, "processing_error", "late") is False
    code, _ = run_audit(capsys)
    assert code == 0


def test_text_output(digitised: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert "1 documents (0 queued, 0 processing, 1 digitised, 0 failed)" in out and "audit: clean" in out
