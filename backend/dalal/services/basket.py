"""Baskets: several legs placed together to each of several accounts.

Each account gets the whole basket in one transaction (``orders.place_orders``): every leg
meets the same checks as a single order (ownership, instrument, session, tick and lot,
risk gate, margin), each seeing what the earlier legs left. If any leg is refused, nothing
of the basket is placed for that account and its result carries the leg and the reason;
the other accounts go on. Accounts are placed one after another, in the order given.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.instruments import Exchange, Instrument
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.risk.levels import PositionStops
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.orders import (
    BatchOrderRefused,
    OrderRequest,
    PlacedOrder,
    UnknownSymbol,
    place_orders,
)
from dalal.services.ports import UnitOfWork

MAX_BASKET_LEGS = 20
MAX_BASKET_ACCOUNTS = 50


@dataclass(frozen=True, slots=True)
class BasketLeg:
    symbol: str
    side: Side
    lots: int
    product: Product = Product.NRML
    order_type: OrderType = OrderType.MARKET
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    exchange: Exchange | None = None
    stops: PositionStops | None = None  # a per-leg bracket (SL, target, trailing)


@dataclass(frozen=True, slots=True)
class BasketRefused:
    """Why an account got nothing: the refused leg (its index) and the reason."""

    leg: int
    error: DomainError


@dataclass(frozen=True, slots=True)
class AccountBasket:
    account_id: uuid.UUID
    placed: list[PlacedOrder]
    refused: BasketRefused | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


def _check(legs: Sequence[BasketLeg], account_ids: Sequence[uuid.UUID]) -> None:
    if not 1 <= len(legs) <= MAX_BASKET_LEGS:
        raise InvalidInput(f"Give 1 to {MAX_BASKET_LEGS} legs.", field="legs")
    if not 1 <= len(account_ids) <= MAX_BASKET_ACCOUNTS:
        raise InvalidInput(f"Pick 1 to {MAX_BASKET_ACCOUNTS} accounts.", field="accountIds")
    if len(set(account_ids)) != len(account_ids):
        raise InvalidInput("Each account may appear once.", field="accountIds")
    for i, leg in enumerate(legs):
        if not 1 <= leg.lots <= 10_000:
            raise InvalidInput("Trade 1 to 10,000 lots per leg.", field=f"legs.{i}.lots")


async def _instruments(uow: UnitOfWork, legs: Sequence[BasketLeg]) -> list[Instrument]:
    found = []
    async with uow:
        for i, leg in enumerate(legs):
            instrument = await uow.instruments.by_symbol(leg.symbol.strip(), leg.exchange)
            if instrument is None:
                raise UnknownSymbol(
                    f"Leg {i + 1}: no instrument '{leg.symbol}'. Pick it from the chain.",
                    field=f"legs.{i}.symbol",
                )
            found.append(instrument)
    return found


def _requests(
    account_id: uuid.UUID, legs: Sequence[BasketLeg], instruments: Sequence[Instrument]
) -> list[OrderRequest]:
    return [
        OrderRequest(
            account_id=account_id,
            symbol=instrument.tradingsymbol,
            exchange=instrument.exchange,
            side=leg.side,
            quantity=leg.lots * instrument.lot_size,
            order_type=leg.order_type,
            product=leg.product,
            price=leg.price,
            trigger_price=leg.trigger_price,
            stops=leg.stops,
        )
        for leg, instrument in zip(legs, instruments, strict=True)
    ]


async def place_basket(
    uow_factory: Callable[[], UnitOfWork],
    market: MarketDeps,
    *,
    principal: Principal,
    legs: Sequence[BasketLeg],
    account_ids: Sequence[uuid.UUID],
) -> list[AccountBasket]:
    """Every leg to every account, all-or-nothing per account (see the module docstring)."""
    _check(legs, account_ids)
    instruments = await _instruments(uow_factory(), legs)
    results = []
    for account_id in account_ids:
        requests = _requests(account_id, legs, instruments)
        try:
            placed = await place_orders(
                uow_factory(), market, principal=principal, requests=requests
            )
        except BatchOrderRefused as refused:
            results.append(
                AccountBasket(account_id, [], BasketRefused(refused.index, refused.error))
            )
            continue
        results.append(AccountBasket(account_id, placed))
    return results
