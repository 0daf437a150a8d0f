"""Forward-test storage: sessions and their per-day analytics, mapped to domain values."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.forward_models import ForwardTestDayRow, ForwardTestRow
from dalal.adapters.db.trading_models import OrderRow
from dalal.domain.market import Interval
from dalal.services.forward_ports import ForwardDay, ForwardStatus, ForwardTest


def _session(row: ForwardTestRow) -> ForwardTest:
    return ForwardTest(
        id=row.id,
        user_id=row.user_id,
        account_id=row.account_id,
        strategy=row.strategy,
        params=dict(row.params),
        symbols=tuple(row.symbols),
        tokens=tuple(int(t) for t in row.tokens),
        interval=Interval(row.interval),
        charges=row.charges,
        status=ForwardStatus(row.status),
        started_at=row.started_at,
        stopped_at=row.stopped_at,
        source_backtest_run_id=row.source_backtest_run_id,
        last_error=row.last_error,
        last_bar_at=row.last_bar_at,
        peak_pnl=Decimal(row.peak_pnl),
    )


def _values(s: ForwardTest) -> dict[str, Any]:
    return {
        "user_id": s.user_id,
        "account_id": s.account_id,
        "strategy": s.strategy,
        "params": s.params,
        "symbols": list(s.symbols),
        "tokens": list(s.tokens),
        "interval": s.interval.value,
        "charges": s.charges,
        "status": s.status.value,
        "started_at": s.started_at,
        "stopped_at": s.stopped_at,
        "source_backtest_run_id": s.source_backtest_run_id,
        "last_error": s.last_error[:512] if s.last_error else None,
        "last_bar_at": s.last_bar_at,
        "peak_pnl": s.peak_pnl,
    }


def _day(row: ForwardTestDayRow) -> ForwardDay:
    return ForwardDay(
        session_id=row.session_id,
        day=row.day,
        pnl=Decimal(row.pnl),
        cumulative_pnl=Decimal(row.cumulative_pnl),
        trades=row.trades,
        wins=row.wins,
        drawdown=Decimal(row.drawdown),
        margin_used=Decimal(row.margin_used),
    )


class SqlForwardTestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, session: ForwardTest) -> None:
        self._s.add(ForwardTestRow(id=session.id, **_values(session)))
        await self._s.flush()

    async def save(self, session: ForwardTest) -> None:
        row = await self._s.get(ForwardTestRow, session.id)
        if row is None:
            raise LookupError(f"forward test {session.id} is gone")
        for key, value in _values(session).items():
            setattr(row, key, value)
        await self._s.flush()

    async def get(
        self, session_id: uuid.UUID, *, user_id: uuid.UUID | None = None, lock: bool = False
    ) -> ForwardTest | None:
        query = select(ForwardTestRow).where(ForwardTestRow.id == session_id)
        if user_id is not None:
            query = query.where(ForwardTestRow.user_id == user_id)
        row = await self._s.scalar(query.with_for_update() if lock else query)
        return _session(row) if row else None

    async def list_for_user(
        self, user_id: uuid.UUID, *, before: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[ForwardTest]:
        query = select(ForwardTestRow).where(ForwardTestRow.user_id == user_id)
        if before is not None:
            at, last = before
            query = query.where(
                or_(
                    ForwardTestRow.started_at < at,
                    and_(ForwardTestRow.started_at == at, ForwardTestRow.id < last),
                )
            )
        rows = await self._s.scalars(
            query.order_by(ForwardTestRow.started_at.desc(), ForwardTestRow.id.desc()).limit(limit)
        )
        return [_session(r) for r in rows]

    async def running(self) -> list[ForwardTest]:
        rows = await self._s.scalars(
            select(ForwardTestRow)
            .where(ForwardTestRow.status == ForwardStatus.RUNNING.value)
            .order_by(ForwardTestRow.started_at, ForwardTestRow.id)
        )
        return [_session(r) for r in rows]

    async def days(self, session_ids: Sequence[uuid.UUID]) -> list[ForwardDay]:
        if not session_ids:
            return []
        rows = await self._s.scalars(
            select(ForwardTestDayRow)
            .where(ForwardTestDayRow.session_id.in_(list(session_ids)))
            .order_by(ForwardTestDayRow.session_id, ForwardTestDayRow.day)
        )
        return [_day(r) for r in rows]

    async def upsert_day(self, day: ForwardDay, *, at: datetime) -> None:
        values = {
            "session_id": day.session_id,
            "day": day.day,
            "pnl": day.pnl,
            "cumulative_pnl": day.cumulative_pnl,
            "trades": day.trades,
            "wins": day.wins,
            "drawdown": day.drawdown,
            "margin_used": day.margin_used,
            "updated_at": at,
        }
        insert: Any = (
            postgresql.insert if self._s.bind.dialect.name == "postgresql" else sqlite.insert
        )
        statement = insert(ForwardTestDayRow).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[ForwardTestDayRow.session_id, ForwardTestDayRow.day],
            set_={k: statement.excluded[k] for k in values if k not in ("session_id", "day")},
        )
        await self._s.execute(statement)

    async def orders_count(self, account_id: uuid.UUID, source: str) -> int:
        count = await self._s.scalar(
            select(func.count())
            .select_from(OrderRow)
            .where(OrderRow.account_id == account_id, OrderRow.triggered_by == source)
        )
        return int(count or 0)
