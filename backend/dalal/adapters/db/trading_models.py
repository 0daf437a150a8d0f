"""Trading tables: accounts and the cash ledger (more come with orders, fills and positions).

Prices and rates are ``ExactDecimal``; amounts summed in SQL (ledger) are integer paise.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dalal.adapters.db.base import Base, BigIntPK, ExactDecimal, UTCDateTime


class AccountRow(Base):
    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("multiplier > 0", name="multiplier_positive"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(64))
    broker: Mapped[str] = mapped_column(String(16))
    capital: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    multiplier: Mapped[Decimal] = mapped_column(ExactDecimal(10, 2))
    tags: Mapped[list[str]] = mapped_column(JSON)
    charges_template: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The master this account copies (NULL: it copies none); indexed to find followers.
    copies_account_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )


FLOWS = "kind IN ('DEPOSIT', 'WITHDRAWAL')"  # the ledger kinds that move capital in or out


class LedgerEntryRow(Base):
    """Append-only cash movements; an account's cash is the sum of its entries."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_account_id_at", "account_id", "at"),
        # The day's deposits and withdrawals, which every pre-trade check of a day limit
        # sums: without it that sum visits every entry the account booked today.
        Index(
            "ix_ledger_entries_flows",
            "account_id",
            "at",
            postgresql_where=text(FLOWS),
            sqlite_where=text(FLOWS),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(24))
    amount_paise: Mapped[int] = mapped_column(BigInteger)
    ref: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(256))


class AccountBalanceRow(Base):
    """An account's cash: the sum of its ledger entries, moved at the commit of every
    transaction that adds entries (``cash_deltas``). No row: no entries yet, cash zero."""

    __tablename__ = "account_balances"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    cash_paise: Mapped[int] = mapped_column(BigInteger)


class InstrumentRow(Base):
    __tablename__ = "instruments"
    __table_args__ = (
        Index("ix_instruments_exchange_tradingsymbol", "exchange", "tradingsymbol", unique=True),
        Index("ix_instruments_underlying_expiry", "underlying", "expiry"),
    )

    token: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    exchange: Mapped[str] = mapped_column(String(8))
    tradingsymbol: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(128))
    instrument_type: Mapped[str] = mapped_column(String(8))
    lot_size: Mapped[int] = mapped_column(Integer)
    tick_size: Mapped[Decimal] = mapped_column(ExactDecimal(12, 4))
    underlying: Mapped[str | None] = mapped_column(String(48))
    expiry: Mapped[date | None] = mapped_column(Date)
    strike: Mapped[Decimal | None] = mapped_column(ExactDecimal(14, 2))


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_account_id_placed_at", "account_id", "placed_at"),
        Index("ix_orders_open_by_token", "token", "status"),
        Index("ix_orders_account_id_client_order_id", "account_id", "client_order_id", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"))
    side: Mapped[str] = mapped_column(String(4))
    quantity: Mapped[int] = mapped_column(Integer)
    order_type: Mapped[str] = mapped_column(String(8))
    product: Mapped[str] = mapped_column(String(4))
    validity: Mapped[str] = mapped_column(String(4))
    price: Mapped[Decimal | None] = mapped_column(ExactDecimal(14, 2))
    trigger_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(14, 2))
    status: Mapped[str] = mapped_column(String(20))
    filled_quantity: Mapped[int] = mapped_column(Integer)
    filled_value: Mapped[Decimal] = mapped_column(ExactDecimal(20, 4))
    triggered_by: Mapped[str] = mapped_column(String(64))
    client_order_id: Mapped[str | None] = mapped_column(String(64))
    amo: Mapped[bool] = mapped_column(Boolean)
    reject_reason: Mapped[str | None] = mapped_column(String(256))
    cancel_reason: Mapped[str | None] = mapped_column(String(256))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FillRow(Base):
    __tablename__ = "fills"
    __table_args__ = (Index("ix_fills_account_id_at", "account_id", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"))
    side: Mapped[str] = mapped_column(String(4))
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    tag: Mapped[str] = mapped_column(String(16))
    brokerage: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    stt: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    exchange_txn: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    sebi: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    stamp_duty: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    gst: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    auto_square_off: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2), server_default="0")


class PositionRow(Base):
    """Derived from fills; kept as a row so reads don't replay history. Updated in the
    fill's own transaction, under a row lock."""

    __tablename__ = "positions"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"), primary_key=True)
    product: Mapped[str] = mapped_column(String(4), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal] = mapped_column(ExactDecimal(20, 4))
    realized_pnl: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    charges: Mapped[dict[str, str]] = mapped_column(JSON)
    buy_quantity: Mapped[int] = mapped_column(Integer)
    buy_value: Mapped[Decimal] = mapped_column(ExactDecimal(20, 2))
    sell_quantity: Mapped[int] = mapped_column(Integer)
    sell_value: Mapped[Decimal] = mapped_column(ExactDecimal(20, 2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BarRow(Base):
    """Stored OHLCV bars (imported files, or aggregated from the live feed)."""

    __tablename__ = "bars"

    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"), primary_key=True)
    interval: Mapped[str] = mapped_column(String(4), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    open: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    high: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    low: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    close: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    volume: Mapped[int] = mapped_column(BigInteger)


class EquitySnapshotRow(Base):
    """Each account's equity at the start of its IST trading day: the base of today's P&L."""

    __tablename__ = "equity_snapshots"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    equity_paise: Mapped[int] = mapped_column(BigInteger)
