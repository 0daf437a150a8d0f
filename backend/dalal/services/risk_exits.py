"""Flattening accounts: cancel their working orders, close their positions with MARKET exits.

Used by panics, by a scope's breach and by its auto square-off time, inside the caller's
transaction. Locks are taken in the order matching takes them (orders, then accounts and
positions), then the working orders are read again: an order placed while we waited for
the account lock has committed by then, and is cancelled too. The positions' guards go with
them, so a stop can't fire a second exit behind a square-off that waits for a quote.

Risk events go to ``risk:<user>`` after commit, like every other event.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from dalal.domain.accounts import Account
from dalal.domain.money import ZERO
from dalal.domain.order_book import Cancelled, Order
from dalal.domain.orders import OrderStatus, Product
from dalal.domain.positions import Position
from dalal.domain.risk.events import RiskEvent
from dalal.engine.risk import exit_intents
from dalal.services.booking import Booked, book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import order_event, orders_channel, publish_booked
from dalal.services.ports import UnitOfWork


def risk_channel(user_id: uuid.UUID) -> str:
    return f"risk:{user_id}"


def risk_message(event: RiskEvent) -> dict[str, object]:
    return {"type": "risk", "id": event.id, "kind": event.kind.value}


async def record_risk_events(uow: UnitOfWork, events: Sequence[RiskEvent]) -> list[RiskEvent]:
    """Store ``events`` in the open unit of work; they are published only if it commits."""
    stored = await uow.risk.add_events(events)
    for event in stored:
        uow.publish_after_commit(risk_channel(event.user_id), risk_message(event))
    return stored


@dataclass(frozen=True, slots=True)
class Flattened:
    cancelled: list[Order]
    booked: Booked

    @property
    def exits(self) -> int:
        return len(self.booked.orders)


def _everything(_: Product) -> bool:
    return True


async def flatten_accounts(
    uow: UnitOfWork,
    market: MarketDeps,
    accounts: Mapping[uuid.UUID, Account],
    *,
    source: str,
    reason: str,
    at: datetime,
    closes: Callable[[Product], bool] = _everything,
) -> Flattened:
    """Cancel the working orders and close the open positions of ``accounts`` whose product
    ``closes`` accepts (every product by default)."""
    ids = sorted(accounts, key=str)
    if not ids:
        return Flattened([], Booked([], [], []))
    await uow.risk.working_orders(ids, lock=True)  # wait for a matching pass holding them
    positions = await uow.positions.for_accounts(ids, lock=True)
    working = await uow.risk.working_orders(ids, lock=True)
    cancelled = [o.apply(Cancelled(reason, at)) for o in working if closes(o.product)]
    await uow.orders.save_many(cancelled)
    closing = [p for p in positions if p.is_open and closes(p.product)]
    booked = await close_positions(uow, market, closing, accounts=accounts, source=source, at=at)
    return Flattened(cancelled, booked)


async def close_positions(
    uow: UnitOfWork,
    market: MarketDeps,
    positions: Sequence[Position],
    *,
    accounts: Mapping[uuid.UUID, Account],
    source: str,
    at: datetime,
    locked: Mapping[tuple[uuid.UUID, int, Product], Position] | None = None,
) -> Booked:
    """MARKET exits of ``positions``, filled on their last quotes while the market is open
    (else they wait, OPEN, for the session). ``locked``: the positions as read under lock,
    when ``positions`` close only part of them (then their guards stay)."""
    books = (
        locked if locked is not None else {(p.account_id, p.token, p.product): p for p in positions}
    )
    instruments = await uow.instruments.get_many({p.token for p in positions})
    open_now = market.calendar.is_open(at)
    quotes = {
        p.token: q for p in positions if open_now and (q := market.quotes.get(p.token)) is not None
    }
    updates = exit_intents(
        positions, quotes, at, source=source, instruments=instruments, config=market.matching
    )
    whole = [k for p in positions if books[(k := (p.account_id, p.token, p.product))] == p]
    await uow.risk.delete_guards(whole)
    return await book_updates(
        uow,
        [(as_placed(u.order), u) for u in updates],
        accounts=accounts,
        instruments=instruments,
        at=at,
        new_orders=True,
        locked_positions=books,
    )


def as_placed(order: Order) -> Order:
    """The exit as placed, before its fill: what its charges count prior turnover from."""
    return replace(
        order,
        status=OrderStatus.OPEN,
        filled_quantity=0,
        filled_value=ZERO,
        updated_at=order.placed_at,
    )


def publish_flattened(
    uow: UnitOfWork, accounts: Mapping[uuid.UUID, Account], flattened: Flattened
) -> None:
    owners = {a.id: a.user_id for a in accounts.values()}
    for order in flattened.cancelled:
        uow.publish_after_commit(orders_channel(owners[order.account_id]), order_event(order))
    publish_booked(uow, owners, flattened.booked)
