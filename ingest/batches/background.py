"""Batches started through the API: planned in the caller's thread, run in a background thread each.

Planning a backlog (checking every file, splitting scanner stacks) can take minutes, so it holds only a lock
of its own source (two posts of one source plan one after the other and the second resumes the first's
work); reads of other batches, and new batches of other sources, never wait for it.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.errors import InvalidRequest, NotFound
from core.settings import Settings

from .batch import BatchOptions, BatchRecord, BatchRunner, recorded_progress, write_batch_report
from .batch_source import build_plan
from .progress import BatchState, Progress

log = logging.getLogger(__name__)

_BATCH_ID = re.compile(r"^[0-9a-f]{12}$")


@dataclass(frozen=True)
class BatchView:
    """A batch as the API shows it: its record, its folder and its progress now."""

    record: BatchRecord
    folder: Path
    progress: Progress


def inbox(settings: Settings) -> Path:
    """The only folder API batches may read from: `{SOHOA_DATA_DIR}/inbox/`."""
    return (settings.data_dir / "inbox").resolve()


def batch_folder(settings: Settings, batch_id: str) -> Path:
    """Where a batch's record and report live; `NotFound` for an ID that cannot be one."""
    if not _BATCH_ID.match(batch_id):
        raise NotFound(f"No batch with ID '{batch_id[:40]}'")
    return (settings.data_dir / "batches" / batch_id).resolve()


def inbox_source(settings: Settings, raw: str) -> Path:
    """The path inside the inbox that `raw` names; `InvalidRequest` for anything outside it or missing."""
    folder = inbox(settings)
    if not raw or not raw.isprintable():  # NUL and control characters never reach the file system
        raise InvalidRequest(f"source must be a path inside {folder}, such as 'backlog-2025-11'")
    path = (folder / raw).resolve()
    if not path.is_relative_to(folder):
        raise InvalidRequest(f"source must be a path inside {folder}, such as 'backlog-2025-11'")
    if not path.exists():
        raise InvalidRequest(f"source '{raw}' does not exist in {folder}")
    return path


class BackgroundBatches:
    """The batches this process runs, by ID; finished ones are read back from their folders."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the two dicts only, never held while planning or running
        self._running: dict[str, BatchRunner] = {}
        self._planning: dict[Path, threading.Lock] = {}

    def start(
        self,
        source: Path,
        settings: Settings,
        *,
        stacks: bool | None,
        doc_type: str | None,
        split: str,
        retry_failed: bool,
        covers: Callable[[str], bool] = lambda dossier_id: True,
    ) -> BatchView:
        """Check the whole source, record the batch and start it; `InvalidRequest` listing every problem.

        `covers` says whether the caller may file into a dossier (a key limited to agencies may not file
        into another agency's dossiers)."""
        with self._lock:
            source_lock = self._planning.setdefault(source, threading.Lock())
        with source_lock:
            batch_id = uuid.uuid4().hex[:12]
            folder = batch_folder(settings, batch_id)
            work = folder / "segments"
            plan = build_plan(source, settings, work, stacks_flag=stacks, doc_type=doc_type, split=split)
            if plan.ok:  # a key limited to agencies may not file into another agency's dossiers
                plan.problems.extend(
                    f"{item.name}: dossier {item.dossier_id} is not among this key's agencies"
                    for item in plan.items
                    if not covers(item.dossier_id)
                )
            if not plan.ok:
                shutil.rmtree(folder, ignore_errors=True)
                listed = "; ".join(plan.problems[:50]) + ("; …" if len(plan.problems) > 50 else "")
                raise InvalidRequest(f"batch refused, {len(plan.problems)} problem(s): {listed}")
            record = BatchRecord.from_plan(plan)
            record.batch_id = batch_id
            runner = BatchRunner(plan.items, record, folder, settings, BatchOptions(retry_failed=retry_failed))
            record.save(folder)
            with self._lock:
                self._running[batch_id] = runner
        threading.Thread(target=self._run, args=(runner, folder, work), name=f"batch-{batch_id}", daemon=True).start()
        return BatchView(record, folder, runner.progress())

    def view(self, settings: Settings, batch_id: str) -> BatchView:
        """Live numbers for a batch running here, else measured from the catalogue; `NotFound` if unknown."""
        folder = batch_folder(settings, batch_id)
        with self._lock:
            runner = self._running.get(batch_id)
        if runner is not None:
            return BatchView(runner.record, folder, runner.progress())
        record = BatchRecord.load(folder)
        if record is None:
            raise NotFound(f"No batch with ID '{batch_id}'")
        return BatchView(record, folder, recorded_progress(record))

    def _run(self, runner: BatchRunner, folder: Path, work: Path) -> None:
        try:
            progress = runner.run()
            write_batch_report(runner.record, folder, progress)
        except Exception:  # a background batch must record that it stopped, not vanish
            log.exception("batch %s stopped", runner.record.batch_id)
            runner.record.state = BatchState.INTERRUPTED.value
            runner.record.save(folder)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            with self._lock:
                self._running.pop(runner.record.batch_id, None)
