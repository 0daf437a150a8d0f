"""Shared pieces for the copy-trading service tests: a master account with followers (one
per multiplier), an instrument with a quote, and readers of what each account holds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.accounts import Account
from dalal.domain.instruments import Instrument
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderType, Product, Side
from dalal.domain.users import Principal
from dalal.services.accounts import create_account
from dalal.services.market import MarketDeps
from dalal.services.orders import OrderRequest, PlacedOrder, place_order
from tests.integration.market_support import SettableClock, equity, market_on, trader_with_account
from tests.integration.signal_support import OPEN_AT, quote


@dataclass
class CopyDesk:
    clock: SettableClock
    market: MarketDeps
    principal: Principal
    master: Account
    followers: list[Account]
    instrument: Instrument


async def make_copy_desk(
    uow_factory: SqlUnitOfWorkFactory,
    *,
    multipliers: list[str],
    capitals: list[str] | None = None,
    instrument: Instrument | None = None,
    price: str = "100.00",
) -> CopyDesk:
    clock = SettableClock(OPEN_AT)
    market = market_on(clock, "nse")
    if instrument is None:
        token = 6_000_000 + uuid.uuid4().int % 1_000_000
        instrument = equity(token, f"CPY{token}")
    async with uow_factory() as uow:
        await uow.instruments.upsert_many([instrument])
        await uow.commit()
    principal, master = await trader_with_account(
        uow_factory, clock, label="Master", capital="1000000"
    )
    followers = []
    for i, multiplier in enumerate(multipliers):
        created = await create_account(
            uow_factory(),
            clock,
            principal=principal,
            label=f"F{i + 1}",
            capital=Decimal(capitals[i] if capitals else "1000000"),
            multiplier=Decimal(multiplier),
            copies=master.id,
        )
        followers.append(created.account)
    quote(market, instrument.token, price)
    return CopyDesk(clock, market, principal, master, followers, instrument)


async def place(
    uow_factory: SqlUnitOfWorkFactory,
    desk: CopyDesk,
    *,
    account: Account | None = None,
    side: Side = Side.BUY,
    quantity: int = 10,
    order_type: OrderType = OrderType.MARKET,
    price: str | None = None,
    product: Product = Product.CNC,
    triggered_by: str = "manual",
) -> PlacedOrder:
    return await place_order(
        uow_factory(),
        desk.market,
        principal=desk.principal,
        request=OrderRequest(
            account_id=(account or desk.master).id,
            symbol=desk.instrument.tradingsymbol,
            side=side,
            quantity=quantity,
            order_type=order_type,
            product=product,
            price=Decimal(price) if price else None,
            triggered_by=triggered_by,
        ),
    )


async def held(uow_factory: SqlUnitOfWorkFactory, desk: CopyDesk) -> list[int]:
    """What the master and each follower hold of the instrument, in that order."""
    accounts = [desk.master, *desk.followers]
    async with uow_factory() as uow:
        positions = await uow.positions.for_accounts([a.id for a in accounts])
    quantity = {p.account_id: p.quantity for p in positions if p.token == desk.instrument.token}
    return [quantity.get(a.id, 0) for a in accounts]


async def fills_of(uow_factory: SqlUnitOfWorkFactory, accounts: list[Account]) -> list[Fill]:
    async with uow_factory() as uow:
        return await uow.fills.list_for_accounts(
            [a.id for a in accounts], order_id=None, before=None, limit=100
        )


async def orders_of(uow_factory: SqlUnitOfWorkFactory, accounts: list[Account]) -> list[Order]:
    async with uow_factory() as uow:
        return await uow.orders.list_for_accounts(
            [a.id for a in accounts], statuses=None, before=None, limit=100
        )
