"""Province scale: trigram search index, agency column and scope, indexes for stats, lists and the review queue.

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-02 20:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {
    "ix_documents_created": ["created_at", "id"],
    "ix_documents_key_order": ["dossier_id", "id"],
    "ix_documents_agency_created": ["agency", "created_at", "id"],
    "ix_documents_stats": ["received_on", "agency", "status", "needs_review", "doc_type", "requested_doc_type"],
    "ix_documents_review": ["needs_review", "status", "created_at", "id"],
}


def upgrade() -> None:
    """Add the agency column (filled from the dossier codes), scope columns and the indexes."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.add_column("documents", sa.Column("agency", sa.String(length=16), nullable=False, server_default=""))
    if postgres:
        op.execute("UPDATE documents SET agency = split_part(dossier_id, '-', 1)")
    else:
        op.execute("UPDATE documents SET agency = substr(dossier_id, 1, instr(dossier_id, '-') - 1)")
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("agency", server_default=None)
    for name, columns in _INDEXES.items():
        op.create_index(name, "documents", columns, unique=False)
    if postgres:
        op.create_index(
            "ix_documents_search_trgm",
            "documents",
            ["search_text"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )
    op.add_column("api_keys", sa.Column("agencies", sa.JSON(), nullable=True))
    op.add_column("webhooks", sa.Column("agencies", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop what `upgrade` added (the pg_trgm extension stays: others may use it)."""
    op.drop_column("webhooks", "agencies")
    op.drop_column("api_keys", "agencies")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_documents_search_trgm", table_name="documents")
    for name in reversed(list(_INDEXES)):
        op.drop_index(name, table_name="documents")
    op.drop_column("documents", "agency")
