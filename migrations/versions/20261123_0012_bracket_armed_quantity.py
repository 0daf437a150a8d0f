"""Brackets arm at the entry's first fill: how much of the order their guard covers.

Before, a bracket waited for its entry order to complete, so a LIMIT entry filled in parts
held an unguarded position until its last part filled.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("order_brackets") as batch:
        batch.add_column(
            sa.Column("armed_quantity", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("order_brackets") as batch:
        batch.drop_column("armed_quantity")
