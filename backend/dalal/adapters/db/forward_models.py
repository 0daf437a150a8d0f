"""Forward-test tables: sessions and their per-day analytics (see ``services.forward_ports``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from dalal.adapters.db.base import Base, ExactDecimal, UTCDateTime


class ForwardTestRow(Base):
    __tablename__ = "forward_tests"
    __table_args__ = (
        Index("ix_forward_tests_user_id_started_at", "user_id", "started_at"),
        Index("ix_forward_tests_status", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    strategy: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    symbols: Mapped[list[str]] = mapped_column(JSON)
    tokens: Mapped[list[int]] = mapped_column(JSON)
    interval: Mapped[str] = mapped_column(String(8))
    charges: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A plain id, no foreign key: runs are stored (and pruned) by the backtest side.
    source_backtest_run_id: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(String(512))
    last_bar_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    peak_pnl: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))


class ForwardTestDayRow(Base):
    __tablename__ = "forward_test_days"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("forward_tests.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    pnl: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    cumulative_pnl: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    trades: Mapped[int] = mapped_column(Integer)
    wins: Mapped[int] = mapped_column(Integer)
    drawdown: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    margin_used: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
