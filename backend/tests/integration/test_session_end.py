"""MIS square-off and DAY-order expiry, driven by the market loop with an injected clock."""

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
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.domain.users import Principal, Role, User
from dalal.services.accounts import create_account
from dalal.services.instruments import save_instruments
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.market_loop import MarketLoop
from dalal.services.orders import OrderRequest, place_order
from dalal.settings import Settings

IST = ZoneInfo("Asia/Kolkata")
DAY = (2026, 11, 26)  # a Thursday that is not an NSE holiday
STOCK = Instrument(
    token=920001,
    exchange=Exchange.NSE,
    tradingsymbol="SQOFFCO",
    name="Square Off Co",
    instrument_type=InstrumentType.EQ,
    lot_size=1,
    tick_size=Decimal("0.05"),
)


class SettableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def ist(hour: int, minute: int) -> datetime:
    return datetime(*DAY, hour, minute, tzinfo=IST).astimezone(UTC)


class NullPublisher:
    async def publish(self, channel: str, message: object) -> None:
        return None


@pytest.fixture
async def uow_factory(settings: Settings) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = create_engine(settings.resolved_database_url)
    yield SqlUnitOfWorkFactory(create_session_factory(engine), None)
    await engine.dispose()


async def test_mis_positions_are_squared_off_and_day_orders_expire(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    clock = SettableClock(ist(10, 0))
    market = MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode="nse"),
        quotes=QuoteBook(),
        clock=clock,
    )
    await save_instruments(uow_factory(), [STOCK])
    user = User(
        id=uuid.uuid4(),
        username=f"sq-{uuid.uuid4().hex[:6]}",
        role=Role.TRADER,
        created_at=clock.now(),
        password_hash="x",
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    principal = Principal(user=user)
    account = (
        await create_account(
            uow_factory(), clock, principal=principal, label="SQ", capital=Decimal("100000")
        )
    ).account
    quote = Quote(
        token=STOCK.token,
        at=clock.now(),
        ltp=Decimal("100.00"),
        bid=Decimal("99.95"),
        ask=Decimal("100.05"),
        volume=10_000,
    )
    market.quotes.update([quote])

    def order(side: Side, order_type: OrderType, price: str | None = None) -> OrderRequest:
        return OrderRequest(
            account_id=account.id,
            symbol="SQOFFCO",
            side=side,
            quantity=10,
            order_type=order_type,
            product=Product.MIS,
            price=Decimal(price) if price else None,
        )

    bought = await place_order(
        uow_factory(), market, principal=principal, request=order(Side.BUY, OrderType.MARKET)
    )
    assert bought.order.status is OrderStatus.COMPLETE
    resting = await place_order(
        uow_factory(),
        market,
        principal=principal,
        request=order(Side.BUY, OrderType.LIMIT, "90.00"),
    )
    cnc = await place_order(
        uow_factory(),
        market,
        principal=principal,
        request=OrderRequest(
            account_id=account.id,
            symbol="SQOFFCO",
            side=Side.BUY,
            quantity=1,
            order_type=OrderType.LIMIT,
            product=Product.CNC,
            price=Decimal("80.00"),
        ),
    )
    assert resting.order.status is OrderStatus.OPEN

    loop = MarketLoop(
        uow_factory=uow_factory,
        market=market,
        publisher=NullPublisher(),
        feed=None,
        interval_seconds=1,
    )
    clock.at = ist(15, 19)
    await loop.session_jobs()
    async with uow_factory() as uow:
        assert (await uow.positions.for_accounts([account.id]))[0].quantity == 10

    clock.at = ist(15, 21)
    await loop.session_jobs()
    async with uow_factory() as uow:
        position = (await uow.positions.for_accounts([account.id]))[0]
        fills = await uow.fills.list_for_accounts(
            [account.id], order_id=None, before=None, limit=10
        )
        mis_order = await uow.orders.get_for_accounts(resting.order.id, [account.id])
        cnc_order = await uow.orders.get_for_accounts(cnc.order.id, [account.id])
    assert position.quantity == 0
    assert [f.tag for f in fills] == [FillTag.SQUARE_OFF, FillTag.NORMAL]
    assert fills[0].side is Side.SELL
    assert fills[0].price == Decimal("99.95")
    assert mis_order is not None
    assert mis_order.status is OrderStatus.CANCELLED
    assert cnc_order is not None
    assert cnc_order.status is OrderStatus.OPEN  # CNC orders are not the square-off's business

    clock.at = ist(15, 31)
    await loop.session_jobs()
    await loop.session_jobs()  # idempotent
    async with uow_factory() as uow:
        cnc_order = await uow.orders.get_for_accounts(cnc.order.id, [account.id])
        fills_after = await uow.fills.list_for_accounts(
            [account.id], order_id=None, before=None, limit=10
        )
    assert cnc_order is not None
    assert cnc_order.status is OrderStatus.CANCELLED
    assert "expired" in (cnc_order.cancel_reason or "")
    assert len(fills_after) == 2


async def test_nothing_matches_while_the_market_is_closed(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    clock = SettableClock(ist(10, 0))
    market = MarketDeps(
        calendar=MarketCalendar(load_holidays(), sessions_mode="nse"),
        quotes=QuoteBook(),
        clock=clock,
    )
    await save_instruments(uow_factory(), [STOCK])
    user = User(
        id=uuid.uuid4(),
        username=f"cl-{uuid.uuid4().hex[:6]}",
        role=Role.TRADER,
        created_at=clock.now(),
        password_hash="x",
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    principal = Principal(user=user)
    account = (
        await create_account(
            uow_factory(), clock, principal=principal, label="Closed", capital=Decimal("100000")
        )
    ).account
    market.quotes.update(
        [
            Quote(
                token=STOCK.token,
                at=clock.now(),
                ltp=Decimal("100.00"),
                bid=Decimal("99.95"),
                ask=Decimal("100.05"),
                volume=10_000,
            )
        ]
    )
    resting = await place_order(
        uow_factory(),
        market,
        principal=principal,
        request=OrderRequest(
            account_id=account.id,
            symbol="SQOFFCO",
            side=Side.BUY,
            quantity=1,
            order_type=OrderType.LIMIT,
            product=Product.CNC,
            price=Decimal("95.00"),
        ),
    )
    clock.at = ist(20, 0)  # evening: closed
    loop = MarketLoop(
        uow_factory=uow_factory,
        market=market,
        publisher=NullPublisher(),
        feed=None,
        interval_seconds=1,
    )
    await loop.step(
        [
            Quote(
                token=STOCK.token,
                at=clock.now(),
                ltp=Decimal("90.00"),
                bid=Decimal("89.95"),
                ask=Decimal("90.05"),
                volume=10_000,
            )
        ]
    )
    async with uow_factory() as uow:
        order = await uow.orders.get_for_accounts(resting.order.id, [account.id])
    assert order is not None
    assert order.status is OrderStatus.OPEN  # a closed market fills nothing
