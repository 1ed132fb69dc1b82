"""Jinja2 templates of the web page: the one environment, its filters (dates dd/mm/yyyy), security headers.

Autoescaping is on for every template, so OCR text and field values reach the page as plain text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from . import i18n
from .viewer import Viewer, language

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
try:
    from zoneinfo import ZoneInfo

    LOCAL: timezone | ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # noqa: BLE001 - no tz database: Vietnam keeps UTC+7 all year
    LOCAL = timezone(timedelta(hours=7), "ICT")

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Pages load nothing from elsewhere, run no inline script and are never framed.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def day_month_year(value: Any, with_time: bool = False) -> str:
    """A date or time as the counter writes it: dd/mm/yyyy (and HH:MM local time)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        match = _ISO_DAY.match(value)
        if match:
            return f"{match.group(3)}/{match.group(2)}/{match.group(1)}"
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LOCAL)
        return moment.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def shown_value(value: str) -> str:
    """A field value as shown: ISO dates as dd/mm/yyyy, everything else as read."""
    return day_month_year(value) if _ISO_DAY.match(value or "") else value


templates.env.filters["dmy"] = day_month_year
templates.env.filters["shown"] = shown_value


def render(request: Request, name: str, viewer: Viewer | None, *, status: int = 200, **context: Any) -> Response:
    """A page from template `name`, in the viewer's language, with the security headers."""
    lang = viewer.lang if viewer else language(request)
    response = templates.TemplateResponse(
        request,
        name,
        {
            "viewer": viewer,
            "lang": lang,
            "csrf": viewer.csrf_token if viewer else "",
            "t": lambda key, **values: i18n.text(lang, key, **values),
            "type_name": lambda doc_type: i18n.doc_type_name(lang, doc_type),
            "field_name": lambda field: i18n.field_name(lang, field),
            "reason": lambda code: i18n.failure_reason(lang, code),
            "finding": lambda finding: i18n.finding_text(lang, finding),
            **context,
        },
        status_code=status,
    )
    response.headers.update(HEADERS)
    return response
