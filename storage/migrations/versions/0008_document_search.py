"""PostgreSQL: search reads `document_search`, a narrow copy of the digitised documents' search columns.

At 1M documents a rare full name (three common syllables, one document in a few thousand) spent most of
its time reading `documents` rows, 1.8 KB each with their text, entities and objects: 50,000 of them
walked newest first, or tens of thousands of trigram candidates rechecked. `document_search` holds
(id, dossier, agency, type, created_at, folded text) of each digitised document, kept in step by a
trigger on `documents` (every write, whichever code makes it); the trigram index moves to it. SQLite is
unchanged (its FTS5 table).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "id, dossier_id, agency, doc_type, created_at, search_text"  # DocumentSearchRow's, at this revision

# A digitised document has its row; any other status has none. Unchanged rows are not rewritten.
SYNC_FUNCTION = f"""
CREATE OR REPLACE FUNCTION sohoa_document_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'digitised' THEN
        INSERT INTO document_search ({COLUMNS})
        VALUES (NEW.id, NEW.dossier_id, NEW.agency, NEW.doc_type, NEW.created_at, NEW.search_text)
        ON CONFLICT (id) DO UPDATE SET
            dossier_id = EXCLUDED.dossier_id, agency = EXCLUDED.agency, doc_type = EXCLUDED.doc_type,
            created_at = EXCLUDED.created_at, search_text = EXCLUDED.search_text
        WHERE (document_search.dossier_id, document_search.agency, document_search.doc_type,
               document_search.created_at, document_search.search_text)
              IS DISTINCT FROM
              (EXCLUDED.dossier_id, EXCLUDED.agency, EXCLUDED.doc_type, EXCLUDED.created_at, EXCLUDED.search_text);
    ELSIF TG_OP = 'UPDATE' AND OLD.status = 'digitised' THEN
        DELETE FROM document_search WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END
$$
"""
SYNC_TRIGGER = (
    "CREATE TRIGGER documents_search AFTER INSERT OR UPDATE OF status, dossier_id, agency, doc_type, created_at,"
    " search_text ON documents FOR EACH ROW EXECUTE FUNCTION sohoa_document_search()"
)


def _trigram_index(name: str, table: str) -> None:
    """A `pg_trgm` GIN on `table.search_text` (LIKE '%term%' goes through it)."""
    op.create_index(
        name, table, ["search_text"], postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"}
    )


def upgrade() -> None:
    """PostgreSQL: the table, filled from the digitised documents, its indexes and the trigger; the trigram
    index on `documents` goes (minutes on a catalogue of millions; nothing on SQLite)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "document_search",
        sa.Column("id", sa.String(length=32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("dossier_id", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # the trigger first: creating it locks out writes to documents until this commits, so none is missed
    op.execute(SYNC_FUNCTION)
    op.execute(SYNC_TRIGGER)
    op.execute(
        f"INSERT INTO document_search ({COLUMNS}) SELECT {COLUMNS} FROM documents"
        " WHERE status = 'digitised' ORDER BY created_at, id"
    )
    op.create_index("ix_document_search_created", "document_search", ["created_at", "id"])
    op.create_index("ix_document_search_agency_created", "document_search", ["agency", "created_at", "id"])
    _trigram_index("ix_document_search_trgm", "document_search")
    op.drop_index("ix_documents_search_trgm", table_name="documents")


def downgrade() -> None:
    """The trigram index back on `documents`; the trigger, its function and the table dropped."""
    if op.get_bind().dialect.name != "postgresql":
        return
    _trigram_index("ix_documents_search_trgm", "documents")
    op.execute("DROP TRIGGER IF EXISTS documents_search ON documents")
    op.execute("DROP FUNCTION IF EXISTS sohoa_document_search()")
    op.drop_table("document_search")
