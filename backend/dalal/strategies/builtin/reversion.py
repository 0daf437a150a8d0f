"""``rsi_reversion(period, lower, upper)``: buy oversold, sell overbought.

Exact rules, with RSI = Wilder's RSI(period) of the closes:

- at the close of a bar where RSI crosses below ``lower`` (RSI < lower, and ≥ lower the bar
  before): go long (closing a short first);
- where RSI crosses above ``upper`` (RSI > upper, and ≤ upper before): close a long, and go
  short if ``allow_short``;
- nothing on other bars.

MARKET orders, sized at the fill by ``sizing``; optional protective stop (see ``common``).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from dalal.domain.indicators.specs import rsi
from dalal.domain.market import Bar
from dalal.strategies.base import Crosses, Line, StrategyContext, WakeCondition
from dalal.strategies.builtin.common import ORDERS_RULE, PositionStrategy, TradingParams
from dalal.strategies.registry import register


class RsiReversionParams(TradingParams):
    period: int = Field(default=14, ge=2, description="RSI period in bars")
    lower: float = Field(default=30, gt=0, lt=100, description="Oversold level: buy below it")
    upper: float = Field(default=70, gt=0, lt=100, description="Overbought level: sell above it")

    @model_validator(mode="after")
    def _ordered(self) -> RsiReversionParams:
        if self.lower >= self.upper:
            raise ValueError(f"lower ({self.lower}) must be below upper ({self.upper})")
        return self


@register
class RsiReversion(PositionStrategy[RsiReversionParams]):
    name = "rsi_reversion"
    description = (
        "Long when RSI crosses below `lower`; exit (or short) when it crosses above `upper`."
    )
    rules = (
        "RSI is Wilder's RSI(period) of the closes.\n\n"
        "- At the close of a bar where RSI crosses below lower (RSI < lower, and ≥ lower the "
        "bar before): go long (closing a short first).\n"
        "- Where RSI crosses above upper (RSI > upper, and ≤ upper the bar before): close a "
        "long, and go short if allow_short.\n"
        f"- Nothing on other bars.\n\n{ORDERS_RULE}"
    )
    Params: ClassVar = RsiReversionParams

    def on_start(self, ctx: StrategyContext) -> None:
        self._rsi: dict[int, Line] = {
            token: ctx.indicator(rsi(self.params.period), token).line() for token in ctx.tokens
        }

    def wake(self) -> list[WakeCondition]:
        p = self.params
        return [
            condition
            for line in self._rsi.values()
            for condition in (Crosses(line, p.lower, "below"), Crosses(line, p.upper, "above"))
        ]

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        line, p = self._rsi[bar.token], self.params
        now, before = line.value, line.ago(1)
        if now < p.lower <= before:
            self.go_long(ctx, bar.token)
        elif now > p.upper >= before:
            self.go_short(ctx, bar.token)
