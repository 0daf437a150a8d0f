"""The signal flow on PostgreSQL: one signal, one price, every account with its own size."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import event

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.signal_executions import AllocationStatus, ExecutionStatus
from dalal.domain.signals import SignalStatus
from dalal.services.signal_execution import execute_signal
from dalal.services.signal_executor import SignalExecutor
from dalal.services.signal_intake import SignalRejected, UnknownWebhook
from tests.integration.signal_support import (
    body,
    deliver,
    deliver_and_execute,
    make_desk,
    quote,
)


async def _positions(uow_factory: SqlUnitOfWorkFactory, desk) -> dict[object, int]:
    async with uow_factory() as uow:
        positions = await uow.positions.for_accounts([a.id for a in desk.accounts])
    return {p.account_id: p.quantity for p in positions if p.token == desk.token}


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_an_entry_fills_every_account_at_one_price_sized_by_its_multiplier(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "2", "3"], lots=2)
    [result] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert result is not None
    assert result.signal.status is SignalStatus.EXECUTED
    [execution] = result.executions
    assert execution.entry_price == Decimal("100.10")  # the ask, no slippage configured
    assert execution.quantity == 2 + 4 + 6
    held = await _positions(uow_factory, desk)
    assert [held[a.id] for a in desk.accounts] == [2, 4, 6]
    async with uow_factory() as uow:
        allocations = await uow.executions.allocations_of([execution.id])
        fills = await uow.fills.list_for_accounts(
            [a.id for a in desk.accounts], order_id=None, before=None, limit=10
        )
    assert {f.price for f in fills} == {Decimal("100.10")}
    assert all(a.entry_charges > 0 for a in allocations)
    assert sorted(a.quantity for a in allocations) == [2, 4, 6]


async def test_an_account_whose_share_rounds_to_zero_is_skipped_with_the_reason(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "0.5"], lots=1)
    [result] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert result is not None
    async with uow_factory() as uow:
        allocations = await uow.executions.allocations_of([result.executions[0].id])
    skipped = [a for a in allocations if a.status is AllocationStatus.SKIPPED]
    assert len(skipped) == 1
    assert skipped[0].account_id == desk.accounts[1].id
    assert "0 lots" in (skipped[0].reason or "")
    assert await _positions(uow_factory, desk) == {desk.accounts[0].id: 1}


async def test_one_accounts_margin_rejection_does_not_block_the_others(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "100"], lots=50, capital="10000")
    # 50 shares at ~100 fit in ₹10,000 at MIS margin; 5,000 shares don't.
    [result] = await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    assert result is not None
    assert result.signal.status is SignalStatus.EXECUTED
    async with uow_factory() as uow:
        allocations = await uow.executions.allocations_of([result.executions[0].id])
    by_account = {a.account_id: a for a in allocations}
    assert by_account[desk.accounts[0].id].status is AllocationStatus.FILLED
    rejected = by_account[desk.accounts[1].id]
    assert rejected.status is AllocationStatus.REJECTED
    assert "margin" in (rejected.reason or "")
    assert result.executions[0].quantity == 50


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_the_exit_closes_exactly_what_the_entry_opened_and_writes_one_trade(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "2", "3"], lots=1)
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "e1"))
    quote(desk.market, desk.token, "110.00")
    [result] = await deliver_and_execute(uow_factory, desk, body("BUY_EXIT", desk.symbol, "x1"))
    assert result is not None
    assert result.signal.status is SignalStatus.EXECUTED
    assert await _positions(uow_factory, desk) == {a.id: 0 for a in desk.accounts}
    async with uow_factory() as uow:
        trades = await uow.executions.trades_for_user(
            desk.principal.user.id, group_id=desk.group.id, before=None, limit=10
        )
        [execution] = result.executions
        allocations = await uow.executions.allocations_of([execution.id])
    assert execution.status is ExecutionStatus.CLOSED
    [trade] = trades
    assert (trade.entry_price, trade.exit_price, trade.quantity) == (
        Decimal("100.10"),
        Decimal("109.90"),
        6,
    )
    assert trade.pnl == Decimal("9.80") * 6
    assert trade.charges == sum(a.entry_charges + (a.exit_charges or 0) for a in allocations)
    for a in allocations:
        assert a.status is AllocationStatus.CLOSED
        gross = Decimal("9.80") * a.quantity
        assert a.pnl == gross - a.entry_charges - (a.exit_charges or 0)


async def test_an_exit_with_nothing_open_is_rejected_with_the_reason(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    [result] = await deliver_and_execute(uow_factory, desk, body("SELL_EXIT", desk.symbol))
    assert result is not None
    assert result.signal.status is SignalStatus.REJECTED
    assert "No open short" in (result.signal.reason or "")


async def test_buy_and_sell_sides_are_independent(uow_factory: SqlUnitOfWorkFactory) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"], lots=3)
    await deliver_and_execute(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "b"))
    await deliver_and_execute(uow_factory, desk, body("SELL_ENTRY", desk.symbol, "s"))
    [sell_exit] = await deliver_and_execute(uow_factory, desk, body("SELL_EXIT", desk.symbol))
    assert sell_exit is not None
    assert sell_exit.signal.status is SignalStatus.EXECUTED
    assert [e.side.value for e in sell_exit.executions] == ["SELL"]
    [buy_exit] = await deliver_and_execute(uow_factory, desk, body("BUY_EXIT", desk.symbol))
    assert buy_exit is not None
    assert [e.side.value for e in buy_exit.executions] == ["BUY"]


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_the_same_unique_id_is_a_duplicate_and_executes_once(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    first = await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "same"))
    again = await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "same"))
    assert len(first.accepted) == 1
    assert not again.accepted
    assert again.duplicates[0].duplicate_of == first.accepted[0].id


async def test_an_identical_payload_without_id_is_a_duplicate_only_within_the_window(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    from datetime import timedelta

    desk = await make_desk(uow_factory, multipliers=["1"])
    raw = body("BUY_ENTRY", desk.symbol)
    assert (await deliver(uow_factory, desk, raw)).accepted
    assert (await deliver(uow_factory, desk, raw)).duplicates
    desk.clock.at += timedelta(seconds=desk.group.dedupe_window_seconds + 1)
    assert (await deliver(uow_factory, desk, raw)).accepted


async def test_fifty_concurrent_deliveries_of_one_unique_id_execute_once(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "2"])
    raw = body("BUY_ENTRY", desk.symbol, "race")

    async def one() -> list[object]:
        outcome = await deliver(uow_factory, desk, raw)
        return [await execute_signal(uow_factory(), desk.market, s.id) for s in outcome.accepted]

    results = await asyncio.gather(*(one() for _ in range(50)))
    executed = [r for batch in results for r in batch if r is not None]
    assert len(executed) == 1
    assert await _positions(uow_factory, desk) == {desk.accounts[0].id: 1, desk.accounts[1].id: 2}
    async with uow_factory() as uow:
        logged = await uow.signals.list_for_user(
            desk.principal.user.id, group_id=desk.group.id, statuses=None, before=None, limit=100
        )
    assert Counter(s.status for s in logged) == {
        SignalStatus.EXECUTED: 1,
        SignalStatus.DUPLICATE: 49,
    }


async def test_two_hundred_different_signals_at_once_leave_consistent_books(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1", "2", "3"])
    entries = [body("BUY_ENTRY", desk.symbol, f"s{i}") for i in range(200)]
    await asyncio.gather(*(deliver_and_execute(uow_factory, desk, raw) for raw in entries))
    held = await _positions(uow_factory, desk)
    assert [held[a.id] for a in desk.accounts] == [200, 400, 600]
    async with uow_factory() as uow:
        cash = await uow.ledger.cash([a.id for a in desk.accounts])
        fills = await uow.fills.list_for_accounts(
            [a.id for a in desk.accounts], order_id=None, before=None, limit=1000
        )
    assert len(fills) == 600
    for account in desk.accounts:
        own = [f for f in fills if f.account_id == account.id]
        spent = sum(f.price * f.quantity + f.charges.total for f in own)
        assert cash[account.id] == account.capital - spent


async def test_fan_out_costs_the_same_statements_for_few_or_many_accounts(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async def statements_for(accounts: int) -> int:
        desk = await make_desk(uow_factory, multipliers=["1"] * accounts)
        outcome = await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "n"))
        engine = uow_factory.session_factory.kw["bind"]
        count = 0

        def bump(*_: object) -> None:
            nonlocal count
            count += 1

        event.listen(engine.sync_engine, "before_cursor_execute", bump)
        try:
            result = await execute_signal(uow_factory(), desk.market, outcome.accepted[0].id)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", bump)
        assert result is not None
        assert result.executions[0].quantity == accounts
        return count

    # Both sizes are past the COPY threshold, so both write each table the same way (COPY
    # calls are not cursor executes: this counts the other statements, which must not grow).
    few, many = await statements_for(70), await statements_for(140)
    assert few == many, (few, many)
    assert few < 30  # a handful of bulk statements, not one per account


@pytest.mark.smoke  # also on the embedded SQLite database
async def test_an_unknown_token_and_a_bad_payload_are_refused_with_reasons(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    desk = await make_desk(uow_factory, multipliers=["1"])
    with pytest.raises(UnknownWebhook):
        await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol), token="nope")
    with pytest.raises(SignalRejected) as bad:
        await deliver(uow_factory, desk, b"{not json")
    assert bad.value.http_status == 422
    with pytest.raises(SignalRejected) as unknown:
        await deliver(uow_factory, desk, body("BUY_ENTRY", "NOSUCHSYMBOL"))
    assert unknown.value.code == "UNKNOWN_SYMBOL"
    # A bad payload never stops later good ones.
    assert (await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "ok"))).accepted
    async with uow_factory() as uow:
        logged = await uow.signals.list_for_user(
            desk.principal.user.id, group_id=desk.group.id, statuses=None, before=None, limit=10
        )
    assert Counter(s.status for s in logged) == {
        SignalStatus.REJECTED: 2,
        SignalStatus.ACCEPTED: 1,
    }
    assert any(s.raw_body == "{not json" for s in logged)


async def test_the_sweep_executes_signals_a_crash_left_accepted(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    from datetime import timedelta

    desk = await make_desk(uow_factory, multipliers=["1", "2"])
    outcome = await deliver(uow_factory, desk, body("BUY_ENTRY", desk.symbol, "lost"))
    desk.clock.at += timedelta(seconds=30)
    executor = SignalExecutor(uow_factory, desk.market, grace=timedelta(seconds=10))
    assert await executor.sweep() >= 1
    await executor.start()
    try:
        await asyncio.wait_for(executor.drain(), 30)
    finally:
        await executor.stop()
    async with uow_factory() as uow:
        signal = await uow.signals.get_for_user(outcome.accepted[0].id, desk.principal.user.id)
    assert signal is not None
    assert signal.status is SignalStatus.EXECUTED
    assert await _positions(uow_factory, desk) == {desk.accounts[0].id: 1, desk.accounts[1].id: 2}
