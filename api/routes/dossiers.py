"""Dossiers: one dossier with every document in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ingest.digitising.results import dossier_json
from storage.keys import DOSSIER_ID_EXAMPLE, validate_dossier_id

from ..deps import AccessDep, CatalogueDep, Reader
from ..errors import responses
from ..schemas import DossierOut

router = APIRouter(prefix="/v1", tags=["dossiers"])


@router.get(
    "/dossiers/{dossier_id}",
    summary="Read a dossier with all its documents",
    description="Every document of the dossier, oldest first, each as `GET /v1/documents/{id}` gives it. "
                "Logged in the audit log.",
    response_model=DossierOut,
    response_model_exclude_unset=True,
    responses=responses(400, 401, 403, 404),
)
def get_dossier(
    dossier_id: Annotated[str, Path(description="AAA.BB.CC.DNN-YYMMDD-NNNN", examples=[DOSSIER_ID_EXAMPLE])],
    key: Reader, catalogue: CatalogueDep, access: AccessDep,
) -> dict:
    """The dossier as `sohoa digitise --json` prints it."""
    dossier_id = validate_dossier_id(dossier_id)
    documents = catalogue.dossier_documents(dossier_id)
    access.record(key, "dossier.read", dossier_id=dossier_id, detail={"documents": len(documents)})
    return dossier_json(dossier_id, documents)
