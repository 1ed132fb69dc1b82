"""Sign-in, sign-out and the language switch.

The sign-in form, shown before there is a session, is protected by a double-submit token: a random
cookie that the form must repeat. Every sign-in, failed sign-in of a known account and sign-out is
written to the audit log under the user's name; the password is never logged or stored.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ingest.context import get_database
from storage.access import Access
from storage.users import SESSION_HOURS, LoginLocked, LoginRefused, Users

from . import i18n
from .render import day_month_year, render
from .session import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CsrfRefused,
    ReadViewer,
    SignInRequired,
    WebRoute,
    current_viewer,
    secure_cookies,
)
from .viewer import LANG_COOKIE, language

router = APIRouter(route_class=WebRoute, include_in_schema=False)

HOME_BY_ROLE = {"intake": "/", "reviewer": "/review", "reader": "/search", "admin": "/"}


def safe_next(target: str | None) -> str | None:
    """A local path to come back to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _login_page(
    request: Request,
    status: int = 200,
    message: str | None = None,
    username: str = "",
    next_url: str | None = None,
    good: bool = False,
) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        None,
        status=status,
        message=message,
        username=username,
        login_csrf=token,
        next_url=next_url or "",
        good=good,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(request), path="/login"
    )
    return response


@router.get("/login")
async def login_form(request: Request, next: str | None = None, m: str | None = None) -> Response:
    """The sign-in form (or straight on, when already signed in)."""
    try:
        viewer = await current_viewer(request)
        return RedirectResponse(safe_next(next) or HOME_BY_ROLE.get(viewer.user.role, "/"), status_code=303)
    except SignInRequired:
        pass
    lang = language(request)
    message = i18n.text(lang, f"login.{m}") if m in ("signed_out", "expired") else None
    return _login_page(request, message=message, next_url=safe_next(next), good=m == "signed_out")


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the password; on success start a session (HttpOnly, SameSite=Lax, Secure over TLS)."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf_token.encode()):
        raise CsrfRefused("login CSRF token missing or wrong")
    lang = language(request)
    users = Users(get_database())
    access = Access(get_database())
    try:
        user = await run_in_threadpool(users.authenticate, username, password)
    except LoginRefused as exc:
        if exc.user is not None:
            reason = "locked" if isinstance(exc, LoginLocked) else "wrong_password"
            await run_in_threadpool(
                access.record, exc.user.as_principal(), "web.sign_in_failed", detail={"reason": reason}
            )
        if isinstance(exc, LoginLocked):
            message = i18n.text(lang, "login.locked", time=day_month_year(exc.until, with_time=True))
        else:
            message = i18n.text(lang, "login.failed")
        return _login_page(request, status=401, message=message, username=username[:64], next_url=safe_next(next))
    token, _ = await run_in_threadpool(users.start_session, user)
    await run_in_threadpool(access.record, user.as_principal(), "web.sign_in")
    response = RedirectResponse(safe_next(next) or HOME_BY_ROLE.get(user.role, "/"), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, viewer: ReadViewer) -> Response:
    """End the session (every role may sign out; the CSRF token is checked by `ReadViewer`)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    await run_in_threadpool(Users(get_database()).end_session, token)
    await run_in_threadpool(Access(get_database()).record, viewer.principal, "web.sign_out")
    response = RedirectResponse("/login?m=signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
async def switch_language(code: str, request: Request, next: str | None = None) -> Response:
    """Vietnamese or English, kept in a cookie for a year."""
    response = RedirectResponse(safe_next(next) or "/", status_code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", secure=secure_cookies(request), path="/"
        )
    return response
