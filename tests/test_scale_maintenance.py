"""Durability rules in-process: originals stored before queueing, retries, stuck re-queue, actor behaviour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from core.errors import StorageUnavailable
from core.settings import get_settings
from ingest import context
from ingest.context import get_catalogue, get_store
from ingest.queueing import maintenance
from ingest.queueing.actors import _retry_transient, digitise_document
from ingest.receiving import service
from tests.conftest import DOSSIER
from tests.support.receiving import receive


@pytest.fixture
def workers(data_dir: Path) -> Iterator[Path]:
    """The embedded defaults with in-process workers, stopped afterwards."""
    yield data_dir
    service.stop_workers()


def test_original_is_stored_before_the_document_is_queued(
    data_dir: Path, card_jpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def enqueue(document_id: str) -> None:
        doc = get_catalogue().get_document(document_id)
        seen.append(get_store().exists(doc.objects["original"]))

    monkeypatch.setattr(service, "enqueue_document", enqueue)
    receive(DOSSIER, card_jpeg, "card.jpg")
    assert seen == [True]


def test_storage_down_at_receive_stores_nothing(
    data_dir: Path, card_jpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_args: object, **_kw: object) -> None:
        raise StorageUnavailable("injected: object store down")

    monkeypatch.setattr(type(get_store()), "put_file", down)
    with pytest.raises(StorageUnavailable):
        receive(DOSSIER, card_jpeg, "card.jpg")
    assert get_catalogue().all_documents() == []


def test_redelivered_message_is_a_no_op(workers: Path, card_jpeg: Path) -> None:
    doc_id = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document.document_id
    digitise_document(doc_id)
    first = get_catalogue().get_document(doc_id)
    keys = sorted(get_store().list_keys(DOSSIER))
    digitise_document(doc_id)  # the same message again
    again = get_catalogue().get_document(doc_id)
    assert again.status == "digitised" and again.attempts == first.attempts
    assert again.pages == first.pages and again.fields == first.fields
    assert sorted(get_store().list_keys(DOSSIER)) == keys
    assert len(get_catalogue().all_documents()) == 1


def test_storage_outage_in_the_actor_is_retried_not_failed(
    workers: Path, card_jpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document.document_id

    def down(*_args: object, **_kw: object) -> None:
        raise StorageUnavailable("injected: object store down")

    monkeypatch.setattr(type(get_store()), "get_file", down)
    with pytest.raises(StorageUnavailable) as caught:
        digitise_document(doc_id)
    assert _retry_transient(0, caught.value) and not _retry_transient(0, ValueError("bug"))
    assert get_catalogue().get_document(doc_id).status == "processing"  # not failed: it will be retried


def test_bad_input_fails_once_with_its_reason(workers: Path, card_jpeg: Path) -> None:
    doc = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document
    get_store().put_bytes(doc.objects["original"], b"\xff\xd8\xff" + b"\x00" * 200)  # a truncated JPEG
    digitise_document(doc.document_id)  # returns: nothing for dramatiq to retry
    failed = get_catalogue().get_document(doc.document_id)
    assert failed.status == "failed" and failed.error_code == "corrupt_file" and "damaged" in failed.error


def test_retry_requeues_failed_documents(workers: Path, card_jpeg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc_id = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document.document_id
    get_catalogue().mark_failed(doc_id, "processing_error", "injected")
    assert main(["retry", "--wait"]) == 0
    assert f"re-queued {doc_id}" in capsys.readouterr().out
    assert get_catalogue().get_document(doc_id).status == "digitised"
    assert main(["retry", doc_id]) == 2  # already digitised: refused with a reason


def test_stuck_documents_are_requeued_once(
    workers: Path, card_jpeg: Path, two_page_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = receive(DOSSIER, card_jpeg, "card.jpg", enqueue=False).document.document_id  # message lost
    dead = receive(DOSSIER, two_page_pdf, "dossier.pdf", enqueue=False).document.document_id
    get_catalogue().mark_processing(dead)  # its worker died mid-page
    assert maintenance.requeue_stuck(get_settings()) == []  # not stuck yet: the timeout is 900 s
    monkeypatch.setenv("SOHOA_PROCESSING_TIMEOUT_S", "0")
    get_settings.cache_clear()
    sent: list[str] = []
    monkeypatch.setattr(maintenance, "enqueue_document", sent.append)
    done = maintenance.requeue_stuck(get_settings())
    assert sorted(d.document_id for d in done) == sorted([lost, dead]) == sorted(sent)
    monkeypatch.undo()
    get_settings.cache_clear()
    for document_id in sent:
        service.enqueue_document(document_id)
    records = service.wait_for(context.get_catalogue(), sent, 120)
    assert [r.status for r in records] == ["digitised", "digitised"]


def test_worker_refuses_to_start_without_a_broker(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--processes", "1"]) == 2
    assert "SOHOA_BROKER_URL" in capsys.readouterr().err
