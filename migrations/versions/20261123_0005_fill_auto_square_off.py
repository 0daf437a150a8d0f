"""Fills: the broker's auto square-off fee, a charge of its own (zero on earlier fills).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dalal.adapters.db.base import ExactDecimal

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fills") as batch:
        batch.add_column(
            sa.Column("auto_square_off", ExactDecimal(14, 2), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("fills") as batch:
        batch.drop_column("auto_square_off")
