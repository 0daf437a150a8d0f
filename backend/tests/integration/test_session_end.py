"""MIS square-off and DAY-order expiry, driven by the market loop with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.market import Quote
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.services.instruments import save_instruments
from dalal.services.orders import OrderRequest, place_order
from tests.integration.market_support import (
    SettableClock,
    equity,
    loop_for,
    market_on,
    trader_with_account,
)

IST = ZoneInfo("Asia/Kolkata")
DAY = (2026, 11, 26)  # a Thursday that is not an NSE holiday
STOCK = equity(920001, "SQOFFCO")


def ist(hour: int, minute: int) -> datetime:
    return datetime(*DAY, hour, minute, tzinfo=IST).astimezone(UTC)


async def test_mis_positions_are_squared_off_and_day_orders_expire(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    clock = SettableClock(ist(10, 0))
    market = market_on(clock, "nse")
    await save_instruments(uow_factory(), [STOCK])
    principal, account = await trader_with_account(uow_factory, clock, label="SQ", capital="100000")
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

    loop = loop_for(uow_factory, market)
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
    market = market_on(clock, "nse")
    await save_instruments(uow_factory(), [STOCK])
    principal, account = await trader_with_account(
        uow_factory, clock, label="Closed", capital="100000"
    )
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
    loop = loop_for(uow_factory, market)
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


async def test_a_position_left_to_the_square_off_pays_the_brokers_fee_over_a_manual_close(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    # Two traders buy 10 MIS at the ask 100.05; one sells at 15:19, the other leaves it to the
    # broker, whose 15:20 square-off sells at the same bid 99.95. Zerodha's ₹50 + 18% GST per
    # squared-off order: the second pays 59.00 more, in its fill, position and cash.
    clock = SettableClock(ist(10, 0))
    market = market_on(clock, "nse")
    await save_instruments(uow_factory(), [STOCK])
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
    traders = [
        await trader_with_account(uow_factory, clock, label=label, capital="100000")
        for label in ("Manual", "Left")
    ]

    async def trade(index: int, side: Side) -> None:
        principal, account = traders[index]
        placed = await place_order(
            uow_factory(),
            market,
            principal=principal,
            request=OrderRequest(
                account_id=account.id,
                symbol="SQOFFCO",
                side=side,
                quantity=10,
                order_type=OrderType.MARKET,
                product=Product.MIS,
            ),
        )
        assert placed.order.status is OrderStatus.COMPLETE

    await trade(0, Side.BUY)
    await trade(1, Side.BUY)
    clock.at = ist(15, 19)
    await trade(0, Side.SELL)
    clock.at = ist(15, 21)
    await loop_for(uow_factory, market).session_jobs()

    ids = [account.id for _, account in traders]
    async with uow_factory() as uow:
        exits = [
            (await uow.fills.list_for_accounts([i], order_id=None, before=None, limit=1))[0]
            for i in ids
        ]
        positions = [(await uow.positions.for_accounts([i]))[0] for i in ids]
        cash = await uow.ledger.cash(ids)
    manual, squared = exits
    assert (manual.tag, squared.tag) == (FillTag.NORMAL, FillTag.SQUARE_OFF)
    assert manual.price == squared.price == Decimal("99.95")
    assert (manual.charges.auto_square_off, squared.charges.auto_square_off) == (
        Decimal("0"),
        Decimal("50.00"),
    )
    assert squared.charges.gst - manual.charges.gst == Decimal("9.00")
    assert squared.charges.total - manual.charges.total == Decimal("59.00")
    assert positions[1].charges.auto_square_off == Decimal("50.00")
    assert positions[1].charges.total - positions[0].charges.total == Decimal("59.00")
    assert cash[ids[0]] - cash[ids[1]] == Decimal("59.00")
