"""The FastAPI application: routers, the one error boundary, metrics, and OpenAPI at `/docs`.

`create_app()` builds a fresh app (tests make one per data folder). A new resource adds its
router module to `ROUTERS`; nothing else here needs to change.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module

from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from core.settings import get_settings
from ingest.context import get_database
from storage.access import Access

from . import errors, web
from .auditlog import AuditWriter
from .deps import no_unknown_query
from .keycache import KeyCache
from .metrics import Metrics, TimingMiddleware

# Modules of `api.routes`, each with a `router`, in the order `/docs` lists them.
ROUTERS = (
    "documents",
    "dossiers",
    "search",
    "stats",
    "webhooks",
    "keys",
    "audit",
    "batches",
    "health",
    "verification",
    "portal",
)

DESCRIPTION = """
Digitise Vietnamese one-stop dossier scans: upload originals, follow their status, read the fields
found, search, correct, and get told by webhook when documents are done.

**Authentication.** Every route but `/healthz` needs `Authorization: Bearer <API key>`. Keys are made
with `sohoa keys create --role ROLE --name NAME` (or `POST /v1/keys` by an admin). Roles:
`intake` (upload, read), `reviewer` (also correct fields), `reader` (read and search only),
`admin` (everything, including keys, stats, webhooks and the audit log).

**Errors.** Every error is `{"error": {"code": "…", "message": "…"}}` with a 4xx status when the
caller can fix it, 503 when a dependency is briefly unavailable (retry), 500 only for our faults.

**Audit.** Reads of documents, dossiers and files, searches, uploads and corrections are logged
with the key that made them (`GET /v1/audit-log`).
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On the way out, write the audit entries still queued."""
    yield
    await run_in_threadpool(app.state.audit_writer.close)


def create_app() -> FastAPI:
    """A new API application with every router, error handler and the metrics middleware."""
    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # `/docs` and `/redoc` are served by `api.web` from local copies, not a CDN
        redoc_url=None,
        dependencies=[Depends(no_unknown_query)],
        title="sohoa",
        version="1",
        summary="Vietnamese one-stop dossier digitisation API",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "documents", "description": "Upload, read, download and correct documents"},
            {"name": "dossiers", "description": "A dossier with all its documents"},
            {"name": "search", "description": "Diacritic-insensitive full text and exact field filters"},
            {"name": "stats", "description": "Daily counts (admin)"},
            {"name": "webhooks", "description": "Event subscriptions and delivery log (admin)"},
            {"name": "keys", "description": "API keys (admin)"},
            {"name": "audit", "description": "Who read or changed personal data (admin)"},
            {"name": "operations", "description": "Health and metrics"},
        ],
    )
    errors.install(app)
    app.state.metrics = Metrics()
    app.state.key_cache = KeyCache(get_settings().api_key_cache_s)
    app.state.audit_writer = AuditWriter(lambda: Access(get_database()))
    app.add_middleware(TimingMiddleware, metrics=app.state.metrics)
    for name in ROUTERS:
        app.include_router(import_module(f"{__package__}.routes.{name}").router)
    web.install(app)
    return app
