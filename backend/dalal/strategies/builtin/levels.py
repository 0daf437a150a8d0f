"""Price-level strategies, on bar closes.

``price_threshold(buy_above, sell_below)``, sell_below < buy_above:

- at the close of any bar that closes above ``buy_above``: go long (if not already);
- at the close of any bar that closes below ``sell_below``: close a long, and go short if
  ``allow_short`` (if not already short);
- between the two levels: hold what is held.

``price_breakout(level)``:

- at the close of a bar whose close crosses above ``level`` (above it now, at or below it the
  bar before): go long;
- where the close crosses below ``level``: close a long, and go short if ``allow_short``.

MARKET orders, sized at the fill by ``sizing``; optional protective stop (see ``common``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from pydantic import Field, model_validator

from dalal.domain.indicators.cross import cross_direction
from dalal.domain.market import Bar
from dalal.strategies.base import Beyond, Crosses, Line, StrategyContext, WakeCondition
from dalal.strategies.builtin.common import ORDERS_RULE, PositionStrategy, TradingParams
from dalal.strategies.registry import register


class ThresholdParams(TradingParams):
    buy_above: Decimal = Field(gt=0, description="Go long when a bar closes above this")
    sell_below: Decimal = Field(gt=0, description="Exit (or short) when a bar closes below this")

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdParams:
        if self.sell_below >= self.buy_above:
            raise ValueError("sell_below must be below buy_above")
        return self


class BreakoutParams(TradingParams):
    level: Decimal = Field(gt=0, description="The price level to break")


@register
class PriceThreshold(PositionStrategy[ThresholdParams]):
    name = "price_threshold"
    description = (
        "Long on a close above `buy_above`; exit (or short) on a close below `sell_below`."
    )
    rules = (
        "sell_below must be under buy_above.\n\n"
        "- At the close of any bar that closes above buy_above: go long (if not already).\n"
        "- At the close of any bar that closes below sell_below: close a long, and go short "
        "if allow_short (if not already short).\n"
        f"- Between the two levels: hold what is held.\n\n{ORDERS_RULE}"
    )
    Params: ClassVar = ThresholdParams

    def on_start(self, ctx: StrategyContext) -> None:
        self._closes: dict[int, Line] = {t: ctx.price(t) for t in ctx.tokens}

    def wake(self) -> list[WakeCondition]:
        up, down = float(self.params.buy_above), float(self.params.sell_below)
        return [
            condition
            for line in self._closes.values()
            for condition in (Beyond(line, up, "above"), Beyond(line, down, "below"))
        ]

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        if bar.close > self.params.buy_above:
            self.go_long(ctx, bar.token)
        elif bar.close < self.params.sell_below:
            self.go_short(ctx, bar.token)


@register
class PriceBreakout(PositionStrategy[BreakoutParams]):
    name = "price_breakout"
    description = (
        "Long when the close crosses above `level`; exit (or short) when it crosses below."
    )
    rules = (
        "- At the close of a bar whose close crosses above level (above it now, at or below it "
        "the bar before): go long.\n"
        "- Where the close crosses below level: close a long, and go short if allow_short.\n\n"
        f"{ORDERS_RULE}"
    )
    Params: ClassVar = BreakoutParams

    def on_start(self, ctx: StrategyContext) -> None:
        self._closes: dict[int, Line] = {t: ctx.price(t) for t in ctx.tokens}

    def wake(self) -> list[WakeCondition]:
        level = float(self.params.level)
        return [Crosses(line, level) for line in self._closes.values()]

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        line, level = self._closes[bar.token], float(self.params.level)
        direction = cross_direction(line.value, level, line.ago(1), level)
        if direction > 0:
            self.go_long(ctx, bar.token)
        elif direction < 0:
            self.go_short(ctx, bar.token)
