"""Each account's cash as a running balance beside its ledger.

The ledger stays the record. ``account_balances.cash_paise`` is the sum of the account's
entries, moved by every transaction that adds entries, at its commit (``SqlUnitOfWork``), so
reading cash costs one row instead of the account's whole history.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_balances",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("cash_paise", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_balances_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_balances")),
    )
    op.execute(
        "INSERT INTO account_balances (account_id, cash_paise) "
        "SELECT account_id, SUM(amount_paise) FROM ledger_entries GROUP BY account_id"
    )


def downgrade() -> None:
    op.drop_table("account_balances")
