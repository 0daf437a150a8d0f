"""Technical indicators over float arrays (analytics may use floats; money never does).

Each indicator has a vectorised form over numpy arrays, for backtests, and an incremental
form fed one closed bar at a time, for live bars; the tests hold the two equal and check both
against TA-Lib where it has the indicator. ``specs`` names indicators for strategies.
"""

from dalal.domain.indicators.cross import Cross, cross_direction, crossed_above, crossed_below
from dalal.domain.indicators.moving import Ema, Sma, Wilder, Wma, ema, sma, wma
from dalal.domain.indicators.oscillators import Macd, Rsi, Stochastic, macd, rsi, stochastic
from dalal.domain.indicators.specs import BarValues, IndicatorSpec, Ohlcv
from dalal.domain.indicators.volatility import (
    Atr,
    Bollinger,
    SuperTrend,
    atr,
    bollinger,
    supertrend,
    true_range,
)
from dalal.domain.indicators.volume import Vwap, vwap

__all__ = [
    "Atr",
    "BarValues",
    "Bollinger",
    "Cross",
    "Ema",
    "IndicatorSpec",
    "Macd",
    "Ohlcv",
    "Rsi",
    "Sma",
    "Stochastic",
    "SuperTrend",
    "Vwap",
    "Wilder",
    "Wma",
    "atr",
    "bollinger",
    "cross_direction",
    "crossed_above",
    "crossed_below",
    "ema",
    "macd",
    "rsi",
    "sma",
    "stochastic",
    "supertrend",
    "true_range",
    "vwap",
    "wma",
]
