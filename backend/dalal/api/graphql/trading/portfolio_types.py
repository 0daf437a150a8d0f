from __future__ import annotations

import uuid
from decimal import Decimal

import strawberry

from dalal.api.graphql.context import Info
from dalal.api.graphql.risk.loaders import guards_by_account
from dalal.api.graphql.risk.types import PositionGuardType
from dalal.api.graphql.trading.types import (
    AccountType,
    ChargesType,
    InstrumentType,
    ProductEnum,
    display_price,
)
from dalal.services.portfolio import AccountPortfolio, Portfolio, PositionView


@strawberry.type(name="Position")
class PositionType:
    account_id: strawberry.ID
    instrument: InstrumentType
    product: ProductEnum
    quantity: int
    average_price: Decimal | None
    ltp: Decimal | None
    realized_pnl: Decimal
    unrealized_pnl: Decimal
    charges: ChargesType
    buy_quantity: int
    sell_quantity: int

    @strawberry.field(description="The position's stop-loss, target and trailing stop, if set")
    async def stops(self, info: Info) -> PositionGuardType | None:
        guards = await guards_by_account(info).load(uuid.UUID(str(self.account_id)))
        token, product = self.instrument.token, self.product.value
        guard = next((g for g in guards if g.token == token and g.product.value == product), None)
        return PositionGuardType.of(guard) if guard else None

    @classmethod
    def of(cls, view: PositionView) -> PositionType:
        p = view.position
        return cls(
            account_id=strawberry.ID(str(p.account_id)),
            instrument=InstrumentType.of(view.instrument),
            product=ProductEnum(p.product.value),
            quantity=p.quantity,
            average_price=display_price(p.average_price),
            ltp=view.ltp,
            realized_pnl=p.realized_pnl,
            unrealized_pnl=view.unrealized,
            charges=ChargesType.of(p.charges),
            buy_quantity=p.buy_quantity,
            sell_quantity=p.sell_quantity,
        )


@strawberry.type(name="AccountPortfolio")
class AccountPortfolioType:
    account: AccountType
    cash: Decimal
    equity: Decimal
    margin_used: Decimal = strawberry.field(description="Approximate (configurable rates)")
    margin_available: Decimal
    realized_pnl: Decimal
    unrealized_pnl: Decimal
    charges: Decimal
    net_pnl: Decimal = strawberry.field(description="Realized + unrealized − charges")
    day_pnl: Decimal | None = strawberry.field(
        description="Today's P&L: equity now less equity at the day's start and today's "
        "deposits/withdrawals; null when no start-of-day snapshot exists"
    )
    positions: list[PositionType]

    @classmethod
    def of(cls, a: AccountPortfolio) -> AccountPortfolioType:
        return cls(
            account=AccountType.of(a.account, a.cash),
            cash=a.cash,
            equity=a.equity,
            margin_used=a.margin_used,
            margin_available=a.margin_available,
            realized_pnl=a.realized,
            unrealized_pnl=a.unrealized,
            charges=a.charges,
            net_pnl=a.net_pnl,
            day_pnl=a.day_pnl,
            positions=[PositionType.of(v) for v in a.positions],
        )


@strawberry.type(name="Portfolio")
class PortfolioType:
    accounts: list[AccountPortfolioType]
    cash: Decimal
    equity: Decimal
    margin_used: Decimal
    margin_available: Decimal
    realized_pnl: Decimal
    unrealized_pnl: Decimal
    charges: Decimal
    net_pnl: Decimal
    day_pnl: Decimal | None = strawberry.field(
        description="Sum of the accounts' day P&L; null if any account lacks it"
    )

    @classmethod
    def of(cls, p: Portfolio) -> PortfolioType:
        days = [a.day_pnl for a in p.accounts]
        return cls(
            accounts=[AccountPortfolioType.of(a) for a in p.accounts],
            cash=p.total("cash"),
            equity=p.total("equity"),
            margin_used=p.total("margin_used"),
            margin_available=p.total("margin_available"),
            realized_pnl=p.total("realized"),
            unrealized_pnl=p.total("unrealized"),
            charges=p.total("charges"),
            net_pnl=p.total("net_pnl"),
            day_pnl=None if None in days else sum((d for d in days if d is not None), Decimal(0)),
        )
