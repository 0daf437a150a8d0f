"""Forward tests on PostgreSQL: stored bars replayed through the market loop drive sessions
that place real paper orders; stop, square off, restart, failure and the daily analytics."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.charges import ZERODHA
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.instruments import Instrument
from dalal.domain.market import Bar, Interval
from dalal.domain.orders import OrderStatus
from dalal.domain.users import Principal
from dalal.engine.backtest import BacktestConfig, FillTiming, run_backtest
from dalal.engine.bar_data import BarSeries
from dalal.services.accounts import create_account
from dalal.services.forward_analytics import trading_day
from dalal.services.forward_ports import ForwardStatus, ForwardTest
from dalal.services.forward_tests import (
    ForwardTestNotRunning,
    StartRequest,
    get_forward_test,
    square_off_all_forward_tests,
    square_off_forward_test,
    start_forward_test,
    stop_forward_test,
)
from dalal.strategies.registry import build
from tests.integration.forward_strategies import BuyAndRest, Explodes, registered
from tests.integration.forward_support import ReplayRig, own_instrument, trader_on, wave_bars

DAY1, DAY2 = date(2025, 2, 3), date(2025, 2, 4)
CROSS = {"fast": 3, "slow": 8}


async def _start(
    rig: ReplayRig,
    principal: Principal,
    account_id: uuid.UUID,
    instrument: Instrument,
    *,
    strategy: str = "sma_cross",
    params: dict[str, object] | None = None,
    charges: bool = True,
) -> ForwardTest:
    request = StartRequest(
        strategy=strategy,
        params=(CROSS if strategy == "sma_cross" else {}) if params is None else params,
        account_id=account_id,
        symbols=[instrument.tradingsymbol],
        interval=Interval.M1,
        charges=charges,
    )
    return await start_forward_test(
        rig.uow_factory(), rig.market, principal=principal, request=request
    )


async def _setup(
    uow_factory: SqlUnitOfWorkFactory, *days: date, count: int = 150
) -> tuple[ReplayRig, Instrument, list[Bar]]:
    rig = ReplayRig(uow_factory)
    instrument = own_instrument()
    bars = [b for day in days for b in wave_bars(instrument.token, day, count)]
    await rig.store(instrument, bars)
    rig.clock.advance_to(bars[0].at)
    return rig, instrument, bars


async def test_a_session_trades_replayed_bars_and_its_days_agree_with_the_ledger(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, bars = await _setup(uow_factory, DAY1, DAY2)
    principal, account = await trader_on(rig, label="fwd", capital="500000")
    session = await _start(rig, principal, account.id, instrument)
    await rig.play([instrument.token], bars[0].at, bars[-1].at)

    view = await get_forward_test(
        uow_factory(), rig.market, principal=principal, session_id=session.id
    )
    assert view is not None
    assert view.session.status is ForwardStatus.RUNNING
    async with uow_factory() as uow:
        fills = await uow.risk.attributed_fills([account.id], [session.source])
        cash = (await uow.ledger.cash([account.id]))[account.id]
        positions = await uow.positions.for_accounts([account.id])
    assert view.orders >= 4
    assert len(fills) >= 4
    value = sum((p.quantity * bars[-1].close for p in positions), Decimal(0))
    first, second = view.days
    assert (first.day, second.day) == (DAY1, DAY2)
    assert second.cumulative_pnl == cash + value - Decimal(500000) == view.figures.mtm
    assert second.pnl == second.cumulative_pnl - first.cumulative_pnl
    sells = [f for f, _, _ in fills if f.side.value == "SELL"]  # long-only: a sell closes
    for row in view.days:
        assert row.trades == sum(1 for f in sells if _ist_day(f.at) == row.day)
        assert 0 <= row.wins <= row.trades
        assert row.drawdown >= 0
    assert first.margin_used > 0


def _ist_day(at: datetime) -> date:
    return trading_day(at)


async def test_a_session_resumes_after_a_restart_without_trading_a_bar_twice(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, bars = await _setup(uow_factory, DAY1, DAY2)
    principal, account = await trader_on(rig, label="restart", capital="1000000")
    session = await _start(rig, principal, account.id, instrument)
    day_one = [b for b in bars if b.at.date() <= DAY1]
    await rig.play([instrument.token], bars[0].at, day_one[-1].at)

    restarted = rig.new_runner()  # a new process: nothing in memory
    assert await restarted.resume() >= 1
    assert session.id in restarted.live
    # A restarted replay plays from its first bar again; the session skips what it saw.
    await rig.play([instrument.token], bars[0].at, bars[-1].at)

    result = run_backtest(
        build("sma_cross", CROSS),
        BacktestConfig(
            series=(BarSeries.from_bars(instrument, Interval.M1, bars),),
            capital=Decimal(1000000),
            charges=ZERODHA,
            fill_timing=FillTiming.THIS_CLOSE,
        ),
    )
    async with uow_factory() as uow:
        fills = await uow.risk.attributed_fills([account.id], [session.source])
    minute = timedelta(minutes=1)
    backtest = [(f.at + minute, f.side, f.quantity, f.price) for f in result.fills]
    paper = [(f.at, f.side, f.quantity, f.price) for f, _, _ in fills]
    assert paper == backtest[: len(paper)]
    assert len(backtest) - len(paper) <= 1  # the backtest's END exit, if it held at the end


async def test_stopping_a_session_stops_its_orders_and_keeps_its_positions(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, bars = await _setup(uow_factory, DAY1, count=5)
    principal, account = await trader_on(rig, label="stop", capital="100000")
    with registered(BuyAndRest):
        session = await _start(rig, principal, account.id, instrument, strategy=BuyAndRest.name)
        await rig.play([instrument.token], bars[0].at, bars[-1].at)
        stopped = await stop_forward_test(
            uow_factory(), rig.market, rig.bus, principal=principal, session_id=session.id
        )
        assert stopped.status is ForwardStatus.STOPPED
        with pytest.raises(ForwardTestNotRunning):
            await stop_forward_test(
                uow_factory(), rig.market, None, principal=principal, session_id=session.id
            )
        placed = len(BuyAndRest.placed)
        bars = wave_bars(instrument.token, DAY1, 20)
        await rig.store(instrument, bars[5:])  # the feed goes on
        await rig.play([instrument.token], bars[0].at, bars[-1].at)
    assert len(BuyAndRest.placed) == placed == 1
    async with uow_factory() as uow:
        positions = await uow.positions.for_accounts([account.id])
    assert [p.quantity for p in positions] == [10]
    # The strategy was told of its fill under the id ``buy`` gave it.
    assert [f.order_id for f in BuyAndRest.filled] == [BuyAndRest.placed[0].id]
    updates = [m for c, m in rig.bus.messages if c == f"forward_tests:{principal.user.id}"]
    assert updates[-1]["status"] == "STOPPED"
    assert updates[-1]["id"] == str(session.id)


async def test_square_off_cancels_the_sessions_orders_and_closes_its_positions(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, bars = await _setup(uow_factory, DAY1, count=10)
    principal, account = await trader_on(rig, label="sq", capital="100000")
    with registered(BuyAndRest):
        session = await _start(rig, principal, account.id, instrument, strategy=BuyAndRest.name)
        await rig.play([instrument.token], bars[0].at, bars[-1].at)
    squared = await square_off_forward_test(
        uow_factory(), rig.market, rig.bus, principal=principal, session_id=session.id
    )
    assert squared.status is ForwardStatus.SQUARED_OFF
    async with uow_factory() as uow:
        orders = await uow.orders.list_for_accounts(
            [account.id], statuses=None, before=None, limit=10
        )
        positions = await uow.positions.for_accounts([account.id])
    assert all(o.triggered_by == session.source for o in orders)
    assert sorted(o.status.value for o in orders) == ["CANCELLED", "COMPLETE", "COMPLETE"]
    exit_order = next(o for o in orders if o.placed_at == rig.clock.now())
    assert exit_order.status is OrderStatus.COMPLETE
    assert exit_order.side.value == "SELL"
    assert [p.quantity for p in positions] == [0]
    view = await get_forward_test(
        uow_factory(), rig.market, principal=principal, session_id=session.id
    )
    assert view is not None
    assert view.figures.holdings == ()
    assert view.figures.mtm == view.figures.realized - view.figures.charges


async def test_square_off_all_squares_off_every_session_of_the_user_only(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, bars = await _setup(uow_factory, DAY1, count=10)
    principal, first = await trader_on(rig, label="a", capital="100000")
    second = (
        await create_account(
            uow_factory(), rig.clock, principal=principal, label="b", capital=Decimal(100000)
        )
    ).account
    other, theirs = await trader_on(rig, label="c", capital="100000")
    with registered(BuyAndRest):
        mine = [
            await _start(rig, principal, a.id, instrument, strategy=BuyAndRest.name)
            for a in (first, second)
        ]
        foreign = await _start(rig, other, theirs.id, instrument, strategy=BuyAndRest.name)
        await rig.play([instrument.token], bars[0].at, bars[-1].at)
    done = await square_off_all_forward_tests(uow_factory, rig.market, None, principal=principal)
    assert {s.id for s in done} == {s.id for s in mine}
    async with uow_factory() as uow:
        positions = await uow.positions.for_accounts([first.id, second.id, theirs.id])
        untouched = await uow.forward_tests.get(foreign.id)
    held = {p.account_id: p.quantity for p in positions}
    assert held == {first.id: 0, second.id: 0, theirs.id: 10}
    assert untouched is not None
    assert untouched.status is ForwardStatus.RUNNING


async def test_a_strategy_that_raises_fails_its_session_with_the_error(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, bars = await _setup(uow_factory, DAY1, count=3)
    principal, account = await trader_on(rig, label="x", capital="100000")
    with registered(Explodes):
        session = await _start(rig, principal, account.id, instrument, strategy=Explodes.name)
        await rig.play([instrument.token], bars[0].at, bars[-1].at)
    async with uow_factory() as uow:
        failed = await uow.forward_tests.get(session.id)
    assert failed is not None
    assert failed.status is ForwardStatus.FAILED
    assert failed.last_error == f"boom at {bars[0].close}"


async def test_start_checks_strategy_params_symbols_account_and_charges(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rig, instrument, _ = await _setup(uow_factory, DAY1, count=2)
    principal, account = await trader_on(rig, label="v", capital="100000")
    other, theirs = await trader_on(rig, label="w", capital="1000")
    free = (
        await create_account(
            uow_factory(), rig.clock, principal=principal, label="free", capital=Decimal(1000),
            charges_template="zero",
        )
    ).account  # fmt: skip
    cases: list[tuple[dict[str, Any], type[DomainError], str | None]] = [
        ({"strategy": "no_such"}, NotFound, None),
        ({"params": {"fast": 9, "slow": 3}}, InvalidInput, "params"),
        ({"charges": False}, InvalidInput, "charges"),
    ]
    for overrides, error, field in cases:
        with pytest.raises(error) as raised:
            await _start(rig, principal, account.id, instrument, **overrides)
        assert field is None or raised.value.field == field
    with pytest.raises(NotFound):
        await _start(rig, principal, theirs.id, instrument)
    with pytest.raises(InvalidInput) as raised:
        await _start(rig, principal, free.id, instrument)
    assert raised.value.field == "charges"
    started = await _start(rig, principal, free.id, instrument, charges=False)
    assert started.charges is False
    assert started.status is ForwardStatus.RUNNING
    assert other.user.id != principal.user.id
