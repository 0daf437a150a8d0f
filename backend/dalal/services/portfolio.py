"""The consolidated portfolio: every account of a user, with cash, margin, positions and P&L.

P&L convention: realized P&L comes from closed quantity (exit − average) and excludes
charges; unrealized is marked at the last price; ``net_pnl`` = realized + unrealized −
charges. A position without a quote yet is marked at its average price (zero unrealized).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dalal.domain.accounts import Account
from dalal.domain.instruments import Instrument
from dalal.domain.margin import blocked_margin
from dalal.domain.money import ZERO, to_paise
from dalal.domain.positions import Position
from dalal.domain.users import Principal
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork


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
    async with uow:
        accounts = await uow.accounts.list_for_user(principal.user.id, include_archived=False)
        if account_ids is not None:
            wanted = set(account_ids)
            accounts = [a for a in accounts if a.id in wanted]
        ids = [a.id for a in accounts]
        cash = await uow.ledger.cash(ids)
        positions = await uow.positions.for_accounts(ids)
        instruments = await uow.instruments.get_many({p.token for p in positions})
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
        result.append(AccountPortfolio(account, cash[account.id], to_paise(used), held))
    return Portfolio(result)
