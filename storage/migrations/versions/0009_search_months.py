"""PostgreSQL: a trigram index per month on `document_search`, partial on its `created_at` range.

At 1M documents a rare full name's page came from the whole trigram index: `le van cuong` gave 22,105
candidates for 417 matches (the trigrams of `cuong` are also in `cuoc`, `muon` and `trong`), rechecked
on 19,432 heap pages, 140-250 ms. The same search in one month's index: 1,868 candidates, 5 ms. Search
reads the newest months first (`storage.query.Queries._monthly_page`). Months of 2024 to 2031, each
index built from that month's rows; SQLite is unchanged (its FTS5 table).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from alembic import op
from sqlalchemy import text

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_YEAR, LAST_YEAR = 2024, 2031  # storage.models.SEARCH_MONTHS_FROM/TO at this revision


def _months() -> list[tuple[datetime, datetime]]:
    starts = [datetime(y, m, 1, tzinfo=UTC) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13)]
    return list(zip(starts, [*starts[1:], datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)], strict=True))


def upgrade() -> None:
    """The monthly indexes (about 7 s a month of 80,000 documents; nothing on SQLite)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for start, end in _months():
        op.create_index(
            f"ix_document_search_trgm_{start:%Y%m}",
            "document_search",
            ["search_text"],
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
            postgresql_where=text(
                f"created_at >= '{start:%Y-%m-%d} 00:00:00+00' AND created_at < '{end:%Y-%m-%d} 00:00:00+00'"
            ),
        )


def downgrade() -> None:
    """The monthly indexes dropped."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for start, _ in _months():
        op.drop_index(f"ix_document_search_trgm_{start:%Y%m}", table_name="document_search")
