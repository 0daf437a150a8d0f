"""Forward-test sessions and their daily analytics.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dalal.adapters.db.base import ExactDecimal, UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "forward_tests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("strategy", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("symbols", sa.JSON(), nullable=False),
        sa.Column("tokens", sa.JSON(), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("charges", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("stopped_at", UTCDateTime(), nullable=True),
        sa.Column("source_backtest_run_id", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.String(length=512), nullable=True),
        sa.Column("last_bar_at", UTCDateTime(), nullable=True),
        sa.Column("peak_pnl", ExactDecimal(18, 2), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_forward_tests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_forward_tests_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forward_tests")),
    )
    op.create_index(
        "ix_forward_tests_user_id_started_at", "forward_tests", ["user_id", "started_at"]
    )
    op.create_index("ix_forward_tests_status", "forward_tests", ["status"])
    op.create_index(op.f("ix_forward_tests_account_id"), "forward_tests", ["account_id"])
    op.create_table(
        "forward_test_days",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pnl", ExactDecimal(18, 2), nullable=False),
        sa.Column("cumulative_pnl", ExactDecimal(18, 2), nullable=False),
        sa.Column("trades", sa.Integer(), nullable=False),
        sa.Column("wins", sa.Integer(), nullable=False),
        sa.Column("drawdown", ExactDecimal(18, 2), nullable=False),
        sa.Column("margin_used", ExactDecimal(18, 2), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["forward_tests.id"],
            name=op.f("fk_forward_test_days_session_id_forward_tests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "day", name=op.f("pk_forward_test_days")),
    )


def downgrade() -> None:
    op.drop_table("forward_test_days")
    op.drop_index(op.f("ix_forward_tests_account_id"), table_name="forward_tests")
    op.drop_index("ix_forward_tests_status", table_name="forward_tests")
    op.drop_index("ix_forward_tests_user_id_started_at", table_name="forward_tests")
    op.drop_table("forward_tests")
