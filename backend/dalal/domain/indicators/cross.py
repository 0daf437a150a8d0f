"""Crossovers: where one line crosses another line or a level.

``a`` crosses above ``b`` at bar i when ``a[i] > b[i]`` and ``a[i−1] ≤ b[i−1]``, and below
when ``a[i] < b[i]`` and ``a[i−1] ≥ b[i−1]``. A bar where either value (now or before) is
not defined (NaN) is no crossing. Touching (equality) is not a crossing, but a cross that
goes through a touch counts on the bar that leaves it: 9, 10, 11 against 10 crosses above at
11. (backtesting.py's ``crossover`` needs a strict ``<`` the bar before, and misses that case.)
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from dalal.domain.indicators.moving import as_floats

BoolArray = npt.NDArray[np.bool_]


def _pair(a: npt.ArrayLike, b: npt.ArrayLike | float) -> tuple[np.ndarray, np.ndarray]:
    left = as_floats(a)
    right = np.broadcast_to(as_floats(b), left.shape)
    return left, right


def crossed_above(a: npt.ArrayLike, b: npt.ArrayLike | float) -> BoolArray:
    left, right = _pair(a, b)
    out = np.zeros(left.shape[0], dtype=np.bool_)
    out[1:] = (left[1:] > right[1:]) & (left[:-1] <= right[:-1])
    return out


def crossed_below(a: npt.ArrayLike, b: npt.ArrayLike | float) -> BoolArray:
    left, right = _pair(a, b)
    out = np.zeros(left.shape[0], dtype=np.bool_)
    out[1:] = (left[1:] < right[1:]) & (left[:-1] >= right[:-1])
    return out


def cross_direction(now_a: float, now_b: float, before_a: float, before_b: float) -> int:
    """+1 if ``a`` crossed above ``b`` between the two bars, −1 if below, else 0."""
    if any(math.isnan(v) for v in (now_a, now_b, before_a, before_b)):
        return 0
    if now_a > now_b and before_a <= before_b:
        return 1
    if now_a < now_b and before_a >= before_b:
        return -1
    return 0


class Cross:
    """Incremental crossing detector: ``update(a, b)`` returns +1, −1 or 0."""

    def __init__(self) -> None:
        self._before = (math.nan, math.nan)

    def update(self, a: float, b: float) -> int:
        before, self._before = self._before, (a, b)
        return cross_direction(a, b, *before)
