"""The API's one boundary where errors become responses: `{"error": {"code", "message"}}` with a status.

`SohoaError` subclasses carry their own code and status; FastAPI's validation errors become 422
(request body) or 400 (path, query, header); unknown routes 404; anything unexpected 500 with a
generic message (the traceback goes to the log, not to the caller).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from core.errors import SohoaError, TransientError, Unauthenticated

from .schemas import ErrorResponse

log = logging.getLogger(__name__)

_DESCRIPTIONS = {
    400: "bad request: invalid dossier ID, form, query or field name",
    401: "no API key, or an unknown or revoked one",
    403: "the key's role may not do this",
    404: "no such document, dossier, file or resource",
    409: "not possible in the document's current status",
    413: "file too large, too many pages or too many pixels",
    415: "not a JPEG, PNG, TIFF or PDF (judged by content)",
    422: "damaged or encrypted file, or an invalid JSON body",
    503: "storage, catalogue or broker temporarily unavailable; retry later",
}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable", 413: "request_too_large"}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route may answer (400 and 503 are always possible)."""
    return {code: {"model": ErrorResponse, "description": _DESCRIPTIONS[code]} for code in sorted({400, *codes, 503})}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error body shape."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def _sohoa_error(request: Request, exc: SohoaError) -> JSONResponse:
    headers = None
    if isinstance(exc, Unauthenticated):
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(exc, TransientError):
        headers = {"Retry-After": "5"}
    if exc.http_status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc.message)
    return error_response(exc.http_status, exc.code, exc.message, headers)


def _location(loc: tuple) -> str:
    return ".".join(str(part) for part in loc[1:]) or str(loc[0]) if loc else "request"


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    in_body = any(e.get("loc", ("",))[0] == "body" for e in errors)
    message = "; ".join(f"{_location(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in errors[:5])
    return error_response(422 if in_body else 400, "invalid_request", message or "The request is invalid")


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "The request cannot be served"
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return error_response(exc.status_code, code, message, headers or None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s: unexpected error", request.method, request.url.path)
    return error_response(500, "internal_error", "An internal error occurred; it has been logged")


def install(app: FastAPI) -> None:
    """Register every handler on the app."""
    # Starlette types a handler as taking any Exception; each of these takes the class it is registered for.
    app.add_exception_handler(SohoaError, _sohoa_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
