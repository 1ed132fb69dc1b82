"""The counter's intake page and the dossier page with each document's live status.

An upload is the API's upload: the same streaming parser (`api.uploads.read_form`) and the same
all-or-nothing receive (`api.uploads.receive_all`), then the dossier page at once. Its rows are
polled (htmx, every 2 s) until every document is digitised or failed; a document being read shows
the page it is on, counted from the page images already stored.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from core.errors import InputError, InvalidRequest
from core.settings import get_settings
from ingest.context import get_catalogue, get_database, get_store
from storage.access import Access, AuditEntry
from storage.keys import DOSSIER_ID_EXAMPLE, DOSSIER_ID_SHAPE, DocumentKeys, validate_dossier_id
from storage.models import utcnow
from storage.records import DocumentRecord, Status

from .. import uploads
from ..routes.dossiers import get_dossier
from . import i18n, receipt
from .render import render
from .session import IntakeViewer, ReadViewer, WebRoute, check_csrf, error_message
from .viewer import Viewer

router = APIRouter(route_class=WebRoute, include_in_schema=False)

DOC_TYPES = (
    "citizen_id_card",
    "birth_registration_form",
    "application_form",
    "business_registration",
    "land_use_certificate",
    "unknown",
)
FINAL = (Status.DIGITISED, Status.FAILED)
# The same shape as storage.keys' check, for the browser's own check as the code is typed.
DOSSIER_PATTERN = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Za-z][0-9]{2}-[0-9]{6}-[0-9]{4,8}"


def _intake_page(
    request: Request, viewer: Viewer, *, status: int = 200, message: str | None = None, dossier_id: str = ""
) -> Response:
    return render(
        request,
        "intake.html",
        viewer,
        status=status,
        message=message,
        dossier_id=dossier_id,
        doc_types=DOC_TYPES,
        pattern=DOSSIER_PATTERN,
        shape=DOSSIER_ID_SHAPE,
        example=DOSSIER_ID_EXAMPLE,
    )


@router.get("/")
async def intake_form(request: Request, viewer: IntakeViewer, dossier: str | None = None) -> Response:
    """The intake form: dossier code, files, optional document type."""
    return _intake_page(request, viewer, dossier_id=(dossier or "")[:40])


@router.post("/")
async def intake(request: Request, viewer: IntakeViewer) -> Response:
    """Receive the files into the dossier (all or none), then show the dossier page."""
    settings = get_settings()
    try:
        form = await uploads.read_form(request, Path(tempfile.gettempdir()), settings)
    except InputError as exc:
        if exc.code == "invalid_request" and "No file received" in exc.message:
            return _intake_page(request, viewer, status=400, message=i18n.text(viewer.lang, "error.no_files"))
        return _intake_page(request, viewer, status=exc.http_status, message=error_message(viewer.lang, exc))
    typed = form.fields.get("dossier_id", "")[:60]
    try:
        check_csrf(viewer, form.fields.get("csrf_token"))
        real = [f for f in form.files if f.size > 0 or not f.name.startswith("upload-")]  # an empty file input
        uploads.remove_files([f.path for f in form.files if f not in real])
        form.files = real
        if not real:
            raise InvalidRequest("no file")
        dossier_id = validate_dossier_id(typed)
        viewer.principal.scope.ensure(dossier_id, f"No dossier '{dossier_id}' among your agencies: nothing was stored")
        accepted = await to_thread.run_sync(
            partial(uploads.receive_all, store=get_store(), catalogue=get_catalogue()),
            dossier_id,
            form,
            form.fields.get("doc_type") or None,
            settings,
            limiter=uploads.limiter(),
        )
    except InputError as exc:
        message = error_message(viewer.lang, exc) if form.files else i18n.text(viewer.lang, "error.no_files")
        return _intake_page(request, viewer, status=exc.http_status, message=message, dossier_id=typed)
    finally:
        uploads.remove_files([f.path for f in form.files])
    request.app.state.audit_writer.submit(
        AuditEntry(
            viewer.principal,
            "documents.upload",
            utcnow(),
            dossier_id=dossier_id,
            detail={"documents": [a.document.document_id for a in accepted], "via": "web"},
        )
    )
    duplicates = sum(a.duplicate for a in accepted)
    return RedirectResponse(
        f"/dossiers/{dossier_id}?received={len(accepted) - duplicates}&duplicates={duplicates}", status_code=303
    )


MAX_RECEIPT_BYTES = 25 * 1024 * 1024


@router.post("/intake/receipt")
async def read_receipt(request: Request, viewer: IntakeViewer) -> Response:
    """The dossier code from a photo of the receipt's QR code, as JSON for the intake page's script."""
    check_csrf(viewer, request.headers.get("x-csrf-token"))
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_RECEIPT_BYTES:
        return JSONResponse({"message": i18n.text(viewer.lang, "error.file_too_large")}, status_code=413)
    form = await request.form(max_files=1, max_fields=2)
    upload = form.get("receipt")
    data = await upload.read() if isinstance(upload, StarletteUpload) else b""
    code = await run_in_threadpool(receipt.dossier_code, data)
    if code is None:
        return JSONResponse({"message": i18n.text(viewer.lang, "intake.qr_none")}, status_code=422)
    return JSONResponse({"dossier_id": code})


def _progress(doc: DocumentRecord) -> tuple[int, int] | None:
    """(page being read, pages) of a document being processed, from the page images stored so far."""
    if doc.status != Status.PROCESSING or not doc.page_count:
        return None
    prefix = DocumentKeys(doc.dossier_id, doc.document_id).page(1).rsplit("/", 1)[0] + "/"
    stored = sum(1 for _ in get_store().list_keys(prefix))
    return max(1, min(stored, doc.page_count)), doc.page_count


def _rows(dossier_id: str) -> tuple[list[tuple[DocumentRecord, tuple[int, int] | None]], bool]:
    documents = get_catalogue().dossier_documents(dossier_id)
    rows = [(doc, _progress(doc)) for doc in documents]
    return rows, all(doc.status in FINAL for doc in documents)


DossierId = Annotated[str, PathParam(max_length=64)]


@router.get("/dossiers/{dossier_id}")
async def dossier_page(
    request: Request,
    dossier_id: DossierId,
    viewer: ReadViewer,
    received: int | None = None,
    duplicates: int | None = None,
) -> Response:
    """Every document of the dossier with its status (logged as a dossier read, like the API's)."""
    dossier_id = validate_dossier_id(dossier_id)
    await run_in_threadpool(get_dossier, dossier_id, viewer.principal, get_catalogue(), Access(get_database()))
    rows, done = await run_in_threadpool(_rows, dossier_id)
    return render(
        request,
        "dossier.html",
        viewer,
        dossier_id=dossier_id,
        rows=rows,
        done=done,
        received=received,
        duplicates=duplicates,
    )


@router.get("/dossiers/{dossier_id}/rows")
async def dossier_rows(request: Request, dossier_id: DossierId, viewer: ReadViewer) -> Response:
    """The table body alone, for polling: file names and statuses, no personal data."""
    dossier_id = validate_dossier_id(dossier_id)
    viewer.principal.scope.ensure(dossier_id, f"No dossier with ID '{dossier_id}'")
    rows, done = await run_in_threadpool(_rows, dossier_id)
    return render(request, "_dossier_rows.html", viewer, dossier_id=dossier_id, rows=rows, done=done)
