"""Dramatiq actors: thin wrappers that load, call the pipeline, and record what happened.

Importing this module declares the actors on the process's one broker (`broker.get_broker()`). Bad input fails the
document once, with its reason; transient failures (storage, catalogue) are retried with backoff;
a bug fails the document with its message so nothing waits silently.
"""

from __future__ import annotations

import logging

import dramatiq

from core.errors import SohoaError, TransientError
from core.settings import get_settings
from storage.records import Status

from ..context import get_catalogue, get_store
from ..digitising import pipeline
from . import webhooks
from .broker import get_broker

log = logging.getLogger(__name__)

#: What `sohoa worker` hands to dramatiq (`ingest.queueing.actors:broker`): the one broker, with these actors.
broker = get_broker()

MAX_RETRIES = 8


def _retry_transient(retries_so_far: int, exc: BaseException) -> bool:
    return isinstance(exc, TransientError) and retries_so_far < MAX_RETRIES


@dramatiq.actor(
    broker=broker,
    queue_name="digitise",
    retry_when=_retry_transient,
    min_backoff=1_000,
    max_backoff=60_000,
    time_limit=60 * 60 * 1000,
)
def digitise_document(document_id: str) -> None:
    """Digitise one document; safe to run twice on the same message."""
    settings = get_settings()
    catalogue = get_catalogue()
    try:
        pipeline.digitise(document_id, get_store(), catalogue, settings)
    except TransientError as exc:
        log.warning("document %s: %s (will retry)", document_id, exc.message)
        raise
    except SohoaError as exc:
        log.info("document %s failed: %s", document_id, exc.message)
        _fail(document_id, exc.code, exc.message)
    except Exception as exc:  # a bug must fail the document, not leave it waiting
        log.exception("document %s: unexpected error", document_id)
        _fail(document_id, "processing_error", f"Internal error while digitising: {exc}")
    _notify(document_id)


def _notify(document_id: str) -> None:
    """Tell webhook subscribers the document is final; never fails the document itself."""
    try:
        webhooks.notify(document_id)
    except Exception:  # a subscriber problem must not undo a digitised document
        log.exception("document %s: could not queue webhook deliveries", document_id)


def _fail(document_id: str, code: str, message: str) -> None:
    if get_catalogue().get_document(document_id).status == Status.DIGITISED:
        return  # another delivery of this message finished it: keep its objects
    pipeline.discard_derived(document_id, get_store(), get_catalogue())
    get_catalogue().mark_failed(document_id, code, message)
