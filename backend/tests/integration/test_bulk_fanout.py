"""Large fan-outs take the bulk paths (COPY inserts, one-array upserts, ``= ANY`` reads) on
PostgreSQL; small ones take plain executemany. Both must leave the same books.

The same entry and exit go to a desk of 70 accounts (over the bulk threshold) and to a desk
of 3 with the first three multipliers; every account of the small desk must match its twin
in the large one: position, realized P&L, charges and cash, to the paisa.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from dalal.adapters.db.bulk import COPY_FROM_ROWS
from dalal.adapters.db.signal_models import AllocationRow
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.signals import SignalStatus
from tests.integration.signal_support import Desk, body, deliver_and_execute, make_desk, quote

MULTIPLIERS = ["1", "2", "3", "0.5", "4"] * 14  # 70 accounts


async def _books(uow_factory: SqlUnitOfWorkFactory, desk: Desk) -> list[dict[str, Any]]:
    ids = [a.id for a in desk.accounts]
    async with uow_factory() as uow:
        positions = {p.account_id: p for p in await uow.positions.for_accounts(ids)}
        cash = await uow.ledger.cash(ids)
        rows = await uow.session.scalars(
            select(AllocationRow).where(AllocationRow.account_id.in_(ids))
        )
        allocations = {
            r.account_id: (
                r.status,
                r.reason,
                r.quantity,
                r.entry_charges,
                r.exit_charges,
                r.pnl,
                r.exit_order_id is not None,
            )
            for r in rows
        }
    books = []
    for account in desk.accounts:
        position = positions.get(account.id)
        held = asdict(position) if position is not None else None
        if held is not None:
            held.pop("account_id"), held.pop("token")
        # the entry's allocation, closed by the exit
        books.append(
            {"position": held, "cash": cash[account.id], "allocation": allocations[account.id]}
        )
    return books


async def _run(uow_factory: SqlUnitOfWorkFactory, desk: Desk, tag: str) -> None:
    for signal, price in (("BUY_ENTRY", "100.00"), ("BUY_EXIT", "103.35")):
        quote(desk.market, desk.token, price)
        [result] = await deliver_and_execute(uow_factory, desk, body(signal, desk.symbol, tag))
        assert result is not None
        assert result.signal.status is SignalStatus.EXECUTED, result.signal.reason


async def test_bulk_and_small_fan_outs_leave_the_same_books(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    assert len(MULTIPLIERS) >= COPY_FROM_ROWS  # the large desk really takes the bulk path
    large = await make_desk(uow_factory, multipliers=MULTIPLIERS, lots=2)
    small = await make_desk(uow_factory, multipliers=MULTIPLIERS[:3], lots=2)
    quote(large.market, large.token, "100.00")
    await _run(uow_factory, large, "bulk")
    await _run(uow_factory, small, "small")
    large_books, small_books = await _books(uow_factory, large), await _books(uow_factory, small)
    assert large_books[:3] == small_books
    # Each multiplier's books are the same wherever it appears in the large desk.
    for i, book in enumerate(large_books):
        assert book == large_books[i % 5], i
    # And they are real trades: flat, with a profit net of charges on every account.
    for book, multiplier in zip(large_books, MULTIPLIERS, strict=True):
        position = book["position"]
        assert position is not None
        assert position["quantity"] == 0
        units = int(2 * Decimal(multiplier))
        # Bought at the ask (100.00 + 0.10), sold at the bid (103.35 - 0.10).
        assert position["realized_pnl"] == (Decimal("103.25") - Decimal("100.10")) * units
        assert book["cash"] > Decimal("1000000")
        status, _, quantity, entry_charges, exit_charges, pnl, has_exit = book["allocation"]
        assert (status, quantity, has_exit) == ("closed", units, True)
        gross = position["realized_pnl"]
        assert pnl == gross - entry_charges - exit_charges, book  # net of both sides' charges
