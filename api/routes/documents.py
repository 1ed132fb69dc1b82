"""Documents: upload into a dossier, read one, download its files, correct its fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, StreamingResponse

from core.errors import NotFound
from ingest.digitising.results import document_json
from ingest.reads import review
from ocr.fields import FIELDS_BY_TYPE
from storage.access import AuditEntry
from storage.keys import (
    DOSSIER_ID_EXAMPLE,
    DocumentKeys,
    page_number_from_name,
    validate_document_id,
    validate_dossier_id,
)
from storage.models import utcnow

from .. import uploads
from ..deps import AccessDep, AuditWriterDep, CatalogueDep, Reader, Reviewer, SettingsDep, StoreDep, Uploader
from ..errors import responses
from ..schemas import DOCUMENT_EXAMPLE, DocumentOut, FieldCorrections, UploadResponse

router = APIRouter(prefix="/v1", tags=["documents"])

DossierId = Annotated[
    str, PathParam(description="one-stop dossier code AAA.BB.CC.DNN-YYMMDD-NNNN", examples=[DOSSIER_ID_EXAMPLE])
]
DocumentId = Annotated[str, PathParam(description="32 hex digits, as given at upload", examples=[DOCUMENT_EXAMPLE])]

_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "minItems": 1,
                        "description": "one or more scans: JPEG, PNG, TIFF or PDF (judged by content)",
                    },
                    "doc_type": {
                        "type": "string",
                        "description": "skip classification and read as this type",
                        "enum": list(FIELDS_BY_TYPE),
                    },  # the document types, said once
                },
            },
            "encoding": {"files": {"contentType": "image/jpeg, image/png, image/tiff, application/pdf"}},
        }
    },
}
_FILE_TYPES = ("image/jpeg", "image/png", "image/tiff", "application/pdf")


@router.post(
    "/dossiers/{dossier_id}/documents",
    summary="Upload scans into a dossier",
    description=(
        "Stores each file's original durably and queues it for digitisation; answers **202** with the new "
        "document IDs (status `queued`). A file already in the dossier (same SHA-256) is not copied: it is "
        "answered with the existing document (`duplicate: true`), and the whole answer is **200** when every "
        "file was a duplicate.\n\n**All or nothing:** every file is checked before any is stored; one bad file "
        "refuses the whole request with that file's error (400 bad dossier ID or form, 413 too large / too many "
        "pages / too many pixels, 415 not a JPEG, PNG, TIFF or PDF by content, 422 damaged or encrypted), and "
        "nothing from the request is stored. Roles: intake, reviewer, admin."
    ),
    status_code=202,
    response_model=UploadResponse,
    responses={
        200: {"model": UploadResponse, "description": "every file was already in the dossier"},
        **responses(400, 401, 403, 413, 415, 422),
    },
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
async def upload(
    dossier_id: DossierId,
    request: Request,
    key: Uploader,
    settings: SettingsDep,
    audit: AuditWriterDep,
    store: StoreDep,
    catalogue: CatalogueDep,
) -> JSONResponse:
    """Stream the parts to disk, check them all, then store and queue the new ones."""
    dossier_id = validate_dossier_id(dossier_id)
    key.scope.ensure(dossier_id, f"No dossier '{dossier_id}' among this key's agencies: nothing was stored")
    accepted = await uploads.receive_request(
        request, dossier_id, settings, operator=key.name, store=store, catalogue=catalogue
    )
    documents = [
        {
            "document_id": a.document.document_id,
            "status": a.document.status,
            "source": a.source,
            "sha256": a.document.sha256,
            "duplicate": a.duplicate,
        }
        for a in accepted
    ]
    # Written in a batch just after the answer: an upload reads no personal data, and the clerk waits for nothing else.
    audit.submit(
        AuditEntry(
            key,
            "documents.upload",
            utcnow(),
            dossier_id=dossier_id,
            detail={"documents": [d["document_id"] for d in documents]},
        )
    )
    status = 200 if all(a.duplicate for a in accepted) else 202
    return JSONResponse({"documents": documents}, status_code=status)


@router.get(
    "/documents/{document_id}",
    summary="Read one document",
    description="The document object of the JSON result: status (`queued`, `processing`, `digitised`, `failed` "
    "with `error`), pages, text, fields (each with its `source`), review flag, findings and object keys; an ID "
    "card also its `card_type` and each page's `side`. The same object as the stored result.json. Logged in "
    "the audit log.",
    response_model=DocumentOut,
    response_model_exclude_unset=True,
    responses=responses(401, 403, 404),
)
def get_document(document_id: DocumentId, key: Reader, catalogue: CatalogueDep, access: AccessDep) -> dict:
    """One document as the contract's JSON."""
    doc = catalogue.get_document(validate_document_id(document_id))
    key.scope.ensure(doc.dossier_id, f"No document with ID '{document_id}'")
    access.record(key, "document.read", dossier_id=doc.dossier_id, document_id=doc.document_id)
    return document_json(doc)


def _chunks(stream) -> Iterator[bytes]:  # a binary file-like object from the store
    try:
        yield from iter(lambda: stream.read(256 * 1024), b"")
    finally:
        stream.close()


@router.get(
    "/documents/{document_id}/files/{name:path}",
    summary="Download a document's file",
    description="`original` (the file as uploaded), `searchable.pdf` (cleaned pages with an invisible text layer, "
    "once digitised) or `pages/{n}` (the cleaned page n as PNG). Streamed. Logged in the audit log.",
    response_class=StreamingResponse,
    responses={200: {"description": "the file", "content": {t: {} for t in _FILE_TYPES}}, **responses(401, 403, 404)},
)
def get_file(
    document_id: DocumentId,
    name: Annotated[
        str,
        PathParam(
            description="`original`, `searchable.pdf` or `pages/{n}`",
            examples=["original", "searchable.pdf", "pages/1"],
        ),
    ],
    key: Reader,
    catalogue: CatalogueDep,
    store: StoreDep,
    access: AccessDep,
) -> StreamingResponse:
    """Stream one stored object of the document with its content type."""
    doc = catalogue.get_document(validate_document_id(document_id))
    key.scope.ensure(doc.dossier_id, f"No document with ID '{document_id}'")
    keys = DocumentKeys(doc.dossier_id, doc.document_id)
    page = page_number_from_name(name)
    if name == "original":
        object_key, media, filename = doc.objects["original"], doc.media_type, doc.source
    elif name == "searchable.pdf" and doc.objects.get("searchable_pdf"):
        object_key, media, filename = doc.objects["searchable_pdf"], "application/pdf", "searchable.pdf"
    elif page is not None and keys.page(page) in doc.objects.get("pages", []):
        object_key, media, filename = keys.page(page), "image/png", f"page-{page:04d}.png"
    elif name in ("searchable.pdf",) or page is not None:
        raise NotFound(f"Document {doc.document_id} has no {name[:40]} (it is {doc.status})")
    else:
        raise NotFound(f"No file '{name[:40]}': ask for original, searchable.pdf or pages/{{n}}")
    size = store.size(object_key)
    stream = store.open_stream(object_key)
    access.record(key, "file.download", dossier_id=doc.dossier_id, document_id=doc.document_id, detail={"file": name})
    disposition = f"inline; filename*=UTF-8''{quote(filename)}"
    return StreamingResponse(
        _chunks(stream), media_type=media, headers={"Content-Length": str(size), "Content-Disposition": disposition}
    )


@router.patch(
    "/documents/{document_id}/fields",
    summary="Correct fields (reviewer)",
    description="Each value is normalised and re-checked like an OCR reading (dates to YYYY-MM-DD, digits only, "
    "ID number against birth date and sex…). The OCR value is kept as `ocr_value`, with `corrected_by` "
    "and `corrected_at`, and the field's `source` becomes `reviewer`. The document leaves review once every "
    "required field is present and valid and every field a finding names (an ID card's print against its QR "
    "code or MRZ) has been corrected. "
    "409 while the document is not digitised. Roles: reviewer, admin.",
    response_model=DocumentOut,
    response_model_exclude_unset=True,
    responses=responses(400, 401, 403, 404, 409, 422),
)
def correct_fields(
    document_id: DocumentId,
    body: Annotated[FieldCorrections, Body()],
    key: Reviewer,
    access: AccessDep,
    catalogue: CatalogueDep,
    store: StoreDep,
) -> dict:
    """Apply a reviewer's corrections and return the document as it now stands."""
    if not key.scope.province_wide:
        found = catalogue.get_document(validate_document_id(document_id))
        key.scope.ensure(found.dossier_id, f"No document with ID '{document_id}'")
    doc = review.correct_fields(
        validate_document_id(document_id),
        body.fields,
        f"{key.name} ({key.key_id})",
        catalogue=catalogue,
        store=store,
    )
    access.record(
        key,
        "fields.correct",
        dossier_id=doc.dossier_id,
        document_id=doc.document_id,
        detail={"fields": sorted(body.fields)},
    )
    return document_json(doc)
