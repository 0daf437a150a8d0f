"""What a strategy or a signal group opened (attribution), its MTM, and closing it.

Attribution is metadata, not ownership: a position is one per instrument, whoever traded it.

- A signal group owns its signal executions: its MTM today is the P&L of the executions it
  opened today (open ones marked at the last price, net of entry charges; closed ones their
  allocations' net P&L). Closing it closes every open execution exactly as an exit signal
  would (one price for every account, one trade per execution), with the risk's reason.
- A strategy owns the fills of the orders it placed (``triggered_by`` = ``strategy:<id>``):
  its MTM today is the P&L of today's fills marked now, net of their charges; closing it
  exits its net quantity in each position, never more than the position holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from dalal.domain.errors import DomainError
from dalal.domain.money import ZERO, to_paise
from dalal.domain.orders import FillTag, Product
from dalal.domain.positions import Position
from dalal.domain.risk.evaluation import ScopeNumbers
from dalal.domain.signal_executions import (
    AllocationStatus,
    ExecutionStatus,
    ExitReason,
    SignalExecution,
)
from dalal.engine.matching import EXIT_TAGS, OrderUpdate
from dalal.services.booking import Booked, book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import publish_booked
from dalal.services.ports import UnitOfWork
from dalal.services.risk_books import day_start
from dalal.services.risk_exits import close_positions
from dalal.services.signal_exit import close_allocation, trades_of
from dalal.services.signal_orders import OrderIntent, build_orders, load_account_book
from dalal.services.signal_pricing import fair_price

EXECUTIONS_SCANNED = 2000  # a group's most recent executions that attribution reads


async def _group_executions(
    uow: UnitOfWork, user_id: uuid.UUID, group_id: uuid.UUID
) -> list[SignalExecution]:
    return await uow.executions.list_for_user(
        user_id, signal_id=None, group_id=group_id, before=None, limit=EXECUTIONS_SCANNED
    )


async def group_numbers(
    uow: UnitOfWork, market: MarketDeps, user_id: uuid.UUID, group_id: uuid.UUID
) -> ScopeNumbers:
    start = day_start(market.calendar.trading_day(market.now()))
    executions = [
        e
        for e in await _group_executions(uow, user_id, group_id)
        if e.opened_at >= start or e.status is ExecutionStatus.OPEN
    ]
    allocations = await uow.executions.allocations_for_user(user_id, [e.id for e in executions])
    instruments = await uow.instruments.get_many({e.token for e in executions})
    by_id = {e.id: e for e in executions}
    pnl, gross, held = ZERO, ZERO, set()
    for a in allocations:
        e = by_id[a.execution_id]
        today = e.opened_at >= start
        if a.status is AllocationStatus.FILLED:
            quote = market.quotes.get(e.token)
            mark = quote.ltp if quote else e.entry_price
            if today:
                pnl += (mark - e.entry_price) * a.quantity * e.side.sign - a.entry_charges
            gross += abs(mark * a.quantity)
            held.add((a.account_id, e.token, instruments[e.token].tradingsymbol))
        elif a.status is AllocationStatus.CLOSED and today and a.pnl is not None:
            pnl += a.pnl
    return ScopeNumbers(
        day_pnl=to_paise(pnl), gross_exposure=to_paise(gross), open_positions=len(held)
    )


async def close_group(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    user_id: uuid.UUID,
    group_id: uuid.UUID,
    reason: ExitReason,
    source: str,
) -> int:
    """Close every open execution of the group that has a price now; how many closed."""
    now = market.now()
    open_ones = [
        e
        for e in await _group_executions(uow, user_id, group_id)
        if e.status is ExecutionStatus.OPEN
    ]
    instruments = await uow.instruments.get_many({e.token for e in open_ones})
    prices: dict[uuid.UUID, Decimal] = {}
    for e in open_ones:
        try:
            prices[e.id] = fair_price(market, instruments[e.token], e.side.opposite)
        except DomainError:  # no quote yet: it stays open; the panic still blocks new entries
            continue
    executions = [e for e in open_ones if e.id in prices]
    allocations = [
        a
        for a in await uow.executions.allocations_of([e.id for e in executions])
        if a.status is AllocationStatus.FILLED
    ]
    if not executions:
        return 0
    accounts = await uow.accounts.by_ids({a.account_id for a in allocations})
    book = await load_account_book(uow, market, accounts)
    by_id = {e.id: e for e in executions}
    intents = [
        OrderIntent(
            key=a.id,
            account_id=a.account_id,
            instrument=instruments[by_id[a.execution_id].token],
            side=by_id[a.execution_id].side.opposite,
            quantity=a.quantity,
            price=prices[a.execution_id],
            product=by_id[a.execution_id].product,
            check_margin=False,
        )
        for a in allocations
    ]
    filled, refused = build_orders(intents, book, market, at=now, triggered_by=source)
    tag = EXIT_TAGS.get(source, FillTag.NORMAL)
    booked = await book_updates(
        uow,
        [
            (o, OrderUpdate(u.order, tuple(replace(f, tag=tag) for f in u.fills)))
            for _, o, u in filled
        ],
        accounts=accounts,
        instruments=instruments,
        at=now,
        new_orders=True,
        locked_positions=book.positions,
    )
    charges = {f.order_id: f.charges.total for f in booked.fills}
    order_of = {intent.key: order.id for intent, order, _ in filled}
    closed = [
        close_allocation(a, by_id[a.execution_id], prices, order_of, refused, charges)
        for a in allocations
    ]
    done = [
        replace(e, status=ExecutionStatus.CLOSED, exit_price=prices[e.id], closed_at=now)
        for e in executions
    ]
    await uow.executions.close_many(done, closed)
    await uow.executions.add_trades(trades_of(done, closed, reason))
    publish_booked(uow, {a.id: a.user_id for a in accounts.values()}, booked)
    return len(done)


def _strategy_source(strategy_id: str) -> str:
    return f"strategy:{strategy_id}"


async def strategy_numbers(
    uow: UnitOfWork, market: MarketDeps, user_id: uuid.UUID, strategy_ids: Sequence[str]
) -> dict[str, ScopeNumbers]:
    """Each strategy's figures today, from one read of all their fills."""
    accounts = await uow.accounts.list_for_user(user_id, include_archived=False)
    start = day_start(market.calendar.trading_day(market.now()))
    sources = {_strategy_source(s): s for s in strategy_ids}
    fills = await uow.risk.attributed_fills([a.id for a in accounts], list(sources), since=start)
    net: dict[str, dict[tuple[uuid.UUID, int], int]] = {s: {} for s in strategy_ids}
    cash: dict[str, Decimal] = dict.fromkeys(strategy_ids, ZERO)
    for fill, _, source in fills:
        strategy = sources[source]
        key = (fill.account_id, fill.token)
        net[strategy][key] = net[strategy].get(key, 0) + fill.signed_quantity
        cash[strategy] -= fill.signed_quantity * fill.price + fill.charges.total
    found: dict[str, ScopeNumbers] = {}
    for strategy in strategy_ids:
        value, gross = ZERO, ZERO
        for (_, token), quantity in net[strategy].items():
            quote = market.quotes.get(token)
            if quote is not None and quantity:
                value += quantity * quote.ltp
                gross += abs(quantity * quote.ltp)
        found[strategy] = ScopeNumbers(
            day_pnl=to_paise(cash[strategy] + value),
            gross_exposure=to_paise(gross),
            open_positions=sum(1 for q in net[strategy].values() if q),
        )
    return found


async def strategy_positions(
    uow: UnitOfWork, user_id: uuid.UUID, strategy_id: str
) -> list[tuple[tuple[uuid.UUID, int, Product], int]]:
    """The strategy's net quantity per position key (all its fills), nonzero ones only."""
    accounts = await uow.accounts.list_for_user(user_id, include_archived=False)
    fills = await uow.risk.attributed_fills(
        [a.id for a in accounts], [_strategy_source(strategy_id)]
    )
    net: dict[tuple[uuid.UUID, int, Product], int] = {}
    for fill, product, _ in fills:
        key = (fill.account_id, fill.token, product)
        net[key] = net.get(key, 0) + fill.signed_quantity
    return [(k, q) for k, q in net.items() if q]


async def close_strategy(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    user_id: uuid.UUID,
    strategy_id: str,
    source: str,
    at: datetime,
) -> Booked:
    """Exit the strategy's net quantity in each position (capped at what the position holds)."""
    wanted = await strategy_positions(uow, user_id, strategy_id)
    accounts = await uow.accounts.by_ids({k[0] for k, _ in wanted})
    if not wanted:
        return Booked([], [], [])
    positions = await uow.positions.for_accounts(
        sorted(accounts, key=str), keys=[k for k, _ in wanted], lock=True
    )
    actual = {(p.account_id, p.token, p.product): p for p in positions}
    closing: list[Position] = []
    for key, quantity in wanted:
        position = actual.get(key)
        if position is None or position.quantity * quantity <= 0:
            continue
        size = min(abs(quantity), abs(position.quantity)) * (1 if quantity > 0 else -1)
        closing.append(replace(position, quantity=size))
    booked = await close_positions(
        uow, market, closing, accounts=accounts, source=source, at=at, locked=actual
    )
    publish_booked(uow, {a.id: a.user_id for a in accounts.values()}, booked)
    return booked
