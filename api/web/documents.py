"""The document page (page images, fields beside them, corrections in place, downloads) and the review queue.

Reads, downloads and corrections go through the API's own route functions (`api.routes.documents`),
so the page logs to the audit log and re-checks corrected values exactly as the API does; the
caller is the signed-in user.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from core.errors import InputError, InvalidRequest
from ingest.context import get_catalogue, get_database, get_store
from ocr.fields import FIELDS_BY_TYPE, OPTIONAL_FIELDS, REVIEW_BELOW
from storage.access import Access
from storage.keys import validate_document_id
from storage.records import Status

from ..routes.documents import correct_fields, get_document, get_file
from ..schemas import FieldCorrections
from .render import render
from .session import ReadViewer, ReviewViewer, WebRoute, error_message
from .viewer import Viewer

router = APIRouter(route_class=WebRoute, include_in_schema=False)

DocumentId = Annotated[str, PathParam(max_length=40)]
QUEUE_SHOWN = 200


def field_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's fields as rows to show: found ones with a review mark (invalid, unsure, or named by a
    finding), then required ones not found."""
    found = doc.get("fields") or {}
    disputed = {finding.get("field") for finding in doc.get("findings") or ()}  # e.g. the print against the QR
    rows = []
    for name, field in found.items():
        corrected = bool(field.get("corrected_by"))
        doubtful = name in disputed or not field.get("valid") or field.get("confidence", 0) < REVIEW_BELOW
        flagged = not corrected and doubtful
        rows.append({"name": name, **field, "flagged": flagged, "missing": False})
    doc_type = doc.get("doc_type") or "unknown"
    optional = OPTIONAL_FIELDS.get(doc_type, frozenset())
    for name in FIELDS_BY_TYPE.get(doc_type, ()):
        if name not in found:
            rows.append(
                {
                    "name": name,
                    "value": "",
                    "missing": True,
                    "flagged": name not in optional,
                    "valid": False,
                    "confidence": 0.0,
                    "page": 0,
                }
            )
    order = {name: i for i, name in enumerate(FIELDS_BY_TYPE.get(doc_type, ()))}
    return sorted(rows, key=lambda r: (order.get(r["name"], len(order)), r["name"]))


def _queue(viewer: Viewer) -> list[Any]:
    """Digitised documents of the viewer's agencies waiting for a reviewer, oldest first."""
    waiting = get_catalogue().documents_with_status([Status.DIGITISED.value])
    scope = viewer.principal.scope
    return [doc for doc in waiting if doc.needs_review and scope.covers(doc.dossier_id)]


def _document_page(
    request: Request,
    viewer: Viewer,
    document_id: str,
    *,
    status: int = 200,
    message: str | None = None,
    saved: str | None = None,
) -> Response:
    doc = get_document(document_id, viewer.principal, get_catalogue(), Access(get_database()))
    return render(
        request,
        "document.html",
        viewer,
        status=status,
        doc=doc,
        rows=field_rows(doc),
        message=message,
        saved=saved,
        final=doc["status"] in ("digitised", "failed"),
        can_correct=viewer.can("correct"),
    )


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: DocumentId, viewer: ReadViewer, saved: str | None = None) -> Response:
    """Page images with the fields beside them (logged as a document read)."""
    return _document_page(request, viewer, validate_document_id(document_id), saved=saved)


@router.get("/documents/{document_id}/status")
def document_status(request: Request, document_id: DocumentId, viewer: ReadViewer) -> Response:
    """The status line alone, for polling; once the document is done the page is told to reload."""
    doc = get_catalogue().get_document(validate_document_id(document_id))
    viewer.principal.scope.ensure(doc.dossier_id, f"No document with ID '{document_id}'")
    response = render(request, "_status.html", viewer, status_name=doc.status, error_code=doc.error_code)
    if doc.status in (Status.DIGITISED, Status.FAILED):
        response.headers["HX-Refresh"] = "true"
    return response


@router.get("/documents/{document_id}/files/{name:path}")
def document_file(
    document_id: DocumentId, name: Annotated[str, PathParam(max_length=40)], viewer: ReadViewer
) -> Response:
    """A page image, the searchable PDF or the original, as the API serves them (logged)."""
    response = get_file(
        validate_document_id(document_id),
        name,
        viewer.principal,
        get_catalogue(),
        get_store(),
        Access(get_database()),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/documents/{document_id}/fields")
async def correct(request: Request, document_id: DocumentId, viewer: ReviewViewer) -> Response:
    """A reviewer's values (`f.<field>` form inputs), re-checked and kept beside the OCR values."""
    document_id = validate_document_id(document_id)
    form = await request.form()
    values = {key[2:]: str(value) for key, value in form.items() if key.startswith("f.") and isinstance(value, str)}
    back = form.get("back") if form.get("back") in ("review",) else None
    try:
        if not values:
            raise InvalidRequest("no field")
        body = FieldCorrections(fields=values)
        await run_in_threadpool(
            correct_fields, document_id, body, viewer.principal, Access(get_database()), get_catalogue(), get_store()
        )
    except InputError as exc:
        message = error_message(viewer.lang, exc)
        if exc.code == "invalid_request":
            message = error_message(viewer.lang, exc).rstrip(".") + f": {', '.join(sorted(values))[:200]}."
        return await run_in_threadpool(
            _document_page, request, viewer, document_id, status=exc.http_status, message=message
        )
    if back == "review":
        return RedirectResponse(f"/review/next?after={document_id}", status_code=303)
    first = sorted(values)[0]
    return RedirectResponse(f"/documents/{document_id}?saved={first}#field-{first}", status_code=303)


@router.get("/review")
def review_queue(request: Request, viewer: ReadViewer) -> Response:
    """Documents waiting for a reviewer, oldest first (file names, types, dates: no personal data)."""
    queue = _queue(viewer)
    return render(request, "review.html", viewer, queue=queue[:QUEUE_SHOWN], total=len(queue))


@router.get("/review/next")
def review_next(viewer: ReadViewer, after: str | None = None) -> Response:
    """The oldest waiting document other than `after` (the one just seen), or the queue when none is left."""
    for doc in _queue(viewer):
        if doc.document_id != after:
            return RedirectResponse(f"/documents/{doc.document_id}", status_code=303)
    return RedirectResponse("/review", status_code=303)
