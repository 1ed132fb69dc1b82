"""Batches: start `sohoa batch` on a backlog already on the server, watch its progress, read its report.

Sources are read only from `{SOHOA_DATA_DIR}/inbox/` (the body names a path inside it), so an API key
cannot make the server read arbitrary files. The batch runs in this process's background thread
(`ingest.batches.background`, planned without blocking reads of other batches),
through the same queue as uploads; its record and report live in `{SOHOA_DATA_DIR}/batches/{id}/`,
so progress is still answered (from the catalogue) after a restart.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from core.errors import NotFound
from ingest.batches.background import BackgroundBatches, batch_folder, inbox_source
from ingest.batches.batch import BatchRecord
from storage.access import ApiKeyRecord

from ..deps import SettingsDep, Uploader
from ..errors import responses

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["batches"])

#: This process's API batches (the service lives in `ingest.batches.background`; routes only translate).
batches = BackgroundBatches()

BatchId = Annotated[
    str, PathParam(description="12 hex digits, as given when the batch started", examples=["3f2a9c01b7de"])
]


class BatchIn(BaseModel):
    """A batch to start: where the backlog is (inside the inbox) and how to read it."""

    source: str = Field(
        description="folder, CSV manifest or stack folder, relative to SOHOA_DATA_DIR/inbox",
        examples=["backlog-2025-11"],
    )
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
    return {
        "batch_id": record.batch_id,
        "source": record.source,
        "mode": record.mode,
        "state": progress["state"],
        "files": len(record.items),
        "progress": progress,
        "report": report,
    }


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
    source = inbox_source(settings, body.source)
    view = batches.start(
        source,
        settings,
        stacks=body.stacks,
        doc_type=body.doc_type,
        split=body.split,
        retry_failed=body.retry_failed,
        covers=key.scope.covers,
    )
    log.info("batch %s started by key %s: %s", view.record.batch_id, getattr(key, "name", "?"), source)
    return _out(view.record, view.folder, view.progress.to_dict())


@router.get(
    "/batches/{batch_id}",
    summary="A batch's state and progress",
    description="Files and pages done, failures, pages per minute and ETA: the numbers the CLI's progress bar shows.",
    response_model=BatchOut,
    responses=responses(401, 403, 404),
)
def get_batch(batch_id: BatchId, key: Uploader, settings: SettingsDep) -> dict[str, Any]:
    """Live numbers for a batch running here, else measured from the catalogue."""
    view = batches.view(settings, batch_id)
    _visible(view.record, key)
    return _out(view.record, view.folder, view.progress.to_dict())


@router.get(
    "/batches/{batch_id}/report.{kind}",
    summary="A batch's report: json, csv or the supervisor's html page",
    responses=responses(401, 403, 404),
)
def get_report(batch_id: BatchId, kind: str, key: Uploader, settings: SettingsDep) -> FileResponse:
    """The report file as written at the end of the batch."""
    media = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}
    path = batch_folder(settings, batch_id) / f"report.{kind}"
    record = BatchRecord.load(path.parent)
    if record is not None:
        _visible(record, key)
    if kind not in media or not path.is_file():
        raise NotFound(f"No {kind} report for batch '{batch_id}' (yet)")
    return FileResponse(path, media_type=media[kind])
