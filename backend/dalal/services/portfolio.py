"""The consolidated portfolio: every account of a user, with cash, margin, positions and P&L.

P&L convention: realized P&L comes from closed quantity (exit − average) and excludes
charges; unrealized is marked at the last price; ``net_pnl`` = realized + unrealized −
charges. A position without a quote yet is marked at its average price (zero unrealized).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from dalal.domain.accounts import Account
from dalal.domain.instruments import Instrument
from dalal.domain.margin import blocked_margin
from dalal.domain.money import ZERO, to_paise
from dalal.domain.positions import Position
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork

IST = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True, slots=True)
class PositionView:
    position: Position
    instrument: Instrument
    ltp: Decimal | None

    @property
    def mark(self) -> Decimal:
        return self.ltp if self.ltp is not None else (self.position.average_price or ZERO)

    @property
    def unrealized(self) -> Decimal:
        return to_paise(self.position.unrealized(self.mark)) if self.position.is_open else ZERO

    @property
    def charges(self) -> Decimal:
        return self.position.charges.total


@dataclass(frozen=True, slots=True)
class AccountPortfolio:
    account: Account
    cash: Decimal
    margin_used: Decimal
    positions: list[PositionView]
    day_pnl: Decimal | None = None

    @property
    def realized(self) -> Decimal:
        return sum((p.position.realized_pnl for p in self.positions), ZERO)

    @property
    def unrealized(self) -> Decimal:
        return sum((p.unrealized for p in self.positions), ZERO)

    @property
    def charges(self) -> Decimal:
        return sum((p.charges for p in self.positions), ZERO)

    @property
    def net_pnl(self) -> Decimal:
        return self.realized + self.unrealized - self.charges

    @property
    def equity(self) -> Decimal:
        """Cash plus the market value of open positions."""
        value = sum(
            (p.position.market_value(p.mark) for p in self.positions if p.position.is_open), ZERO
        )
        return to_paise(self.cash + value)

    @property
    def margin_available(self) -> Decimal:
        return self.equity - self.margin_used


@dataclass(frozen=True, slots=True)
class Portfolio:
    accounts: list[AccountPortfolio]

    def total(self, attribute: str) -> Decimal:
        return sum((getattr(a, attribute) for a in self.accounts), ZERO)


async def portfolio(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    account_ids: Sequence[uuid.UUID] | None = None,
) -> Portfolio:
    day = market.calendar.trading_day(market.now())
    day_start = datetime.combine(day, time(0, 0), IST).astimezone(UTC)
    async with uow:
        accounts = await uow.accounts.list_for_user(principal.user.id, include_archived=False)
        if account_ids is not None:
            wanted = set(account_ids)
            accounts = [a for a in accounts if a.id in wanted]
        ids = [a.id for a in accounts]
        cash = await uow.ledger.cash(ids)
        positions = await uow.positions.for_accounts(ids)
        instruments = await uow.instruments.get_many({p.token for p in positions})
        snapshots = await uow.snapshots.for_day(ids, day)
        flows = await uow.ledger.external_flows_since(ids, day_start)
    views: dict[uuid.UUID, list[PositionView]] = {a: [] for a in ids}
    for position in positions:
        quote = market.quotes.get(position.token)
        views[position.account_id].append(
            PositionView(position, instruments[position.token], quote.ltp if quote else None)
        )
    result = []
    for account in accounts:
        held = views[account.id]
        marks = {v.position.token: v.mark for v in held}
        used = blocked_margin([v.position for v in held], instruments, marks, market.margin)
        book = AccountPortfolio(account, cash[account.id], to_paise(used), held)
        base = snapshots.get(account.id)
        if base is not None:
            # Flows since the day began; the snapshot is taken at the day's first market step.
            day_pnl: Decimal | None = book.equity - base[1] - flows[account.id]
        elif account.created_at >= day_start:
            day_pnl = book.equity - flows[account.id]  # opened today: its capital is a flow
        else:
            day_pnl = None  # no start-of-day snapshot (the market loop did not run today)
        result.append(replace(book, day_pnl=day_pnl))
    return Portfolio(result)


async def snapshot_equity(uow: UnitOfWork, market: MarketDeps) -> int:
    """Record every active account's equity as the base of today's P&L (first one wins)."""
    now = market.now()
    day = market.calendar.trading_day(now)
    async with uow:
        accounts = await uow.accounts.all_active()
        ids = [a.id for a in accounts]
        cash = await uow.ledger.cash(ids)
        positions = await uow.positions.for_accounts(ids)
        equity = dict(cash)
        for position in positions:
            if position.is_open:
                quote = market.quotes.get(position.token)
                mark = quote.ltp if quote else (position.average_price or ZERO)
                equity[position.account_id] += position.market_value(mark)
        await uow.snapshots.add_missing(day, now, {a: to_paise(v) for a, v in equity.items()})
        await uow.commit()
    return len(equity)
