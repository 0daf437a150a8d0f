"""Signals: groups, algos, the signal log (durable inbox), executions, allocations, trades.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dalal.adapters.db.base import ExactDecimal, UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "algos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("legs", sa.JSON(), nullable=False),
        sa.Column("product", sa.String(length=4), nullable=False),
        sa.Column("order_type", sa.String(length=8), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_algos_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_algos")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_algos_user_id_name")),
    )
    op.create_index(op.f("ix_algos_user_id"), "algos", ["user_id"], unique=False)
    op.create_table(
        "signal_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("max_signals_per_day", sa.Integer(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("market_hours_only", sa.Boolean(), nullable=False),
        sa.Column("rate_limit_per_minute", sa.Integer(), nullable=True),
        sa.Column("require_signature", sa.Boolean(), nullable=False),
        sa.Column("ip_allowlist", sa.JSON(), nullable=False),
        sa.Column("dedupe_window_seconds", sa.Integer(), nullable=False),
        sa.Column("default_action", sa.String(length=16), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_signal_groups_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_groups")),
        sa.UniqueConstraint("token", name=op.f("uq_signal_groups_token")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_signal_groups_user_id_name")),
    )
    op.create_index(op.f("ix_signal_groups_user_id"), "signal_groups", ["user_id"], unique=False)
    op.create_table(
        "signal_group_algos",
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("algo_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["algo_id"],
            ["algos.id"],
            name=op.f("fk_signal_group_algos_algo_id_algos"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["signal_groups.id"],
            name=op.f("fk_signal_group_algos_group_id_signal_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "algo_id", "role", name=op.f("pk_signal_group_algos")),
    )
    op.create_index(
        op.f("ix_signal_group_algos_algo_id"), "signal_group_algos", ["algo_id"], unique=False
    )
    op.create_table(
        "signals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("source_ip", sa.String(length=64), nullable=True),
        sa.Column("raw_body", sa.Text(), nullable=False),
        sa.Column("unique_id", sa.String(length=128), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=True),
        sa.Column("symbol", sa.String(length=48), nullable=True),
        sa.Column("parsed", sa.JSON(), nullable=True),
        sa.Column("reason", sa.String(length=512), nullable=True),
        sa.Column("processing_ms", ExactDecimal(12, 3), nullable=True),
        sa.Column("duplicate_of", sa.Uuid(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["signal_groups.id"],
            name=op.f("fk_signals_group_id_signal_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_signals_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
        sa.UniqueConstraint("group_id", "dedupe_key", name=op.f("uq_signals_group_id_dedupe_key")),
    )
    op.create_index(
        "ix_signals_group_id_payload_hash", "signals", ["group_id", "payload_hash"], unique=False
    )
    op.create_index(
        "ix_signals_group_id_received_at", "signals", ["group_id", "received_at"], unique=False
    )
    op.create_index(
        "ix_signals_status_received_at", "signals", ["status", "received_at"], unique=False
    )
    op.create_index(
        "ix_signals_user_id_received_at", "signals", ["user_id", "received_at"], unique=False
    )
    op.create_table(
        "signal_executions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("signal_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("algo_id", sa.Uuid(), nullable=True),
        sa.Column("leg", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("side", sa.String(length=4), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("tradingsymbol", sa.String(length=48), nullable=False),
        sa.Column("signal_symbol", sa.String(length=48), nullable=True),
        sa.Column("entry_unique_id", sa.String(length=128), nullable=True),
        sa.Column("product", sa.String(length=4), nullable=False),
        sa.Column("base_lots", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("entry_price", ExactDecimal(14, 2), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("exit_signal_id", sa.Uuid(), nullable=True),
        sa.Column("exit_price", ExactDecimal(14, 2), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["algo_id"],
            ["algos.id"],
            name=op.f("fk_signal_executions_algo_id_algos"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["signal_groups.id"],
            name=op.f("fk_signal_executions_group_id_signal_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_executions_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["token"], ["instruments.token"], name=op.f("fk_signal_executions_token_instruments")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_signal_executions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_executions")),
    )
    op.create_index(
        "ix_signal_executions_open",
        "signal_executions",
        ["group_id", "algo_id", "direction", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_signal_executions_signal_id"), "signal_executions", ["signal_id"], unique=False
    )
    op.create_index(
        "ix_signal_executions_user_id_opened_at",
        "signal_executions",
        ["user_id", "opened_at"],
        unique=False,
    )
    op.create_table(
        "allocations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("execution_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=256), nullable=True),
        sa.Column("lots", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("entry_order_id", sa.Uuid(), nullable=True),
        sa.Column("entry_charges", ExactDecimal(14, 2), nullable=False),
        sa.Column("exit_order_id", sa.Uuid(), nullable=True),
        sa.Column("exit_charges", ExactDecimal(14, 2), nullable=True),
        sa.Column("pnl", ExactDecimal(18, 2), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_allocations_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["execution_id"],
            ["signal_executions.id"],
            name=op.f("fk_allocations_execution_id_signal_executions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocations")),
        sa.UniqueConstraint(
            "execution_id", "account_id", name=op.f("uq_allocations_execution_id_account_id")
        ),
    )
    op.create_index("ix_allocations_account_id", "allocations", ["account_id"], unique=False)
    op.create_table(
        "trades",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("execution_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("algo_id", sa.Uuid(), nullable=True),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("tradingsymbol", sa.String(length=48), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("entry_price", ExactDecimal(14, 2), nullable=False),
        sa.Column("exit_price", ExactDecimal(14, 2), nullable=False),
        sa.Column("entry_at", UTCDateTime(), nullable=False),
        sa.Column("exit_at", UTCDateTime(), nullable=False),
        sa.Column("pnl", ExactDecimal(18, 2), nullable=False),
        sa.Column("charges", ExactDecimal(18, 2), nullable=False),
        sa.Column("pnl_pct", ExactDecimal(10, 2), nullable=False),
        sa.Column("holding_seconds", sa.Integer(), nullable=False),
        sa.Column("exit_reason", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["algo_id"], ["algos.id"], name=op.f("fk_trades_algo_id_algos"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["execution_id"],
            ["signal_executions.id"],
            name=op.f("fk_trades_execution_id_signal_executions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["signal_groups.id"],
            name=op.f("fk_trades_group_id_signal_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["token"], ["instruments.token"], name=op.f("fk_trades_token_instruments")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_trades_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trades")),
        sa.UniqueConstraint("execution_id", name=op.f("uq_trades_execution_id")),
    )
    op.create_index("ix_trades_user_id_exit_at", "trades", ["user_id", "exit_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_trades_user_id_exit_at", table_name="trades")
    op.drop_table("trades")
    op.drop_index("ix_allocations_account_id", table_name="allocations")
    op.drop_table("allocations")
    op.drop_index("ix_signal_executions_user_id_opened_at", table_name="signal_executions")
    op.drop_index(op.f("ix_signal_executions_signal_id"), table_name="signal_executions")
    op.drop_index("ix_signal_executions_open", table_name="signal_executions")
    op.drop_table("signal_executions")
    op.drop_index("ix_signals_user_id_received_at", table_name="signals")
    op.drop_index("ix_signals_status_received_at", table_name="signals")
    op.drop_index("ix_signals_group_id_received_at", table_name="signals")
    op.drop_index("ix_signals_group_id_payload_hash", table_name="signals")
    op.drop_table("signals")
    op.drop_index(op.f("ix_signal_group_algos_algo_id"), table_name="signal_group_algos")
    op.drop_table("signal_group_algos")
    op.drop_index(op.f("ix_signal_groups_user_id"), table_name="signal_groups")
    op.drop_table("signal_groups")
    op.drop_index(op.f("ix_algos_user_id"), table_name="algos")
    op.drop_table("algos")
