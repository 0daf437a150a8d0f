"""Stored backtest runs and parameter sweeps.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dalal.adapters.db.base import ExactDecimal, UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _setup_columns() -> list[sa.Column[object]]:
    """What was backtested and how far it got; the same columns for runs and sweeps."""
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("strategy", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("symbols", sa.JSON(), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=True),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("cash", ExactDecimal(18, 2), nullable=False),
        sa.Column("charges", sa.String(length=64), nullable=False),
        sa.Column("slippage_bps", ExactDecimal(10, 4), nullable=False),
        sa.Column("fill_timing", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=True),
        sa.Column("risk", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress_pct", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("code_version", sa.String(length=80), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=True),
    ]


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "backtest_runs",
        *_setup_columns(),
        sa.Column("metrics", sa.JSON(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        _user_fk("backtest_runs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backtest_runs")),
    )
    op.create_index(
        "ix_backtest_runs_user_created", "backtest_runs", ["user_id", "created_at", "id"]
    )
    op.create_index("ix_backtest_runs_status", "backtest_runs", ["status"])
    op.create_table(
        "backtest_sweeps",
        *_setup_columns(),
        sa.Column("grid", sa.JSON(), nullable=False),
        _user_fk("backtest_sweeps"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backtest_sweeps")),
    )
    op.create_index("ix_backtest_sweeps_user_created", "backtest_sweeps", ["user_id", "created_at"])
    op.create_index("ix_backtest_sweeps_status", "backtest_sweeps", ["status"])
    op.create_table(
        "backtest_sweep_points",
        sa.Column("sweep_id", sa.Uuid(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["sweep_id"],
            ["backtest_sweeps.id"],
            name=op.f("fk_backtest_sweep_points_sweep_id_backtest_sweeps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sweep_id", "idx", name=op.f("pk_backtest_sweep_points")),
    )


def downgrade() -> None:
    op.drop_table("backtest_sweep_points")
    op.drop_index("ix_backtest_sweeps_status", table_name="backtest_sweeps")
    op.drop_index("ix_backtest_sweeps_user_created", table_name="backtest_sweeps")
    op.drop_table("backtest_sweeps")
    op.drop_index("ix_backtest_runs_status", table_name="backtest_runs")
    op.drop_index("ix_backtest_runs_user_created", table_name="backtest_runs")
    op.drop_table("backtest_runs")
