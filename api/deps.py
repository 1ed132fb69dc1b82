"""What routes are given: settings, store, database, catalogue, access tables, and the caller's checked API key.

Every route but `/healthz` takes one of the role aliases (`Uploader`, `Reader`, `Reviewer`,
`Admin`), one dependency that authenticates the bearer key and checks its role; refusals are raised
as `Unauthenticated`/`Forbidden` and turned into responses by the app's one exception handler.

The dependencies are `async def` on purpose: FastAPI runs a plain `def` dependency in the thread
pool, and six thread hops per request cost more CPU than an upload's own work. Only a key missing
from the app's `KeyCache` goes to the database (in the thread pool).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from core.errors import Forbidden, InvalidRequest, Unauthenticated
from core.roles import Role
from core.settings import Settings, get_settings
from ingest.context import get_catalogue, get_database, get_store
from storage.access import Access, ApiKeyRecord
from storage.catalogue import Catalogue
from storage.database import Database
from storage.objects import ObjectStore
from storage.query import Queries

from .auditlog import AuditWriter
from .keycache import KeyCache


class Permission(StrEnum):
    """What a route needs."""

    UPLOAD = "upload"
    READ = "read"
    CORRECT = "correct"
    ADMIN = "admin"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.INTAKE: frozenset({Permission.UPLOAD, Permission.READ}),
    Role.REVIEWER: frozenset({Permission.UPLOAD, Permission.READ, Permission.CORRECT}),
    Role.READER: frozenset({Permission.READ}),
    Role.ADMIN: frozenset(Permission),
}


async def current_settings() -> Settings:
    """The process's settings."""
    return get_settings()


async def current_store() -> ObjectStore:
    """The process's object store."""
    return get_store()


async def current_database() -> Database:
    """The process's catalogue database, shared by the catalogue, keys, users and queries."""
    return get_database()


async def current_catalogue() -> Catalogue:
    """The process's catalogue."""
    return get_catalogue()


SettingsDep = Annotated[Settings, Depends(current_settings)]
StoreDep = Annotated[ObjectStore, Depends(current_store)]
DatabaseDep = Annotated[Database, Depends(current_database)]
CatalogueDep = Annotated[Catalogue, Depends(current_catalogue)]


async def get_access(database: DatabaseDep) -> Access:
    """Keys, audit log and webhooks in the catalogue's database."""
    return Access(database)


async def get_queries(database: DatabaseDep) -> Queries:
    """Search, statistics and corrections over the catalogue's database."""
    return Queries(database)


async def get_key_cache(request: Request) -> KeyCache:
    """The app's cache of checked API keys."""
    return request.app.state.key_cache


async def get_audit_writer(request: Request) -> AuditWriter:
    """The app's batching writer of upload audit entries."""
    return request.app.state.audit_writer


AccessDep = Annotated[Access, Depends(get_access)]
QueriesDep = Annotated[Queries, Depends(get_queries)]
KeyCacheDep = Annotated[KeyCache, Depends(get_key_cache)]
AuditWriterDep = Annotated[AuditWriter, Depends(get_audit_writer)]

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `sohoa keys create --role ROLE --name NAME`, sent as `Authorization: Bearer <key>`.",
)


async def authenticate(credentials: HTTPAuthorizationCredentials | None, request: Request) -> ApiKeyRecord:
    """The live API key of the request; `Unauthenticated` when missing, unknown or revoked.

    A plain function, not a dependency of its own: each dependency costs FastAPI ~30 µs per request, so
    the key check reads the app's `KeyCache` itself and opens the key table only on a miss.
    """
    if credentials is None or not credentials.credentials:
        raise Unauthenticated("Send an API key as 'Authorization: Bearer <key>'")
    token = credentials.credentials
    cache: KeyCache = request.app.state.key_cache
    key = cache.get(token)
    if key is None:
        generation = cache.generation()
        key = await run_in_threadpool(Access(get_database()).key_for_token, token)
        if key is None:
            raise Unauthenticated("The API key is unknown or revoked")
        cache.put(token, key, generation)
    return key


def require(permission: Permission):  # a FastAPI dependency
    """A dependency that authenticates the bearer key and lets only roles holding `permission` through."""

    async def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)], request: Request
    ) -> ApiKeyRecord:
        key = await authenticate(credentials, request)
        if permission not in ROLE_PERMISSIONS.get(key.role, frozenset()):
            allowed = sorted(role for role, perms in ROLE_PERMISSIONS.items() if permission in perms)
            raise Forbidden(
                f"A {key.role} key may not {permission.value} here; this needs one of: {', '.join(allowed)}"
            )
        return key

    return check


Uploader = Annotated[ApiKeyRecord, Depends(require(Permission.UPLOAD))]
Reader = Annotated[ApiKeyRecord, Depends(require(Permission.READ))]
Reviewer = Annotated[ApiKeyRecord, Depends(require(Permission.CORRECT))]
Admin = Annotated[ApiKeyRecord, Depends(require(Permission.ADMIN))]


def _known_query(route: object) -> frozenset[str]:
    """Names of the query parameters a route declares (its signature and its OpenAPI extras)."""
    names: set[str] = set()
    pending = [route.dependant]  # type: ignore[attr-defined]
    while pending:
        dependant = pending.pop()
        names |= {param.alias for param in dependant.query_params}
        pending.extend(dependant.dependencies)
    extra = (getattr(route, "openapi_extra", None) or {}).get("parameters", [])
    return frozenset(names | {p["name"] for p in extra if p.get("in") == "query"})


_KNOWN_QUERY: dict[int, frozenset[str]] = {}


async def no_unknown_query(request: Request) -> None:
    """Refuse query parameters a route does not declare (a typo like `limt=5` should not pass silently)."""
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    known = _KNOWN_QUERY.get(id(route))
    if known is None:
        known = _KNOWN_QUERY[id(route)] = _known_query(route)
    unknown = sorted({name for name in request.query_params if name not in known})
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        accepted = ", ".join(sorted(n for n in known if not n.startswith("field."))) or "none"
        raise InvalidRequest(f"Unknown query parameter {shown}; this route accepts: {accepted}")
    # No route takes a list: `?document_id=a&document_id=b` would silently mean only b.
    repeated = sorted(
        {name for name, _ in request.query_params.multi_items() if len(request.query_params.getlist(name)) > 1}
    )
    if repeated:
        shown = ", ".join(repr(name[:40]) for name in repeated[:5])
        raise InvalidRequest(f"Give each query parameter once; repeated: {shown}")
