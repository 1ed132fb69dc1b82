"""A document's signed copy, verified: is the stored searchable.pdf intact and signed by a trusted certificate?"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam

from core.errors import Conflict
from ingest import signing
from storage.keys import validate_document_id

from ..deps import AccessDep, CatalogueDep, Reader, SettingsDep, StoreDep
from ..errors import responses
from ..schemas import DOCUMENT_EXAMPLE

router = APIRouter(prefix="/v1", tags=["documents"])

DocumentId = Annotated[str, PathParam(description="32 hex digits, as given at upload", examples=[DOCUMENT_EXAMPLE])]


@router.get(
    "/documents/{document_id}/verification",
    summary="Verify the document's signed copy",
    description="Checks the stored `searchable.pdf`: every signature intact and covering the whole file, the signer "
    "trusted (the centre's own certificate, or SOHOA_SIGNING_TRUST_ROOTS), and the file the one the "
    "catalogue recorded (`signed_sha256`). `ok` is true only when all hold; otherwise `problem` is one "
    "of `no_signature`, `altered`, `unknown_signer`, `unreadable`, `not_the_catalogued_copy` and "
    "`message` says it in one line. 409 while the document has no copy yet.",
    responses=responses(401, 403, 404, 409),
)
def get_verification(
    document_id: DocumentId,
    key: Reader,
    catalogue: CatalogueDep,
    store: StoreDep,
    access: AccessDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Verify the stored copy and say so (the route is sync: pyHanko's validator runs its own event loop)."""
    doc = catalogue.get_document(validate_document_id(document_id))
    object_key = doc.objects.get("searchable_pdf")
    if not object_key:
        raise Conflict(f"Document {doc.document_id} has no digitised copy yet (it is {doc.status})")
    verdict = signing.verify_copy(store.get_bytes(object_key), signing.trusted_roots(settings))
    recorded = (doc.component or {}).get("signed_sha256")
    out = {
        "document_id": doc.document_id,
        "dossier_id": doc.dossier_id,
        **verdict.as_json(),
        "signed_sha256": recorded,
        "pdfa": (doc.component or {}).get("pdfa"),
    }
    if verdict.ok and recorded and recorded != verdict.sha256:
        out.update(
            ok=False,
            problem="not_the_catalogued_copy",
            message="the stored copy is validly signed but is not the one the catalogue recorded",
        )
    access.record(
        key,
        "document.verify",
        dossier_id=doc.dossier_id,
        document_id=doc.document_id,
        detail={"ok": out["ok"], "problem": out["problem"]},
    )
    return out
