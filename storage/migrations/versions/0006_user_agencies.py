"""Agency scope for staff users: users.agencies, as api_keys.agencies (a JSON list of codes; NULL: the province).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add users.agencies (existing users keep the province-wide view)."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("agencies", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop users.agencies."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("agencies")
