"""Accounts: copy trading, an account following a master (NULL: it follows none).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
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
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("copies_account_id", sa.Uuid(), nullable=True))
        batch.create_index(
            batch.f("ix_accounts_copies_account_id"), ["copies_account_id"], unique=False
        )
        batch.create_foreign_key(
            batch.f("fk_accounts_copies_account_id_accounts"),
            "accounts",
            ["copies_account_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint(batch.f("fk_accounts_copies_account_id_accounts"), type_="foreignkey")
        batch.drop_index(batch.f("ix_accounts_copies_account_id"))
        batch.drop_column("copies_account_id")
