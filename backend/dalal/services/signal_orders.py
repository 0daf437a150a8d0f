"""Per-account orders of a signal execution: pre-trade checks and the one-price fill.

Every account gets its own order, checked on its own (session, lot size, shorting, margin);
one account's rejection is recorded on its allocation and never blocks the others. The fill
price is the execution's, the same for everyone; charges are each account's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Instrument
from dalal.domain.margin import check_margin, free_margin, required_margin
from dalal.domain.order_book import Accepted, Filled, Order
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.domain.risk.panic import OrderOrigin, strategy_of
from dalal.engine.matching import EXIT_TAGS, FillIntent, OrderUpdate
from dalal.services.market import MarketDeps
from dalal.services.order_checks import mark_positions, validate_order
from dalal.services.ports import UnitOfWork
from dalal.services.pretrade import FanoutGate, load_fanout_gates


@dataclass(frozen=True, slots=True)
class OrderIntent:
    """One account's order in a fan-out; ``key`` ties it back to its allocation."""

    key: uuid.UUID
    account_id: uuid.UUID
    instrument: Instrument
    side: Side
    quantity: int
    price: Decimal
    product: Product
    check_margin: bool = True


@dataclass(slots=True)
class AccountBook:
    """What the pre-trade checks know of the target accounts, loaded in bulk and locked."""

    accounts: Mapping[uuid.UUID, Account]
    positions: dict[tuple[uuid.UUID, int, Product], Position]
    free: dict[uuid.UUID, Decimal] = field(default_factory=dict)
    risk: dict[uuid.UUID, FanoutGate] = field(default_factory=dict)  # per owner

    def held(self, account_id: uuid.UUID, token: int, product: Product) -> int:
        position = self.positions.get((account_id, token, product))
        return position.quantity if position is not None else 0


async def load_account_book(
    uow: UnitOfWork, market: MarketDeps, accounts: Mapping[uuid.UUID, Account]
) -> AccountBook:
    """Lock the accounts (in id order, as order placement does) and read their positions,
    cash and free margin, and the owners' risk gates: six statements for any number of
    accounts (more when a daily or exposure limit needs the accounts' day P&L)."""
    ids = sorted(accounts, key=str)
    positions = await uow.positions.for_accounts(ids, lock=True)
    cash = await uow.ledger.cash(ids)
    instruments = await uow.instruments.get_many({p.token for p in positions if p.is_open})
    book = AccountBook(
        accounts=accounts, positions={(p.account_id, p.token, p.product): p for p in positions}
    )
    own: dict[uuid.UUID, list[Position]] = {account_id: [] for account_id in ids}
    for p in positions:
        own[p.account_id].append(p)
    for account_id in ids:
        marked = mark_positions(market, own[account_id])
        book.free[account_id] = free_margin(
            cash.get(account_id, Decimal(0)), own[account_id], instruments, marked.marks,
            market.margin, value=marked.value,
        )  # fmt: skip
    book.risk = await load_fanout_gates(uow, market, accounts)  # after the lock, as placement
    return book


def build_orders(
    intents: Sequence[OrderIntent],
    book: AccountBook,
    market: MarketDeps,
    *,
    at: datetime,
    triggered_by: str,
    group_id: uuid.UUID | None = None,
) -> tuple[list[tuple[OrderIntent, Order, OrderUpdate]], dict[uuid.UUID, str]]:
    """Filled orders for the intents that pass their checks, and the reasons of the others.

    ``group_id``: the signal group behind the orders, for its risk rules and panic. The
    risk engine's own exits (``triggered_by`` a risk source) skip the risk checks."""
    risk_exit = triggered_by in EXIT_TAGS
    filled: list[tuple[OrderIntent, Order, OrderUpdate]] = []
    refused: dict[uuid.UUID, str] = {}
    for intent in intents:
        order = Order.new(
            account_id=intent.account_id,
            token=intent.instrument.token,
            side=intent.side,
            quantity=intent.quantity,
            order_type=OrderType.MARKET,
            product=intent.product,
            at=at,
            triggered_by=triggered_by,
        )
        try:
            if not risk_exit:
                _check_risk(intent, order, book, group_id)
            _check(intent, order, book, market)
        except DomainError as exc:
            refused[intent.key] = exc.message
            continue
        accepted = order.apply(Accepted(at))
        done = accepted.apply(Filled(intent.quantity, intent.price, at))
        fill = FillIntent(order.id, intent.quantity, intent.price, at)
        filled.append((intent, accepted, OrderUpdate(done, (fill,))))
    return filled, refused


def _check_risk(
    intent: OrderIntent, order: Order, book: AccountBook, group_id: uuid.UUID | None
) -> None:
    owner = book.accounts[intent.account_id].user_id
    gate = book.risk.get(owner)
    if gate is None:
        return
    held = book.held(intent.account_id, intent.instrument.token, intent.product)
    origin = OrderOrigin(
        intent.account_id,
        strategy_id=strategy_of(order.triggered_by),
        group_id=str(group_id) if group_id else None,
    )
    gate.check(origin, order, intent.instrument, intent.price, held)


def _check(intent: OrderIntent, order: Order, book: AccountBook, market: MarketDeps) -> None:
    held = book.held(intent.account_id, intent.instrument.token, intent.product)
    validate_order(order, intent.instrument, market, held=held)
    if not intent.check_margin:
        return
    required = required_margin(
        intent.instrument,
        intent.product,
        intent.side,
        intent.quantity,
        intent.price,
        position_quantity=held,
        config=market.margin,
    )
    if required <= 0:
        return
    available = book.free.get(intent.account_id, Decimal(0))
    check_margin(required, available)
    book.free[intent.account_id] = available - required  # later legs see what this one used
