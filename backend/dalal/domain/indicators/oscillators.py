"""Oscillators: RSI (Wilder), MACD and the Stochastic, vectorised and incremental.

Conventions (TA-Lib's, checked against it in the tests):

- RSI(n): price changes ``d[i] = x[i] − x[i−1]``; average gain and loss are the plain means of
  the first ``n`` changes, then Wilder-smoothed (``k = 1/n``).
  ``RSI = 100 · gain / (gain + loss)``, and 0 when both are 0 (a flat series). First value at
  index ``n``.
- MACD(fast, slow, signal): line = EMA(fast) − EMA(slow), with *both* EMAs starting at index
  ``slow − 1``, each seeded with the SMA of its own window ending there. The signal is the
  EMA(signal) of the line (seeded with the mean of its first ``signal`` values), so it starts
  at ``slow + signal − 2``; histogram = line − signal. ``fast < slow``.
- Stochastic(k, k_smooth, d): fast %K = ``100 · (close − lowest low) / (highest high − lowest
  low)`` over ``k`` bars (0 when the range is 0); slow %K = SMA(k_smooth) of fast %K; %D =
  SMA(d) of slow %K. These are TA-Lib's STOCH with SMA smoothing (its default).
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
    Ema,
    FloatArray,
    Sma,
    Wilder,
    as_floats,
    check_period,
    ema,
    empty_like,
    mean,
    recursive_smooth,
    sma,
)


class MacdLines(NamedTuple):
    line: FloatArray
    signal: FloatArray
    histogram: FloatArray


class StochasticLines(NamedTuple):
    k: FloatArray
    d: FloatArray


def _ratio(gain: FloatArray, loss: FloatArray) -> FloatArray:
    total = gain + loss
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total == 0.0, 0.0, 100.0 * gain / total)


def rsi(x: npt.ArrayLike, n: int = 14) -> FloatArray:
    """Wilder's RSI; NaN for the first ``n`` bars."""
    check_period(n)
    values = as_floats(x)
    if values.shape[0] <= n:
        return empty_like(values)
    change = np.diff(values, prepend=values[0])
    gains, losses = np.maximum(change, 0.0), np.maximum(-change, 0.0)
    k = 1.0 / n
    gain = recursive_smooth(gains, k, mean(gains[1 : n + 1]), n)
    loss = recursive_smooth(losses, k, mean(losses[1 : n + 1]), n)
    out = _ratio(gain, loss)
    out[:n] = np.nan
    return out


def check_macd(fast: int, slow: int, signal: int) -> None:
    for name, value in (("fast", fast), ("slow", slow), ("signal", signal)):
        check_period(value, name)
    if fast >= slow:
        raise ValueError(f"MACD needs fast < slow, not {fast} and {slow}")


def macd(x: npt.ArrayLike, fast: int = 12, slow: int = 26, signal: int = 9) -> MacdLines:
    """MACD line, signal and histogram (see the module docstring for the seeding)."""
    check_macd(fast, slow, signal)
    values = as_floats(x)
    line = ema(values, fast, start=slow - 1) - ema(values, slow)
    sig = empty_like(values)
    if values.shape[0] >= slow:
        sig[slow - 1 :] = ema(line[slow - 1 :], signal)
    return MacdLines(line, sig, line - sig)


def stochastic(
    high: npt.ArrayLike,
    low: npt.ArrayLike,
    close: npt.ArrayLike,
    k: int = 14,
    *,
    k_smooth: int = 3,
    d: int = 3,
) -> StochasticLines:
    """Slow %K and %D (see the module docstring)."""
    for name, value in (("k", k), ("k_smooth", k_smooth), ("d", d)):
        check_period(value, name)
    h, lo, c = as_floats(high), as_floats(low), as_floats(close)
    fast = empty_like(c)
    if c.shape[0] >= k:
        highest = sliding_window_view(h, k).max(axis=1)
        lowest = sliding_window_view(lo, k).min(axis=1)
        span = highest - lowest
        with np.errstate(invalid="ignore", divide="ignore"):
            fast[k - 1 :] = np.where(span == 0.0, 0.0, 100.0 * (c[k - 1 :] - lowest) / span)
    slow_k = sma(fast, k_smooth)
    return StochasticLines(slow_k, sma(slow_k, d))


class Rsi:
    """Incremental RSI: ``update(close)``."""

    def __init__(self, n: int = 14) -> None:
        check_period(n)
        self._gain, self._loss = Wilder(n), Wilder(n)
        self._previous = NAN

    def update(self, x: float) -> float:
        previous, self._previous = self._previous, x
        if math.isnan(previous):
            return NAN
        change = x - previous
        gain = self._gain.update(max(change, 0.0))
        loss = self._loss.update(max(-change, 0.0))
        if math.isnan(gain):
            return NAN
        total = gain + loss
        return 0.0 if total == 0.0 else 100.0 * gain / total


class Macd:
    """Incremental MACD: ``update(close)`` returns (line, signal, histogram)."""

    def __init__(self, fast: int = 12, slow: int = 26, signal: int = 9) -> None:
        check_macd(fast, slow, signal)
        self.fast_n, self.slow_n = fast, slow
        self._first: list[float] = []
        self._fast, self._slow = Ema(fast), Ema(slow)
        self._signal = Ema(signal)

    def update(self, x: float) -> tuple[float, float, float]:
        if not self._slow.ready:
            self._first.append(x)
            if len(self._first) < self.slow_n:
                return NAN, NAN, NAN
            # Both averages start on this bar, each seeded from its own window.
            for value in self._first[-self.fast_n :]:
                self._fast.update(value)
            for value in self._first:
                self._slow.update(value)
            line = self._fast.value - self._slow.value
        else:
            line = self._fast.update(x) - self._slow.update(x)
        signal = self._signal.update(line)
        return line, signal, line - signal


class Stochastic:
    """Incremental Stochastic: ``update(high, low, close)`` returns (slow %K, %D)."""

    def __init__(self, k: int = 14, k_smooth: int = 3, d: int = 3) -> None:
        check_period(k, "k")
        self._highs: deque[float] = deque(maxlen=k)
        self._lows: deque[float] = deque(maxlen=k)
        self._k = k
        self._slow, self._d = Sma(k_smooth), Sma(d)

    def update(self, high: float, low: float, close: float) -> tuple[float, float]:
        self._highs.append(high)
        self._lows.append(low)
        if len(self._highs) < self._k:
            return NAN, NAN
        lowest, highest = min(self._lows), max(self._highs)
        span = highest - lowest
        fast = 0.0 if span == 0.0 else 100.0 * (close - lowest) / span
        slow_k = self._slow.update(fast)
        if math.isnan(slow_k):
            return NAN, NAN
        return slow_k, self._d.update(slow_k)
