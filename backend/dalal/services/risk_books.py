"""The live figures risk rules are checked against: day P&L, gross exposure, open positions.

Day P&L is the dashboard's: equity now (cash plus open positions at their marks) less the
equity at the start of the IST trading day and the day's deposits and withdrawals. Cash
already carries every charge, so it is MTM plus realized, net of charges. An account
opened today counts its capital as a flow; an account with no start-of-day snapshot (the
market loop has not stepped today) gets one now, the first the monitor sees.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.calendar import IST
from dalal.domain.money import ZERO, to_paise
from dalal.domain.positions import Position
from dalal.domain.risk.evaluation import ScopeNumbers
from dalal.services.market import MarketDeps
from dalal.services.order_checks import MarkedPositions, mark_positions, mark_price
from dalal.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class LiveBook:
    """One account's books as of now; ``base`` is the equity the day's P&L is measured
    from (start-of-day equity plus the day's flows), None while unknown."""

    account: Account
    positions: Sequence[Position]
    cash: Decimal
    base: Decimal | None

    def numbers(self, market: MarketDeps, *, marked: MarkedPositions | None = None) -> ScopeNumbers:
        """``marked``: the positions already marked (placement marks them once for margin
        and for this)."""
        if marked is None:
            marked = mark_positions(market, self.positions)
        pnl = to_paise(self.cash + marked.value - self.base) if self.base is not None else None
        return ScopeNumbers(
            day_pnl=pnl, gross_exposure=to_paise(marked.gross), open_positions=marked.count
        )


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), IST).astimezone(UTC)


def combined(numbers: Iterable[ScopeNumbers]) -> ScopeNumbers:
    """The figures of several accounts together (the ALL scope)."""
    pnl: Decimal | None = ZERO
    gross, count = ZERO, 0
    for n in numbers:
        pnl = None if pnl is None or n.day_pnl is None else pnl + n.day_pnl
        gross += n.gross_exposure
        count += n.open_positions
    return ScopeNumbers(day_pnl=pnl, gross_exposure=gross, open_positions=count)


async def load_live_books(
    uow: UnitOfWork,
    market: MarketDeps,
    accounts: Sequence[Account],
    *,
    positions: Sequence[Position] | None = None,
    snapshot_missing: bool = False,
) -> dict[uuid.UUID, LiveBook]:
    """Books of ``accounts`` in two statements (one when ``positions`` are known).

    ``snapshot_missing``: record the start-of-day equity of accounts that have none yet."""
    if not accounts:
        return {}
    now = market.now()
    day = market.calendar.trading_day(now)
    ids = [a.id for a in accounts]
    held = list(positions) if positions is not None else await uow.positions.for_accounts(ids)
    bases = await uow.risk.day_bases(ids, day, day_start(day))
    own: dict[uuid.UUID, list[Position]] = {i: [] for i in ids}
    for position in held:
        if position.account_id in own:
            own[position.account_id].append(position)
    books: dict[uuid.UUID, LiveBook] = {}
    missing: dict[uuid.UUID, Decimal] = {}
    for account in accounts:
        found = bases[account.id]
        base = day_base(account, found.snapshot, found.flows, day_start(day))
        book = LiveBook(account, own[account.id], found.cash, None)
        if base is None and snapshot_missing:
            equity = book.cash + sum(
                (p.market_value(mark_price(market, p)) for p in book.positions if p.is_open), ZERO
            )
            missing[account.id] = to_paise(equity)
            base = missing[account.id] + found.flows
        books[account.id] = LiveBook(account, own[account.id], found.cash, base)
    if missing:
        await uow.snapshots.add_missing(day, now, missing)
    return books


def day_base(
    account: Account, snapshot: Decimal | None, flows: Decimal, start: datetime
) -> Decimal | None:
    if snapshot is not None:
        return snapshot + flows
    if account.created_at >= start:
        return flows  # opened today: its capital is a flow
    return None


def numbers_by_account(
    books: Mapping[uuid.UUID, LiveBook], market: MarketDeps
) -> dict[uuid.UUID, ScopeNumbers]:
    return {account_id: book.numbers(market) for account_id, book in books.items()}
