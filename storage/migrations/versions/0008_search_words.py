"""Word search on PostgreSQL: the folded text's words indexed (GIN over its runs of a-z0-9), and the table of
distinct words a search term is expanded through, kept by a trigger.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORDS = "regexp_split_to_array(search_text, '[^a-z0-9]+')"  # the same expression as storage.query's
_TRIGGER = """
CREATE OR REPLACE FUNCTION search_words_add() RETURNS trigger AS $$
BEGIN
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM unnest(regexp_split_to_array(NEW.search_text, '[^a-z0-9]+')) AS w
    WHERE w ~ '[a-z]'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER documents_search_words AFTER INSERT OR UPDATE OF search_text ON documents
    FOR EACH ROW WHEN (NEW.search_text IS NOT NULL) EXECUTE FUNCTION search_words_add();
"""


def upgrade() -> None:
    """Create the words table (both backends), then on PostgreSQL its index, the trigger and the backfill."""
    op.create_table("search_words", sa.Column("word", sa.Text(), nullable=False), sa.PrimaryKeyConstraint("word"))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "INSERT INTO search_words (word) SELECT DISTINCT w FROM documents, "
        "unnest(regexp_split_to_array(search_text, '[^a-z0-9]+')) AS w WHERE w ~ '[a-z]' ON CONFLICT DO NOTHING"
    )
    op.execute("CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops)")
    op.execute(f"CREATE INDEX ix_documents_search_tokens ON documents USING gin ({WORDS})")
    op.execute(_TRIGGER)
    # the planner's estimates for the words need statistics on the new index's expression: without them a
    # ward in one document of eight was taken for a rare one and read through a bitmap of 130,000 rows
    op.execute("ANALYZE documents")
    op.execute("ANALYZE search_words")


def downgrade() -> None:
    """Drop the trigger, the indexes and the table."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS documents_search_words ON documents")
        op.execute("DROP FUNCTION IF EXISTS search_words_add()")
        op.execute("DROP INDEX IF EXISTS ix_documents_search_tokens")
    op.drop_table("search_words")
