"""Today's P&L: equity now less the start-of-day snapshot and today's deposits/withdrawals."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.market import Quote
from dalal.domain.orders import OrderType, Product, Side
from dalal.services.accounts import create_account, move_cash
from dalal.services.instruments import save_instruments
from dalal.services.orders import OrderRequest, place_order
from dalal.services.portfolio import portfolio
from tests.integration.market_support import (
    SettableClock,
    equity,
    loop_for,
    market_on,
    trader_with_account,
)

IST = ZoneInfo("Asia/Kolkata")
STOCK = equity(930001, "DAYPNLCO")


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


async def test_day_pnl_counts_only_todays_moves_and_not_deposits(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    clock = SettableClock(ist(26, 10))
    market = market_on(clock, "always")
    await save_instruments(uow_factory(), [STOCK])
    me, account = await trader_with_account(uow_factory, clock, label="Carry", capital="100000")
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

    await loop_for(uow_factory, market).session_jobs()  # takes the snapshot at 101.00
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
