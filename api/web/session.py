"""Who is looking at a page: the session cookie, the role check, CSRF tokens, and errors shown as pages.

A page route takes `Viewer` aliases (`IntakeViewer`, `ReadViewer`, `ReviewViewer`, `AdminViewer`),
which check the session cookie against the database on every request (so a disabled user's session
stops at once) and the user's role against `api.deps.ROLE_PERMISSIONS`, the same table the API's
keys are checked with. Forms carry the session's CSRF token (`csrf_token` field or `X-CSRF-Token`
header). `WebRoute` turns every error into a Vietnamese page (or a redirect to `/login`), never a
stack trace or the API's JSON.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from core.errors import Forbidden, InvalidRequest, SohoaError
from ingest.context import get_database
from storage.keys import DOSSIER_ID_EXAMPLE
from storage.users import Users

from ..deps import Permission
from . import i18n
from .render import render
from .viewer import Viewer, language

log = logging.getLogger(__name__)

SESSION_COOKIE = "sohoa_session"
LOGIN_CSRF_COOKIE = "sohoa_login_csrf"


class SignInRequired(Exception):
    """No live session: the page answers with a redirect to `/login`."""


class CsrfRefused(Forbidden):
    """A form without the session's CSRF token."""

    code = "csrf"


def secure_cookies(request: Request) -> bool:
    """Cookies are `Secure` when the page is served over TLS (directly or behind a proxy uvicorn trusts)."""
    return request.url.scheme == "https"


def check_csrf(viewer: Viewer, supplied: str | None) -> None:
    """`CsrfRefused` unless `supplied` is the session's token."""
    if not supplied or not secrets.compare_digest(supplied.encode(), viewer.csrf_token.encode()):
        raise CsrfRefused("CSRF token missing or wrong")


async def current_viewer(request: Request) -> Viewer:
    """The live session's user; `SignInRequired` when there is none."""
    token = request.cookies.get(SESSION_COOKIE)
    session = await run_in_threadpool(Users(get_database()).session_for, token) if token else None
    if session is None:
        raise SignInRequired()
    viewer = Viewer(session.user, session.csrf_token, language(request))
    request.state.viewer = viewer
    return viewer


def page(permission: Permission) -> Callable[..., Coroutine[Any, Any, Viewer]]:
    """A dependency: a signed-in user whose role holds `permission`; POSTs must carry the CSRF token."""

    async def check(request: Request) -> Viewer:
        viewer = await current_viewer(request)
        if not viewer.can(permission):
            raise Forbidden(f"role {viewer.user.role} may not {permission.value}")
        if request.method == "POST" and not request.headers.get("content-type", "").startswith("multipart/"):
            supplied = request.headers.get("x-csrf-token") or (await request.form()).get("csrf_token")
            check_csrf(viewer, supplied if isinstance(supplied, str) else None)
        return viewer  # multipart uploads check the token once the form is streamed (`intake`)

    return check


IntakeViewer = Annotated[Viewer, Depends(page(Permission.UPLOAD))]
ReadViewer = Annotated[Viewer, Depends(page(Permission.READ))]
ReviewViewer = Annotated[Viewer, Depends(page(Permission.CORRECT))]
AdminViewer = Annotated[Viewer, Depends(page(Permission.ADMIN))]


def sign_in_redirect(request: Request) -> Response:
    """To `/login`, coming back here afterwards (htmx requests are told to load it as a whole page)."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = f"/login?next={quote(back, safe='')}" if request.method == "GET" else "/login"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def error_page(request: Request, exc: SohoaError) -> Response:
    """The error as a page in the viewer's language, with the error's status."""
    lang = language(request)
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    message = error_message(lang, exc, viewer)
    return render(request, "error.html", viewer, status=exc.http_status, message=message)


def error_message(lang: str, exc: SohoaError, viewer: Viewer | None = None) -> str:
    """What a clerk reads for an error: by its code, never the service's English message."""
    role = i18n.text(lang, f"role.{viewer.user.role}") if viewer else ""
    key = f"error.{exc.code}"
    if key not in i18n.MESSAGES:
        key = "error.invalid_request" if 400 <= exc.http_status < 500 else "error.internal_error"
    if exc.code in ("storage_unavailable", "catalogue_unavailable", "broker_unavailable"):
        key = "error.temporarily_unavailable"
    return i18n.text(lang, key, example=DOSSIER_ID_EXAMPLE, role=role)


class WebRoute(APIRoute):
    """A page route: sign-in redirects and errors as Vietnamese pages, never JSON or a traceback."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler wrapped in the page's error boundary."""
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired:
                return sign_in_redirect(request)
            except SohoaError as exc:
                if exc.http_status >= 500:
                    log.error("%s %s: %s", request.method, request.url.path, exc.message)
                return error_page(request, exc)
            except RequestValidationError:
                return error_page(request, InvalidRequest("invalid form"))
            except Exception:
                log.exception("%s %s: unexpected error", request.method, request.url.path)
                return error_page(request, SohoaError("internal"))

        return guarded
