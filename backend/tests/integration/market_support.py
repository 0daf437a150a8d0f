"""Shared pieces for service tests that drive the market by hand: a settable clock, a market
on that clock, a trader with an account, and an equity to trade."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.accounts import Account
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.users import Principal, Role, User
from dalal.services.accounts import create_account
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.market_loop import MarketLoop


class SettableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


class NullPublisher:
    async def publish(self, channel: str, message: object) -> None:
        return None


def equity(token: int, symbol: str) -> Instrument:
    return Instrument(
        token=token,
        exchange=Exchange.NSE,
        tradingsymbol=symbol,
        name=symbol.title(),
        instrument_type=InstrumentType.EQ,
        lot_size=1,
        tick_size=Decimal("0.05"),
    )


def market_on(clock: SettableClock, sessions: Literal["nse", "always"]) -> MarketDeps:
    return MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode=sessions),
        quotes=QuoteBook(),
        clock=clock,
    )


def loop_for(uow_factory: SqlUnitOfWorkFactory, market: MarketDeps) -> MarketLoop:
    return MarketLoop(
        uow_factory=uow_factory,
        market=market,
        publisher=NullPublisher(),
        feed=None,
        interval_seconds=1,
    )


async def trader_with_account(
    uow_factory: SqlUnitOfWorkFactory, clock: SettableClock, *, label: str, capital: str
) -> tuple[Principal, Account]:
    user = User(
        id=uuid.uuid4(),
        username=f"t-{uuid.uuid4().hex[:8]}",
        role=Role.TRADER,
        created_at=clock.now(),
        password_hash="unused",
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    principal = Principal(user=user)
    created = await create_account(
        uow_factory(), clock, principal=principal, label=label, capital=Decimal(capital)
    )
    return principal, created.account
