"""Dossiers: one dossier with every document in it; erasing a dossier (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from ingest.digitising.results import dossier_json
from storage.erase import erase_dossier
from storage.keys import DOSSIER_ID_EXAMPLE, validate_dossier_id

from ..deps import AccessDep, Admin, CatalogueDep, Reader, StoreDep
from ..errors import responses
from ..schemas import DossierDeleted, DossierOut

router = APIRouter(prefix="/v1", tags=["dossiers"])

DossierId = Annotated[str, Path(description="AAA.BB.CC.DNN-YYMMDD-NNNN", examples=[DOSSIER_ID_EXAMPLE])]


@router.get(
    "/dossiers/{dossier_id}",
    summary="Read a dossier with all its documents",
    description="Every document of the dossier, oldest first, each as `GET /v1/documents/{id}` gives it. "
    "404 for a dossier outside the key's agencies. Logged in the audit log.",
    response_model=DossierOut,
    response_model_exclude_unset=True,
    responses=responses(400, 401, 403, 404),
)
def get_dossier(dossier_id: DossierId, key: Reader, catalogue: CatalogueDep, access: AccessDep) -> dict:
    """The dossier as `sohoa digitise --json` prints it."""
    dossier_id = validate_dossier_id(dossier_id)
    key.scope.ensure(dossier_id, f"No dossier with ID '{dossier_id}'")
    documents = catalogue.dossier_documents(dossier_id)
    access.record(key, "dossier.read", dossier_id=dossier_id, detail={"documents": len(documents)})
    return dossier_json(dossier_id, documents)


@router.delete(
    "/dossiers/{dossier_id}",
    summary="Erase a dossier (admin)",
    description="Removes every stored object of the dossier, its documents, pages and fields, and its search "
    "text, for good (a citizen's request under the personal-data law, or the end of retention). "
    "`reason` is required and kept in the audit log (`dossier.delete`) with who asked. 404 for a "
    "dossier unknown or outside the key's agencies. Role: admin.",
    response_model=DossierDeleted,
    responses=responses(400, 401, 403, 404, 422),
)
async def delete_dossier(
    dossier_id: DossierId,
    key: Admin,
    catalogue: CatalogueDep,
    store: StoreDep,
    access: AccessDep,
    reason: Annotated[
        str,
        Query(
            min_length=3,
            max_length=500,
            description="why (kept in the audit log)",
            examples=["citizen request 2025-11-30, case 17"],
        ),
    ],
) -> dict:
    """Erase the dossier and record who and why."""
    dossier_id = validate_dossier_id(dossier_id)
    key.scope.ensure(dossier_id, f"No dossier with ID '{dossier_id}'")
    erased = await run_in_threadpool(erase_dossier, catalogue, store, dossier_id)
    reason = " ".join(reason.split())
    await run_in_threadpool(
        access.record,
        key,
        "dossier.delete",
        dossier_id=dossier_id,
        detail={"reason": reason, "documents": erased.documents, "objects": erased.objects},
    )
    return {"dossier_id": dossier_id, "documents": erased.documents, "objects": erased.objects, "reason": reason}
