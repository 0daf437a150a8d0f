"""Tables of stored backtest runs and parameter sweeps.

A run's report is JSON text (``result``; money as exact decimal strings), loaded only when a
single run is read; its metrics are kept apart (``metrics``) for lists and comparisons.
``heartbeat_at`` is touched by the live job; a QUEUED/RUNNING row whose heartbeat stopped
belongs to a process that died.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, deferred, mapped_column

from dalal.adapters.db.base import Base, ExactDecimal, UTCDateTime


class _Setup:
    """What was backtested, shared by runs and sweeps."""

    strategy: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    symbols: Mapped[list[str]] = mapped_column(JSON)
    interval: Mapped[str] = mapped_column(String(8))
    start_day: Mapped[date | None] = mapped_column(Date)
    end_day: Mapped[date | None] = mapped_column(Date)
    cash: Mapped[Decimal] = mapped_column(ExactDecimal(18, 2))
    charges: Mapped[str] = mapped_column(String(64))
    slippage_bps: Mapped[Decimal] = mapped_column(ExactDecimal(10, 4))
    fill_timing: Mapped[str] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(120))
    risk: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # position stops, day loss limit
    status: Mapped[str] = mapped_column(String(16))
    progress_pct: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    code_version: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BacktestRunRow(_Setup, Base):
    __tablename__ = "backtest_runs"
    __table_args__ = (
        Index("ix_backtest_runs_user_created", "user_id", "created_at", "id"),
        Index("ix_backtest_runs_status", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[str | None] = deferred(mapped_column(Text))


class BacktestSweepRow(_Setup, Base):
    __tablename__ = "backtest_sweeps"
    __table_args__ = (
        Index("ix_backtest_sweeps_user_created", "user_id", "created_at"),
        Index("ix_backtest_sweeps_status", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    grid: Mapped[list[Any]] = mapped_column(JSON)  # [[name, [values…]], …] in axis order


class BacktestSweepPointRow(Base):
    __tablename__ = "backtest_sweep_points"

    sweep_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("backtest_sweeps.id", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
