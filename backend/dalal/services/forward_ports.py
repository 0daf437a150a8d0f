"""Forward tests (walk-forward sessions) as the services see them, and their repository port.

A session runs one strategy for one account on the live or replayed feed, placing real paper
orders tagged ``strategy:<session id>`` (so the risk code attributes them to it). Its daily
analytics are rows per IST trading day, rewritten at every candle close.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from dalal.domain.market import Interval
from dalal.domain.money import ZERO

SOURCE_PREFIX = "strategy:"


class ForwardStatus(StrEnum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"
    SQUARED_OFF = "SQUARED_OFF"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class ForwardTest:
    """``last_bar_at``: the open time of the last session-interval bar fed to the strategy
    (None before the first); ``peak_pnl``: the highest cumulative P&L seen at a candle close."""

    id: uuid.UUID
    user_id: uuid.UUID
    account_id: uuid.UUID
    strategy: str
    params: dict[str, Any]
    symbols: tuple[str, ...]
    tokens: tuple[int, ...]
    interval: Interval
    charges: bool
    status: ForwardStatus
    started_at: datetime
    stopped_at: datetime | None = None
    source_backtest_run_id: str | None = None
    last_error: str | None = None
    last_bar_at: datetime | None = None
    peak_pnl: Decimal = ZERO

    @property
    def source(self) -> str:
        """The ``triggered_by`` of this session's orders."""
        return forward_source(self.id)


def forward_source(session_id: uuid.UUID) -> str:
    return f"{SOURCE_PREFIX}{session_id}"


@dataclass(frozen=True, slots=True)
class ForwardDay:
    """One IST trading day of a session: ``pnl`` that day, ``cumulative_pnl`` since the
    start (both net of charges, open positions marked at the last close), closed trades and
    winners among them, the deepest fall of the cumulative P&L below its running peak that
    day, and the highest margin its open positions blocked at a candle close."""

    session_id: uuid.UUID
    day: date
    pnl: Decimal
    cumulative_pnl: Decimal
    trades: int
    wins: int
    drawdown: Decimal
    margin_used: Decimal


class ForwardTestRepository(Protocol):
    async def add(self, session: ForwardTest) -> None: ...
    async def save(self, session: ForwardTest) -> None: ...
    async def get(
        self, session_id: uuid.UUID, *, user_id: uuid.UUID | None = None, lock: bool = False
    ) -> ForwardTest | None:
        """The session (only if ``user_id`` owns it, when given)."""
        ...

    async def list_for_user(
        self, user_id: uuid.UUID, *, before: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[ForwardTest]:
        """Newest first."""
        ...

    async def running(self) -> list[ForwardTest]: ...
    async def days(self, session_ids: Sequence[uuid.UUID]) -> list[ForwardDay]:
        """Oldest day first."""
        ...

    async def upsert_day(self, day: ForwardDay, *, at: datetime) -> None: ...
    async def orders_count(self, account_id: uuid.UUID, source: str) -> int:
        """Orders of ``account_id`` placed by ``source`` (``triggered_by``)."""
        ...
