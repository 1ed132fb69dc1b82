"""Component metadata of a digitised copy: procedure and component codes, retention, access level, provenance.

One JSON column on documents: what the uploader gave (procedure_code, component_code, component_name,
retention, access_level), who received it (digitised_by), and what sohoa filled in once the signed
copy was made (digitised_at, dpi, ocr_engine, page_count, signed_sha256, signed_by, pdfa).

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add documents.component."""
    op.add_column("documents", sa.Column("component", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop documents.component."""
    op.drop_column("documents", "component")
