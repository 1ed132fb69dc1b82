"""Search (diacritic-insensitive words, one exact field filter, snippets) and the admin page.

Search is `ingest.reads.search`, logged as the API logs it. The admin page's counts are the API's
`/v1/stats` answer itself (`api.routes.stats.stats`), so they match it and `sohoa audit` exactly;
the chart is inline SVG drawn here, no script.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from core.errors import Conflict, InputError, NotFound
from core.roles import ROLES
from ingest.context import get_database
from ingest.reads import search as finder
from storage.access import Access
from storage.query import Queries
from storage.users import Users

from ..routes.stats import COUNTS, stats
from . import i18n
from .render import render
from .session import AdminViewer, ReadViewer, WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)

PAGE_SIZE = 20
NOTES = ("user_created", "user_disabled", "key_revoked")  # what the admin page may say after a change
Text = Annotated[str | None, Query(max_length=500)]


@router.get("/search")
def search_page(
    request: Request,
    viewer: ReadViewer,
    q: Text = None,
    doc_type: Text = None,
    field: Text = None,
    value: Text = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """The search form and, when asked, the results with snippets."""
    asked = bool(q or doc_type or (field and value))
    results: list[Any] = []
    total = 0
    filters = {field: value} if field and value else {}
    if asked:
        found = finder.search(
            Queries(get_database()),
            q,
            doc_type=doc_type or None,
            fields=filters,
            limit=PAGE_SIZE,
            offset=offset,
            scope=viewer.principal.scope,
        )
        results, total = found.results, found.total
        Access(get_database()).record(
            viewer.principal,
            "search",
            detail={"q": q, "doc_type": doc_type, "fields": filters, "total": total, "via": "web"},
        )
    return render(
        request,
        "search.html",
        viewer,
        q=q or "",
        doc_type=doc_type or "",
        field=field or "",
        value=value or "",
        results=results,
        total=total,
        asked=asked,
        offset=offset,
        page_size=PAGE_SIZE,
        doc_types=list(i18n.DOC_TYPES)[:-1],
        field_names=finder.FIELD_NAMES,
    )


def chart(days: list[dict[str, Any]], width: int = 640, height: int = 160) -> dict[str, Any]:
    """Bars of documents received per day, split into digitised, failed and the rest, as SVG geometry."""
    top = max((d["received"] for d in days), default=0) or 1
    step = width / max(1, len(days))
    bars = []
    for i, d in enumerate(days):
        x, y0 = i * step, float(height)
        parts = []
        for name, count in (
            ("digitised", d["digitised"]),
            ("failed", d["failed"]),
            ("waiting", d["queued"] + d["processing"]),
        ):
            h = count / top * (height - 10)
            if h > 0:
                parts.append({"kind": name, "y": round(y0 - h, 1), "h": round(h, 1)})
                y0 -= h
        ticks = len(days) - 1 - i >= 4 and i % 7 == 0 or i == len(days) - 1  # a label a week, and the last day
        bars.append(
            {
                "x": round(x + step * 0.15, 1),
                "w": round(step * 0.7, 1),
                "parts": parts,
                "day": d["date"],
                "received": d["received"],
                "tick": ticks,
            }
        )
    return {"width": width, "height": height, "bars": bars, "top": top}


def iso_day(typed: str | None) -> str | None:
    """A day typed dd/mm/yyyy as YYYY-MM-DD (anything else is passed on for the stats route to judge)."""
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", typed or "")
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return typed or None


@router.get("/admin")
async def admin_page(
    request: Request,
    viewer: AdminViewer,
    from_: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    to: Annotated[str | None, Query(max_length=10)] = None,
    message: Annotated[str | None, Query(max_length=40)] = None,
    user: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Exact daily counts per type and status (the API's `/v1/stats`), a chart, keys and users."""
    counts = await stats(viewer.principal, Queries(get_database()), iso_day(from_), iso_day(to))
    scope = viewer.principal.scope  # an admin limited to agencies sees and hands out only theirs
    keys = [k for k in await run_in_threadpool(Access(get_database()).list_keys) if scope.includes(k.scope)]
    users = [u for u in await run_in_threadpool(Users(get_database()).list_users) if scope.includes(u.scope)]
    note = i18n.text(viewer.lang, f"admin.{message}", user=user or "") if message in NOTES else None
    return render(
        request,
        "admin.html",
        viewer,
        counts=counts,
        names=COUNTS,
        chart=chart(counts["days"]),
        keys=keys,
        users=users,
        roles=ROLES,
        note=note,
        today=date.today().isoformat(),
    )


@router.post("/admin/users")
async def create_user(
    request: Request,
    viewer: AdminViewer,
    username: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """A new staff account within the admin's agencies (the admin tells its holder the password)."""
    users = Users(get_database())
    try:
        created = await run_in_threadpool(users.create_user, username, role, password, viewer.principal.scope)
    except (InputError, Conflict) as exc:
        key = (
            "error.user_exists"
            if isinstance(exc, Conflict)
            else ("error.weak_password" if "password" in exc.message else "error.bad_username")
        )
        if "role" in exc.message:
            key = "error.invalid_request"
        return render(request, "error.html", viewer, status=exc.http_status, message=i18n.text(viewer.lang, key))
    await run_in_threadpool(
        Access(get_database()).record,
        viewer.principal,
        "user.create",
        detail={
            "user_id": created.user_id,
            "username": created.username,
            "role": created.role,
            "agencies": list(created.agencies),
        },
    )
    return RedirectResponse(f"/admin?message=user_created&user={created.username}#users", status_code=303)


@router.post("/admin/keys")
async def create_key(
    request: Request,
    viewer: AdminViewer,
    name: Annotated[str, Form(max_length=100)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """A new API key within the admin's agencies, shown on this answer only (the service keeps its SHA-256)."""
    name = " ".join(name.split())
    if not name or role not in ROLES:
        message = i18n.text(viewer.lang, "error.invalid_request")
        return render(request, "error.html", viewer, status=400, message=message)
    access = Access(get_database())
    scope = viewer.principal.scope
    created = await run_in_threadpool(access.create_key, name, role, scope)
    await run_in_threadpool(
        access.record,
        viewer.principal,
        "key.create",
        detail={"key_id": created.record.key_id, "role": role, "agencies": list(scope.agencies), "via": "web"},
    )
    return render(request, "key_created.html", viewer, key=created.record, token=created.token)


@router.post("/admin/keys/{key_id}/revoke")
async def revoke_key(request: Request, key_id: Annotated[str, Path(max_length=40)], viewer: AdminViewer) -> Response:
    """Revoke a key; it stops working at once in this process (as `DELETE /v1/keys/{id}`)."""
    access = Access(get_database())
    scope = viewer.principal.scope
    if not scope.province_wide and not any(
        k.key_id == key_id and scope.includes(k.scope)
        for k in await run_in_threadpool(access.list_keys, include_revoked=True)
    ):
        raise NotFound(f"No API key with ID '{key_id[:40]}'")
    await run_in_threadpool(access.revoke_key, key_id)
    request.app.state.key_cache.invalidate(key_id)
    await run_in_threadpool(access.record, viewer.principal, "key.revoke", detail={"key_id": key_id, "via": "web"})
    return RedirectResponse("/admin?message=key_revoked#keys", status_code=303)


@router.post("/admin/users/{username}/disable")
async def disable_user(request: Request, username: str, viewer: AdminViewer) -> Response:
    """Disable an account (of the admin's agencies); its sessions stop working at once."""
    users = Users(get_database())
    scope = viewer.principal.scope
    if not scope.province_wide and not any(
        u.username == username.strip().lower() and scope.includes(u.scope)
        for u in await run_in_threadpool(users.list_users)
    ):
        raise NotFound(f"No user named '{username[:64]}'")
    disabled = await run_in_threadpool(users.disable_user, username)
    await run_in_threadpool(
        Access(get_database()).record,
        viewer.principal,
        "user.disable",
        detail={"user_id": disabled.user_id, "username": disabled.username},
    )
    return RedirectResponse(f"/admin?message=user_disabled&user={disabled.username}#users", status_code=303)
