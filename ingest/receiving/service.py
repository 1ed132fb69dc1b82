"""Receiving documents: check, store the original durably, catalogue as queued, enqueue; and wait.

Order matters for "lose nothing": the original is stored before the catalogue row exists, and the
row exists before the message is sent. A crash between steps leaves either an unclaimed object
(reported by `sohoa audit`) or a queued row (re-queued when stuck) — never a document that
claims objects it does not have.
"""

from __future__ import annotations

import getpass
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import dramatiq

from core.errors import BrokerUnavailable, InputError, InvalidRequest, SohoaError, TransientError
from core.settings import Settings, get_settings
from ocr.fields import FIELDS_BY_TYPE
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys, new_document_id, validate_dossier_id
from storage.objects import ObjectStore
from storage.records import DocumentRecord, NewDocument, Status

from ..queueing.broker import broker_errors, is_in_process
from ..signing.component import CLI_OPERATOR, with_operator
from . import intake

log = logging.getLogger(__name__)
_T = TypeVar("_T")

FINAL = {Status.DIGITISED.value, Status.FAILED.value}


@dataclass(frozen=True)
class Accepted:
    """A file accepted as a document (new, or the same file already in the dossier)."""

    source: str
    document: DocumentRecord
    duplicate: bool


@dataclass(frozen=True)
class Refused:
    """A file refused, with the reason a clerk can act on."""

    source: str
    error: SohoaError


def validate_doc_type(doc_type: str | None) -> str | None:
    """None or one of the contract's document types; `InvalidRequest` otherwise."""
    if doc_type in (None, ""):
        return None
    if doc_type not in FIELDS_BY_TYPE:
        raise InvalidRequest(f"Unknown doc_type '{doc_type}'; use one of: {', '.join(FIELDS_BY_TYPE)}")
    return doc_type


def receive(
    dossier_id: str,
    path: Path,
    name: str,
    doc_type: str | None = None,
    *,
    enqueue: bool = True,
    inspected: intake.SourceFile | None = None,
    looked_up: bool = False,
    component: dict[str, str] | None = None,
    operator: str | None = None,
    store: ObjectStore,
    catalogue: Catalogue,
) -> Accepted:
    """Check one file, store it and catalogue it; raises the `InputError` that refuses it.

    `inspected` is `intake.inspect`'s verdict on this very file, when the caller already has it;
    `looked_up` says the caller just found no document with its hash in the dossier (a race with the
    same file is still settled by the catalogue's unique constraint below). `component` is the
    upload's component metadata (`signing.component.validate_component`), `operator` who received it;
    `store` and `catalogue` are the caller's (the API's injected ones, or the process's at the edges).
    """
    settings = get_settings()
    dossier_id = validate_dossier_id(dossier_id)
    doc_type = validate_doc_type(doc_type)
    source = inspected if inspected is not None and inspected.path == path else intake.inspect(path, name, settings)
    existing = None if looked_up else catalogue.find_document(dossier_id, source.sha256)
    if existing is not None:
        return Accepted(name, existing, True)
    document_id = new_document_id()
    key = DocumentKeys(dossier_id, document_id).original(source.ext)
    store.put_file(key, path, source.media_type)
    try:
        record, created = catalogue.add_document(
            NewDocument(
                document_id=document_id,
                dossier_id=dossier_id,
                source=name,
                sha256=source.sha256,
                media_type=source.media_type,
                ext=source.ext,
                size_bytes=source.size_bytes,
                original_key=key,
                page_count=source.pages,
                requested_doc_type=doc_type,
                component=with_operator(component or {}, operator),
            )
        )
    except BaseException:
        store.delete(key)  # never leave an original no document claims
        raise
    if not created:  # lost a race with the same file: keep theirs
        store.delete(key)
        return Accepted(name, record, True)
    if enqueue:
        try:
            enqueue_document(record.document_id)
        except BrokerUnavailable as exc:  # stored and catalogued: the stuck sweeper sends it later
            log.warning("document %s stays queued until the broker is back: %s", record.document_id, exc.message)
    return Accepted(name, record, False)


def enqueue_document(document_id: str) -> None:
    """Send the document to the workers (starting in-process ones when there is no broker)."""
    from ..queueing.actors import digitise_document

    ensure_workers(get_settings())
    with broker_errors():
        digitise_document.send(document_id)


def receive_many(
    dossier_id: str,
    files: Iterable[tuple[Path, str]],
    doc_type: str | None = None,
    *,
    on_retry: Callable[[str, TransientError, float], None] | None = None,
    component: dict[str, str] | None = None,
    store: ObjectStore,
    catalogue: Catalogue,
) -> list[Accepted | Refused]:
    """Receive every file, refusing the bad ones one by one (the good ones still go through).

    While storage or the catalogue is down, a file's upload is retried with growing pauses for
    `receive_retry_s`; `on_retry(name, error, pause)` hears of each pause. After that the
    `TransientError` goes up: what was received so far stays received, the rest was not stored.
    """
    window = get_settings().receive_retry_s
    operator = f"{CLI_OPERATOR} ({getpass.getuser()})"
    outcomes: list[Accepted | Refused] = []
    for path, name in files:
        try:
            outcomes.append(
                retry_transient(
                    partial(
                        receive,
                        dossier_id,
                        path,
                        name,
                        doc_type,
                        component=component,
                        operator=operator,
                        store=store,
                        catalogue=catalogue,
                    ),
                    window,
                    name,
                    on_retry,
                )
            )
        except InputError as exc:
            outcomes.append(Refused(name, exc))
    return outcomes


def retry_transient(
    action: Callable[[], _T],
    window_s: float,
    name: str,
    on_retry: Callable[[str, TransientError, float], None] | None = None,
) -> _T:
    """`action()`, retried on `TransientError` with pauses of 0.5 s doubling to 10 s, for `window_s`.

    `receive` is safe to repeat: a failed attempt leaves no catalogue row, and the original it may
    have stored under a fresh document ID is deleted (or, if storage died meanwhile, reported by
    `sohoa audit` as unclaimed).
    """
    deadline = time.monotonic() + window_s
    pause = 0.5
    while True:
        try:
            return action()
        except TransientError as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            wait = min(pause, left)
            if on_retry is not None:
                on_retry(name, exc, wait)
            time.sleep(wait)
            pause = min(pause * 2, 10.0)


def wait_for(
    catalogue: Catalogue, document_ids: Sequence[str], timeout_s: float, poll_s: float = 0.2
) -> list[DocumentRecord]:
    """Block until every document is digitised or failed (or the timeout passes); return them."""
    deadline = time.monotonic() + timeout_s
    pending = set(document_ids)
    while pending and time.monotonic() < deadline:
        # one light query a round for every pending document (no pages or fields): a client waiting
        # for hundreds of documents must not load the catalogue the workers are writing to
        current = catalogue.documents_by_id(sorted(pending))
        for missing in pending - current.keys():
            catalogue.get_document(missing)  # NotFound, as for any unknown document
        pending -= {d for d, record in current.items() if record.status in FINAL}
        if pending:
            time.sleep(poll_s)
    return [catalogue.get_document(d) for d in document_ids]


def with_split_parts(catalogue: Catalogue, dossier_id: str, documents: list[DocumentRecord]) -> list[DocumentRecord]:
    """The documents followed by the parts split out of them (a form plus an ID card in one PDF)."""
    ids = {d.document_id for d in documents}
    parts = [d for d in catalogue.dossier_documents(dossier_id) if d.parent_id in ids]
    return [*documents, *parts]


_workers_lock = threading.Lock()
_worker: dramatiq.Worker | None = None
IN_PROCESS_NICE = 10  # in-process OCR yields the CPU to whatever else the process does (the API's answers)


class _LowerPriority(dramatiq.Middleware):
    """Lower each in-process worker thread's CPU priority; the Tesseract it starts inherits it (Linux)."""

    def after_worker_thread_boot(self, broker: dramatiq.Broker, thread: threading.Thread) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), IN_PROCESS_NICE)
        except (AttributeError, OSError):  # not Linux, or not allowed: run at normal priority
            log.debug("could not lower the priority of worker thread %s", thread.name)


def ensure_workers(settings: Settings) -> None:
    """Start the in-process dramatiq worker once, when no broker is configured."""
    global _worker
    if not is_in_process(settings):
        return
    with _workers_lock:
        if _worker is None:
            from ..queueing.actors import broker

            if not any(isinstance(m, _LowerPriority) for m in broker.middleware):
                broker.add_middleware(_LowerPriority())
            _worker = dramatiq.Worker(broker, worker_threads=settings.effective_worker_threads, worker_timeout=100)
            _worker.start()


def stop_workers(timeout_s: float = 600.0) -> None:
    """Stop the in-process worker, letting current documents finish for up to `timeout_s` (tests, shutdown)."""
    global _worker
    with _workers_lock:
        if _worker is not None:
            _worker.stop(timeout=int(timeout_s * 1000))
            _worker = None
