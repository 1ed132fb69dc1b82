"""Statistics: exact counts of documents received, digitised, failed and awaiting review, per day and type."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from core.errors import InvalidRequest
from storage.query import DayCount

from ..deps import Admin, QueriesDep
from ..errors import responses
from ..schemas import StatsResponse

router = APIRouter(prefix="/v1", tags=["stats"])

MAX_DAYS = 366
COUNTS = ("received", "queued", "processing", "digitised", "failed", "needs_review")


def _zero() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


def _add(total: dict[str, int], row: DayCount) -> None:
    for name in COUNTS:
        total[name] += getattr(row, name)


def _day(raw: str | None, default: date, name: str) -> date:
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidRequest(f"'{name}' must be a date as YYYY-MM-DD, not '{raw[:20]}'") from None


@router.get(
    "/stats",
    summary="Daily counts (admin)",
    description="For each day received in `from`..`to` (inclusive, YYYY-MM-DD, UTC; default the last 30 days, "
    f"at most {MAX_DAYS} days): documents received, and of those how many are queued, processing, "
    "digitised, failed and waiting for review (digitised with `needs_review`), in all and per "
    "document type. Exact counts from the catalogue, as `sohoa audit` reports them. An admin limited to "
    "agencies counts only theirs. Role: admin.",
    response_model=StatsResponse,
    response_model_by_alias=True,
    responses=responses(400, 401, 403),
)
async def stats(
    key: Admin,
    queries: QueriesDep,
    from_: Annotated[str | None, Query(alias="from", max_length=10, examples=["2025-11-01"])] = None,
    to: Annotated[str | None, Query(max_length=10, examples=["2025-11-30"])] = None,
) -> dict:
    """Counts per day and per type, and their totals."""
    last = _day(to, date.today(), "to")
    first = _day(from_, last - timedelta(days=29), "from")
    if first > last:
        raise InvalidRequest(f"'from' ({first}) is after 'to' ({last})")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidRequest(f"Ask for at most {MAX_DAYS} days at a time")
    rows = await run_in_threadpool(queries.day_counts, first.isoformat(), last.isoformat(), scope=key.scope)
    totals, types = _zero(), {}  # type: dict[str, int], dict[str, dict[str, int]]
    days: dict[str, dict[str, Any]] = {
        (first + timedelta(days=i)).isoformat(): {**_zero(), "doc_types": {}} for i in range((last - first).days + 1)
    }
    for row in rows:
        _add(totals, row)
        _add(types.setdefault(row.doc_type, _zero()), row)
        day = days[row.day]
        _add(day, row)
        _add(day["doc_types"].setdefault(row.doc_type, _zero()), row)
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "totals": totals,
        "doc_types": types,
        "days": [{"date": d, **v} for d, v in days.items()],
    }
