"""Metrics of the closed trades (floats: analytics).

Definitions:

- A trade's **return** is its net P&L (after its charges) over its entry value,
  ``pnl / (|size| × entry price)``: a short that falls earns a positive return.
- **Win rate** = share of trades with P&L > 0.
- **Best / worst trade** = highest and lowest return; **average trade** = the geometric mean
  of the returns, ``(Π(1 + r))^(1/n) − 1``; **expectancy** = their arithmetic mean.
- **Profit factor** = gross profit / gross loss, in money (Σ P&L of winners / |Σ P&L of
  losers|); NaN with no losing trade.
- **SQN** (Van Tharp's system quality number) = √n × mean(P&L) / sample std(P&L) (ddof 1).
- **Trade duration** = exit time − entry time.
- **Exposure** = share of bars during which a position was open: a trade covers its entry
  bar through its exit bar, both included.

Each is NaN when there is no trade to define it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TradeColumns:
    """The closed trades as columns: net P&L, return (a fraction), entry/exit bar and time."""

    pnl: FloatArray
    returns: FloatArray
    entry_index: IntArray
    exit_index: IntArray
    entry_time: IntArray
    exit_time: IntArray


@dataclass(frozen=True, slots=True)
class TradeMetrics:
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
    exposure_pct: float


def _geometric_mean(returns: FloatArray) -> float:
    growth = 1.0 + returns
    if np.any(growth <= 0):
        return -1.0  # some trade lost everything: the compounded average is a total loss
    return float(np.exp(np.log(growth).mean())) - 1.0


def exposure(trades: TradeColumns, n_bars: int) -> float:
    """Share of the ``n_bars`` bars covered by a trade (entry through exit, inclusive)."""
    if n_bars == 0:
        return 0.0
    marks = np.zeros(n_bars + 1, dtype=np.int64)
    np.add.at(marks, trades.entry_index, 1)
    np.add.at(marks, trades.exit_index + 1, -1)
    return float((np.cumsum(marks[:-1]) > 0).mean())


def trade_metrics(trades: TradeColumns, n_bars: int) -> TradeMetrics:
    n = int(trades.pnl.size)
    nan = math.nan
    pnl, returns = trades.pnl, trades.returns
    durations = (trades.exit_time - trades.entry_time).astype(np.float64)
    losses = float(-pnl[pnl < 0].sum())
    spread = float(pnl.std(ddof=1)) if n > 1 else nan
    return TradeMetrics(
        n_trades=n,
        win_rate_pct=float((pnl > 0).mean()) * 100.0 if n else nan,
        best_trade_pct=float(returns.max()) * 100.0 if n else nan,
        worst_trade_pct=float(returns.min()) * 100.0 if n else nan,
        avg_trade_pct=_geometric_mean(returns) * 100.0 if n else nan,
        max_trade_duration_s=float(durations.max()) if n else nan,
        avg_trade_duration_s=float(durations.mean()) if n else nan,
        profit_factor=float(pnl[pnl > 0].sum()) / losses if losses > 0 else nan,
        expectancy_pct=float(returns.mean()) * 100.0 if n else nan,
        sqn=math.sqrt(n) * float(pnl.mean()) / spread if spread and not math.isnan(spread) else nan,
        exposure_pct=exposure(trades, n_bars) * 100.0,
    )
