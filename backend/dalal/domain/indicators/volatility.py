"""Bands and ranges: Bollinger Bands, true range, ATR and SuperTrend, vectorised and incremental.

Conventions:

- Bollinger(n, k): middle = SMA(n); upper/lower = middle ± k × the *population* standard
  deviation of the same ``n`` closes (TA-Lib's BBANDS). First value at index ``n − 1``.
- True range at bar i ≥ 1: ``max(high − low, |high − close[i−1]|, |low − close[i−1]|)``;
  bar 0 has none. ATR(n) is the mean of the first ``n`` true ranges (bars 1..n), then
  Wilder-smoothed: first value at index ``n`` (TA-Lib's ATR).
- SuperTrend(n, multiplier) follows TradingView's ``ta.supertrend``: bands
  ``hl2 ± multiplier × ATR(n)``; the lower band only rises and the upper band only falls
  while the previous close stays beyond them; the trend turns up when the close crosses above
  the upper band and down when it crosses below the lower band. The first bar (index ``n``)
  starts in a downtrend. Outputs: the SuperTrend line (the lower band in an uptrend, the upper
  in a downtrend) and the direction, +1 up and −1 down. Not in TA-Lib: the tests check it on
  hand-computed bars.
"""

from __future__ import annotations

import math
from collections import deque
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from dalal.domain.indicators.moving import (
    NAN,
    FloatArray,
    Wilder,
    as_floats,
    check_period,
    empty_like,
    mean,
    recursive_smooth,
    sma,
)


class Bands(NamedTuple):
    upper: FloatArray
    middle: FloatArray
    lower: FloatArray


class SuperTrendLines(NamedTuple):
    value: FloatArray
    direction: FloatArray


def bollinger(x: npt.ArrayLike, n: int = 20, k: float = 2.0) -> Bands:
    check_period(n)
    values = as_floats(x)
    middle = sma(values, n)
    spread = empty_like(values)
    if values.shape[0] >= n:
        spread[n - 1 :] = k * sliding_window_view(values, n).std(axis=1)
    # middle ± spread, in this order in both forms
    return Bands(middle + spread, middle, middle - spread)


def true_range(high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike) -> FloatArray:
    h, lo, c = as_floats(high), as_floats(low), as_floats(close)
    out = empty_like(c)
    if c.shape[0] > 1:
        previous = c[:-1]
        out[1:] = np.maximum(h[1:] - lo[1:], np.abs(h[1:] - previous))
        out[1:] = np.maximum(out[1:], np.abs(lo[1:] - previous))
    return out


def atr(high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike, n: int = 14) -> FloatArray:
    check_period(n)
    tr = true_range(high, low, close)
    if tr.shape[0] <= n:
        return empty_like(tr)
    return recursive_smooth(tr, 1.0 / n, mean(tr[1 : n + 1]), n)


def supertrend(
    high: npt.ArrayLike,
    low: npt.ArrayLike,
    close: npt.ArrayLike,
    n: int = 10,
    multiplier: float = 3.0,
) -> SuperTrendLines:
    h, lo, c = as_floats(high), as_floats(low), as_floats(close)
    ranges = atr(h, lo, c, n)
    value, direction = empty_like(c), empty_like(c)
    state = _SuperTrendState(multiplier)
    hl2 = ((h + lo) / 2.0).tolist()
    closes, atrs = c.tolist(), ranges.tolist()
    for i in range(n, c.shape[0]):
        value[i], direction[i] = state.step(hl2[i], closes[i], atrs[i])
    return SuperTrendLines(value, direction)


class _SuperTrendState:
    """One step of the SuperTrend recursion, shared by both forms so they cannot diverge."""

    def __init__(self, multiplier: float) -> None:
        self.multiplier = multiplier
        self.upper = self.lower = self.close = self.line = NAN

    def step(self, hl2: float, close: float, atr_value: float) -> tuple[float, float]:
        upper = hl2 + self.multiplier * atr_value
        lower = hl2 - self.multiplier * atr_value
        first = math.isnan(self.line)
        if not first:
            if not (lower > self.lower or self.close < self.lower):
                lower = self.lower
            if not (upper < self.upper or self.close > self.upper):
                upper = self.upper
        if first:
            up = False
        elif self.line == self.upper:
            up = close > upper
        else:
            up = not close < lower
        self.upper, self.lower, self.close = upper, lower, close
        self.line = lower if up else upper
        return self.line, 1.0 if up else -1.0


class Bollinger:
    """Incremental Bollinger Bands: ``update(close)`` returns (upper, middle, lower)."""

    def __init__(self, n: int = 20, k: float = 2.0) -> None:
        check_period(n)
        self.n, self.k = n, k
        self._window: deque[float] = deque(maxlen=n)

    def update(self, x: float) -> tuple[float, float, float]:
        self._window.append(x)
        if len(self._window) < self.n:
            return NAN, NAN, NAN
        row = np.array(self._window, dtype=np.float64)
        middle = float(row.sum()) / self.n
        spread = self.k * float(row.std())
        return middle + spread, middle, middle - spread


class Atr:
    """Incremental ATR: ``update(high, low, close)``."""

    def __init__(self, n: int = 14) -> None:
        check_period(n)
        self._smooth = Wilder(n)
        self._close = NAN

    def update(self, high: float, low: float, close: float) -> float:
        previous, self._close = self._close, close
        if math.isnan(previous):
            return NAN
        tr = max(high - low, abs(high - previous), abs(low - previous))
        return self._smooth.update(tr)


class SuperTrend:
    """Incremental SuperTrend: ``update(high, low, close)`` returns (line, direction)."""

    def __init__(self, n: int = 10, multiplier: float = 3.0) -> None:
        self._atr = Atr(n)
        self._state = _SuperTrendState(multiplier)

    def update(self, high: float, low: float, close: float) -> tuple[float, float]:
        value = self._atr.update(high, low, close)
        if math.isnan(value):
            return NAN, NAN
        return self._state.step((high + low) / 2.0, close, value)
