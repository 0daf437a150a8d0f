"""Read side of signals: the log, executions, allocations, trades and per-group analytics.

Every query is scoped to the caller: another user's ids find nothing. Lists are newest first,
paged by a ``(time, id)`` keyset (``before``). Analytics are SQL aggregates, in exact Decimals.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from dalal.domain.accounts import Account
from dalal.domain.algos import Algo
from dalal.domain.signal_executions import Allocation, SignalExecution, Trade
from dalal.domain.signals import Signal, SignalStatus
from dalal.domain.users import Principal
from dalal.services.ports import UnitOfWork

Keyset = tuple[datetime, uuid.UUID]
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class GroupAnalytics:
    """A group's record. ``win_rate`` is the percentage of trades with a net P&L above zero
    and ``average_holding_seconds`` the mean holding time (both to two decimals; None
    without trades); ``net_pnl`` is exact, net of every account's charges."""

    signals: dict[SignalStatus, int]
    trades: int
    wins: int
    net_pnl: Decimal
    win_rate: Decimal | None
    average_holding_seconds: Decimal | None

    @property
    def signal_count(self) -> int:
        return sum(self.signals.values())


async def signals(
    uow: UnitOfWork,
    *,
    principal: Principal,
    group_id: uuid.UUID | None,
    statuses: Sequence[SignalStatus],
    before: Keyset | None,
    limit: int,
) -> list[Signal]:
    async with uow:
        return await uow.signals.list_for_user(
            principal.user.id,
            group_id=group_id,
            statuses=list(statuses) or None,
            before=before,
            limit=limit,
        )


async def signal_by_id(
    uow: UnitOfWork, *, principal: Principal, signal_id: uuid.UUID
) -> Signal | None:
    async with uow:
        return await uow.signals.get_for_user(signal_id, principal.user.id)


async def executions(
    uow: UnitOfWork,
    *,
    principal: Principal,
    signal_id: uuid.UUID | None,
    group_id: uuid.UUID | None,
    before: Keyset | None,
    limit: int,
) -> list[SignalExecution]:
    async with uow:
        return await uow.executions.list_for_user(
            principal.user.id, signal_id=signal_id, group_id=group_id, before=before, limit=limit
        )


async def executions_by_signals(
    uow: UnitOfWork, *, principal: Principal, signal_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SignalExecution]]:
    """Per signal, the executions it opened or (an exit) closed, oldest first."""
    async with uow:
        found = await uow.executions.for_signals(principal.user.id, signal_ids)
    by_signal: dict[uuid.UUID, list[SignalExecution]] = {i: [] for i in signal_ids}
    for execution in found:
        for key in {execution.signal_id, execution.exit_signal_id}:
            if key in by_signal:
                by_signal[key].append(execution)
    return by_signal


async def allocations_by_executions(
    uow: UnitOfWork, *, principal: Principal, execution_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Allocation]]:
    async with uow:
        found = await uow.executions.allocations_for_user(principal.user.id, execution_ids)
    by_execution: dict[uuid.UUID, list[Allocation]] = {i: [] for i in execution_ids}
    for allocation in found:
        by_execution[allocation.execution_id].append(allocation)
    return by_execution


async def allocations_of_execution(
    uow: UnitOfWork, *, principal: Principal, execution_id: uuid.UUID
) -> list[Allocation] | None:
    """The execution's allocations; None when it is not one of the caller's."""
    async with uow:
        if await uow.executions.get_for_user(execution_id, principal.user.id) is None:
            return None
        return await uow.executions.allocations_for_user(principal.user.id, [execution_id])


async def trades(
    uow: UnitOfWork,
    *,
    principal: Principal,
    group_id: uuid.UUID | None,
    before: Keyset | None,
    limit: int,
) -> list[Trade]:
    async with uow:
        return await uow.executions.trades_for_user(
            principal.user.id, group_id=group_id, before=before, limit=limit
        )


async def algos_by_ids(
    uow: UnitOfWork, *, principal: Principal, algo_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Algo]:
    async with uow:
        found = await uow.algos.get_many(algo_ids)
    return {i: a for i, a in found.items() if a.user_id == principal.user.id}


async def accounts_by_ids(
    uow: UnitOfWork, *, principal: Principal, account_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[Account, Decimal]]:
    """The caller's accounts among ``account_ids``, each with its cash."""
    async with uow:
        found = await uow.accounts.by_ids(account_ids)
        own = [a for a in found.values() if a.user_id == principal.user.id]
        cash = await uow.ledger.cash([a.id for a in own])
    return {a.id: (a, cash.get(a.id, Decimal(0))) for a in own}


async def group_analytics(
    uow: UnitOfWork, *, principal: Principal, group_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, GroupAnalytics]:
    """Each group's analytics in two aggregate statements, however many groups."""
    async with uow:
        counts = await uow.signals.status_counts(principal.user.id, group_ids)
        stats = await uow.executions.trade_stats(principal.user.id, group_ids)
    result: dict[uuid.UUID, GroupAnalytics] = {}
    for group_id in group_ids:
        trade = stats.get(group_id)
        count = trade.trades if trade else 0
        result[group_id] = GroupAnalytics(
            signals=counts.get(group_id, {}),
            trades=count,
            wins=trade.wins if trade else 0,
            net_pnl=trade.net_pnl if trade else Decimal("0.00"),
            win_rate=_ratio(Decimal(trade.wins) * 100, count) if trade else None,
            average_holding_seconds=_ratio(Decimal(trade.holding_seconds), count)
            if trade
            else None,
        )
    return result


def _ratio(total: Decimal, count: int) -> Decimal | None:
    if count == 0:
        return None
    return (total / count).quantize(_CENT, rounding=ROUND_HALF_EVEN)
