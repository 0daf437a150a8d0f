"""Shared pieces for the risk service tests: a trader with an account on a fresh equity, a
market on a settable clock whose loop runs matching and the risk monitor, and order helpers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Literal

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.accounts import Account
from dalal.domain.instruments import Instrument
from dalal.domain.market import Quote
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderStatus, OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.domain.risk.levels import PositionStops
from dalal.domain.users import Principal
from dalal.engine.matching import MatchingConfig
from dalal.services.accounts import create_account
from dalal.services.instruments import save_instruments
from dalal.services.market import MarketDeps
from dalal.services.market_loop import MarketLoop
from dalal.services.orders import OrderRequest, PlacedOrder, place_order
from tests.integration.market_support import (
    SettableClock,
    equity,
    loop_for,
    market_on,
    trader_with_account,
)

# Thursday 26 November 2026, 10:00 IST: an NSE trading day, the session open.
OPEN_AT = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)


@dataclass
class Desk:
    uow_factory: SqlUnitOfWorkFactory
    clock: SettableClock
    market: MarketDeps
    loop: MarketLoop
    principal: Principal
    account: Account
    stock: Instrument

    async def second_account(self, label: str = "second", capital: str = "1000000") -> Account:
        created = await create_account(
            self.uow_factory(), self.clock, principal=self.principal, label=label,
            capital=Decimal(capital),
        )  # fmt: skip
        return created.account

    def quote(
        self, ltp: str, spread: str = "0.05", token: int | None = None, volume: int = 1_000_000
    ) -> Quote:
        price = Decimal(ltp)
        return Quote(
            token=token or self.stock.token,
            at=self.clock.now(),
            ltp=price,
            bid=price - Decimal(spread),
            ask=price + Decimal(spread),
            volume=volume,
        )

    def set_price(self, ltp: str) -> None:
        """The quote a new order meets (no matching, no risk pass)."""
        self.market.quotes.update([self.quote(ltp)])

    async def tick(self, *prices: str, volume: int = 1_000_000) -> None:
        """One loop step with these ticks, in order: matching, then the risk monitor.
        ``volume``: what each tick traded (a participation cap fills that share of it)."""
        self.clock.at += timedelta(seconds=1)
        await self.loop.step([self.quote(p, volume=volume) for p in prices])

    async def order(
        self,
        side: Side = Side.BUY,
        quantity: int = 10,
        *,
        order_type: OrderType = OrderType.MARKET,
        price: str | None = None,
        product: Product = Product.MIS,
        account: Account | None = None,
        stops: PositionStops | None = None,
        triggered_by: str = "manual",
    ) -> PlacedOrder:
        return await place_order(
            self.uow_factory(),
            self.market,
            principal=self.principal,
            request=OrderRequest(
                account_id=(account or self.account).id,
                symbol=self.stock.tradingsymbol,
                side=side,
                quantity=quantity,
                order_type=order_type,
                product=product,
                price=Decimal(price) if price else None,
                stops=stops,
                triggered_by=triggered_by,
            ),
        )

    async def positions(self, account: Account | None = None) -> dict[Product, int]:
        async with self.uow_factory() as uow:
            found = await uow.positions.for_accounts([(account or self.account).id])
        return {p.product: p.quantity for p in found if p.token == self.stock.token}

    async def position(self, account: Account | None = None) -> Position | None:
        async with self.uow_factory() as uow:
            found = await uow.positions.for_accounts([(account or self.account).id])
        return next((p for p in found if p.token == self.stock.token), None)

    async def fills(self, account: Account | None = None) -> list[Fill]:
        async with self.uow_factory() as uow:
            return await uow.fills.list_for_accounts(
                [(account or self.account).id], order_id=None, before=None, limit=1000
            )

    async def orders(
        self, account: Account | None = None, statuses: list[OrderStatus] | None = None
    ) -> list[Order]:
        async with self.uow_factory() as uow:
            return await uow.orders.list_for_accounts(
                [(account or self.account).id], statuses=statuses, before=None, limit=1000
            )


async def make_desk(
    uow_factory: SqlUnitOfWorkFactory,
    *,
    sessions: Literal["nse", "always"] = "nse",
    capital: str = "1000000",
    price: str = "100.00",
    at: datetime = OPEN_AT,
    matching: MatchingConfig | None = None,
) -> Desk:
    clock = SettableClock(at)
    market = market_on(clock, sessions)
    if matching is not None:  # e.g. a participation cap, for fills in parts
        market = replace(market, matching=matching)
    token = 6_000_000 + uuid.uuid4().int % 1_000_000
    stock = equity(token, f"RISK{token}")
    await save_instruments(uow_factory(), [stock])
    principal, account = await trader_with_account(
        uow_factory, clock, label="main", capital=capital
    )
    desk = Desk(
        uow_factory, clock, market, loop_for(uow_factory, market), principal, account, stock
    )
    desk.set_price(price)
    return desk
