"""The risk monitor in the engine loop, on PostgreSQL: brackets, stops through gaps, OCO,
trailing stops, bursts of ticks, account limits with their three actions, the auto
square-off time, and a restart in the middle of a breach."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta
from decimal import Decimal

import pytest

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.domain.risk.events import RiskEventKind
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.domain.risk.limits import BreachAction, RiskLimits, RiskScope, RuleKind
from dalal.domain.risk.pretrade import RiskRejected
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.position_stops import set_position_stops
from dalal.services.risk_rules import set_risk_limits
from tests.integration.market_support import loop_for
from tests.integration.risk_support import OPEN_AT, Desk, make_desk

D = Decimal
SL5_T10 = PositionStops(
    stop_loss=Level(Offset.POINTS, D("5")), target=Level(Offset.POINTS, D("10"))
)


async def _guards(desk: Desk) -> list[object]:
    async with desk.uow_factory() as uow:
        return list(await uow.risk.guards_for_accounts([desk.account.id]))


async def _events(desk: Desk) -> list[object]:
    async with desk.uow_factory() as uow:
        return list(
            await uow.risk.events_for_user(desk.principal.user.id, before_id=None, limit=100)
        )


def _tagged(fills: list[object], tag: FillTag) -> list[object]:
    return [f for f in fills if f.tag is tag]  # type: ignore[attr-defined]


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_a_bracket_order_s_stop_exits_at_the_gap_price_not_the_stop(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    entry = await desk.order(Side.BUY, 10, stops=SL5_T10)
    assert entry.fills[0].price == D("100.05")
    [guard] = await _guards(desk)
    assert (guard.stop_price, guard.target_price) == (D("95.05"), D("110.05"))  # type: ignore[attr-defined]

    await desk.tick("97.00", "95.10")
    assert await desk.positions() == {Product.MIS: 10}
    await desk.tick("93.00")  # gaps through 95.05

    [exit_fill] = _tagged(await desk.fills(), FillTag.SL)
    assert (exit_fill.side, exit_fill.quantity, exit_fill.price) == (Side.SELL, 10, D("92.95"))  # type: ignore[attr-defined]
    assert await desk.positions() == {Product.MIS: 0}
    assert await _guards(desk) == []
    [event] = [e for e in await _events(desk) if e.kind is RiskEventKind.EXIT]  # type: ignore[attr-defined]
    assert event.rule is RuleKind.SL  # type: ignore[attr-defined]


async def test_the_target_and_the_stop_cancel_each_other(uow_factory: SqlUnitOfWorkFactory) -> None:
    desk = await make_desk(uow_factory)
    await desk.order(Side.BUY, 10, stops=SL5_T10)
    await desk.tick("110.10")
    await desk.tick("90.00", "80.00")  # through the stop: but it left with the target
    fills = await desk.fills()
    assert [f.price for f in _tagged(fills, FillTag.TARGET)] == [D("110.05")]
    assert _tagged(fills, FillTag.SL) == []
    assert await desk.positions() == {Product.MIS: 0}


async def test_a_resting_entry_s_bracket_guards_the_position_once_it_fills(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    placed = await desk.order(
        Side.SELL, 4, order_type=OrderType.LIMIT, price="101.00", stops=SL5_T10
    )
    assert placed.order.status is OrderStatus.OPEN
    assert await _guards(desk) == []
    await desk.tick("101.10")  # the short fills at the bid, 101.05
    [guard] = await _guards(desk)
    assert (guard.direction, guard.stop_price) == (-1, D("106.05"))  # type: ignore[attr-defined]
    await desk.tick("106.10")
    [exit_fill] = _tagged(await desk.fills(), FillTag.SL)
    assert (exit_fill.side, exit_fill.price) == (Side.BUY, D("106.15"))  # type: ignore[attr-defined]


async def test_a_trailing_stop_ratchets_in_the_database_and_never_loosens(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    await desk.order(Side.BUY, 10)
    await set_position_stops(
        uow_factory(),
        desk.market,
        principal=desk.principal,
        account_id=desk.account.id,
        symbol=desk.stock.tradingsymbol,
        product=Product.MIS,
        stops=PositionStops(trail=Trail(Level(Offset.POINTS, D("2")), step=D("0.5"))),
    )
    stops = []
    for price in ("101.00", "104.30", "102.50", "103.00"):
        await desk.tick(price)
        [guard] = await _guards(desk)
        stops.append(guard.trail_stop)  # type: ignore[attr-defined]
    assert stops == [D("98.55"), D("102.05"), D("102.05"), D("102.05")]  # whole 0.5 steps
    await desk.tick("102.00")
    [exit_fill] = _tagged(await desk.fills(), FillTag.TSL)
    assert exit_fill.price == D("101.95")  # type: ignore[attr-defined]


async def test_a_burst_of_a_thousand_ticks_through_a_stop_makes_one_exit(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    await desk.order(Side.BUY, 10, stops=SL5_T10)
    await desk.tick(*[f"{94 - (i % 7) * D('0.05')}" for i in range(1000)])  # one batch
    second = loop_for(uow_factory, desk.market)  # a second loop, as if another process
    burst = [desk.loop.step([desk.quote("93.00")]) for _ in range(200)]
    burst += [second.step([desk.quote("92.00")]) for _ in range(200)]
    await asyncio.gather(*burst)
    assert len(_tagged(await desk.fills(), FillTag.SL)) == 1
    assert await desk.positions() == {Product.MIS: 0}


async def _limit_desk(uow_factory: SqlUnitOfWorkFactory, action: BreachAction) -> Desk:
    desk = await make_desk(uow_factory)
    await set_risk_limits(
        uow_factory(),
        desk.market,
        principal=desk.principal,
        scope=RiskScope.account(desk.account.id),
        limits=RiskLimits(daily_loss_limit=D("300"), on_breach=action),
    )
    await desk.order(Side.BUY, 10)
    await desk.order(Side.BUY, 5, order_type=OrderType.LIMIT, price="50.00")
    return desk


@pytest.mark.smoke  # also on the embedded SQLite database
@pytest.mark.parametrize(
    ("action", "squared_off", "blocked"),
    [
        (BreachAction.ALERT, False, False),
        (BreachAction.BLOCK, False, True),
        (BreachAction.SQUARE_OFF, True, True),
    ],
)
async def test_the_daily_loss_limit_acts_once_as_configured(
    uow_factory: SqlUnitOfWorkFactory, action: BreachAction, squared_off: bool, blocked: bool
) -> None:
    desk = await _limit_desk(uow_factory, action)
    await desk.tick("85.00")  # about -150 plus charges: inside the limit
    assert not [
        e for e in await _events(desk) if e.kind in (RiskEventKind.BREACH, RiskEventKind.ALERT)
    ]  # type: ignore[attr-defined]
    for _ in range(3):
        await desk.tick("69.00")  # about -310: through it, three times

    events = [
        e for e in await _events(desk) if e.kind in (RiskEventKind.BREACH, RiskEventKind.ALERT)
    ]  # type: ignore[attr-defined]
    assert len(events) == 1
    assert events[0].rule is RuleKind.DAILY_LOSS_LIMIT  # type: ignore[attr-defined]
    assert (await desk.positions())[Product.MIS] == (0 if squared_off else 10)
    assert bool(_tagged(await desk.fills(), FillTag.RISK)) is squared_off
    working = await desk.orders(statuses=[OrderStatus.OPEN])
    assert (working == []) is squared_off
    if blocked:
        with pytest.raises(RiskRejected) as refused:
            await desk.order(Side.BUY, 1)
        assert refused.value.rule is RuleKind.DAILY_LOSS_LIMIT
    if action is BreachAction.BLOCK:
        sold = await desk.order(Side.SELL, 10)  # exits are still allowed
        assert sold.order.status is OrderStatus.COMPLETE


async def test_the_auto_square_off_time_closes_intraday_positions_and_keeps_delivery(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    await set_risk_limits(
        uow_factory(),
        desk.market,
        principal=desk.principal,
        scope=RiskScope.account(desk.account.id),
        limits=RiskLimits(square_off_at=time(14, 45)),
    )
    await desk.order(Side.BUY, 10, product=Product.MIS)
    await desk.order(Side.BUY, 3, product=Product.CNC)
    await desk.tick("100.50")
    assert await desk.positions() == {Product.MIS: 10, Product.CNC: 3}
    desk.clock.at = OPEN_AT + timedelta(hours=4, minutes=45)  # 14:45 IST
    await desk.tick("100.40")
    assert await desk.positions() == {Product.MIS: 0, Product.CNC: 3}
    with pytest.raises(RiskRejected) as refused:
        await desk.order(Side.BUY, 1, product=Product.CNC)
    assert refused.value.rule is RuleKind.SQUARE_OFF_TIME


async def test_after_a_restart_in_the_middle_of_a_breach_the_books_and_the_block_are_right(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await _limit_desk(uow_factory, BreachAction.SQUARE_OFF)
    await desk.tick("69.00")
    flat = await desk.positions()
    fills = len(await desk.fills())

    restarted = MarketDeps(calendar=desk.market.calendar, quotes=QuoteBook(), clock=desk.clock)
    desk.market, desk.loop = restarted, loop_for(uow_factory, restarted)
    for price in ("68.00", "60.00"):
        await desk.tick(price)
    assert await desk.positions() == flat == {Product.MIS: 0}
    assert len(await desk.fills()) == fills  # nothing squared off twice
    with pytest.raises(RiskRejected):
        await desk.order(Side.BUY, 1)
    breaches = [e for e in await _events(desk) if e.kind is RiskEventKind.BREACH]  # type: ignore[attr-defined]
    assert len(breaches) == 1
