"""Inputs of the backtests area; ``to_spec`` turns one into the service's ``BacktestSpec``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from dalal.api.graphql.risk.inputs import PositionStopsInput
from dalal.api.graphql.trading.market import IntervalEnum
from dalal.domain.market import Interval
from dalal.engine.backtest import FillTiming
from dalal.engine.backtest_risk import BacktestRisk
from dalal.services.backtest_ports import BacktestSpec


@strawberry.enum(name="FillAt")
class FillAtEnum(Enum):
    NEXT_OPEN = "next_open"
    THIS_CLOSE = "this_close"


@strawberry.input
class BacktestRiskInput:
    position_stops: PositionStopsInput | None = strawberry.field(
        default=None,
        description="SL, target and trailing stop in points or percent of each entry's fill "
        "price, checked from the bar after the fill (as the paper desk's bar path does)",
    )
    daily_loss_limit: Decimal | None = strawberry.field(
        default=None,
        description="₹ lost in an IST day (MTM plus realized, net of charges) that closes "
        "every position and blocks new entries until the next day",
    )

    def to_domain(self) -> BacktestRisk:
        stops = self.position_stops.to_domain() if self.position_stops is not None else None
        return BacktestRisk(position_stops=stops, daily_loss_limit=self.daily_loss_limit)


@strawberry.input
class BacktestInput:
    strategy: str = strawberry.field(description="A name from `strategies`")
    symbols: list[str] = strawberry.field(description="Trading symbols with stored bars")
    params: JSON = strawberry.field(
        default_factory=dict,
        description='Parameters by name; dotted names nest ({"fast": 10, "sizing.kind": '
        '"lots", "sizing.lots": 2}). Missing ones take their defaults.',
    )
    interval: IntervalEnum = IntervalEnum.D1
    from_: date | None = strawberry.field(
        default=None, name="from", description="First IST day (included); unset: the first bar"
    )
    to: date | None = strawberry.field(
        default=None, description="Last IST day (included); unset: the last bar"
    )
    cash: Decimal = strawberry.field(default=Decimal("1000000"), description="Starting capital ₹")
    charges: str = strawberry.field(
        default="zerodha", description="zerodha, zero, flat:RUPEES or percent:FRACTION"
    )
    slippage_bps: Decimal = strawberry.field(default=Decimal(0), description="Against you, bps")
    fill_at: FillAtEnum = FillAtEnum.NEXT_OPEN
    label: str | None = strawberry.field(default=None, description="Your name for the run")
    risk: BacktestRiskInput | None = strawberry.field(
        default=None, description="Stops on every position and a daily loss limit (optional)"
    )

    def to_spec(self) -> BacktestSpec:
        return BacktestSpec(
            strategy=self.strategy.strip(),
            params=dict(self.params) if isinstance(self.params, dict) else _not_a_map(self.params),
            symbols=tuple(s.strip() for s in self.symbols),
            interval=Interval(self.interval.value),
            start=self.from_,
            end=self.to,
            cash=self.cash,
            charges=self.charges.strip(),
            slippage_bps=self.slippage_bps,
            fill_timing=FillTiming(self.fill_at.value),
            label=(self.label or "").strip() or None,
            risk=self.risk.to_domain() if self.risk is not None else None,
        )


def _not_a_map(value: Any) -> dict[str, Any]:
    # An invalid value is kept under a key the strategy refuses, so the error names params.
    return {"params": value}


@strawberry.input
class SweepAxisInput:
    name: str = strawberry.field(description="A parameter name (dotted names nest)")
    values: list[str] = strawberry.field(description="The values to try, in order")


@strawberry.input
class SweepInput:
    base: BacktestInput = strawberry.field(description="The run every point starts from")
    grid: list[SweepAxisInput] = strawberry.field(description="Axes of the grid, in order")

    def axes(self) -> list[tuple[str, list[Any]]]:
        return [(axis.name.strip(), list(axis.values)) for axis in self.grid]
