"""A partial index on the ledger's deposits and withdrawals.

The pre-trade check of a day loss limit sums the account's flows since the start of the
day. With only the (account, time) index that sum visited every entry the account booked
that day, so each order cost more than the one before it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FLOWS = "kind IN ('DEPOSIT', 'WITHDRAWAL')"


def upgrade() -> None:
    op.create_index(
        "ix_ledger_entries_flows",
        "ledger_entries",
        ["account_id", "at"],
        postgresql_where=sa.text(FLOWS),
        sqlite_where=sa.text(FLOWS),
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_flows", table_name="ledger_entries")
