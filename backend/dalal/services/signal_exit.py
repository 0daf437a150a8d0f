"""The exit side of a signal: close exactly what each allocation opened, at one price.

An exit names its entry by ``unique_id`` (the entry's id), or else closes every open
execution of the group's algos on the same side and signal symbol. Each execution gets one
exit price and one trade; each allocation its own closing order, charges and net P&L.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from dalal.domain.algos import Algo
from dalal.domain.allocation import allocation_pnl, round_trip
from dalal.domain.errors import DomainError
from dalal.domain.money import ZERO
from dalal.domain.orders import Side
from dalal.domain.signal_executions import (
    Allocation,
    AllocationStatus,
    ExecutionStatus,
    ExitReason,
    SignalExecution,
    Trade,
)
from dalal.domain.signals import Signal, SignalGroup, SignalStatus
from dalal.services.booking import book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import publish_booked
from dalal.services.ports import UnitOfWork
from dalal.services.signal_events import signal_event, signals_channel
from dalal.services.signal_orders import OrderIntent, build_orders, load_account_book
from dalal.services.signal_pricing import fair_price


class NothingToExit(DomainError):
    code = "NOTHING_TO_EXIT"


async def exit_positions(
    uow: UnitOfWork, market: MarketDeps, signal: Signal, group: SignalGroup, algos: Sequence[Algo]
) -> list[SignalExecution]:
    assert signal.parsed is not None
    assert signal.action is not None
    executions = await _open_executions(uow, signal, group, algos)
    instruments = await uow.instruments.get_many({e.token for e in executions})
    prices = {e.id: fair_price(market, instruments[e.token], e.side.opposite) for e in executions}
    open_allocations = [
        a
        for a in await uow.executions.allocations_of([e.id for e in executions])
        if a.status is AllocationStatus.FILLED
    ]
    accounts = await uow.accounts.by_ids({a.account_id for a in open_allocations})
    book = await load_account_book(uow, market, accounts)
    by_execution = {e.id: e for e in executions}
    intents = [
        OrderIntent(
            key=a.id,
            account_id=a.account_id,
            instrument=instruments[by_execution[a.execution_id].token],
            side=by_execution[a.execution_id].side.opposite,
            quantity=a.quantity,
            price=prices[a.execution_id],
            product=by_execution[a.execution_id].product,
            check_margin=False,  # it closes what the allocation opened
        )
        for a in open_allocations
    ]
    now = market.now()
    filled, refused = build_orders(
        intents, book, market, at=now, triggered_by=f"signal:{signal.id}", group_id=group.id
    )
    booked = await book_updates(
        uow,
        [(order, update) for _, order, update in filled],
        accounts=accounts,
        instruments=instruments,
        at=now,
        new_orders=True,
        locked_positions=book.positions,
    )
    charges = {f.order_id: f.charges.total for f in booked.fills}
    order_of = {intent.key: order.id for intent, order, _ in filled}
    closed = [
        _close_allocation(a, by_execution[a.execution_id], prices, order_of, refused, charges)
        for a in open_allocations
    ]
    done = [
        replace(
            e,
            status=ExecutionStatus.CLOSED,
            exit_signal_id=signal.id,
            exit_price=prices[e.id],
            closed_at=now,
        )
        for e in executions
    ]
    await uow.executions.close_many(done, closed)
    await uow.executions.add_trades(_trades(done, closed))
    publish_booked(uow, {a.id: a.user_id for a in accounts.values()}, booked)
    # The entries' executions changed too (closed, with an exit price): say so, so a view of
    # the entry signal refreshes without polling.
    for entry_signal in sorted({e.signal_id for e in done}, key=str):
        uow.publish_after_commit(
            signals_channel(signal.user_id), signal_event(entry_signal, SignalStatus.EXECUTED)
        )
    return done


async def _open_executions(
    uow: UnitOfWork, signal: Signal, group: SignalGroup, algos: Sequence[Algo]
) -> list[SignalExecution]:
    assert signal.parsed is not None
    assert signal.action is not None

    async def lookup(symbol: str | None, unique_id: str | None) -> list[SignalExecution]:
        assert signal.action is not None
        return await uow.executions.open_for_exit(
            user_id=signal.user_id,
            group_id=group.id,
            algo_ids=[a.id for a in algos],
            direction=signal.action.direction,
            signal_symbol=symbol,
            entry_unique_id=unique_id,
        )

    found: list[SignalExecution] = []
    if signal.parsed.unique_id is not None:
        found = await lookup(None, signal.parsed.unique_id)
    if not found:
        found = await lookup(signal.parsed.symbol, None)
    if not found:
        side = "long (BUY)" if signal.action.direction is Side.BUY else "short (SELL)"
        what = f" in {signal.parsed.symbol}" if signal.parsed.symbol else ""
        raise NothingToExit(
            f"No open {side} entry of this group{what} to exit; it may be closed already."
        )
    return found


def _close_allocation(  # noqa: PLR0917 - a private step of exit_positions
    a: Allocation,
    execution: SignalExecution,
    prices: dict[uuid.UUID, Decimal],
    order_of: dict[uuid.UUID, uuid.UUID],
    refused: dict[uuid.UUID, str],
    charges: dict[uuid.UUID, Decimal],
) -> Allocation:
    if a.id in refused:
        return replace(a, status=AllocationStatus.EXIT_REJECTED, reason=refused[a.id])
    order_id = order_of[a.id]
    exit_charges = charges.get(order_id, ZERO)
    net = allocation_pnl(
        execution.side,
        execution.entry_price,
        prices[execution.id],
        a.quantity,
        entry_charges=a.entry_charges,
        exit_charges=exit_charges,
    )
    return replace(
        a,
        status=AllocationStatus.CLOSED,
        exit_order_id=order_id,
        exit_charges=exit_charges,
        pnl=net,
    )


def _trades(
    executions: Sequence[SignalExecution],
    allocations: Sequence[Allocation],
    reason: ExitReason = ExitReason.SIGNAL,
) -> list[Trade]:
    trades: list[Trade] = []
    for e in executions:
        closed = [
            a for a in allocations if a.execution_id == e.id and a.status is AllocationStatus.CLOSED
        ]
        quantity = sum(a.quantity for a in closed)
        if quantity == 0 or e.exit_price is None or e.closed_at is None:
            continue
        result = round_trip(e.side, e.entry_price, e.exit_price, quantity, e.opened_at, e.closed_at)
        trades.append(
            Trade(
                id=uuid.uuid4(),
                execution_id=e.id,
                user_id=e.user_id,
                group_id=e.group_id,
                algo_id=e.algo_id,
                token=e.token,
                tradingsymbol=e.tradingsymbol,
                direction=e.side,
                quantity=quantity,
                entry_price=e.entry_price,
                exit_price=e.exit_price,
                entry_at=e.opened_at,
                exit_at=e.closed_at,
                pnl=result.pnl,
                charges=sum(
                    (a.entry_charges + (a.exit_charges or ZERO) for a in closed), start=ZERO
                ),
                pnl_pct=result.pnl_pct,
                holding_seconds=result.holding_seconds,
                exit_reason=reason,
            )
        )
    return trades


# The risk engine closes executions too (a group's breach or panic): same rules, its reason.
close_allocation = _close_allocation
trades_of = _trades
