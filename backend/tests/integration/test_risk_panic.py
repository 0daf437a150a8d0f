"""Panic buttons on PostgreSQL: a press cancels and squares off everything in scope at once,
refuses new orders until a person re-arms it, is audited with who and why, holds under load
and survives a restart."""

from __future__ import annotations

import asyncio
import contextlib
from decimal import Decimal

import pytest

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.audit import AuditKind
from dalal.domain.errors import InvalidInput
from dalal.domain.orders import FillTag, OrderStatus, OrderType, Product, Side
from dalal.domain.risk.limits import RiskScope, RuleKind
from dalal.domain.risk.pretrade import RiskRejected
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.panic import PanicNotInForce, press_panic, rearm_panic, reassert_panics
from tests.integration.market_support import loop_for
from tests.integration.risk_support import Desk, make_desk

LIVE = [OrderStatus.OPEN, OrderStatus.TRIGGER_PENDING, OrderStatus.PARTIALLY_FILLED]


async def _press(desk: Desk, scope: RiskScope, why: str = "runaway algo") -> object:
    return await press_panic(
        desk.uow_factory(), desk.market, principal=desk.principal, scope=scope, reason=why
    )


async def _rearm(desk: Desk, scope: RiskScope, why: str = "fixed it") -> object:
    return await rearm_panic(
        desk.uow_factory(), desk.market, principal=desk.principal, scope=scope, reason=why
    )


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_a_global_panic_cancels_working_orders_squares_off_and_refuses_new_orders(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    await desk.order(Side.BUY, 10)
    resting = await desk.order(Side.BUY, 5, order_type=OrderType.LIMIT, price="90.00")
    assert resting.order.status is OrderStatus.OPEN

    outcome = await _press(desk, RiskScope.everything())

    assert (outcome.cancelled, outcome.exits) == (1, 1)  # type: ignore[attr-defined]
    assert await desk.positions() == {Product.MIS: 0}
    assert not await desk.orders(statuses=LIVE)
    panic_fills = [f for f in await desk.fills() if f.tag is FillTag.PANIC]
    assert [(f.side, f.quantity, f.price) for f in panic_fills] == [
        (Side.SELL, 10, Decimal("99.95"))
    ]
    with pytest.raises(RiskRejected) as refused:
        await desk.order(Side.BUY, 1)
    assert refused.value.rule is RuleKind.PANIC
    assert "runaway algo" in refused.value.message
    async with uow_factory() as uow:
        audit = await uow.audit.page(first=50, before_id=None)
    pressed = next(
        e
        for e in audit
        if e.kind is AuditKind.PANIC_PRESSED and e.actor_id == desk.principal.user.id
    )
    assert pressed.detail["reason"] == "runaway algo"
    assert pressed.detail["scope"] == "ALL"

    await _rearm(desk, RiskScope.everything())
    assert (await desk.order(Side.BUY, 1)).order.status is OrderStatus.COMPLETE
    async with uow_factory() as uow:
        audit = await uow.audit.page(first=50, before_id=None)
    assert any(
        e.kind is AuditKind.PANIC_REARMED and e.detail["reason"] == "fixed it" for e in audit
    )


async def test_an_account_panic_stops_that_account_only(uow_factory: SqlUnitOfWorkFactory) -> None:
    desk = await make_desk(uow_factory)
    other = await desk.second_account()
    await desk.order(Side.BUY, 10)
    await desk.order(Side.BUY, 7, account=other)

    await _press(desk, RiskScope.account(desk.account.id))

    assert await desk.positions() == {Product.MIS: 0}
    assert await desk.positions(other) == {Product.MIS: 7}
    with pytest.raises(RiskRejected):
        await desk.order(Side.SELL, 1)  # exits too: nothing trades under a panic
    assert (await desk.order(Side.SELL, 7, account=other)).order.status is OrderStatus.COMPLETE


async def test_a_panic_stays_until_a_person_rearms_it_with_a_reason(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    await _press(desk, RiskScope.everything())
    desk.clock.at = desk.clock.at.replace(day=desk.clock.at.day + 1)  # the next trading day
    with pytest.raises(RiskRejected):
        await desk.order(Side.BUY, 1)
    with pytest.raises(InvalidInput):
        await _rearm(desk, RiskScope.everything(), why="  ")
    await _rearm(desk, RiskScope.everything())
    with pytest.raises(PanicNotInForce):
        await _rearm(desk, RiskScope.everything())


async def test_pressing_again_while_in_force_is_recorded_and_changes_nothing(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    first = await _press(desk, RiskScope.everything(), "one")
    again = await _press(desk, RiskScope.everything(), "two")
    assert again.already_in_force  # type: ignore[attr-defined]
    assert again.panic.id == first.panic.id  # type: ignore[attr-defined]


async def test_under_load_nothing_fills_after_the_panic_commits_and_nothing_is_left_working(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    pressed = asyncio.Event()
    trading = asyncio.Event()
    after_press: list[str] = []

    async def trader(n: int) -> None:
        for i in range(40):
            kind = OrderType.LIMIT if i % 2 else OrderType.MARKET
            done_before = pressed.is_set()
            try:
                placed = await desk.order(
                    Side.BUY if (n + i) % 3 else Side.SELL,
                    1,
                    order_type=kind,
                    price="100.00" if kind is OrderType.LIMIT else None,
                )
            except RiskRejected:
                continue
            if done_before:
                after_press.append(str(placed.order.id))
            trading.set()
            await asyncio.sleep(0)

    async def market() -> None:
        for i in range(60):
            with contextlib.suppress(Exception):
                await desk.tick(f"{100 + (i % 5) * Decimal('0.05')}")
            await asyncio.sleep(0)

    async def panic() -> None:
        await trading.wait()  # press while the traders are busy, not before they start
        await _press(desk, RiskScope.everything(), "load")
        pressed.set()

    workers = [trader(n) for n in range(4)]
    await asyncio.gather(*workers, market(), panic())

    assert after_press == []  # every placement that began after the commit was refused
    async with uow_factory() as uow:
        [panic_row] = await uow.risk.active_panics(desk.principal.user.id)
    fills = await desk.fills()
    late = [f for f in fills if f.at > panic_row.pressed_at and f.tag is not FillTag.PANIC]
    assert late == []
    assert any(f.tag is FillTag.NORMAL for f in fills)  # the load did trade before the press
    assert not await desk.orders(statuses=LIVE)
    assert await desk.positions() in ({}, {Product.MIS: 0})


async def test_after_a_restart_the_panic_is_in_force_and_its_exits_fill_on_the_first_quote(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory)
    await desk.order(Side.BUY, 10)
    desk.market.quotes._quotes.clear()  # the feed went quiet: the exit has no price to fill at
    await _press(desk, RiskScope.everything())
    [exit_order] = await desk.orders(statuses=LIVE)
    assert exit_order.triggered_by == "panic"

    # A new process: an empty quote book and a fresh loop, on the same database.
    restarted = MarketDeps(calendar=desk.market.calendar, quotes=QuoteBook(), clock=desk.clock)
    assert await reassert_panics(uow_factory(), restarted) >= 1
    desk.market, desk.loop = restarted, loop_for(uow_factory, restarted)
    with pytest.raises(RiskRejected):
        await desk.order(Side.BUY, 1)
    await desk.tick("98.00")
    assert await desk.positions() == {Product.MIS: 0}
    assert not await desk.orders(statuses=LIVE)
    [exit_fill] = [f for f in await desk.fills() if f.tag is FillTag.PANIC]
    assert exit_fill.price == Decimal("97.95")
