"""Booking fills: charges, order, position and ledger, written in the caller's transaction.

One path for every fill, whether it happens at placement (a MARKET order against the quote)
or later in the matching loop, so the books can't disagree about how a fill is booked.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dalal.domain.accounts import Account
from dalal.domain.charges import charges_for_fill, parse_template
from dalal.domain.instruments import Instrument
from dalal.domain.ledger import entries_for_fill
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, Product
from dalal.domain.positions import Position
from dalal.engine.matching import SQUARE_OFF_SOURCE, FillIntent, OrderUpdate, fill_from_intent
from dalal.services.ports import UnitOfWork

IST = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True, slots=True)
class Booked:
    orders: list[Order]
    fills: list[Fill]
    positions: list[Position]


def _charge(
    account: Account, instrument: Instrument, order: Order, intent: FillIntent, prior: Decimal
) -> Fill:
    """``prior`` is the value of the order's fills before this one (see the charges module)."""
    charges = charges_for_fill(
        parse_template(account.charges_template),
        segment=instrument.segment,
        exchange=instrument.cash_exchange,
        product=order.product,
        side=order.side,
        price=intent.price,
        quantity=intent.quantity,
        trade_date=intent.at.astimezone(IST).date(),
        prior_order_turnover=prior,
        auto_square_off=order.triggered_by == SQUARE_OFF_SOURCE,
    )
    return fill_from_intent(intent, order, fill_id=uuid.uuid4(), charges=charges)


async def book_updates(
    uow: UnitOfWork,
    updates: Sequence[tuple[Order, OrderUpdate]],
    *,
    accounts: Mapping[uuid.UUID, Account],
    instruments: Mapping[int, Instrument],
    at: datetime,
    new_orders: bool = False,
    locked_positions: Mapping[tuple[uuid.UUID, int, Product], Position] | None = None,
) -> Booked:
    """Persist matched order updates: each intent becomes a charged fill, applied to its order,
    its position (locked) and the ledger. ``updates`` pairs the order before matching with
    the update, so charges know the turnover already filled. ``new_orders``: the orders are
    not stored yet (a signal's fan-out), so they are inserted in their final state.
    ``locked_positions``: the accounts' positions, already read under lock in this
    transaction; the fills apply to them without reading them again."""
    fills: list[Fill] = []
    orders: list[Order] = []
    for before, update in updates:
        # Not a replay of the order through its events: a stop that triggers and fills on
        # the same quote goes TRIGGER_PENDING → OPEN → filled, and only the update has that.
        prior = before.filled_value
        account, instrument = accounts[before.account_id], instruments[before.token]
        for intent in update.fills:
            fills.append(_charge(account, instrument, before, intent, prior))
            prior += intent.price * intent.quantity
        orders.append(update.order)
    positions = await _apply_to_positions(uow, fills, orders, at=at, known=locked_positions)
    if new_orders:
        await uow.orders.add_many(orders)
    else:
        await uow.orders.save_many(orders)
    await uow.fills.add_many(fills)
    await uow.ledger.append([e for fill in fills for e in entries_for_fill(fill)])
    return Booked(orders=orders, fills=fills, positions=positions)


async def _apply_to_positions(
    uow: UnitOfWork,
    fills: Sequence[Fill],
    orders: Sequence[Order],
    *,
    at: datetime,
    known: Mapping[tuple[uuid.UUID, int, Product], Position] | None,
) -> list[Position]:
    if not fills:
        return []
    product_of = {o.id: o.product for o in orders}
    keys = sorted({(f.account_id, f.token, product_of[f.order_id]) for f in fills}, key=str)
    if known is None:
        existing = await uow.positions.for_accounts(
            sorted({k[0] for k in keys}, key=str), keys=keys, lock=True
        )
        known = {(p.account_id, p.token, p.product): p for p in existing}
    book = {k: known[k] for k in keys if k in known}
    for fill in fills:
        key = (fill.account_id, fill.token, product_of[fill.order_id])
        position = book.get(key) or Position(account_id=key[0], token=key[1], product=key[2])
        book[key] = position.apply(fill)
    changed = [book[k] for k in keys]
    await uow.positions.save_many(changed, at=at)
    return changed
