"""ID cards and findings in the catalogue (issue #15), so the API's document object carries what result.json does.

documents: `card_type` (cmnd, cccd, cccd_chip, can_cuoc), `card_document_id` (the other side's document when
the two sides came as two files), `findings` (JSON, the document's own; a page's `page_unreadable` is in its
steps). pages: `side` (front, back, both) and `regions` (JSON, each side's box on a `both` page). fields:
`source` (ocr, qr, mrz, text_layer, reviewer). All nullable: documents digitised before have none.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("documents", sa.Column("card_type", sa.String(length=16), nullable=True)),
    ("documents", sa.Column("card_document_id", sa.String(length=32), nullable=True)),
    ("documents", sa.Column("findings", sa.JSON(), nullable=True)),
    ("pages", sa.Column("side", sa.String(length=8), nullable=True)),
    ("pages", sa.Column("regions", sa.JSON(), nullable=True)),
    ("fields", sa.Column("source", sa.String(length=16), nullable=True)),
)


def upgrade() -> None:
    """Add the card, finding, side and source columns."""
    for table, column in _COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    """Drop them."""
    for table, column in reversed(_COLUMNS):
        op.drop_column(table, column.name)
