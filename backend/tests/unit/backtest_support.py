"""Small bar series and a scripted strategy for the backtest tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from dalal.domain.charges import parse_template
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Bar, Interval
from dalal.engine.backtest import BacktestConfig, run_backtest
from dalal.engine.bar_data import BarSeries
from dalal.engine.results import BacktestResult
from dalal.strategies.base import Strategy, StrategyContext, StrategyParams

D = Decimal
MONDAY_0915_IST = 1_736_135_100  # 2025-01-06 09:15 IST, inside the Zerodha card's dates
DAY = 86_400
EQ = Instrument(7, Exchange.NSE, "ACME", "ACME LTD", InstrumentType.EQ, 1, D("0.05"))


def series(
    ohlc: Sequence[tuple[float, float, float, float]], instrument: Instrument = EQ
) -> BarSeries:
    """Daily bars (open, high, low, close) from 2025-01-06, one per calendar day."""
    rows = np.array(ohlc, dtype=np.float64).reshape(-1, 4)
    times = MONDAY_0915_IST + DAY * np.arange(rows.shape[0], dtype=np.int64)
    volume = np.full(rows.shape[0], 1000.0)
    return BarSeries(instrument, Interval.D1, times, *rows.T.copy(), volume)


def closes(values: Sequence[float], instrument: Instrument = EQ) -> BarSeries:
    """Bars that open, close and range at one price each (for indicator-driven tests)."""
    return series([(v, v, v, v) for v in values], instrument)


Step = Callable[[StrategyContext, Bar], Any]


class Script(Strategy[StrategyParams]):
    """Runs ``plan[i]`` at the close of bar i; records what it saw."""

    name = "script"

    def __init__(self, plan: dict[int, Step] | None = None, params: StrategyParams | None = None):
        super().__init__(params or StrategyParams())
        self.plan = plan or {}
        self.seen: list[Bar] = []
        self.fills: list[Any] = []
        self.placed: dict[int, Any] = {}

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        self.seen.append(bar)
        step = self.plan.get(len(self.seen) - 1)
        if step is not None:
            self.placed[len(self.seen) - 1] = step(ctx, bar)

    def on_fill(self, ctx: StrategyContext, fill: Any) -> None:
        self.fills.append(fill)


def run(
    strategy: Strategy[Any], bars: BarSeries | Sequence[BarSeries], **config: Any
) -> BacktestResult:
    config.setdefault("charges", parse_template("zero"))
    config.setdefault("capital", D(100_000))
    chosen = (bars,) if isinstance(bars, BarSeries) else tuple(bars)
    return run_backtest(strategy, BacktestConfig(series=chosen, **config))


BARS_DAILY = series(
    [
        (100, 101, 99, 100),
        (102, 104, 101, 103),
        (103, 103, 97, 98),
        (96, 99, 95, 99),
        (99, 100, 98, 100),
    ]
)
