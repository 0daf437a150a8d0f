"""The entry side of a signal: one execution per algo leg, one allocation per account.

Statements for N accounts and L legs: accounts, algos' instruments and quotes (per leg), a
lock on the accounts with their positions, cash, then one bulk insert each for orders,
fills, ledger entries, positions, executions and allocations.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.algos import Algo, Leg
from dalal.domain.allocation import plan_allocations, select_accounts
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Instrument
from dalal.domain.money import ZERO
from dalal.domain.orders import OrderType
from dalal.domain.risk.limits import RiskScope, ScopeKind
from dalal.domain.signal_executions import (
    Allocation,
    AllocationStatus,
    ExecutionStatus,
    SignalExecution,
)
from dalal.domain.signals import Signal
from dalal.services.booking import book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import publish_booked
from dalal.services.ports import UnitOfWork
from dalal.services.position_stops import arm_default_stops
from dalal.services.signal_orders import OrderIntent, build_orders, load_account_book
from dalal.services.signal_pricing import check_limit, resolve_leg


class NoTargetAccounts(DomainError):
    code = "NO_TARGET_ACCOUNTS"


@dataclass(frozen=True, slots=True)
class _LegPlan:
    algo: Algo
    index: int
    execution: SignalExecution
    allocations: list[Allocation]
    instrument: Instrument


async def enter(
    uow: UnitOfWork, market: MarketDeps, signal: Signal, algos: Sequence[Algo]
) -> list[SignalExecution]:
    assert signal.parsed is not None
    assert signal.action is not None
    accounts = await uow.accounts.list_for_user(signal.user_id, include_archived=False)
    plans: list[_LegPlan] = []
    for algo in algos:
        targets = _targets(algo, accounts, signal)
        for index, leg in enumerate(algo.legs):
            plans.append(await _plan_leg(uow, market, signal, algo, index, leg, targets))
    involved = {a.account_id for p in plans for a in p.allocations if a.quantity > 0}
    by_id = {a.id: a for a in accounts if a.id in involved}
    book = await load_account_book(uow, market, by_id)
    intents = [
        OrderIntent(
            key=a.id,
            account_id=a.account_id,
            instrument=p.instrument,
            side=p.execution.side,
            quantity=a.quantity,
            price=p.execution.entry_price,
            product=p.execution.product,
        )
        for p in plans
        for a in p.allocations
        if a.status is AllocationStatus.FILLED
    ]
    filled, refused = build_orders(
        intents,
        book,
        market,
        at=market.now(),
        triggered_by=f"signal:{signal.id}",
        group_id=signal.group_id,
    )
    booked = await book_updates(
        uow,
        [(order, update) for _, order, update in filled],
        accounts=by_id,
        instruments={p.instrument.token: p.instrument for p in plans},
        at=market.now(),
        new_orders=True,
        locked_positions=book.positions,
    )
    if signal.group_id is not None:  # the group's default stops guard what it opened
        await arm_default_stops(
            uow,
            user_id=signal.user_id,
            scope=RiskScope(ScopeKind.GROUP, str(signal.group_id)),
            orders=booked.orders,
            positions=booked.positions,
            at=market.now(),
        )
    charges = {f.order_id: f.charges.total for f in booked.fills}
    order_of = {intent.key: order.id for intent, order, _ in filled}
    executions, allocations = _finalize(plans, order_of, refused, charges)
    await uow.executions.add_many(executions)
    await uow.executions.add_allocations(allocations)
    publish_booked(uow, {a.id: a.user_id for a in by_id.values()}, booked)
    return executions


def _targets(algo: Algo, accounts: Sequence[Account], signal: Signal) -> list[Account]:
    chosen = select_accounts(algo.targets, accounts)
    wanted = signal.parsed.account_id if signal.parsed else None
    if wanted is not None:
        chosen = [a for a in chosen if a.id == wanted]
    if not chosen:
        raise NoTargetAccounts(
            f"The algo '{algo.name}' targets no active account"
            + (" matching the signal's account_id" if wanted else "")
            + ". Check its target accounts in Dalal."
        )
    return chosen


async def _plan_leg(  # noqa: PLR0917 - a private step of enter
    uow: UnitOfWork,
    market: MarketDeps,
    signal: Signal,
    algo: Algo,
    index: int,
    leg: Leg,
    targets: Sequence[Account],
) -> _LegPlan:
    assert signal.parsed is not None
    assert signal.action is not None
    side = signal.action.order_side.opposite if leg.opposite else signal.action.order_side
    instrument, price = await resolve_leg(uow, market, leg, signal.parsed, side)
    if algo.order_type is OrderType.LIMIT:
        check_limit(side, price, signal.parsed.price, instrument.tradingsymbol)
    base_lots = signal.parsed.quantity or leg.lots
    planned, skipped = plan_allocations(targets, base_lots=base_lots, lot_size=instrument.lot_size)
    execution = SignalExecution(
        id=uuid.uuid4(),
        signal_id=signal.id,
        user_id=signal.user_id,
        group_id=signal.group_id,
        algo_id=algo.id,
        leg=index,
        direction=signal.action.direction,
        side=side,
        token=instrument.token,
        tradingsymbol=instrument.tradingsymbol,
        signal_symbol=signal.parsed.symbol,
        entry_unique_id=signal.parsed.unique_id,
        product=algo.product,
        base_lots=base_lots,
        quantity=0,
        entry_price=price,
        opened_at=market.now(),
    )
    allocations = [
        Allocation(
            id=uuid.uuid4(),
            execution_id=execution.id,
            account_id=p.account_id,
            status=AllocationStatus.FILLED,
            lots=p.lots,
            quantity=p.quantity,
        )
        for p in planned
    ] + [
        Allocation(
            id=uuid.uuid4(),
            execution_id=execution.id,
            account_id=s.account_id,
            status=AllocationStatus.SKIPPED,
            lots=0,
            quantity=0,
            reason=s.reason,
        )
        for s in skipped
    ]
    return _LegPlan(algo, index, execution, allocations, instrument)


def _finalize(
    plans: Sequence[_LegPlan],
    order_of: dict[uuid.UUID, uuid.UUID],
    refused: dict[uuid.UUID, str],
    charges: dict[uuid.UUID, Decimal],
) -> tuple[list[SignalExecution], list[Allocation]]:
    """Settle each allocation from its account's outcome. The execution's quantity is the
    sum of what actually filled; one where nothing filled is closed at once (no trade)."""
    executions: list[SignalExecution] = []
    allocations: list[Allocation] = []
    for plan in plans:
        settled = [_settle(a, order_of, refused, charges) for a in plan.allocations]
        total = sum(a.quantity for a in settled if a.status is AllocationStatus.FILLED)
        execution = replace(plan.execution, quantity=total)
        if total == 0:
            execution = replace(
                execution, status=ExecutionStatus.CLOSED, closed_at=execution.opened_at
            )
        executions.append(execution)
        allocations.extend(settled)
    return executions, allocations


def _settle(
    a: Allocation,
    order_of: dict[uuid.UUID, uuid.UUID],
    refused: dict[uuid.UUID, str],
    charges: dict[uuid.UUID, Decimal],
) -> Allocation:
    if a.id in refused:
        return replace(a, status=AllocationStatus.REJECTED, quantity=0, reason=refused[a.id])
    if a.id in order_of:
        order_id = order_of[a.id]
        return replace(a, entry_order_id=order_id, entry_charges=charges.get(order_id, ZERO))
    return a
