"""The risk monitor: part of the engine loop, run after matching on every batch of ticks.

Two transactions per batch (a third when a stop ends an entry still working), in three
passes:
1. brackets: entry orders that filled (in part or in whole) get their stops armed on their
   positions, re-anchored as more of them fills;
2. position guards on the ticked instruments, tick by tick in the order received: a breach
   exits the position (MARKET, tagged SL, TARGET or TSL), a trail ratchets; this commits
   first, so a stop's exit never waits for the scopes;
3. scope limits (everything, accounts, strategies, signal groups): day P&L, exposure, MTM,
   profit lock and the auto square-off time, each acting as its scope says.

A stop that exits a position armed by an entry still working cancels the rest of that entry
(a third transaction, which locks only those orders, as a user's cancel does).

It is idempotent: guards and scope states are locked, changed and saved in the same
transaction as the exits they cause, so a burst of ticks through a stop makes one exit, and
a restart re-evaluates from what was committed. Nothing acts while the market is closed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from dalal.domain.accounts import Account
from dalal.domain.calendar import IST
from dalal.domain.instruments import Instrument
from dalal.domain.market import Quote
from dalal.domain.order_book import Cancelled, Order
from dalal.domain.orders import Product
from dalal.domain.positions import Position
from dalal.domain.risk.events import RiskEvent, RiskEventKind
from dalal.domain.risk.guard import ExitKind, PositionGuard
from dalal.domain.risk.limits import RiskScope, RuleKind
from dalal.engine.matching import OrderUpdate
from dalal.engine.risk import guard_on_quote
from dalal.services.booking import book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import order_event, orders_channel, publish_booked
from dalal.services.ports import UnitOfWork
from dalal.services.position_stops import bracket_entry, guard_from_order, rearmed
from dalal.services.risk_exits import as_placed, record_risk_events
from dalal.services.risk_scopes import evaluate_scopes

Key = tuple[uuid.UUID, int, Product]


@dataclass(slots=True)
class MonitorResult:
    exits: list[Order] = field(default_factory=list)
    events: list[RiskEvent] = field(default_factory=list)
    # Entries whose bracket's stop or target exited their position: (order id, account, exit)
    stopped_entries: list[tuple[uuid.UUID, Account, str]] = field(default_factory=list)


async def monitor_tick(
    uow: UnitOfWork, market: MarketDeps, quotes: Sequence[Quote]
) -> MonitorResult:
    """Evaluate every rule against ``quotes`` (one batch of ticks, oldest first)."""
    now = market.now()
    result = MonitorResult()
    if not market.calendar.is_open(now):
        return result
    tokens = sorted({q.token for q in quotes})
    async with uow:  # the stops first: their exits commit without waiting for the scopes
        await _arm_brackets(uow, tokens, now)
        await _check_guards(uow, market, quotes, now, result)
        stored = await record_risk_events(uow, result.events)
        await uow.commit()
    if result.stopped_entries:
        async with uow:
            await _cancel_stopped_entries(uow, result.stopped_entries, now)
            await uow.commit()
    async with uow:
        stored += await record_risk_events(uow, await evaluate_scopes(uow, market))
        await uow.commit()
    result.events = stored
    return result


async def _arm_brackets(uow: UnitOfWork, tokens: Sequence[int], at: datetime) -> None:
    """Arm the brackets of entries that filled more since they were last armed (from the
    first fill, at the average so far); drop those of entries that ended."""
    brackets = await uow.risk.brackets_on(tokens)
    fresh = [b for b in brackets if b.order.filled_quantity > b.armed]
    if fresh:
        keys = [(b.order.account_id, b.order.token, b.order.product) for b in fresh]
        positions = await uow.positions.for_accounts(
            sorted({k[0] for k in keys}, key=str), keys=keys
        )
        by_key = {(p.account_id, p.token, p.product): p for p in positions}
        current = {g.key: g for g in await uow.risk.guards_on({k[1] for k in keys})}
        guards: list[PositionGuard] = []
        for bracket in fresh:
            order = bracket.order
            guard = guard_from_order(order, bracket.stops, by_key.get(_key(order)))
            if guard is None:
                continue  # the position is gone (closed by hand): nothing to guard
            held = current.get(guard.key)
            mine = held if held is not None and held.source == guard.source else None
            if bracket.armed and held is not None and mine is None:
                continue  # its guard was replaced since (stops set by hand): leave that one
            guards.append(rearmed(guard, mine))
        await uow.risk.save_guards(guards, at=at)
        await uow.risk.set_brackets_armed({b.order.id: b.order.filled_quantity for b in fresh})
    await uow.risk.delete_brackets([b.order.id for b in brackets if b.order.status.is_final])


def _key(order: Order) -> Key:
    return (order.account_id, order.token, order.product)


async def _cancel_stopped_entries(
    uow: UnitOfWork, stopped: Sequence[tuple[uuid.UUID, Account, str]], now: datetime
) -> None:
    """Cancel what is left of entries whose bracket's stop or target exited the position:
    the trade is over, and a later fill would reopen it."""
    for order_id, account, kind in stopped:
        order = await uow.orders.get_for_accounts(order_id, [account.id], for_update=True)
        if order is None or order.status.is_final:
            continue
        reason = f"its bracket's {kind} exited the position"
        cancelled = order.apply(Cancelled(reason, now))
        await uow.orders.save_many([cancelled])
        uow.publish_after_commit(orders_channel(account.user_id), order_event(cancelled))
    await uow.risk.delete_brackets([order_id for order_id, _, _ in stopped])


async def _check_guards(
    uow: UnitOfWork,
    market: MarketDeps,
    quotes: Sequence[Quote],
    now: datetime,
    result: MonitorResult,
) -> None:
    guards = await uow.risk.guards_on({q.token for q in quotes}, lock=True)
    if not guards:
        return
    keys = [g.key for g in guards]
    accounts = await uow.accounts.by_ids({g.account_id for g in guards})
    held = await uow.positions.for_accounts(sorted(accounts, key=str), keys=keys, lock=True)
    positions = {(p.account_id, p.token, p.product): p for p in held}
    instruments = await uow.instruments.get_many({g.token for g in guards})
    changed: list[PositionGuard] = []
    spent: list[Key] = []
    exits: list[tuple[Order, OrderUpdate]] = []
    for guard in guards:
        if not accounts[guard.account_id].active:
            continue
        position = positions.get(guard.key) or Position(*guard.key)
        outcome = _run_guard(guard, position, quotes, market, instruments[guard.token], now)
        if outcome is None:
            continue
        nxt, update, kind = outcome
        if nxt is None:
            spent.append(guard.key)
        elif nxt != guard:
            changed.append(nxt)
        if update is not None and kind is not None:
            exits.append((as_placed(update.order), update))
            result.events.append(_exit_event(accounts[guard.account_id], guard, update, kind.value))
            entry = bracket_entry(guard)
            if entry is not None:
                result.stopped_entries.append((entry, accounts[guard.account_id], kind.value))
    await uow.risk.save_guards(changed, at=now)
    await uow.risk.delete_guards(spent)
    booked = await book_updates(
        uow, exits, accounts=accounts, instruments=instruments, at=now, new_orders=True,
        locked_positions=positions,
    )  # fmt: skip
    publish_booked(uow, {a.id: a.user_id for a in accounts.values()}, booked)
    result.exits.extend(booked.orders)


def _run_guard(  # noqa: PLR0917 - a private step of _check_guards
    guard: PositionGuard,
    position: Position,
    quotes: Sequence[Quote],
    market: MarketDeps,
    instrument: Instrument,
    now: datetime,
) -> tuple[PositionGuard | None, OrderUpdate | None, ExitKind | None] | None:
    """Feed the guard its token's ticks in order; None when it saw none."""
    current: PositionGuard | None = guard
    seen = False
    for quote in quotes:
        if quote.token != guard.token or current is None:
            continue
        seen = True
        outcome = guard_on_quote(
            current, position, replace(quote, at=now), market.matching, instrument=instrument
        )
        if outcome.exit is not None:
            return None, outcome.exit, outcome.kind
        current = outcome.guard
    return (current, None, None) if seen else None


def _exit_event(
    account: Account, guard: PositionGuard, update: OrderUpdate, kind: str
) -> RiskEvent:
    order = update.order
    price = update.fills[0].price if update.fills else None
    level = {
        "SL": guard.stop_price,
        "TSL": guard.trail_stop,
        "TARGET": guard.target_price,
    }[kind]
    at = order.updated_at.astimezone(IST)
    message = (
        f"{kind} hit on {account.label}: {order.side.value} {order.quantity} at "
        f"{price if price is not None else 'market'} (level {level:.2f}) at {at:%H:%M:%S} IST."
        if level is not None
        else f"{kind} hit on {account.label}."
    )
    return RiskEvent(
        user_id=account.user_id,
        at=order.updated_at,
        kind=RiskEventKind.EXIT,
        scope=RiskScope.account(account.id),
        message=message,
        rule=RuleKind(kind),
        detail={
            "order_id": str(order.id),
            "token": order.token,
            "quantity": order.quantity,
            "price": str(price) if price is not None else None,
            "level": str(level) if level is not None else None,
        },
    )
