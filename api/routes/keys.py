"""API keys (admin): create (the key is shown once), list, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from core.errors import InvalidRequest, NotFound
from storage.scope import Scope

from ..deps import AccessDep, Admin, KeyCacheDep
from ..errors import responses
from ..schemas import KeyCreate, KeyCreated, KeyList

router = APIRouter(prefix="/v1/keys", tags=["keys"])


def _key_json(record) -> dict:  # storage.access.ApiKeyRecord
    return {
        "key_id": record.key_id,
        "name": record.name,
        "role": record.role,
        "agencies": list(record.agencies),
        "created_at": record.created_at,
        "revoked_at": record.revoked_at,
    }


@router.post(
    "",
    summary="Create an API key (admin)",
    status_code=201,
    response_model=KeyCreated,
    description="Roles: `intake` (upload, read), `reviewer` (also correct fields), `reader` (read and "
    "search only), `admin` (also keys, stats, audit log, webhooks). The key is in this answer "
    "only; the service keeps its SHA-256.",
    responses=responses(401, 403, 422),
)
def create_key(body: KeyCreate, key: Admin, access: AccessDep) -> dict:
    """A new key; store it now, it is never shown again."""
    try:
        scope = Scope.of(body.agencies)
    except ValueError as exc:
        raise InvalidRequest(str(exc)) from None
    if not key.scope.includes(scope):
        raise InvalidRequest(f"This key is limited to {', '.join(key.scope.agencies)}; list agencies among those")
    created = access.create_key(body.name, body.role, scope)
    access.record(
        key, "key.create", detail={"key_id": created.record.key_id, "role": body.role, "agencies": list(scope.agencies)}
    )
    return {**_key_json(created.record), "key": created.token}


@router.get("", summary="List API keys (admin)", response_model=KeyList, responses=responses(401, 403))
def list_keys(
    key: Admin, access: AccessDep, include_revoked: Annotated[bool, Query(description="list revoked keys too")] = False
) -> dict:
    """Every key's ID, name and role (never the key)."""
    return {
        "keys": [_key_json(k) for k in access.list_keys(include_revoked=include_revoked) if key.scope.includes(k.scope)]
    }


@router.delete("/{key_id}", summary="Revoke an API key (admin)", status_code=204, responses=responses(401, 403, 404))
def revoke_key(
    key_id: Annotated[str, Path(max_length=40)], key: Admin, access: AccessDep, cache: KeyCacheDep
) -> Response:
    """The key stops working at once in this process (within `SOHOA_API_KEY_CACHE_S` in others)."""
    if not key.scope.province_wide and not any(
        k.key_id == key_id and key.scope.includes(k.scope) for k in access.list_keys(include_revoked=True)
    ):
        raise NotFound(f"No API key with ID '{key_id[:40]}'")
    access.revoke_key(key_id)
    cache.invalidate(key_id)
    access.record(key, "key.revoke", detail={"key_id": key_id})
    return Response(status_code=204)
