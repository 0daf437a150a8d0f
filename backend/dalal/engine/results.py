"""What a backtest gives back: metrics, the equity and drawdown curves, trades and orders.

Money that was booked (final equity, P&L, charges, prices) stays exact ``Decimal``; the
curves and ratios are floats (analytics). Definitions of every metric are in
``dalal.domain.metrics`` (equity and trades) and in ``dalal.engine.backtest``'s docstring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from dalal.domain.metrics import TradeColumns, drawdown, equity_metrics, trade_metrics
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill
from dalal.engine.bar_data import FloatArray, IntArray, Timeline, at, ist_day
from dalal.engine.trades import ClosedTrade


@dataclass(frozen=True, slots=True)
class BacktestMetrics:
    start: datetime
    end: datetime
    duration_s: int
    exposure_pct: float
    final_equity: Decimal
    equity_peak: float
    return_pct: float
    buy_hold_return_pct: float
    cagr_pct: float
    volatility_pct: float
    sharpe: float
    sortino: float
    calmar: float
    max_drawdown_pct: float
    max_drawdown_duration_s: int
    avg_drawdown_pct: float
    n_trades: int
    win_rate_pct: float
    best_trade_pct: float
    worst_trade_pct: float
    avg_trade_pct: float
    max_trade_duration_s: float
    avg_trade_duration_s: float
    profit_factor: float
    expectancy_pct: float
    sqn: float
    total_charges: Decimal


@dataclass(frozen=True, slots=True, eq=False)
class OrderRecord:
    order: Order
    reason: str


@dataclass(frozen=True, slots=True, eq=False)
class BacktestResult:
    strategy: str
    params: dict[str, Any]
    symbols: dict[int, str]  # token → trading symbol
    metrics: BacktestMetrics
    times: IntArray  # bar times, epoch seconds
    equity: FloatArray  # at each bar's close
    drawdown: FloatArray  # fraction below the running peak
    trades: tuple[ClosedTrade, ...]
    orders: tuple[OrderRecord, ...]
    fills: tuple[Fill, ...]


def trade_columns(trades: Sequence[ClosedTrade]) -> TradeColumns:
    def ints(values: list[int]) -> np.ndarray:
        return np.array(values, dtype=np.int64)

    return TradeColumns(
        pnl=np.array([float(t.pnl) for t in trades], dtype=np.float64),
        returns=np.array([t.return_fraction for t in trades], dtype=np.float64),
        entry_index=ints([t.entry_index for t in trades]),
        exit_index=ints([t.exit_index for t in trades]),
        entry_time=ints([int(t.entry_time.timestamp()) for t in trades]),
        exit_time=ints([int(t.exit_time.timestamp()) for t in trades]),
    )


def buy_and_hold_pct(timeline: Timeline) -> float:
    """The mean over instruments of (last close / first close − 1), in percent."""
    returns = [s.close[-1] / s.close[0] - 1.0 for s in timeline.series.values()]
    return float(np.mean(returns)) * 100.0


def compute_metrics(
    timeline: Timeline,
    equity: FloatArray,
    trades: Sequence[ClosedTrade],
    *,
    capital: Decimal,
    final_equity: Decimal,
    total_charges: Decimal,
    risk_free_rate: float,
) -> BacktestMetrics:
    times = timeline.times
    curve = equity_metrics(
        equity, times, ist_day(times), float(capital), risk_free_rate=risk_free_rate
    )
    stats = trade_metrics(trade_columns(trades), len(timeline))
    return BacktestMetrics(
        start=at(int(times[0])),
        end=at(int(times[-1])),
        duration_s=int(times[-1] - times[0]),
        exposure_pct=stats.exposure_pct,
        final_equity=final_equity,
        equity_peak=curve.equity_peak,
        return_pct=float((final_equity - capital) / capital) * 100.0,
        buy_hold_return_pct=buy_and_hold_pct(timeline),
        cagr_pct=curve.cagr_pct,
        volatility_pct=curve.volatility_pct,
        sharpe=curve.sharpe,
        sortino=curve.sortino,
        calmar=curve.calmar,
        max_drawdown_pct=curve.max_drawdown_pct,
        max_drawdown_duration_s=curve.max_drawdown_duration_s,
        avg_drawdown_pct=curve.avg_drawdown_pct,
        n_trades=stats.n_trades,
        win_rate_pct=stats.win_rate_pct,
        best_trade_pct=stats.best_trade_pct,
        worst_trade_pct=stats.worst_trade_pct,
        avg_trade_pct=stats.avg_trade_pct,
        max_trade_duration_s=stats.max_trade_duration_s,
        avg_trade_duration_s=stats.avg_trade_duration_s,
        profit_factor=stats.profit_factor,
        expectancy_pct=stats.expectancy_pct,
        sqn=stats.sqn,
        total_charges=total_charges,
    )


def drawdown_curve(equity: FloatArray, capital: Decimal) -> FloatArray:
    return drawdown(equity, float(capital))
