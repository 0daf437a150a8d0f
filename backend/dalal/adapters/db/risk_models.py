"""Risk tables: scope rules with their state, panics, position guards, order brackets, events.

Rules, limits and stops are JSON documents (``risk_codec`` maps them); the prices the
monitor compares on every tick are ``ExactDecimal`` columns.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from dalal.adapters.db.base import Base, BigIntPK, ExactDecimal, UTCDateTime


class RiskRuleRow(Base):
    """One scope's limits and its evaluation state (one row per user and scope)."""

    __tablename__ = "risk_rules"
    __table_args__ = (
        Index("ix_risk_rules_user_id_scope_scope_id", "user_id", "scope", "scope_id", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(String(64))
    limits: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PanicRow(Base):
    """A panic press; in force while ``rearmed_at`` is NULL (at most one per scope)."""

    __tablename__ = "panics"
    __table_args__ = (
        Index(
            "ix_panics_active_scope",
            "user_id",
            "scope",
            "scope_id",
            unique=True,
            postgresql_where=text("rearmed_at IS NULL"),
            sqlite_where=text("rearmed_at IS NULL"),
        ),
        Index("ix_panics_user_id_pressed_at", "user_id", "pressed_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(256))
    pressed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pressed_by: Mapped[str] = mapped_column(String(32))
    rearmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rearmed_by: Mapped[str | None] = mapped_column(String(32))
    rearm_reason: Mapped[str | None] = mapped_column(String(256))


class PositionGuardRow(Base):
    """A position's stop-loss, target and trailing stop, with the trail's state."""

    __tablename__ = "position_guards"
    __table_args__ = (Index("ix_position_guards_token", "token"),)

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[int] = mapped_column(ForeignKey("instruments.token"), primary_key=True)
    product: Mapped[str] = mapped_column(String(4), primary_key=True)
    direction: Mapped[int] = mapped_column(Integer)
    anchor: Mapped[Decimal] = mapped_column(ExactDecimal(20, 4))
    stops: Mapped[dict[str, Any]] = mapped_column(JSON)
    stop_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(20, 4))
    target_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(20, 4))
    best: Mapped[Decimal | None] = mapped_column(ExactDecimal(20, 4))
    trail_stop: Mapped[Decimal | None] = mapped_column(ExactDecimal(20, 4))
    source: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OrderBracketRow(Base):
    """Stops given with an order, beside it while it works: they guard the position from its
    first fill, re-anchored as more fills come (``armed_quantity``: how much of the order
    its guard covers so far)."""

    __tablename__ = "order_brackets"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[int] = mapped_column(BigInteger, index=True)
    stops: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    armed_quantity: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class RiskEventRow(Base):
    """Breaches, alerts, risk exits, panics and re-arms: a user's risk history."""

    __tablename__ = "risk_events"
    __table_args__ = (Index("ix_risk_events_user_id_id", "user_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(512))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
