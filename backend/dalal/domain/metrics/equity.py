"""Metrics of an equity curve: returns, risk and drawdowns (floats: these are analytics).

Definitions (one place; the backtest report and its README text quote them):

- ``equity[i]`` is cash plus the open positions marked at bar i's close; ``capital`` is the
  starting cash, the curve's level before its first bar.
- **Daily returns**: the last equity of each trading day (``day`` key per bar, the IST date),
  as simple returns; the first day's return is measured from ``capital``.
- **Annualised volatility** = sample std (ddof 1) of daily returns × √252.
- **Sharpe** = (mean daily return − rf/252) / std of daily returns × √252, with ``rf`` the
  annual risk-free rate (0 unless set).
- **Sortino** = (mean daily return − rf/252) / downside deviation × √252, where the downside
  deviation is √mean(min(r − rf/252, 0)²) over all days.
- **CAGR** = (final / capital)^(1 / years) − 1, ``years`` = (last bar − first bar) / 365.25 days.
- **Drawdown** at bar i = 1 − equity[i] / peak, the peak being the highest of ``capital`` and
  the equity so far. **Max drawdown** is its maximum. A drawdown episode runs from the bar
  equity first falls below its peak to the bar it regains it (or the end); its **duration**
  runs from the last bar at the peak to the bar of recovery (or the last bar).
  **Average drawdown** is the mean of the episodes' deepest points.
- **Calmar** = CAGR / max drawdown.

Ratios with a zero denominator (no variation, no drawdown, no time) are NaN: "not defined".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TRADING_DAYS = 252
YEAR_SECONDS = 365.25 * 86_400
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class EquityMetrics:
    return_pct: float
    cagr_pct: float
    volatility_pct: float
    sharpe: float
    sortino: float
    calmar: float
    max_drawdown_pct: float
    max_drawdown_duration_s: int
    avg_drawdown_pct: float
    equity_peak: float


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0 or math.isnan(denominator):
        return math.nan
    return numerator / denominator


MAX_EXPONENT = 700.0  # math.exp overflows just past 709


def drawdown(equity: FloatArray, capital: float) -> FloatArray:
    """1 − equity / running peak (the peak starts at ``capital``); 0 at a new high."""
    peak = np.maximum.accumulate(np.maximum(equity, capital)) if equity.size else equity
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(peak > 0, 1.0 - equity / peak, 0.0)


def daily_returns(equity: FloatArray, day: IntArray, capital: float) -> FloatArray:
    """Simple returns of each day's last equity; the first from ``capital``."""
    if equity.size == 0:
        return np.empty(0)
    last = np.flatnonzero(np.r_[day[1:] != day[:-1], True])
    closes = np.r_[capital, equity[last]]
    with np.errstate(invalid="ignore", divide="ignore"):
        returns: FloatArray = np.diff(closes) / closes[:-1]
    return returns


def drawdown_episodes(dd: FloatArray, times: IntArray) -> tuple[list[float], list[int]]:
    """Each episode's deepest drawdown and its duration in seconds (see the module docstring)."""
    under = dd > 0
    depths: list[float] = []
    durations: list[int] = []
    starts = np.flatnonzero(under & ~np.r_[False, under[:-1]])
    ends = np.flatnonzero(under & ~np.r_[under[1:], False])
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        depths.append(float(dd[start : end + 1].max()))
        peak_at = times[start - 1] if start > 0 else times[0]
        recovered_at = times[end + 1] if end + 1 < times.size else times[-1]
        durations.append(int(recovered_at - peak_at))
    return depths, durations


def _cagr(growth: float, years: float) -> float:
    """Compound annual growth; NaN when undefined, or when a short run's growth compounds
    past what a float holds (a 13 % gain over 90 minutes is no annual rate anyone uses)."""
    if years <= 0 or growth <= 0:
        return math.nan
    exponent = math.log(growth) / years
    return math.expm1(exponent) if exponent < MAX_EXPONENT else math.nan


def equity_metrics(
    equity: FloatArray,
    times: IntArray,
    day: IntArray,
    capital: float,
    *,
    risk_free_rate: float = 0.0,
) -> EquityMetrics:
    """The figures of the module docstring; ``times`` are bar times in epoch seconds."""
    final = float(equity[-1]) if equity.size else capital
    years = float(times[-1] - times[0]) / YEAR_SECONDS if equity.size else 0.0
    growth = final / capital
    cagr = _cagr(growth, years)
    returns = daily_returns(equity, day, capital)
    excess = returns - risk_free_rate / TRADING_DAYS
    spread = float(returns.std(ddof=1)) if returns.size > 1 else math.nan
    downside = math.sqrt(float(np.mean(np.minimum(excess, 0.0) ** 2))) if returns.size else math.nan
    mean_excess = float(excess.mean()) if returns.size else math.nan
    root = math.sqrt(TRADING_DAYS)
    dd = drawdown(equity, capital)
    depths, durations = drawdown_episodes(dd, times)
    max_dd = float(dd.max()) if dd.size else 0.0
    return EquityMetrics(
        return_pct=(growth - 1.0) * 100.0,
        cagr_pct=cagr * 100.0,
        volatility_pct=spread * root * 100.0,
        sharpe=_ratio(mean_excess, spread) * root,
        sortino=_ratio(mean_excess, downside) * root,
        calmar=_ratio(cagr, max_dd),
        max_drawdown_pct=max_dd * 100.0,
        max_drawdown_duration_s=max(durations, default=0),
        avg_drawdown_pct=float(np.mean(depths)) * 100.0 if depths else 0.0,
        equity_peak=max(float(equity.max()), capital) if equity.size else capital,
    )
