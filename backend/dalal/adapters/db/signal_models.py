"""Signal tables: groups, algos, the signal log, executions, allocations and trades.

The signal log is the durable inbox: a delivery is committed as ``accepted`` before it is
answered, and executed in a later transaction that flips it to ``executed`` together with
the whole fan-out. ``(group_id, dedupe_key)`` is unique, so one ``unique_id`` per group
is accepted once however many deliveries race for it (duplicates are logged with a NULL key).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from dalal.adapters.db.base import Base, ExactDecimal, UTCDateTime


class SignalGroupRow(Base):
    __tablename__ = "signal_groups"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean)
    max_signals_per_day: Mapped[int | None] = mapped_column(Integer)
    expires_on: Mapped[date | None] = mapped_column(Date)
    market_hours_only: Mapped[bool] = mapped_column(Boolean)
    rate_limit_per_minute: Mapped[int | None] = mapped_column(Integer)
    require_signature: Mapped[bool] = mapped_column(Boolean)
    ip_allowlist: Mapped[list[str]] = mapped_column(JSON)
    dedupe_window_seconds: Mapped[int] = mapped_column(Integer)
    default_action: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AlgoRow(Base):
    __tablename__ = "algos"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    legs: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    product: Mapped[str] = mapped_column(String(4))
    order_type: Mapped[str] = mapped_column(String(8))
    targets: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignalGroupAlgoRow(Base):
    """Which algos a group triggers: ``role`` is ``entry`` or ``exit``."""

    __tablename__ = "signal_group_algos"

    group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signal_groups.id", ondelete="CASCADE"), primary_key=True
    )
    algo_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("algos.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(8), primary_key=True)


class SignalRow(Base):
    __tablename__ = "signals"
    __table_args__ = (
        UniqueConstraint("group_id", "dedupe_key"),
        Index("ix_signals_group_id_received_at", "group_id", "received_at"),
        Index("ix_signals_user_id_received_at", "user_id", "received_at"),
        Index("ix_signals_status_received_at", "status", "received_at"),
        Index("ix_signals_group_id_payload_hash", "group_id", "payload_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("signal_groups.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source_ip: Mapped[str | None] = mapped_column(String(64))
    raw_body: Mapped[str] = mapped_column(Text)
    unique_id: Mapped[str | None] = mapped_column(String(128))
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    payload_hash: Mapped[str] = mapped_column(String(64))
    action: Mapped[str | None] = mapped_column(String(16))
    symbol: Mapped[str | None] = mapped_column(String(48))
    parsed: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(512))
    processing_ms: Mapped[Decimal | None] = mapped_column(ExactDecimal(12, 3))
    duplicate_of: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignalExecutionRow(Base):
    """The one master execution of a signal leg: one instrument, one price for all."""

    __tablename__ = "signal_executions"
    __table_args__ = (
        Index("ix_signal_executions_open", "group_id", "algo_id", "direction", "status"),
        Index("ix_signal_executions_user_id_opened_at", "user_id", "opened_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    signal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("signal_groups.id", ondelete="CASCADE")
    )
    algo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("algos.id", ondelete="CASCADE"))
    leg: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(4))
    side: Mapped[str] = mapped_column(String(4))
    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"))
    tradingsymbol: Mapped[str] = mapped_column(String(48))
    signal_symbol: Mapped[str | None] = mapped_column(String(48))
    entry_unique_id: Mapped[str | None] = mapped_column(String(128))
    product: Mapped[str] = mapped_column(String(4))
    base_lots: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    entry_price: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(8))
    exit_signal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    exit_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(14, 2))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AllocationRow(Base):
    """One account's share of an execution; ``skipped``/``rejected`` carry the reason."""

    __tablename__ = "allocations"
    __table_args__ = (
        UniqueConstraint("execution_id", "account_id"),
        Index("ix_allocations_account_id", "account_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    execution_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signal_executions.id", ondelete="CASCADE")
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(256))
    lots: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    entry_order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    entry_charges: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    exit_order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    exit_charges: Mapped[Decimal | None] = mapped_column(ExactDecimal(14, 2))
    pnl: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 2))


class TradeRow(Base):
    """A closed round trip: one per signal execution."""

    __tablename__ = "trades"
    __table_args__ = (Index("ix_trades_user_id_exit_at", "user_id", "exit_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    execution_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signal_executions.id", ondelete="CASCADE"), unique=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("signal_groups.id", ondelete="CASCADE")
    )
    algo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("algos.id", ondelete="CASCADE"))
    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"))
    tradingsymbol: Mapped[str] = mapped_column(String(48))
    direction: Mapped[str] = mapped_column(String(4))
    quantity: Mapped[int] = mapped_column(Integer)
    entry_price: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    exit_price: Mapped[Decimal] = mapped_column(ExactDecimal(14, 2))
    entry_at: Mapped[datetime] = mapped_column(UTCDateTime)
    exit_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pnl: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    charges: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    pnl_pct: Mapped[Decimal] = mapped_column(ExactDecimal(10, 2))
    holding_seconds: Mapped[int] = mapped_column(Integer)
    exit_reason: Mapped[str] = mapped_column(String(16))
