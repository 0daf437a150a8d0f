"""Trading core: instruments, bars, accounts, the ledger, orders, fills and positions.

Prices are exact decimals (NUMERIC on PostgreSQL, text on SQLite); ledger amounts are
integer paise, so cash (their sum) is exact in SQL on both databases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dalal.adapters.db.base import BigIntPK, ExactDecimal, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRICE = ExactDecimal(14, 2)


def _charges_columns() -> list[sa.Column[object]]:
    names = ("brokerage", "stt", "exchange_txn", "sebi", "stamp_duty", "gst")
    return [sa.Column(name, PRICE, nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "instruments",
        sa.Column("token", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("exchange", sa.String(8), nullable=False),
        sa.Column("tradingsymbol", sa.String(48), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("instrument_type", sa.String(8), nullable=False),
        sa.Column("lot_size", sa.Integer(), nullable=False),
        sa.Column("tick_size", ExactDecimal(12, 4), nullable=False),
        sa.Column("underlying", sa.String(48), nullable=True),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("strike", PRICE, nullable=True),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_instruments")),
    )
    op.create_index(
        "ix_instruments_exchange_tradingsymbol",
        "instruments",
        ["exchange", "tradingsymbol"],
        unique=True,
    )
    op.create_index("ix_instruments_underlying_expiry", "instruments", ["underlying", "expiry"])

    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("broker", sa.String(16), nullable=False),
        sa.Column("capital", ExactDecimal(18, 2), nullable=False),
        sa.Column("multiplier", ExactDecimal(10, 2), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("charges_template", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("multiplier > 0", name=op.f("ck_accounts_multiplier_positive")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
    )
    op.create_index(op.f("ix_accounts_user_id"), "accounts", ["user_id"])

    op.create_table(
        "ledger_entries",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("amount_paise", sa.BigInteger(), nullable=False),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("note", sa.String(256), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_ledger_entries_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index("ix_ledger_entries_account_id_at", "ledger_entries", ["account_id", "at"])

    op.create_table(
        "orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("order_type", sa.String(8), nullable=False),
        sa.Column("product", sa.String(4), nullable=False),
        sa.Column("validity", sa.String(4), nullable=False),
        sa.Column("price", PRICE, nullable=True),
        sa.Column("trigger_price", PRICE, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("filled_quantity", sa.Integer(), nullable=False),
        sa.Column("filled_value", ExactDecimal(20, 4), nullable=False),
        sa.Column("triggered_by", sa.String(64), nullable=False),
        sa.Column("client_order_id", sa.String(64), nullable=True),
        sa.Column("amo", sa.Boolean(), nullable=False),
        sa.Column("reject_reason", sa.String(256), nullable=True),
        sa.Column("cancel_reason", sa.String(256), nullable=True),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_orders_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["token"], ["instruments.token"], name=op.f("fk_orders_token_instruments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    # Idempotent placement: one order per (account, clientOrderId); NULLs don't collide.
    op.create_index(
        "ix_orders_account_id_client_order_id",
        "orders",
        ["account_id", "client_order_id"],
        unique=True,
    )
    op.create_index("ix_orders_account_id_placed_at", "orders", ["account_id", "placed_at"])
    op.create_index("ix_orders_open_by_token", "orders", ["token", "status"])

    op.create_table(
        "fills",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price", PRICE, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("tag", sa.String(16), nullable=False),
        *_charges_columns(),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_fills_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_fills_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["token"], ["instruments.token"], name=op.f("fk_fills_token_instruments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fills")),
    )
    op.create_index("ix_fills_account_id_at", "fills", ["account_id", "at"])
    op.create_index(op.f("ix_fills_order_id"), "fills", ["order_id"])

    op.create_table(
        "positions",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("product", sa.String(4), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("cost", ExactDecimal(20, 4), nullable=False),
        sa.Column("realized_pnl", ExactDecimal(18, 2), nullable=False),
        sa.Column("charges", sa.JSON(), nullable=False),
        sa.Column("buy_quantity", sa.Integer(), nullable=False),
        sa.Column("buy_value", ExactDecimal(20, 2), nullable=False),
        sa.Column("sell_quantity", sa.Integer(), nullable=False),
        sa.Column("sell_value", ExactDecimal(20, 2), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_positions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["token"],
            ["instruments.token"],
            name=op.f("fk_positions_token_instruments"),
        ),
        sa.PrimaryKeyConstraint("account_id", "token", "product", name=op.f("pk_positions")),
    )

    op.create_table(
        "bars",
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("interval", sa.String(4), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("open", PRICE, nullable=False),
        sa.Column("high", PRICE, nullable=False),
        sa.Column("low", PRICE, nullable=False),
        sa.Column("close", PRICE, nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["token"], ["instruments.token"], name=op.f("fk_bars_token_instruments")
        ),
        sa.PrimaryKeyConstraint("token", "interval", "at", name=op.f("pk_bars")),
    )


def downgrade() -> None:
    for table in (
        "bars",
        "positions",
        "fills",
        "orders",
        "ledger_entries",
        "accounts",
        "instruments",
    ):
        op.drop_table(table)
