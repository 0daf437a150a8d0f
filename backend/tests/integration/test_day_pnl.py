"""Today's P&L: equity now less the start-of-day snapshot and today's deposits/withdrawals."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.users import Principal, Role, User
from dalal.services.accounts import create_account, move_cash
from dalal.services.instruments import save_instruments
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.market_loop import MarketLoop
from dalal.services.orders import OrderRequest, place_order
from dalal.services.portfolio import portfolio
from dalal.settings import Settings

IST = ZoneInfo("Asia/Kolkata")
STOCK = Instrument(
    token=930001,
    exchange=Exchange.NSE,
    tradingsymbol="DAYPNLCO",
    name="Day P&L Co",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.05"),
)


class SettableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


class NullPublisher:
    async def publish(self, channel: str, message: object) -> None:
        return None


def ist(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=IST).astimezone(UTC)


def quote(ltp: str, at: datetime) -> Quote:
    price = Decimal(ltp)
    return Quote(
        token=STOCK.token,
        at=at,
        ltp=price,
        bid=price - Decimal("0.05"),
        ask=price + Decimal("0.05"),
        volume=1000,
    )


@pytest.fixture
async def uow_factory(settings: Settings) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = create_engine(settings.resolved_database_url)
    yield SqlUnitOfWorkFactory(create_session_factory(engine), None)
    await engine.dispose()


async def test_day_pnl_counts_only_todays_moves_and_not_deposits(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    clock = SettableClock(ist(26, 10))
    market = MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode="always"),
        quotes=QuoteBook(),
        clock=clock,
    )
    await save_instruments(uow_factory(), [STOCK])
    user = User(
        id=uuid.uuid4(),
        username=f"day-{uuid.uuid4().hex[:6]}",
        role=Role.TRADER,
        created_at=clock.now(),
        password_hash="x",
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    me = Principal(user=user)
    account = (
        await create_account(
            uow_factory(), clock, principal=me, label="Carry", capital=Decimal("100000")
        )
    ).account
    market.quotes.update([quote("100.00", clock.now())])
    await place_order(
        uow_factory(),
        market,
        principal=me,
        request=OrderRequest(
            account_id=account.id,
            symbol="DAYPNLCO",
            side=Side.BUY,
            quantity=10,
            order_type=OrderType.MARKET,
            product=Product.CNC,
        ),
    )

    clock.at = ist(27, 9)  # the next day, before anything ran
    market.quotes.update([quote("101.00", clock.now())])
    before = (await portfolio(uow_factory(), market, principal=me)).accounts[0]
    assert before.day_pnl is None  # no start-of-day snapshot yet: unknown, not zero

    loop = MarketLoop(
        uow_factory=uow_factory,
        market=market,
        publisher=NullPublisher(),
        feed=None,
        interval_seconds=1,
    )
    await loop.session_jobs()  # takes the snapshot at 101.00
    await move_cash(
        uow_factory(),
        clock,
        principal=me,
        account_id=account.id,
        amount=Decimal("5000"),
        withdraw=False,
    )
    fresh = (
        await create_account(
            uow_factory(), clock, principal=me, label="New today", capital=Decimal("20000")
        )
    ).account
    clock.at = ist(27, 11)
    market.quotes.update([quote("103.00", clock.now())])
    books = {
        a.account.id: a for a in (await portfolio(uow_factory(), market, principal=me)).accounts
    }
    assert books[account.id].day_pnl == Decimal("20.00")  # 10 × (103 − 101); the deposit isn't P&L
    assert books[fresh.id].day_pnl == Decimal("0.00")
