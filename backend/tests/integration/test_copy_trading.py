"""Self copy-trading on PostgreSQL: a master's manual fills, mirrored to its followers at the
master's price, each sized by its multiplier, in the master's transaction."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.orders import OrderStatus, OrderType, Product, Side
from dalal.domain.signal_executions import AllocationStatus, ExecutionStatus
from dalal.domain.signals import SignalAction, SignalSource, SignalStatus
from dalal.services.copy_trading import copy_source
from dalal.services.orders import modify_order
from tests.integration.copy_support import (
    CopyDesk,
    fills_of,
    held,
    make_copy_desk,
    orders_of,
    place,
)
from tests.integration.market_support import loop_for


async def _copy_log(uow_factory: SqlUnitOfWorkFactory, desk: CopyDesk):
    """The copy signals of the desk's user, newest first, with their executions' allocations."""
    user_id = desk.principal.user.id
    async with uow_factory() as uow:
        signals = await uow.signals.list_for_user(
            user_id, group_id=None, statuses=None, before=None, limit=10
        )
        executions = await uow.executions.for_signals(user_id, [s.id for s in signals])
        allocations = await uow.executions.allocations_of([e.id for e in executions])
    return signals, executions, {a.account_id: a for a in allocations}


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_a_manual_fill_on_the_master_is_copied_at_its_price_sized_by_each_multiplier(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["1", "0.5", "2"])
    placed = await place(uow_factory, desk, quantity=10)
    assert placed.order.status is OrderStatus.COMPLETE
    [master_fill] = placed.fills
    assert await held(uow_factory, desk) == [10, 10, 5, 20]
    copies = await fills_of(uow_factory, desk.followers)
    assert {f.price for f in copies} == {master_fill.price}  # the ask, the master's price
    assert sorted(f.quantity for f in copies) == [5, 10, 20]
    orders = await orders_of(uow_factory, desk.followers)
    assert {o.triggered_by for o in orders} == {copy_source(placed.order.id)}
    assert {(o.order_type, o.side, o.product, o.status) for o in orders} == {
        (OrderType.MARKET, Side.BUY, Product.CNC, OrderStatus.COMPLETE)
    }
    [signal], [execution], allocations = await _copy_log(uow_factory, desk)
    assert (signal.source, signal.group_id, signal.status) == (
        SignalSource.MANUAL,
        None,
        SignalStatus.EXECUTED,
    )
    assert signal.action is SignalAction.BUY_ENTRY
    assert str(placed.order.id) in signal.raw_body
    assert (execution.group_id, execution.algo_id) == (None, None)
    assert (execution.quantity, execution.entry_price) == (35, master_fill.price)
    assert execution.status is ExecutionStatus.CLOSED  # nothing for an exit signal to close
    assert [allocations[f.id].quantity for f in desk.followers] == [10, 5, 20]
    assert all(a.entry_order_id and a.entry_charges > 0 for a in allocations.values())


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_a_master_limit_filled_later_by_the_market_loop_is_copied_too(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["1", "0.5", "2"])
    resting = await place(uow_factory, desk, quantity=10, order_type=OrderType.LIMIT, price="99.00")
    assert resting.order.status is OrderStatus.OPEN
    # A follower's own order that fills in the same pass neither stops the copy nor is copied.
    own = await place(
        uow_factory,
        desk,
        account=desk.followers[2],
        quantity=3,
        order_type=OrderType.LIMIT,
        price="99.00",
    )
    assert await held(uow_factory, desk) == [0, 0, 0, 0]  # nothing filled, nothing copied
    loop = loop_for(uow_factory, desk.market)
    token = desk.instrument.token
    at = desk.clock.now()
    await loop.step(
        [Quote(token, at, Decimal("98.90"), Decimal("98.85"), Decimal("98.95"), volume=10_000)]
    )
    [master_fill] = await fills_of(uow_factory, [desk.master])
    assert await held(uow_factory, desk) == [10, 10, 5, 23]
    copies = [f for f in await fills_of(uow_factory, desk.followers) if f.order_id != own.order.id]
    assert {f.price for f in copies} == {master_fill.price}
    orders = await orders_of(uow_factory, desk.followers)
    assert {o.triggered_by for o in orders if o.id != own.order.id} == {
        copy_source(resting.order.id)
    }


async def test_a_master_limit_modified_into_a_fill_is_copied(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["2"])
    resting = await place(uow_factory, desk, quantity=5, order_type=OrderType.LIMIT, price="95.00")
    modified = await modify_order(
        uow_factory(),
        desk.market,
        principal=desk.principal,
        order_id=resting.order.id,
        price=Decimal("101.00"),  # above the ask: it fills at once
    )
    [master_fill] = modified.fills
    assert await held(uow_factory, desk) == [5, 10]
    [copy] = await fills_of(uow_factory, desk.followers)
    assert copy.price == master_fill.price


async def test_a_follower_without_margin_is_rejected_with_the_reason_and_the_others_fill(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(
        uow_factory, multipliers=["1", "1", "2"], capitals=["1000000", "100", "1000000"]
    )
    placed = await place(uow_factory, desk, quantity=10)
    assert placed.order.status is OrderStatus.COMPLETE
    assert await held(uow_factory, desk) == [10, 10, 0, 20]
    [signal], [execution], allocations = await _copy_log(uow_factory, desk)
    poor = allocations[desk.followers[1].id]
    assert poor.status is AllocationStatus.REJECTED
    assert "margin" in (poor.reason or "").lower()
    assert execution.quantity == 30
    assert signal.reason == "copied to 2 of 3 followers"


async def test_a_share_that_rounds_down_to_nothing_is_skipped_with_the_reason(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["0.5", "1"])
    await place(uow_factory, desk, quantity=1)
    assert await held(uow_factory, desk) == [1, 0, 1]
    _, _, allocations = await _copy_log(uow_factory, desk)
    skipped = allocations[desk.followers[0].id]
    assert skipped.status is AllocationStatus.SKIPPED
    assert "rounds down to 0 lots" in (skipped.reason or "")


async def test_futures_are_copied_in_whole_lots_of_the_lot_size(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    token = 5_000_000 + uuid.uuid4().int % 1_000_000
    future = Instrument(
        token=token,
        exchange=Exchange.NFO,
        tradingsymbol=f"CPYIDX{token}FUT",
        name="CPYIDX",
        instrument_type=InstrumentType.FUT,
        lot_size=65,
        tick_size=Decimal("0.05"),
        underlying="CPYIDX",
        expiry=date(2026, 12, 29),
    )
    desk = await make_copy_desk(uow_factory, multipliers=["1.5", "0.4"], instrument=future)
    await place(uow_factory, desk, quantity=2 * 65, product=Product.NRML)
    # 2 lots × 1.5 = 3 lots; 2 lots × 0.4 = 0.8, rounded down to nothing.
    assert await held(uow_factory, desk) == [130, 195, 0]


async def test_a_followers_own_manual_order_is_not_copied_to_anyone(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["1", "2"])
    await place(uow_factory, desk, account=desk.followers[0], quantity=7)
    assert await held(uow_factory, desk) == [0, 7, 0]
    signals, _, _ = await _copy_log(uow_factory, desk)
    assert signals == []


async def test_only_manual_orders_on_the_master_are_copied(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["1"])
    await place(uow_factory, desk, quantity=4, triggered_by="strategy:demo")
    assert await held(uow_factory, desk) == [4, 0]


async def test_an_archived_follower_no_longer_copies(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_copy_desk(uow_factory, multipliers=["1", "1"])
    async with uow_factory() as uow:
        gone = replace(desk.followers[0], archived_at=desk.clock.now())
        await uow.accounts.save(gone)
        await uow.commit()
    await place(uow_factory, desk, quantity=3)
    assert await held(uow_factory, desk) == [3, 0, 3]


async def test_copies_and_the_market_loop_running_at_once_never_deadlock(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """Placements on the master lock it with its followers in id order, as the loop does
    when it fills resting orders of both: whatever the ids, neither waits on the other."""
    desk = await make_copy_desk(uow_factory, multipliers=["1", "1", "1"])
    for follower in desk.followers:
        await place(
            uow_factory,
            desk,
            account=follower,
            quantity=2,
            order_type=OrderType.LIMIT,
            price="99.00",
        )
    await place(uow_factory, desk, quantity=1, order_type=OrderType.LIMIT, price="99.00")
    token, at = desk.instrument.token, desk.clock.now()
    cheaper = Quote(token, at, Decimal("98.90"), Decimal("98.85"), Decimal("98.95"), volume=10_000)
    loop = loop_for(uow_factory, desk.market)
    await asyncio.gather(
        loop.step([cheaper]), *(place(uow_factory, desk, quantity=1) for _ in range(3))
    )
    # The master: its limit and three market orders; each follower: its own limit (2) and
    # a copy of each of the master's four fills.
    assert await held(uow_factory, desk) == [4, 6, 6, 6]
