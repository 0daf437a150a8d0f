"""A bracket on an entry that fills in parts (a participation cap on the quotes' volume):
its stops guard the position from the first fill, move with the average entry price as more
fills come, end the trade when one of them exits (what is left of the entry is cancelled),
and never replace stops the trader set on the position by hand."""

from __future__ import annotations

from decimal import Decimal

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.engine.matching import MatchingConfig
from dalal.services.position_stops import set_position_stops
from tests.integration.risk_support import Desk, make_desk

D = Decimal
SL5_T10 = PositionStops(
    stop_loss=Level(Offset.POINTS, D("5")), target=Level(Offset.POINTS, D("10"))
)
HALF = MatchingConfig(participation=D("0.5"))  # a fill takes half of what the tick traded


async def _guard(desk: Desk) -> PositionGuard | None:
    async with desk.uow_factory() as uow:
        found = await uow.risk.guards_for_accounts([desk.account.id])
    assert len(found) <= 1
    return found[0] if found else None


async def _entry_in_parts(desk: Desk, stops: PositionStops) -> None:
    """BUY 10 LIMIT 100.00 with ``stops``: 4 fill at 100.00, then 4 more at 98.00."""
    placed = await desk.order(Side.BUY, 10, order_type=OrderType.LIMIT, price="100.00", stops=stops)
    assert placed.order.status is OrderStatus.OPEN  # the ask, 100.05, is over the limit
    await desk.tick("99.95", volume=8)  # ask 100.00: half of 8 fills


async def test_the_stops_guard_the_first_part_and_follow_the_average_entry(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, matching=HALF)
    await _entry_in_parts(desk, SL5_T10)
    [entry] = await desk.orders()
    assert (entry.status, entry.filled_quantity) == (OrderStatus.PARTIALLY_FILLED, 4)
    guard = await _guard(desk)
    assert guard is not None
    assert (guard.anchor, guard.stop_price, guard.target_price) == (
        D("100.00"), D("95.00"), D("110.00"),
    )  # fmt: skip

    await desk.tick("97.95", volume=8)  # 4 more at the ask, 98.00: the average is 99.00
    assert await desk.positions() == {Product.MIS: 8}
    guard = await _guard(desk)
    assert guard is not None
    assert (guard.anchor, guard.stop_price, guard.target_price) == (
        D("99.00"), D("94.00"), D("109.00"),
    )  # fmt: skip

    await desk.tick("94.50", volume=0)  # nothing trades: the entry waits, the stop holds
    assert await desk.positions() == {Product.MIS: 8}
    # The last 2 fill at the ask, 92.55 (average 97.71, stop 92.71), and the tick, under
    # that stop, takes the whole position out.
    await desk.tick("92.50")
    [exit_fill] = [f for f in await desk.fills() if f.tag is FillTag.SL]
    assert (exit_fill.side, exit_fill.quantity, exit_fill.price) == (Side.SELL, 10, D("92.45"))
    assert await desk.positions() == {Product.MIS: 0}


async def test_an_exit_cancels_the_rest_of_the_entry(uow_factory: SqlUnitOfWorkFactory) -> None:
    desk = await make_desk(uow_factory, matching=HALF)
    await _entry_in_parts(desk, SL5_T10)
    await desk.tick("109.10")  # the target, 110.00, is not reached yet; nothing to buy here
    assert await desk.positions() == {Product.MIS: 4}
    await desk.tick("110.10")  # the target: the 4 go at the bid, 110.05
    [exit_fill] = [f for f in await desk.fills() if f.tag is FillTag.TARGET]
    assert (exit_fill.quantity, exit_fill.price) == (4, D("110.05"))
    entry = next(o for o in await desk.orders() if o.side is Side.BUY)
    assert entry.status is OrderStatus.CANCELLED
    assert entry.filled_quantity == 4
    assert "TARGET" in (entry.cancel_reason or "")
    assert await _guard(desk) is None

    await desk.tick("95.00")  # under the old limit: nothing reopens the trade
    assert await desk.positions() == {Product.MIS: 0}
    assert len(await desk.fills()) == 2


async def test_a_trail_keeps_its_ground_when_a_later_part_fills(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, matching=HALF)
    trail = PositionStops(trail=Trail(Level(Offset.POINTS, D("3"))))
    await _entry_in_parts(desk, trail)
    await desk.tick("104.00", volume=0)  # best 104.00: the trail is at 101.00
    guard = await _guard(desk)
    assert guard is not None
    assert guard.trail_stop == D("101.00")
    # The other 6 fill at 100.00. Re-armed from scratch at that average the trail would sit
    # at 97.00 and hold; it keeps its ground (101.00), so this tick is a breach.
    await desk.tick("99.95")
    [exit_fill] = [f for f in await desk.fills() if f.tag is FillTag.TSL]
    assert (exit_fill.side, exit_fill.quantity) == (Side.SELL, 10)
    assert await desk.positions() == {Product.MIS: 0}


async def test_stops_set_by_hand_are_not_replaced_by_a_later_part(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, matching=HALF)
    await _entry_in_parts(desk, SL5_T10)
    mine = PositionStops(stop_loss=Level(Offset.POINTS, D("2")))
    await set_position_stops(
        uow_factory(), desk.market, principal=desk.principal, account_id=desk.account.id,
        symbol=desk.stock.tradingsymbol, product=Product.MIS, stops=mine,
    )  # fmt: skip
    await desk.tick("99.95", volume=8)  # 4 more at 100.00
    assert await desk.positions() == {Product.MIS: 8}
    guard = await _guard(desk)
    assert guard is not None
    assert (guard.source, guard.stop_price, guard.target_price) == ("manual", D("98.00"), None)
