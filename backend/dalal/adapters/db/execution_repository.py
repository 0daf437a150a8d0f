"""Signal executions, allocations and trades. Fan-out writes are one Core statement each,
however many accounts a signal reaches."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Integer, and_, bindparam, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dalal.adapters.db.base import table_of
from dalal.adapters.db.bulk import insert_rows, update_rows
from dalal.adapters.db.signal_models import AllocationRow, SignalExecutionRow, TradeRow
from dalal.domain.orders import Product, Side
from dalal.domain.signal_executions import (
    Allocation,
    AllocationStatus,
    ExecutionStatus,
    ExitReason,
    SignalExecution,
    Trade,
)
from dalal.services.signal_ports import TradeStats

_EXECUTION_FIELDS = [c.name for c in table_of(SignalExecutionRow).columns]
_ALLOCATION_FIELDS = [c.name for c in table_of(AllocationRow).columns]
_TRADE_FIELDS = [c.name for c in table_of(TradeRow).columns]


def _plain(value: object) -> object:
    return getattr(value, "value", value)  # enums to their stored strings


def _values(obj: object, fields: Sequence[str]) -> dict[str, object]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def _execution(row: SignalExecutionRow) -> SignalExecution:
    values = {f: getattr(row, f) for f in _EXECUTION_FIELDS}
    values.update(
        direction=Side(row.direction),
        side=Side(row.side),
        product=Product(row.product),
        status=ExecutionStatus(row.status),
    )
    return SignalExecution(**values)


def _allocation(row: AllocationRow) -> Allocation:
    values = {f: getattr(row, f) for f in _ALLOCATION_FIELDS}
    values["status"] = AllocationStatus(row.status)
    return Allocation(**values)


def _trade(row: TradeRow) -> Trade:
    values = {f: getattr(row, f) for f in _TRADE_FIELDS}
    values.update(direction=Side(row.direction), exit_reason=ExitReason(row.exit_reason))
    return Trade(**values)


class SqlExecutionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_many(self, executions: Sequence[SignalExecution]) -> None:
        if executions:
            await self._s.execute(
                table_of(SignalExecutionRow).insert(),
                [_values(e, _EXECUTION_FIELDS) for e in executions],
            )

    async def add_allocations(self, allocations: Sequence[Allocation]) -> None:
        if allocations:
            await insert_rows(
                self._s,
                table_of(AllocationRow),
                [_values(a, _ALLOCATION_FIELDS) for a in allocations],
            )

    async def add_trades(self, trades: Sequence[Trade]) -> None:
        if trades:
            await self._s.execute(
                table_of(TradeRow).insert(), [_values(t, _TRADE_FIELDS) for t in trades]
            )

    async def open_for_exit(
        self,
        *,
        user_id: uuid.UUID,
        group_id: uuid.UUID | None,
        algo_ids: Sequence[uuid.UUID],
        direction: Side,
        signal_symbol: str | None,
        entry_unique_id: str | None,
    ) -> list[SignalExecution]:
        """Open executions an exit closes, locked. Named by ``entry_unique_id`` when given;
        otherwise every open one of the group's algos, direction and signal symbol."""
        query = select(SignalExecutionRow).where(
            SignalExecutionRow.user_id == user_id,
            SignalExecutionRow.status == ExecutionStatus.OPEN.value,
            SignalExecutionRow.direction == direction.value,
            SignalExecutionRow.algo_id.in_(list(algo_ids)),
        )
        if group_id is not None:
            query = query.where(SignalExecutionRow.group_id == group_id)
        if entry_unique_id is not None:
            query = query.where(SignalExecutionRow.entry_unique_id == entry_unique_id)
        elif signal_symbol is not None:
            query = query.where(SignalExecutionRow.signal_symbol == signal_symbol)
        query = query.order_by(SignalExecutionRow.opened_at, SignalExecutionRow.id)
        rows = await self._s.scalars(query.with_for_update())
        return [_execution(r) for r in rows]

    async def allocations_of(self, execution_ids: Sequence[uuid.UUID]) -> list[Allocation]:
        rows = await self._s.scalars(
            select(AllocationRow)
            .where(AllocationRow.execution_id.in_(list(execution_ids)))
            .order_by(AllocationRow.execution_id, AllocationRow.account_id)
        )
        return [_allocation(r) for r in rows]

    async def close_many(
        self, executions: Sequence[SignalExecution], allocations: Sequence[Allocation]
    ) -> None:
        """Write the exit side of executions (executemany) and allocations (``update_rows``)."""
        if executions:
            await self._s.execute(
                table_of(SignalExecutionRow)
                .update()
                .where(table_of(SignalExecutionRow).c.id == bindparam("_id"))
                .values(
                    status=bindparam("status"),
                    exit_signal_id=bindparam("exit_signal_id"),
                    exit_price=bindparam("exit_price"),
                    closed_at=bindparam("closed_at"),
                ),
                [
                    {
                        "_id": e.id,
                        "status": e.status.value,
                        "exit_signal_id": e.exit_signal_id,
                        "exit_price": e.exit_price,
                        "closed_at": e.closed_at,
                    }
                    for e in executions
                ],
            )
        await update_rows(  # a thousand accounts: one statement on PostgreSQL
            self._s,
            table_of(AllocationRow),
            [
                {
                    "id": a.id,
                    "status": a.status.value,
                    "reason": a.reason,
                    "exit_order_id": a.exit_order_id,
                    "exit_charges": a.exit_charges,
                    "pnl": a.pnl,
                }
                for a in allocations
            ],
        )

    async def list_for_user(
        self,
        user_id: uuid.UUID,
        *,
        signal_id: uuid.UUID | None,
        group_id: uuid.UUID | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[SignalExecution]:
        query = select(SignalExecutionRow).where(SignalExecutionRow.user_id == user_id)
        if signal_id is not None:
            query = query.where(
                or_(
                    SignalExecutionRow.signal_id == signal_id,
                    SignalExecutionRow.exit_signal_id == signal_id,
                )
            )
        if group_id is not None:
            query = query.where(SignalExecutionRow.group_id == group_id)
        if before is not None:
            at, last = before
            query = query.where(
                or_(
                    SignalExecutionRow.opened_at < at,
                    and_(SignalExecutionRow.opened_at == at, SignalExecutionRow.id < last),
                )
            )
        rows = await self._s.scalars(
            query.order_by(SignalExecutionRow.opened_at.desc(), SignalExecutionRow.id.desc()).limit(
                limit
            )
        )
        return [_execution(r) for r in rows]

    async def trades_for_user(
        self,
        user_id: uuid.UUID,
        *,
        group_id: uuid.UUID | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Trade]:
        query = select(TradeRow).where(TradeRow.user_id == user_id)
        if group_id is not None:
            query = query.where(TradeRow.group_id == group_id)
        if before is not None:
            at, last = before
            query = query.where(
                or_(TradeRow.exit_at < at, and_(TradeRow.exit_at == at, TradeRow.id < last))
            )
        rows = await self._s.scalars(
            query.order_by(TradeRow.exit_at.desc(), TradeRow.id.desc()).limit(limit)
        )
        return [_trade(r) for r in rows]

    async def all_trades_of_group(self, user_id: uuid.UUID, group_id: uuid.UUID) -> list[Trade]:
        """Every trade of a group (the analytics' input)."""
        rows = await self._s.scalars(
            select(TradeRow).where(TradeRow.user_id == user_id, TradeRow.group_id == group_id)
        )
        return [_trade(r) for r in rows]

    async def get_for_user(
        self, execution_id: uuid.UUID, user_id: uuid.UUID
    ) -> SignalExecution | None:
        row = await self._s.scalar(
            select(SignalExecutionRow).where(
                SignalExecutionRow.id == execution_id, SignalExecutionRow.user_id == user_id
            )
        )
        return _execution(row) if row else None

    async def for_signals(
        self, user_id: uuid.UUID, signal_ids: Sequence[uuid.UUID]
    ) -> list[SignalExecution]:
        """The executions each signal opened or closed (an exit closes its entry's)."""
        ids = list(signal_ids)
        rows = await self._s.scalars(
            select(SignalExecutionRow)
            .where(
                SignalExecutionRow.user_id == user_id,
                or_(
                    SignalExecutionRow.signal_id.in_(ids),
                    SignalExecutionRow.exit_signal_id.in_(ids),
                ),
            )
            .order_by(SignalExecutionRow.opened_at, SignalExecutionRow.id)
        )
        return [_execution(r) for r in rows]

    async def allocations_for_user(
        self, user_id: uuid.UUID, execution_ids: Sequence[uuid.UUID]
    ) -> list[Allocation]:
        """Allocations of the user's own executions among ``execution_ids``."""
        rows = await self._s.scalars(
            select(AllocationRow)
            .join(SignalExecutionRow, SignalExecutionRow.id == AllocationRow.execution_id)
            .where(
                SignalExecutionRow.user_id == user_id,
                AllocationRow.execution_id.in_(list(execution_ids)),
            )
            .order_by(AllocationRow.execution_id, AllocationRow.account_id)
        )
        return [_allocation(r) for r in rows]

    async def trade_stats(
        self, user_id: uuid.UUID, group_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, TradeStats]:
        """Per group: one aggregate statement on PostgreSQL. SQLite stores decimals as text
        (no exact SQL sums), so there the rows are summed here, as Decimals."""
        where = (TradeRow.user_id == user_id, TradeRow.group_id.in_(list(group_ids)))
        if self._s.bind.dialect.name != "postgresql":
            return _sum_trades(await self._s.scalars(select(TradeRow).where(*where)))
        net = TradeRow.pnl - TradeRow.charges
        rows = await self._s.execute(
            select(
                TradeRow.group_id,
                func.count(),
                func.sum(case((net > Decimal(0), 1), else_=0)),
                func.sum(net),
                func.sum(TradeRow.holding_seconds, type_=Integer),
            )
            .where(*where)
            .group_by(TradeRow.group_id)
        )
        return {
            group_id: TradeStats(
                trades=int(count),
                wins=int(wins),
                net_pnl=Decimal(pnl),
                holding_seconds=int(held),
            )
            for group_id, count, wins, pnl, held in rows
            if group_id is not None
        }


def _sum_trades(rows: Iterable[TradeRow]) -> dict[uuid.UUID, TradeStats]:
    stats: dict[uuid.UUID, TradeStats] = {}
    for row in rows:
        if row.group_id is None:
            continue
        net = row.pnl - row.charges
        seen = stats.get(row.group_id, TradeStats(0, 0, Decimal(0), 0))
        stats[row.group_id] = TradeStats(
            trades=seen.trades + 1,
            wins=seen.wins + (net > 0),
            net_pnl=seen.net_pnl + net,
            holding_seconds=seen.holding_seconds + row.holding_seconds,
        )
    return stats
