"""Crossover strategies: two lines, long while the first is above the second.

Exact rules (``a`` crosses above ``b`` at a bar when ``a > b`` at its close and ``a ≤ b`` at
the previous close; below, the mirror image; see ``dalal.domain.indicators.cross``):

- at the close of a bar where ``a`` crosses above ``b``: go long (close a short first);
- where ``a`` crosses below ``b``: close a long, and go short if ``allow_short``;
- nothing on other bars: until the first crossing the strategy stays flat, even if ``a`` is
  already above ``b``.

Orders are MARKET, so they fill at the next bar's open (or at this bar's close, if the
backtest says so); entries are sized by ``sizing`` at the fill. Optional protective stop:
see ``common``.

- ``sma_cross(fast, slow)``: a = SMA(fast), b = SMA(slow) of the closes; fast < slow.
- ``ema_cross(fast, slow)``: the same with EMAs (seeded with an SMA, as TA-Lib).
- ``macd_cross(fast, slow, signal)``: a = the MACD line, b = its signal line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from pydantic import Field, model_validator

from dalal.domain.indicators.cross import cross_direction
from dalal.domain.indicators.specs import IndicatorSpec, ema, macd, sma
from dalal.domain.market import Bar
from dalal.strategies.base import Crosses, Line, StrategyContext, WakeCondition
from dalal.strategies.builtin.common import ORDERS_RULE, PositionStrategy, TradingParams
from dalal.strategies.registry import register


def cross_rules(a: str, b: str) -> str:
    """The exact rules of a crossover of line ``a`` over line ``b``, for the web app."""
    return (
        f"a = {a}; b = {b}. a crosses above b at a bar when a > b at its close and a ≤ b at "
        "the previous close; crossing below is the mirror image.\n\n"
        "- At the close of a bar where a crosses above b: go long (closing a short first).\n"
        "- Where a crosses below b: close a long, and go short if allow_short.\n"
        "- Nothing on other bars: until the first crossing the strategy stays flat, even if "
        f"a is already above b.\n\n{ORDERS_RULE}"
    )


class MovingAverageParams(TradingParams):
    fast: int = Field(default=10, ge=1, description="Bars in the fast average")
    slow: int = Field(default=20, ge=2, description="Bars in the slow average")

    @model_validator(mode="after")
    def _fast_below_slow(self) -> MovingAverageParams:
        if self.fast >= self.slow:
            raise ValueError(f"fast ({self.fast}) must be less than slow ({self.slow})")
        return self


class MacdParams(TradingParams):
    fast: int = Field(default=12, ge=1, description="Bars in the fast EMA")
    slow: int = Field(default=26, ge=2, description="Bars in the slow EMA")
    signal: int = Field(default=9, ge=1, description="Bars in the signal EMA")

    @model_validator(mode="after")
    def _fast_below_slow(self) -> MacdParams:
        if self.fast >= self.slow:
            raise ValueError(f"fast ({self.fast}) must be less than slow ({self.slow})")
        return self


class LineCross(PositionStrategy[Any], ABC):
    """Long on ``a`` crossing above ``b``, flat (or short) on crossing below. Each concrete
    cross says which two lines it watches."""

    @abstractmethod
    def lines(self, ctx: StrategyContext, token: int) -> tuple[Line, Line]: ...

    def on_start(self, ctx: StrategyContext) -> None:
        self._pairs = {token: self.lines(ctx, token) for token in ctx.tokens}

    def wake(self) -> list[WakeCondition]:
        return [Crosses(a, b) for a, b in self._pairs.values()]

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        a, b = self._pairs[bar.token]
        direction = cross_direction(a.value, b.value, a.ago(1), b.ago(1))
        if direction > 0:
            self.go_long(ctx, bar.token)
        elif direction < 0:
            self.go_short(ctx, bar.token)


def _two_averages(
    ctx: StrategyContext, token: int, fast: IndicatorSpec, slow: IndicatorSpec
) -> tuple[Line, Line]:
    return ctx.indicator(fast, token).line(), ctx.indicator(slow, token).line()


@register
class SmaCross(LineCross):
    name = "sma_cross"
    description = "Long when SMA(fast) crosses above SMA(slow); exit (or short) on the cross below."
    rules = cross_rules("SMA(fast) of the closes", "SMA(slow); fast < slow")
    Params: ClassVar = MovingAverageParams

    def lines(self, ctx: StrategyContext, token: int) -> tuple[Line, Line]:
        return _two_averages(ctx, token, sma(self.params.fast), sma(self.params.slow))


@register
class EmaCross(LineCross):
    name = "ema_cross"
    description = "Long when EMA(fast) crosses above EMA(slow); exit (or short) on the cross below."
    rules = cross_rules(
        "EMA(fast) of the closes, seeded with an SMA as TA-Lib does", "EMA(slow); fast < slow"
    )
    Params: ClassVar = MovingAverageParams

    def lines(self, ctx: StrategyContext, token: int) -> tuple[Line, Line]:
        return _two_averages(ctx, token, ema(self.params.fast), ema(self.params.slow))


@register
class MacdCross(LineCross):
    name = "macd_cross"
    description = "Long when the MACD line crosses above its signal; exit (or short) below."
    rules = cross_rules(
        "the MACD line, EMA(fast) − EMA(slow) of the closes", "its signal line, EMA(signal)"
    )
    Params: ClassVar = MacdParams

    def lines(self, ctx: StrategyContext, token: int) -> tuple[Line, Line]:
        p = self.params
        lines = ctx.indicator(macd(p.fast, p.slow, p.signal), token)
        return lines.line("line"), lines.line("signal")
