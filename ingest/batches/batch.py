"""Run a checked batch through the queue, resumably: the catalogue is the truth, `batch.json` a small record.

Each file goes through `service.receive` (which dedups by SHA-256 within a dossier) and the same
queue `sohoa digitise` uses: in-process worker threads when no broker is configured, the `sohoa worker`
fleet when `SOHOA_BROKER_URL` is set. At most `max_in_flight` documents are queued at a time, so a
stop leaves little behind.

Resuming is re-running: a file already digitised in its dossier is skipped; one left `queued` or
`processing` by an interrupted in-process run is re-queued (its message died with that process);
with a broker it is re-queued only once stale (`processing_timeout_s`), since the fleet still holds
it. Failed files stay failed unless `retry_failed`.

Stopping (`stop` set by SIGTERM/Ctrl-C in the CLI): nothing new is received; in-process workers
finish their current document for up to `grace_s`, then whatever is still unfinished is put back to
`queued` in the catalogue, where the next run finds it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from core.errors import InputError, SohoaError
from core.settings import Settings
from storage.records import DocumentRecord, Status

from ..context import get_catalogue, get_store
from ..queueing.broker import is_in_process
from ..receiving import service
from .batch_source import BatchItem, Plan
from .progress import BatchState, ItemState, Progress, Tracker

log = logging.getLogger(__name__)

RECORD_NAME = "batch.json"
CHECKPOINT_S = 3.0
POLL_S = 0.25


@dataclass(frozen=True)
class BatchOptions:
    """How to run: retry failed files, how many documents in flight, how long to let current ones finish."""

    retry_failed: bool = False
    max_in_flight: int | None = None
    grace_s: float = 30.0


@dataclass
class BatchRecord:
    """What a batch is and how far it got, kept as `batch.json` beside the report (rebuildable from the plan)."""

    batch_id: str
    source: str
    mode: str
    items: list[dict[str, Any]]
    created_at: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    state: str = BatchState.VALIDATING.value
    progress: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_plan(cls, plan: Plan, previous: BatchRecord | None = None) -> BatchRecord:
        """A record for the plan, keeping the ID and run history of a previous record of the same source."""
        items = [
            {
                "file": i.name,
                "dossier_id": i.dossier_id,
                "doc_type": i.doc_type,
                "sha256": i.sha256,
                "pages": i.pages,
                "document_id": None,
                "error": None,
            }
            for i in plan.items
        ]
        same = previous is not None and previous.source == str(plan.source.resolve()) and previous.mode == plan.mode
        return cls(
            batch_id=previous.batch_id if same and previous else uuid.uuid4().hex[:12],
            source=str(plan.source.resolve()),
            mode=plan.mode,
            items=items,
            created_at=previous.created_at if same and previous else _now(),
            runs=list(previous.runs) if same and previous else [],
        )

    @classmethod
    def load(cls, folder: Path) -> BatchRecord | None:
        """The record in `folder`, or None when there is none (or it is unreadable)."""
        try:
            data = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def save(self, folder: Path) -> None:
        """Write `batch.json` atomically."""
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{RECORD_NAME}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(self.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, folder / RECORD_NAME)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _item_state(doc: DocumentRecord) -> ItemState:
    return ItemState(doc.status)


def resolve(record: BatchRecord, tracker: Tracker) -> list[DocumentRecord | None]:
    """Find each item's document in the catalogue (by dossier and SHA-256) and set the tracker from it."""
    catalogue = get_catalogue()
    docs: list[DocumentRecord | None] = []
    for index, item in enumerate(record.items):
        doc = catalogue.find_document(item["dossier_id"], item["sha256"])
        docs.append(doc)
        if doc is None:
            tracker.set(index, ItemState.WAITING)
            continue
        item["document_id"] = doc.document_id
        state = _item_state(doc)
        tracker.set(index, state, doc.error, preexisting=True)
    return docs


class BatchRunner:
    """Drives one batch to the end (or to a stop); progress goes to `on_progress` and `batch.json`."""

    def __init__(
        self,
        plan_items: list[BatchItem],
        record: BatchRecord,
        folder: Path,
        settings: Settings,
        options: BatchOptions | None = None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.items = plan_items
        self.record = record
        self.folder = folder
        self.settings = settings
        self.options = options or BatchOptions()
        self.on_progress = on_progress or (lambda _p: None)
        self.tracker = Tracker([i.pages for i in plan_items])
        self.stop = threading.Event()
        self.in_process = is_in_process(settings)
        self._requeued: set[str] = set()

    @property
    def max_in_flight(self) -> int:
        """Documents queued at a time: twice the local threads, or a deeper queue for a fleet."""
        if self.options.max_in_flight:
            return self.options.max_in_flight
        return 2 * self.settings.effective_worker_threads if self.in_process else 200

    def progress(self) -> Progress:
        """The current numbers."""
        return self.tracker.snapshot()

    def run(self) -> Progress:
        """Receive, queue and wait for every file; return the final numbers (state finished or interrupted)."""
        docs = resolve(self.record, self.tracker)
        pending: deque[int] = deque()
        in_flight: dict[int, str] = {}
        stale_before = datetime.now(UTC) - timedelta(seconds=self.settings.processing_timeout_s)
        for index, doc in enumerate(docs):
            if doc is None:
                pending.append(index)
            elif doc.status == Status.FAILED and self.options.retry_failed:
                pending.append(index)
            elif doc.status in (Status.QUEUED, Status.PROCESSING):
                if self.in_process or doc.updated_at < stale_before:
                    pending.append(index)  # stranded by an interrupted run: queue it again
                else:
                    in_flight[index] = doc.document_id  # the fleet still has it
        self.tracker.start(BatchState.RUNNING)
        self.record.runs.append({"started_at": _now(), "ended_at": None, "state": BatchState.RUNNING.value})
        self._checkpoint()
        last_checkpoint = time.monotonic()
        try:
            while (pending or in_flight) and not self.stop.is_set():
                while pending and len(in_flight) < self.max_in_flight and not self.stop.is_set():
                    index = pending.popleft()
                    document_id = self._submit(index)
                    if document_id:
                        in_flight[index] = document_id
                self._poll(in_flight)
                self.on_progress(self.tracker.snapshot())
                if time.monotonic() - last_checkpoint > CHECKPOINT_S:
                    self._checkpoint()
                    last_checkpoint = time.monotonic()
                if pending or in_flight:
                    self.stop.wait(POLL_S)
        finally:
            if self.stop.is_set() or pending or in_flight:
                self._wind_down(in_flight)
                final = BatchState.INTERRUPTED
            else:
                final = BatchState.FINISHED
            self.tracker.set_state(final)
            self.record.runs[-1].update(ended_at=_now(), state=final.value)
            self._checkpoint()
        progress = self.tracker.snapshot()
        self.on_progress(progress)
        return progress

    def _submit(self, index: int) -> str | None:
        """Receive (or re-queue) one item; its document ID, or None when it was refused or is already final."""
        item = self.items[index]
        entry = self.record.items[index]
        try:
            if entry["document_id"]:
                document_id = entry["document_id"]
                if document_id not in self._requeued:  # two files of the batch may share one document
                    self._requeued.add(document_id)
                    get_catalogue().requeue(document_id)
                    service.enqueue_document(document_id)
                self.tracker.set(index, ItemState.QUEUED)
                return document_id
            accepted = service.receive(
                item.dossier_id,
                item.path,
                item.name,
                item.doc_type,
                enqueue=False,
                component=item.component,
                operator="sohoa batch",
                store=get_store(),
                catalogue=get_catalogue(),
            )
        except InputError as exc:  # the file changed since validation, or similar
            entry["error"] = exc.message
            self.tracker.set(index, ItemState.FAILED, exc.message)
            return None
        doc = accepted.document
        entry["document_id"] = doc.document_id
        if accepted.duplicate:
            # the same content earlier in this batch, or a concurrent upload: already final or on its way
            self.tracker.set(index, _item_state(doc), doc.error)
            return None if doc.status in (Status.DIGITISED, Status.FAILED) else doc.document_id
        service.enqueue_document(doc.document_id)
        self.tracker.set(index, ItemState.QUEUED)
        return doc.document_id

    def _poll(self, in_flight: dict[int, str]) -> None:
        """Move finished documents out of `in_flight` and into the tracker."""
        if not in_flight:
            return
        found = get_catalogue().documents_by_id(list(in_flight.values()))
        for index, document_id in list(in_flight.items()):
            doc = found.get(document_id)
            if doc is None:
                continue
            state = _item_state(doc)
            self.tracker.set(index, state, doc.error)
            if state in (ItemState.DIGITISED, ItemState.FAILED):
                self.record.items[index]["error"] = doc.error
                del in_flight[index]

    def _wind_down(self, in_flight: dict[int, str]) -> None:
        """After a stop: let local workers finish their document, then leave the rest `queued`."""
        self.tracker.set_state(BatchState.STOPPING)
        self.on_progress(self.tracker.snapshot())
        if not self.in_process:
            return  # the fleet keeps working on what it holds; the next run waits for it
        service.stop_workers(timeout_s=self.options.grace_s)
        self._poll(in_flight)
        catalogue = get_catalogue()
        for index, document_id in in_flight.items():
            try:
                catalogue.requeue(document_id)
            except SohoaError:
                log.warning("could not put document %s back to queued", document_id, exc_info=True)
            self.tracker.set(index, ItemState.QUEUED)

    def _checkpoint(self) -> None:
        progress = self.tracker.snapshot()
        self.record.state = progress.state.value
        self.record.progress = progress.to_dict()
        try:
            self.record.save(self.folder)
        except OSError:
            log.warning("could not write %s", self.folder / RECORD_NAME, exc_info=True)


def recorded_progress(record: BatchRecord) -> Progress:
    """The batch's numbers from the catalogue now, timed over all its runs (for reports on demand and the API)."""
    tracker = Tracker([int(item.get("pages") or 0) for item in record.items])
    for index, doc in enumerate(resolve(record, tracker)):
        if doc is None and record.items[index].get("error"):
            tracker.set(index, ItemState.FAILED, record.items[index]["error"])
        elif doc is not None:
            tracker.set(index, _item_state(doc), doc.error)  # counted as this batch's work, not skipped
    elapsed = sum(_run_seconds(run) for run in record.runs)
    state = BatchState(record.state) if record.state in BatchState.__members__.values() else BatchState.FINISHED
    return replace(tracker.snapshot(), state=state, elapsed_s=elapsed)


def _run_seconds(run: dict[str, Any]) -> float:
    try:
        start = datetime.fromisoformat(run["started_at"])
        end = datetime.fromisoformat(run["ended_at"]) if run.get("ended_at") else datetime.now(UTC)
    except (KeyError, TypeError, ValueError):
        return 0.0
    return max(0.0, (end - start).total_seconds())


def write_batch_report(record: BatchRecord, folder: Path, progress: Progress) -> dict[str, Path]:
    """Build and write report.json, report.csv and report.html for the batch into `folder`."""
    from .report import build_report, write_report

    report, docs = build_report(record.batch_id, record.source, record.items, progress, get_catalogue())
    return write_report(report, folder, get_store(), docs)
