"""Strategy and signal-group risk on PostgreSQL: panics reject signals with PANIC, an MTM
stop-loss squares off only what the group (or strategy) opened and disables it until it is
re-enabled, windows, daily signal caps, max positions and default stops."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.market import Quote
from dalal.domain.orders import FillTag, OrderType, Product, Side
from dalal.domain.risk.levels import Level, Offset, PositionStops
from dalal.domain.risk.limits import RiskLimits, RiskScope, ScopeKind, Window
from dalal.domain.risk.pretrade import RiskRejected
from dalal.domain.signal_executions import AllocationStatus, ExitReason
from dalal.domain.signals import SignalStatus
from dalal.services.orders import OrderRequest, place_order
from dalal.services.panic import press_panic
from dalal.services.risk_rules import reenable_scope, set_risk_limits
from dalal.services.signal_intake import SignalRejected
from tests.integration.market_support import loop_for
from tests.integration.signal_support import Desk, body, deliver, deliver_and_execute, make_desk

D = Decimal


def group_scope(desk: Desk) -> RiskScope:
    return RiskScope(ScopeKind.GROUP, str(desk.group.id))


async def _limits(
    uow_factory: SqlUnitOfWorkFactory, desk: Desk, scope: RiskScope, **limits: object
) -> None:
    await set_risk_limits(
        uow_factory(), desk.market, principal=desk.principal, scope=scope,
        limits=RiskLimits(**limits),  # type: ignore[arg-type]
    )  # fmt: skip


async def _tick(uow_factory: SqlUnitOfWorkFactory, desk: Desk, price: str) -> None:
    desk.clock.at += timedelta(seconds=1)
    p = D(price)
    await loop_for(uow_factory, desk.market).step(
        [Quote(desk.token, desk.clock.now(), p, p - D("0.10"), p + D("0.10"), volume=1_000_000)]
    )


async def _held(uow_factory: SqlUnitOfWorkFactory, desk: Desk) -> dict[object, int]:
    async with uow_factory() as uow:
        found = await uow.positions.for_accounts([a.id for a in desk.accounts])
    return {p.account_id: p.quantity for p in found if p.token == desk.token}


async def _trades(uow_factory: SqlUnitOfWorkFactory, desk: Desk) -> list[object]:
    async with uow_factory() as uow:
        return list(await uow.executions.all_trades_of_group(desk.principal.user.id, desk.group.id))


async def test_a_panic_rejects_signals_at_intake_with_the_reason_panic(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    await press_panic(
        uow_factory(), desk.market, principal=desk.principal, scope=RiskScope.everything(),
        reason="halt",
    )  # fmt: skip
    with pytest.raises(SignalRejected) as refused:
        await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert (refused.value.code, refused.value.http_status) == ("PANIC", 423)
    async with uow_factory() as uow:
        [logged] = await uow.signals.list_for_user(
            desk.principal.user.id, group_id=desk.group.id, statuses=None, before=None, limit=5
        )
    assert logged.status is SignalStatus.REJECTED
    assert (logged.reason or "").startswith("PANIC")


async def test_a_group_panic_closes_what_the_group_opened_as_panic_trades(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "2"], lots=3)
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert sorted((await _held(uow_factory, desk)).values()) == [3, 6]
    outcome = await press_panic(
        uow_factory(),
        desk.market,
        principal=desk.principal,
        scope=group_scope(desk),
        reason="bad alerts",
    )
    assert outcome.exits == 1  # one execution closed, across both accounts
    assert sorted((await _held(uow_factory, desk)).values()) == [0, 0]
    [trade] = await _trades(uow_factory, desk)
    assert trade.exit_reason is ExitReason.PANIC  # type: ignore[attr-defined]
    with pytest.raises(SignalRejected):
        await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e2"))


async def test_a_group_mtm_stop_loss_squares_off_only_the_group_and_disables_it(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"], lots=10)
    await _limits(uow_factory, desk, group_scope(desk), mtm_stop_loss=D("50"))
    [account] = desk.accounts
    manual = await place_order(
        uow_factory(), desk.market, principal=desk.principal,
        request=OrderRequest(account.id, desk.symbol, Side.BUY, 4, OrderType.MARKET, Product.MIS),
    )  # fmt: skip
    assert manual.order.filled_quantity == 4
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert await _held(uow_factory, desk) == {account.id: 14}
    await _tick(uow_factory, desk, "99.00")  # the group: 10 × -1.2 − charges ≈ -12
    assert await _held(uow_factory, desk) == {account.id: 14}
    await _tick(uow_factory, desk, "94.00")  # ≈ -62: through its MTM stop-loss
    assert await _held(uow_factory, desk) == {account.id: 4}  # the manual 4 stay
    [trade] = await _trades(uow_factory, desk)
    assert trade.exit_reason is ExitReason.SL  # type: ignore[attr-defined]
    with pytest.raises(SignalRejected) as refused:
        await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e2"))
    assert refused.value.code == "DISABLED"
    await reenable_scope(
        uow_factory(), desk.market, principal=desk.principal, scope=group_scope(desk), reason="ok"
    )
    await _limits(uow_factory, desk, group_scope(desk), mtm_stop_loss=D("500"))
    [result] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e3"))
    assert result is not None
    assert result.signal.status is SignalStatus.EXECUTED


async def test_an_entry_outside_the_group_s_window_is_refused_for_every_account(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "2"])
    await _limits(
        uow_factory, desk, group_scope(desk), entry_window=Window(time(9, 20), time(9, 45))
    )
    [result] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert result is not None
    async with uow_factory() as uow:
        allocations = await uow.executions.allocations_of([e.id for e in result.executions])
    assert {a.status for a in allocations} == {AllocationStatus.REJECTED}
    assert all("09:20–09:45" in (a.reason or "") for a in allocations)
    assert await _held(uow_factory, desk) == {}


async def test_the_group_s_daily_signal_cap_and_max_positions_refuse_the_extra_signal(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    await _limits(uow_factory, desk, group_scope(desk), max_signals_per_day=2, max_positions=1)
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    [second] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e2"))
    assert second is not None
    assert second.signal.status is SignalStatus.REJECTED
    assert (second.signal.reason or "").startswith("MAX_POSITIONS")
    with pytest.raises(SignalRejected) as refused:
        await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e3"))
    assert refused.value.code == "MAX_SIGNALS_PER_DAY"


async def test_a_group_s_default_stops_guard_what_its_signals_open(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"], lots=5)
    stops = PositionStops(stop_loss=Level(Offset.POINTS, D("3")))
    await _limits(uow_factory, desk, group_scope(desk), position_stops=stops)
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    async with uow_factory() as uow:
        [guard] = await uow.risk.guards_for_accounts([desk.accounts[0].id])
    assert guard.stop_price == D("97.10")  # the fill at the ask 100.10, less 3 points
    await _tick(uow_factory, desk, "97.00")
    async with uow_factory() as uow:
        fills = await uow.fills.list_for_accounts(
            [desk.accounts[0].id], order_id=None, before=None, limit=10
        )
    assert [f.tag for f in fills if f.tag is FillTag.SL] == [FillTag.SL]


async def test_a_strategy_s_breach_closes_its_own_quantity_and_refuses_its_orders(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    [account] = desk.accounts
    scope = RiskScope(ScopeKind.STRATEGY, "s1")
    await _limits(uow_factory, desk, scope, mtm_stop_loss=D("40"))

    async def order(quantity: int, source: str) -> object:
        return await place_order(
            uow_factory(), desk.market, principal=desk.principal,
            request=OrderRequest(
                account.id, desk.symbol, Side.BUY, quantity, OrderType.MARKET, Product.MIS,
                triggered_by=source,
            ),
        )  # fmt: skip

    await order(10, "strategy:s1")
    await order(3, "manual")
    await _tick(uow_factory, desk, "95.00")  # the strategy: 10 × -5.1 ≈ -51
    assert await _held(uow_factory, desk) == {account.id: 3}
    with pytest.raises(RiskRejected) as refused:
        await order(1, "strategy:s1")
    assert refused.value.code == "DISABLED"
    await order(1, "manual")  # the account trades on


async def test_a_group_s_exit_all_time_closes_what_it_opened_and_refuses_new_entries(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"], lots=10)  # the clock: 10:00 IST
    await _limits(uow_factory, desk, group_scope(desk), square_off_at=time(10, 5))
    [account] = desk.accounts
    manual = await place_order(
        uow_factory(), desk.market, principal=desk.principal,
        request=OrderRequest(account.id, desk.symbol, Side.BUY, 4, OrderType.MARKET, Product.MIS),
    )  # fmt: skip
    assert manual.order.filled_quantity == 4
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    await _tick(uow_factory, desk, "100.00")
    assert await _held(uow_factory, desk) == {account.id: 14}  # before 10:05: nothing yet
    desk.clock.at += timedelta(minutes=5)
    await _tick(uow_factory, desk, "100.00")
    assert await _held(uow_factory, desk) == {account.id: 4}  # the group's 10 closed
    [trade] = await _trades(uow_factory, desk)
    assert trade.exit_at is not None  # type: ignore[attr-defined]
    [late] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e2"))
    assert late is not None
    async with uow_factory() as uow:
        allocations = await uow.executions.allocations_of([e.id for e in late.executions])
    assert {a.status for a in allocations} == {AllocationStatus.REJECTED}
    assert all("10:05" in (a.reason or "") for a in allocations)
    async with uow_factory() as uow:
        control = await uow.risk.rule(desk.principal.user.id, group_scope(desk))
    assert control is not None
    assert not control.state.disabled  # a time rule, not a breach: nothing to re-enable
