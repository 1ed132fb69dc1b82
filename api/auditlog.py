"""Audit entries written after the answer, many per transaction, by one background thread.

Uploads log `documents.upload` here instead of writing a row (and taking the catalogue's single
writer) per request: entries gather for up to `DELAY_S` and go in with one commit. Each keeps the
time it happened. Reads of personal data do not use this: they are logged before the data is
returned (`Access.record`). Reading the audit log, and stopping the app, first write everything
pending, so this process's log is always complete when read; a crash loses at most the last
`DELAY_S` of upload entries (the uploads themselves are durable).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from storage.access import Access, AuditEntry

log = logging.getLogger(__name__)

DELAY_S = 0.05  # how long entries gather before a batch is written
RETRY_S = 1.0  # wait after a failed write (catalogue unavailable)
MAX_PENDING = 100_000  # entries kept while the catalogue is down; older ones are dropped, loudly


class AuditWriter:
    """Queues `AuditEntry`s and writes them in batches from one daemon thread."""

    def __init__(self, access: Callable[[], Access], delay_s: float = DELAY_S) -> None:
        self._access = access
        self._delay_s = delay_s
        self._pending: list[AuditEntry] = []
        self._lock = threading.Lock()  # guards _pending and _thread
        self._writing = threading.Lock()  # one batch at a time, so `flush` returns after earlier batches
        self._wake = threading.Event()
        self._stop = threading.Event()  # also what the thread sleeps on, so `close` never waits out a delay
        self._thread: threading.Thread | None = None

    def submit(self, entry: AuditEntry) -> None:
        """Queue one entry; returns at once."""
        with self._lock:
            self._pending.append(entry)
            if len(self._pending) > MAX_PENDING:
                dropped = len(self._pending) - MAX_PENDING
                del self._pending[:dropped]
                log.error("audit log: catalogue unavailable too long, dropped %d upload entries", dropped)
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="sohoa-audit-writer", daemon=True)
                self._thread.start()
        self._wake.set()

    def flush(self) -> None:
        """Write every entry queued so far (raises what the catalogue raises; the entries stay queued)."""
        with self._writing:
            self._write_pending()

    def close(self) -> None:
        """Stop the thread after writing what is queued (best effort: failures are logged)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout=10)
        try:
            self.flush()
        except Exception:  # shutting down: say what was lost, do not mask the shutdown
            log.exception("audit log: %d upload entries could not be written at shutdown", len(self._pending))

    def _write_pending(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            self._access().record_many(batch)
        except BaseException:
            with self._lock:
                self._pending[:0] = batch
            raise

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stop.wait(self._delay_s):  # let a burst of uploads join this batch
                return  # `close` writes what is left
            try:
                self.flush()
            except Exception:  # keep the entries and try again
                log.warning("audit log: writing upload entries failed, retrying in %.0f s", RETRY_S, exc_info=True)
                if self._stop.wait(RETRY_S):
                    return
                self._wake.set()
