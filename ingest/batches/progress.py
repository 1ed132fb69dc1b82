"""Batch progress as numbers: one `Tracker` per batch, one frozen `Progress` snapshot read by everyone.

The CLI's progress bar, its plain log lines, `GET /v1/batches/{id}` and the report's totals all read
`Progress`; none of them counts on its own. States are enumerations, rates and ETAs are derived here.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class BatchState(StrEnum):
    """Where a batch is in its life."""

    VALIDATING = "validating"
    REFUSED = "refused"
    RUNNING = "running"
    STOPPING = "stopping"
    INTERRUPTED = "interrupted"
    FINISHED = "finished"


class ItemState(StrEnum):
    """Where one file of a batch is: the catalogue's statuses plus `waiting` (not received yet)."""

    WAITING = "waiting"
    QUEUED = "queued"
    PROCESSING = "processing"
    DIGITISED = "digitised"
    FAILED = "failed"


FINAL_STATES = frozenset({ItemState.DIGITISED, ItemState.FAILED})


@dataclass(frozen=True)
class Progress:
    """A batch's numbers at one moment; `skipped` files were already final before this run began."""

    state: BatchState
    files_total: int
    files_done: int
    files_digitised: int
    files_failed: int
    files_skipped: int
    files_in_flight: int
    pages_total: int
    pages_done: int
    pages_this_run: int
    elapsed_s: float

    @property
    def pages_per_minute(self) -> float:
        """Pages finished per minute in this run (skipped files do not count)."""
        return self.pages_this_run / self.elapsed_s * 60 if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds until every page is done at the current rate; None before the first page."""
        remaining = self.pages_total - self.pages_done
        if remaining <= 0:
            return 0.0
        rate = self.pages_per_minute
        return remaining / rate * 60 if rate > 0 else None

    @property
    def fraction(self) -> float:
        """Share of pages done, 0–1 (files when there are no pages)."""
        if self.pages_total:
            return min(1.0, self.pages_done / self.pages_total)
        return self.files_done / self.files_total if self.files_total else 1.0

    def to_dict(self) -> dict[str, Any]:
        """The snapshot as JSON-ready numbers, derived ones included."""
        out = asdict(self)
        out["state"] = self.state.value
        out["elapsed_s"] = round(self.elapsed_s, 1)
        out["pages_per_minute"] = round(self.pages_per_minute, 1)
        eta = self.eta_s
        out["eta_s"] = None if eta is None else round(eta, 1)
        return out


class Tracker:
    """Per-file states and page counts of one batch; thread-safe, cheap to snapshot."""

    def __init__(self, pages: list[int]) -> None:
        self._lock = threading.Lock()
        self.pages = list(pages)
        self.states = [ItemState.WAITING] * len(pages)
        self.errors: list[str | None] = [None] * len(pages)
        self.preexisting = [False] * len(pages)
        self.state = BatchState.VALIDATING
        self.started = time.monotonic()

    def start(self, state: BatchState = BatchState.RUNNING) -> None:
        """Begin timing this run."""
        with self._lock:
            self.state = state
            self.started = time.monotonic()

    def set_state(self, state: BatchState) -> None:
        """Move the batch to `state`."""
        with self._lock:
            self.state = state

    def set(self, index: int, state: ItemState, error: str | None = None, *, preexisting: bool = False) -> None:
        """Record the state of item `index` (and why it failed)."""
        with self._lock:
            self.states[index] = state
            self.errors[index] = error if state == ItemState.FAILED else None
            self.preexisting[index] = preexisting and state in FINAL_STATES

    def snapshot(self) -> Progress:
        """The numbers now."""
        with self._lock:
            done = [i for i, s in enumerate(self.states) if s in FINAL_STATES]
            return Progress(
                state=self.state,
                files_total=len(self.states),
                files_done=len(done),
                files_digitised=sum(1 for s in self.states if s == ItemState.DIGITISED),
                files_failed=sum(1 for s in self.states if s == ItemState.FAILED),
                files_skipped=sum(1 for i in done if self.preexisting[i]),
                files_in_flight=sum(1 for s in self.states if s in (ItemState.QUEUED, ItemState.PROCESSING)),
                pages_total=sum(self.pages),
                pages_done=sum(self.pages[i] for i in done),
                pages_this_run=sum(self.pages[i] for i in done if not self.preexisting[i]),
                elapsed_s=time.monotonic() - self.started,
            )
