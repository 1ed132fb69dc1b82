"""Search: full text that ignores Vietnamese diacritics, exact field filters, paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from ingest.reads import search as finder

from ..deps import AccessDep, QueriesDep, Reader
from ..errors import responses
from ..schemas import SearchResponse

router = APIRouter(prefix="/v1", tags=["search"])

_FIELD_PARAMS = [
    {
        "name": f"field.{name}",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "maxLength": 200},
        "description": f"exact (normalised) value of `{name}`",
    }
    for name in finder.FIELD_NAMES
]


@router.get(
    "/search",
    summary="Search digitised documents",
    description="`q` matches words anywhere in the text or field values, ignoring diacritics and case "
    "(`nguyen van duc` finds `NGUYỄN VĂN ĐỨC`); every word must occur. `field.{name}=value` filters "
    "on a field's exact normalised value (`field.id_number=068195001234`, dates as YYYY-MM-DD); "
    "several filters all apply. Newest first, paged with `limit`/`offset`, or for long lists with "
    "`cursor` (send back the `next` of the previous page). `total` counts every match up to 1000 when "
    "that count is quick; beyond 1000, or when counting would take longer than a search should, `total` "
    "is what was seen for sure and `total_is_lower_bound` is true. A key limited to agencies finds only "
    "their documents. Logged in the audit log. All roles.",
    response_model=SearchResponse,
    responses=responses(400, 401, 403),
    openapi_extra={"parameters": _FIELD_PARAMS},
)
def search(
    request: Request,
    key: Reader,
    access: AccessDep,
    queries: QueriesDep,
    q: Annotated[str | None, Query(max_length=500, description="words to find", examples=["nguyen van duc"])] = None,
    doc_type: Annotated[
        str | None, Query(max_length=40, description="only this document type", examples=["citizen_id_card"])
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    cursor: Annotated[str | None, Query(max_length=200, description="the `next` of the previous page")] = None,
) -> dict:
    """Matching documents with a snippet each."""
    fields = {k.removeprefix("field."): v for k, v in request.query_params.items() if k.startswith("field.")}
    found = finder.search(
        queries, q, doc_type=doc_type or None, fields=fields, limit=limit, offset=offset, cursor=cursor, scope=key.scope
    )
    access.record(key, "search", detail={"q": q, "doc_type": doc_type, "fields": fields, "total": found.total})
    return {
        "results": [
            {"document_id": r.document_id, "dossier_id": r.dossier_id, "doc_type": r.doc_type, "snippet": r.snippet}
            for r in found.results
        ],
        "total": found.total,
        "total_is_lower_bound": found.total_is_lower_bound,
        "next": found.next,
        "limit": limit,
        "offset": offset,
    }
