"""End-of-session rules: the broker's MIS square-off and the expiry of DAY orders.

Zerodha squares off MIS positions at 15:20 IST for equity and 15:25 for F&O (configurable on
the calendar), with MARKET exits whose fills are tagged ``SQUARE_OFF``; working MIS orders
in those segments are cancelled first. DAY orders still working at the 15:30 close expire.
Both are idempotent: run again, they find nothing left to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from dalal.domain.instruments import Segment
from dalal.domain.money import ZERO
from dalal.domain.order_book import Cancelled, Order
from dalal.domain.orders import OrderStatus, Product
from dalal.engine.matching import expire_day_orders, square_off_intents
from dalal.services.booking import Booked, book_updates
from dalal.services.market import MarketDeps
from dalal.services.order_events import orders_channel, positions_channel, publish_booked
from dalal.services.ports import UnitOfWork

SQUARE_OFF_CANCEL_REASON = "cancelled at the broker's MIS square-off"


async def square_off_mis(
    uow: UnitOfWork, market: MarketDeps, *, segments: Iterable[Segment], at: datetime
) -> Booked:
    wanted = set(segments)
    async with uow:
        positions = list(await uow.positions.open_with_product(Product.MIS))
        working = await uow.orders.live(lock=True)
        instruments = await uow.instruments.get_many(
            {p.token for p in positions} | {o.token for o in working}
        )
        positions = [p for p in positions if instruments[p.token].segment in wanted]
        cancelled = [
            o.apply(Cancelled(SQUARE_OFF_CANCEL_REASON, at))
            for o in working
            if o.product is Product.MIS and instruments[o.token].segment in wanted
        ]
        await uow.orders.save_many(cancelled)
        quotes = {p.token: q for p in positions if (q := market.quotes.get(p.token)) is not None}
        updates = square_off_intents(
            positions, quotes, at, instruments=instruments, config=market.matching
        )
        pairs = []
        for update in updates:
            before = _accepted(update.order, at)
            await uow.orders.add(before)
            pairs.append((before, update))
        accounts = await uow.accounts.by_ids(
            {p.account_id for p in positions} | {o.account_id for o in cancelled}
        )
        booked = await book_updates(uow, pairs, accounts=accounts, instruments=instruments, at=at)
        owners = {a.id: a.user_id for a in accounts.values()}
        for order in cancelled:
            uow.publish_after_commit(orders_channel(owners[order.account_id]), _event(order))
        publish_booked(uow, owners, booked)
        await uow.commit()
    return booked


async def expire_day_orders_at_close(uow: UnitOfWork, *, close: datetime) -> list[Order]:
    async with uow:
        expired = expire_day_orders(await uow.orders.live(lock=True), close)
        await uow.orders.save_many(expired)
        if expired:
            accounts = await uow.accounts.by_ids({o.account_id for o in expired})
            for order in expired:
                user = accounts[order.account_id].user_id
                uow.publish_after_commit(orders_channel(user), _event(order))
        await uow.commit()
    return expired


def _accepted(order: Order, at: datetime) -> Order:
    """The square-off order as placed, before its fill (inserted first, then booked)."""
    return replace(
        order, status=OrderStatus.OPEN, filled_quantity=0, filled_value=ZERO, updated_at=at
    )


def _event(order: Order) -> dict[str, object]:
    return {"type": "order", "id": str(order.id), "account_id": str(order.account_id)}


__all__ = ["expire_day_orders_at_close", "positions_channel", "square_off_mis"]
