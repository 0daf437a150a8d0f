"""Moving averages: SMA, EMA, WMA and Wilder's smoothing, vectorised and incremental.

Conventions (those of TA-Lib, which the tests check against):

- Every output array has the input's length; a value that is not defined yet is NaN. A
  window of ``n`` first has a value at index ``n - 1``.
- SMA(n) is the plain mean of the last ``n`` values.
- EMA(n) uses ``k = 2 / (n + 1)`` and is seeded with the SMA of its first ``n`` values, so it
  too starts at index ``n - 1``: ``ema[i] = k·x[i] + (1 − k)·ema[i − 1]``.
- WMA(n) weighs the last ``n`` values 1, 2, …, n (the latest heaviest), divided by n(n+1)/2.
- Wilder's smoothing (RMA) is the EMA with ``k = 1 / n``, seeded with a plain mean.

Vectorised and incremental forms give **bit-identical** floats (the tests demand equality):
the incremental kernels run the same numpy reductions over their window (numpy reduces a
row of a sliding window exactly as it reduces the same values alone), seed with the same
``np.mean`` and recurse with the same operations as ``lfilter``. It matters: on tick-grid
prices two averages often tie exactly, and a backtest (vectorised) and a forward test
(incremental) must see the same tie. The incremental SMA re-sums its window every bar, so
it never drifts. NaN inputs are not supported (bars have no gaps in their prices).
"""

from __future__ import annotations

import math
from collections import deque
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import lfilter

FloatArray: TypeAlias = npt.NDArray[np.float64]
NAN = math.nan


def mean(values: npt.ArrayLike) -> float:
    """The seed of every recursive average, the same in both forms."""
    return float(np.mean(np.asarray(values, dtype=np.float64)))


def window_sum(values: deque[float], weights: FloatArray | None = None) -> float:
    """Σ of a window (optionally weighted) reduced as the vectorised form reduces a row."""
    row = np.array(values, dtype=np.float64)
    return float((row if weights is None else row * weights).sum())


def check_period(n: int, name: str = "period") -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{name} must be a whole number of bars of at least 1, not {n!r}")


def as_floats(x: npt.ArrayLike) -> FloatArray:
    return np.ascontiguousarray(x, dtype=np.float64)


def empty_like(x: FloatArray) -> FloatArray:
    return np.full(x.shape[0], np.nan)


def sma(x: npt.ArrayLike, n: int) -> FloatArray:
    """Simple moving average of the last ``n`` values."""
    check_period(n)
    values = as_floats(x)
    out = empty_like(values)
    if values.shape[0] >= n:
        out[n - 1 :] = sliding_window_view(values, n).sum(axis=1) / n
    return out


def recursive_smooth(x: FloatArray, k: float, seed: float, start: int) -> FloatArray:
    """``out[start] = seed``; after it ``out[i] = k·x[i] + (1 − k)·out[i − 1]``; NaN before."""
    out = empty_like(x)
    if start >= x.shape[0]:
        return out
    out[start] = seed
    rest = x[start + 1 :]
    if rest.shape[0]:
        smoothed, _ = lfilter([k], [1.0, k - 1.0], rest, zi=[(1.0 - k) * seed])
        out[start + 1 :] = smoothed
    return out


def ema(x: npt.ArrayLike, n: int, *, start: int | None = None) -> FloatArray:
    """EMA(n) seeded with the SMA of the window that ends at ``start`` (default ``n - 1``).

    MACD starts both of its averages on the same bar (TA-Lib's convention), hence ``start``.
    """
    check_period(n)
    values = as_floats(x)
    begin = n - 1 if start is None else start
    if begin < n - 1:
        raise ValueError("an EMA cannot start before its first full window")
    if begin >= values.shape[0]:
        return empty_like(values)
    seed = mean(values[begin - n + 1 : begin + 1])
    return recursive_smooth(values, 2.0 / (n + 1), seed, begin)


def wma(x: npt.ArrayLike, n: int) -> FloatArray:
    """Linearly weighted moving average: weights 1..n, the latest value heaviest."""
    check_period(n)
    values = as_floats(x)
    out = empty_like(values)
    if values.shape[0] >= n:
        weights = np.arange(1, n + 1, dtype=np.float64)
        out[n - 1 :] = (sliding_window_view(values, n) * weights).sum(axis=1) / weights.sum()
    return out


class Sma:
    """Incremental SMA: ``update(x)`` returns the average, NaN until ``n`` values are in."""

    def __init__(self, n: int) -> None:
        check_period(n)
        self.n = n
        self._window: deque[float] = deque(maxlen=n)

    def update(self, x: float) -> float:
        self._window.append(x)
        if len(self._window) < self.n:
            return NAN
        return window_sum(self._window) / self.n


class Smoother:
    """Incremental recursive smoothing seeded with the mean of its first ``n`` inputs.

    ``k`` is the weight of the newest input: ``2 / (n + 1)`` for an EMA, ``1 / n`` for Wilder.
    """

    def __init__(self, n: int, k: float) -> None:
        check_period(n)
        self.n = n
        self.k = k
        self._seed: list[float] = []
        self.value = NAN

    @property
    def ready(self) -> bool:
        return not math.isnan(self.value)

    def update(self, x: float) -> float:
        if self.ready:
            self.value = self.k * x + (1.0 - self.k) * self.value
        else:
            self._seed.append(x)
            if len(self._seed) == self.n:
                self.value = mean(self._seed)
        return self.value


class Ema(Smoother):
    def __init__(self, n: int) -> None:
        super().__init__(n, 2.0 / (n + 1))


class Wilder(Smoother):
    def __init__(self, n: int) -> None:
        super().__init__(n, 1.0 / n)


class Wma:
    """Incremental WMA: weights 1..n over the last ``n`` inputs."""

    def __init__(self, n: int) -> None:
        check_period(n)
        self.n = n
        self._window: deque[float] = deque(maxlen=n)
        self._weights = np.arange(1, n + 1, dtype=np.float64)
        self._total = float(self._weights.sum())

    def update(self, x: float) -> float:
        self._window.append(x)
        if len(self._window) < self.n:
            return NAN
        return window_sum(self._window, self._weights) / self._total
