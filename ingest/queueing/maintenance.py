"""Nothing waits silently: re-queue stuck documents, retry failed ones, and the sweeper loop of `sohoa worker`.

A document is stuck when it sat in `processing` (its worker died) or `queued` (its message was lost,
e.g. the broker restarted without persistence, or never sent while the broker was down) for longer
than `processing_timeout_s`. Re-queueing is a compare-and-set on (status, updated_at), so several
sweepers on several machines re-send each stuck document once; a duplicate message is harmless,
because every stage is idempotent.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from core.errors import InvalidRequest, SohoaError, TransientError
from core.settings import Settings, get_settings
from storage.models import utcnow
from storage.records import DocumentRecord, Status

from ..context import get_catalogue
from ..receiving.service import enqueue_document

log = logging.getLogger(__name__)

STUCK_STATUSES = (Status.PROCESSING.value, Status.QUEUED.value)


@dataclass(frozen=True)
class Requeued:
    """A document sent back to the workers, and why."""

    document_id: str
    dossier_id: str
    source: str
    was: str
    reason: str


def stuck_documents(settings: Settings) -> list[DocumentRecord]:
    """Documents in `processing` or `queued` untouched for longer than `processing_timeout_s`."""
    older_than = utcnow() - timedelta(seconds=settings.processing_timeout_s)
    return get_catalogue().documents_with_status(STUCK_STATUSES, older_than=older_than)


def requeue_stuck(settings: Settings | None = None) -> list[Requeued]:
    """Re-queue every stuck document (each once, however many sweepers run) and say which."""
    settings = settings or get_settings()
    catalogue = get_catalogue()
    older_than = utcnow() - timedelta(seconds=settings.processing_timeout_s)
    done: list[Requeued] = []
    for doc in catalogue.documents_with_status(STUCK_STATUSES, older_than=older_than):
        if not catalogue.requeue_if_stale(doc.document_id, [doc.status], older_than):
            continue  # finished meanwhile, or another sweeper took it
        enqueue_document(doc.document_id)
        reason = f"{doc.status} for over {settings.processing_timeout_s} s"
        log.warning("document %s (%s) was %s; re-queued", doc.document_id, doc.source, reason)
        done.append(Requeued(doc.document_id, doc.dossier_id, doc.source, doc.status, reason))
    return done


def retry_failed(document_id: str | None = None) -> list[Requeued]:
    """Re-queue every failed document, or the one named (failed, queued or processing; not digitised)."""
    catalogue = get_catalogue()
    if document_id is None:
        targets = catalogue.documents_with_status([Status.FAILED.value])
    else:
        doc = catalogue.get_document(document_id)
        if doc.status == Status.DIGITISED:
            raise InvalidRequest(f"Document {document_id} is already digitised; nothing to retry")
        targets = [doc]
    done = []
    for doc in targets:
        catalogue.requeue(doc.document_id)
        enqueue_document(doc.document_id)
        done.append(Requeued(doc.document_id, doc.dossier_id, doc.source, doc.status, doc.error or "asked to"))
    return done


def sweep_interval_s(settings: Settings) -> float:
    """How often the sweeper looks: a third of the timeout, between 1 s and 60 s."""
    return min(60.0, max(1.0, settings.processing_timeout_s / 3))


def sweep_forever(settings: Settings | None = None, *, stop_after: float | None = None) -> int:
    """Re-queue stuck documents every `sweep_interval_s` until killed (or `stop_after` seconds, in tests)."""
    settings = settings or get_settings()
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started < stop_after:
        try:
            requeue_stuck(settings)
        except TransientError as exc:
            log.warning("stuck-document sweep skipped: %s", exc.message)
        except SohoaError as exc:  # pragma: no cover - keep sweeping whatever one document does
            log.error("stuck-document sweep failed: %s", exc.message)
        time.sleep(sweep_interval_s(settings))
    return 0


def sweeper_process() -> int:
    """Entry point dramatiq forks beside the worker processes (`sohoa worker`)."""
    logging.getLogger("ingest").setLevel(logging.INFO)
    return sweep_forever()
