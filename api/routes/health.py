"""Operations: `/healthz` (no key) and `/metrics` (Prometheus text)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from ingest.reads import health

from ..deps import Reader
from ..errors import responses
from ..schemas import HealthResponse

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    summary="Health check (no key needed)",
    description="200 when the object store, the catalogue and the task broker all answer; 503 otherwise, "
    "with the reason for each that does not.",
    response_model=HealthResponse,
    responses={503: {"model": HealthResponse, "description": "something the service needs is down"}},
)
async def healthz() -> JSONResponse:
    """Check storage, catalogue and broker."""
    checks = await run_in_threadpool(health.checks)
    ok = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    description="Documents by status, processing time, queue depths and HTTP request durations, in the "
    "Prometheus text format. Any role.",
    response_class=Response,
    responses={200: {"description": "Prometheus text format", "content": {"text/plain": {}}}, **responses(401, 403)},
)
async def metrics(request: Request, key: Reader) -> Response:
    """Scrape every collector of this app."""
    body = await run_in_threadpool(generate_latest, request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
