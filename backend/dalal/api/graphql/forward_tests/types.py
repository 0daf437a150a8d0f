"""Output types of the forward tests area."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from dalal.api.graphql.trading.market import IntervalEnum
from dalal.api.graphql.trading.types import ProductEnum
from dalal.services.forward_ports import ForwardDay
from dalal.services.forward_tests import ForwardTestView


@strawberry.enum(name="ForwardTestStatus")
class ForwardTestStatusEnum(Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"
    SQUARED_OFF = "SQUARED_OFF"
    FAILED = "FAILED"


@strawberry.type(name="ForwardTestDay")
class ForwardTestDayType:
    day: date = strawberry.field(description="The IST trading day")
    pnl: Decimal = strawberry.field(description="P&L that day, net of charges")
    cumulative_pnl: Decimal = strawberry.field(description="P&L since the start, net of charges")
    trades: int = strawberry.field(description="Round trips closed that day")
    wins: int = strawberry.field(description="Those of them with P&L above zero")
    drawdown: Decimal = strawberry.field(
        description="Deepest fall of the cumulative P&L below its running peak that day"
    )
    margin_used: Decimal = strawberry.field(
        description="Highest margin the session's open positions blocked at a candle close"
    )

    @classmethod
    def of(cls, day: ForwardDay) -> ForwardTestDayType:
        return cls(
            day=day.day,
            pnl=day.pnl,
            cumulative_pnl=day.cumulative_pnl,
            trades=day.trades,
            wins=day.wins,
            drawdown=day.drawdown,
            margin_used=day.margin_used,
        )


@strawberry.type(name="ForwardTestPosition")
class ForwardTestPositionType:
    symbol: str
    product: ProductEnum
    quantity: int = strawberry.field(description="The session's net quantity (negative: short)")
    average_price: Decimal
    ltp: Decimal = strawberry.field(description="The mark: the last price")
    unrealized: Decimal


@strawberry.type(name="ForwardTest")
class ForwardTestType:
    id: strawberry.ID
    strategy: str
    params: JSON = strawberry.field(description="The validated parameters, defaults filled in")
    account_id: strawberry.ID
    symbols: list[str]
    interval: IntervalEnum
    charges_enabled: bool = strawberry.field(description="Whether its orders pay charges")
    status: ForwardTestStatusEnum
    started_at: datetime
    stopped_at: datetime | None
    from_backtest_run_id: strawberry.ID | None
    last_error: str | None = strawberry.field(
        description="The last order refused, or why the session failed"
    )
    days: list[ForwardTestDayType]
    mtm: Decimal = strawberry.field(description="P&L now: realized + unrealized − charges")
    realized: Decimal
    unrealized: Decimal
    charges: Decimal = strawberry.field(description="Charges paid by its fills")
    trades: int = strawberry.field(description="Round trips closed")
    open_positions: list[ForwardTestPositionType]
    orders_count: int

    @classmethod
    def of(cls, view: ForwardTestView) -> ForwardTestType:
        s, f = view.session, view.figures
        symbols = dict(zip(s.tokens, s.symbols, strict=True))
        params: Any = s.params
        return cls(
            id=strawberry.ID(str(s.id)),
            strategy=s.strategy,
            params=params,
            account_id=strawberry.ID(str(s.account_id)),
            symbols=list(s.symbols),
            interval=IntervalEnum(s.interval.value),
            charges_enabled=s.charges,
            status=ForwardTestStatusEnum(s.status.value),
            started_at=s.started_at,
            stopped_at=s.stopped_at,
            from_backtest_run_id=(
                strawberry.ID(s.source_backtest_run_id) if s.source_backtest_run_id else None
            ),
            last_error=s.last_error,
            days=[ForwardTestDayType.of(d) for d in view.days],
            mtm=f.mtm,
            realized=f.realized,
            unrealized=f.unrealized,
            charges=f.charges,
            trades=len(f.trades),
            open_positions=[
                ForwardTestPositionType(
                    symbol=symbols.get(h.token, str(h.token)),
                    product=ProductEnum(h.product.value),
                    quantity=h.quantity,
                    average_price=h.average_price,
                    ltp=h.mark,
                    unrealized=h.unrealized,
                )
                for h in f.holdings
            ],
            orders_count=view.orders,
        )


@strawberry.type(name="ForwardTestUpdate")
class ForwardTestUpdateType:
    """A session's figures after a candle close (at most a few a second), or a new status."""

    id: strawberry.ID
    status: ForwardTestStatusEnum
    mtm: Decimal
    realized: Decimal
    unrealized: Decimal
    charges: Decimal
    trades: int
    at: datetime

    @classmethod
    def of(cls, message: dict[str, Any]) -> ForwardTestUpdateType:
        return cls(
            id=strawberry.ID(str(message["id"])),
            status=ForwardTestStatusEnum(message["status"]),
            mtm=Decimal(message["mtm"]),
            realized=Decimal(message["realized"]),
            unrealized=Decimal(message["unrealized"]),
            charges=Decimal(message["charges"]),
            trades=int(message["trades"]),
            at=datetime.fromisoformat(message["at"]),
        )
