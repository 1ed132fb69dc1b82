"""Batches: start `sohoa batch` on a backlog already on the server, watch its progress, read its report.

Sources are read only from `{SOHOA_DATA_DIR}/inbox/` (the body names a path inside it), so an API key
cannot make the server read arbitrary files. The batch runs in this process's background thread,
through the same queue as uploads; its record and report live in `{SOHOA_DATA_DIR}/batches/{id}/`,
so progress is still answered (from the catalogue) after a restart.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from core.errors import InvalidRequest, NotFound
from core.settings import Settings
from ingest.batch import BatchOptions, BatchRecord, BatchRunner, recorded_progress, write_batch_report
from ingest.batch_source import build_plan
from ingest.progress import BatchState
from storage.access import ApiKeyRecord

from ..deps import SettingsDep, Uploader
from ..errors import responses

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["batches"])

_BATCH_ID = re.compile(r"^[0-9a-f]{12}$")
_running: dict[str, BatchRunner] = {}
_lock = threading.Lock()

BatchId = Annotated[str, PathParam(description="12 hex digits, as given when the batch started",
                                   examples=["3f2a9c01b7de"])]


class BatchIn(BaseModel):
    """A batch to start: where the backlog is (inside the inbox) and how to read it."""

    source: str = Field(description="folder, CSV manifest or stack folder, relative to SOHOA_DATA_DIR/inbox",
                        examples=["backlog-2025-11"])
    stacks: bool | None = Field(None, description="true: scanner stacks; null: detect (only PDFs = stacks)")
    split: str = Field("segment", description="stacks: one document per dossier segment, or per page")
    doc_type: str | None = Field(None, description="read every file as this type")
    retry_failed: bool = Field(False, description="digitise files that failed in an earlier batch again")


class BatchOut(BaseModel):
    """A batch and its progress numbers (the same ones the CLI's progress bar shows)."""

    batch_id: str
    source: str
    mode: str
    state: str
    files: int
    progress: dict[str, Any] = Field(description="files/pages done, failed, skipped, pages_per_minute, eta_s …")
    report: dict[str, str] = Field(description="report files written so far (json, csv, html)")


def _inbox(settings: Settings) -> Path:
    return (settings.data_dir / "inbox").resolve()


def _folder(settings: Settings, batch_id: str) -> Path:
    if not _BATCH_ID.match(batch_id):
        raise NotFound(f"No batch with ID '{batch_id[:40]}'")
    return (settings.data_dir / "batches" / batch_id).resolve()


def _source(settings: Settings, raw: str) -> Path:
    inbox = _inbox(settings)
    if not raw or not raw.isprintable():  # NUL and control characters never reach the file system
        raise InvalidRequest(f"source must be a path inside {inbox}, such as 'backlog-2025-11'")
    path = (inbox / raw).resolve()
    if not path.is_relative_to(inbox):
        raise InvalidRequest(f"source must be a path inside {inbox}, such as 'backlog-2025-11'")
    if not path.exists():
        raise InvalidRequest(f"source '{raw}' does not exist in {inbox}")
    return path


REPORT_KINDS = ("json", "csv", "html")


def _visible(record: BatchRecord, key: ApiKeyRecord) -> None:
    """404 for a batch filing into any dossier outside a key's agencies (its existence is not disclosed)."""
    if not all(key.scope.covers(item["dossier_id"]) for item in record.items):
        raise NotFound(f"No batch with ID '{record.batch_id}'")


def _out(record: BatchRecord, folder: Path, progress: dict[str, Any]) -> dict[str, Any]:
    # The three files are written one after another: name them only once the last is there, so a
    # caller who sees a report can fetch every part of it.
    complete = all((folder / f"report.{kind}").exists() for kind in REPORT_KINDS)
    report = {kind: f"/v1/batches/{record.batch_id}/report.{kind}" for kind in REPORT_KINDS} if complete else {}
    return {"batch_id": record.batch_id, "source": record.source, "mode": record.mode, "state": progress["state"],
            "files": len(record.items), "progress": progress, "report": report}


def _run(runner: BatchRunner, folder: Path, work: Path) -> None:
    try:
        progress = runner.run()
        write_batch_report(runner.record, folder, progress)
    except Exception:  # noqa: BLE001 - a background batch must record that it stopped, not vanish
        log.exception("batch %s stopped", runner.record.batch_id)
        runner.record.state = BatchState.INTERRUPTED.value
        runner.record.save(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with _lock:
            _running.pop(runner.record.batch_id, None)


@router.post(
    "/batches",
    status_code=202,
    summary="Start a batch on a backlog in the server's inbox",
    description="Checks every file first; any problem refuses the whole batch (400) with every problem listed. "
                "Files already digitised in their dossier are skipped, so posting the same source again resumes it.",
    response_model=BatchOut,
    responses=responses(400, 401, 403),
)
def start_batch(body: BatchIn, key: Uploader, settings: SettingsDep) -> dict[str, Any]:
    """Check the source, record the batch and start it in the background."""
    source = _source(settings, body.source)
    with _lock:  # one new batch at a time, so two posts of one source do not race
        batch_id = uuid.uuid4().hex[:12]
        folder = _folder(settings, batch_id)
        work = folder / "segments"
        plan = build_plan(source, settings, work, stacks_flag=body.stacks, doc_type=body.doc_type, split=body.split)
        plan.problems.extend(  # a key limited to agencies may not file into another agency's dossiers
            f"{item.name}: dossier {item.dossier_id} is not among this key's agencies"
            for item in plan.items if not key.scope.covers(item.dossier_id)
        )
        if not plan.ok:
            shutil.rmtree(folder, ignore_errors=True)
            listed = "; ".join(plan.problems[:50]) + ("; …" if len(plan.problems) > 50 else "")
            raise InvalidRequest(f"batch refused, {len(plan.problems)} problem(s): {listed}")
        record = BatchRecord.from_plan(plan)
        record.batch_id = batch_id
        runner = BatchRunner(plan.items, record, folder, settings, BatchOptions(retry_failed=body.retry_failed))
        record.save(folder)
        _running[batch_id] = runner
    threading.Thread(target=_run, args=(runner, folder, work), name=f"batch-{batch_id}", daemon=True).start()
    log.info("batch %s started by key %s: %s", batch_id, getattr(key, "name", "?"), source)
    return _out(record, folder, runner.progress().to_dict())


@router.get(
    "/batches/{batch_id}",
    summary="A batch's state and progress",
    description="Files and pages done, failures, pages per minute and ETA: the numbers the CLI's progress bar shows.",
    response_model=BatchOut,
    responses=responses(401, 403, 404),
)
def get_batch(batch_id: BatchId, key: Uploader, settings: SettingsDep) -> dict[str, Any]:
    """Live numbers for a batch running here, else measured from the catalogue."""
    folder = _folder(settings, batch_id)
    with _lock:
        runner = _running.get(batch_id)
    if runner is not None:
        _visible(runner.record, key)
        return _out(runner.record, folder, runner.progress().to_dict())
    record = BatchRecord.load(folder)
    if record is None:
        raise NotFound(f"No batch with ID '{batch_id}'")
    _visible(record, key)
    return _out(record, folder, recorded_progress(record).to_dict())


@router.get(
    "/batches/{batch_id}/report.{kind}",
    summary="A batch's report: json, csv or the supervisor's html page",
    responses=responses(401, 403, 404),
)
def get_report(batch_id: BatchId, kind: str, key: Uploader, settings: SettingsDep) -> FileResponse:
    """The report file as written at the end of the batch."""
    media = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}
    path = _folder(settings, batch_id) / f"report.{kind}"
    record = BatchRecord.load(path.parent)
    if record is not None:
        _visible(record, key)
    if kind not in media or not path.is_file():
        raise NotFound(f"No {kind} report for batch '{batch_id}' (yet)")
    return FileResponse(path, media_type=media[kind])
