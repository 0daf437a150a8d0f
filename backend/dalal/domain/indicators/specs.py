"""Indicator specs: one value names an indicator, and gives both of its forms.

A strategy asks for ``sma(10)`` or ``macd(12, 26, 9)``; a backtest calls ``spec.compute(data)``
once over all the bars (vectorised), a forward test feeds ``spec.incremental()`` one closed bar
at a time. Both come from the kernels in this package, which the tests hold equal. A spec is
a frozen value, so equal specs can share one computation.

``source`` picks the input of single-input indicators: ``open``, ``high``, ``low``, ``close``,
``hl2`` ((high + low) / 2) or ``hlc3`` ((high + low + close) / 3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

from dalal.domain.indicators import moving, oscillators, volatility, volume
from dalal.domain.indicators.moving import FloatArray

SOURCES = ("open", "high", "low", "close", "hl2", "hlc3")
Param: TypeAlias = int | float


class Ohlcv(NamedTuple):
    """Bars as columns; ``session`` is a key per bar (the IST trading day) for VWAP."""

    open: FloatArray
    high: FloatArray
    low: FloatArray
    close: FloatArray
    volume: FloatArray
    session: npt.NDArray[np.int64]


class BarValues(NamedTuple):
    open: float
    high: float
    low: float
    close: float
    volume: float
    session: int


class Incremental(Protocol):
    def update(self, bar: BarValues) -> tuple[float, ...]: ...


def _source(data: Ohlcv, name: str) -> FloatArray:
    if name == "hl2":
        return (data.high + data.low) / 2.0
    if name == "hlc3":
        return (data.high + data.low + data.close) / 3.0
    column: FloatArray = getattr(data, name)
    return column


def _bar_source(bar: BarValues, name: str) -> float:
    if name == "hl2":
        return (bar.high + bar.low) / 2.0
    if name == "hlc3":
        return (bar.high + bar.low + bar.close) / 3.0
    value: float = getattr(bar, name)
    return value


class _SingleInput:
    """Adapts a one-input incremental kernel (``update(x)``) to closed bars."""

    def __init__(self, kernel: Callable[[float], float | tuple[float, ...]], source: str) -> None:
        self._kernel, self._source = kernel, source

    def update(self, bar: BarValues) -> tuple[float, ...]:
        out = self._kernel(_bar_source(bar, self._source))
        return out if isinstance(out, tuple) else (out,)


class _RangeInput:
    """Adapts a (high, low, close) kernel to closed bars."""

    def __init__(self, kernel: Callable[[float, float, float], float | tuple[float, ...]]) -> None:
        self._kernel = kernel

    def update(self, bar: BarValues) -> tuple[float, ...]:
        out = self._kernel(bar.high, bar.low, bar.close)
        return out if isinstance(out, tuple) else (out,)


class _VwapInput:
    def __init__(self) -> None:
        self._kernel = volume.Vwap()

    def update(self, bar: BarValues) -> tuple[float, ...]:
        return (self._kernel.update(bar.high, bar.low, bar.close, bar.volume, bar.session),)


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """``kind`` and ``params`` name the indicator; ``outputs`` name its lines, first = main."""

    kind: str
    params: tuple[Param, ...]
    source: str = "close"

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown indicator {self.kind!r}; use one of {', '.join(_KINDS)}")
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}; use one of {', '.join(SOURCES)}")
        self.incremental()  # validates the parameters once, at construction

    @property
    def outputs(self) -> tuple[str, ...]:
        return _KINDS[self.kind][0]

    def compute(self, data: Ohlcv) -> tuple[FloatArray, ...]:
        """Every output over all of ``data``, vectorised (NaN where not defined yet)."""
        return _KINDS[self.kind][1](self, data)

    def incremental(self) -> Incremental:
        """A fresh kernel to feed closed bars one at a time."""
        return _KINDS[self.kind][2](self)

    def __str__(self) -> str:
        args = ", ".join(str(p) for p in self.params)
        suffix = "" if self.source == "close" else f" of {self.source}"
        return f"{self.kind}({args}){suffix}"


_P = IndicatorSpec
_Kind: TypeAlias = tuple[
    tuple[str, ...], Callable[[_P, Ohlcv], tuple[FloatArray, ...]], Callable[[_P], Incremental]
]


def _int(spec: _P, i: int) -> int:
    return int(spec.params[i])


_KINDS: dict[str, _Kind] = {
    "sma": (
        ("value",),
        lambda s, d: (moving.sma(_source(d, s.source), _int(s, 0)),),
        lambda s: _SingleInput(moving.Sma(_int(s, 0)).update, s.source),
    ),
    "ema": (
        ("value",),
        lambda s, d: (moving.ema(_source(d, s.source), _int(s, 0)),),
        lambda s: _SingleInput(moving.Ema(_int(s, 0)).update, s.source),
    ),
    "wma": (
        ("value",),
        lambda s, d: (moving.wma(_source(d, s.source), _int(s, 0)),),
        lambda s: _SingleInput(moving.Wma(_int(s, 0)).update, s.source),
    ),
    "rsi": (
        ("value",),
        lambda s, d: (oscillators.rsi(_source(d, s.source), _int(s, 0)),),
        lambda s: _SingleInput(oscillators.Rsi(_int(s, 0)).update, s.source),
    ),
    "macd": (
        ("line", "signal", "histogram"),
        lambda s, d: tuple(oscillators.macd(_source(d, s.source), *map(int, s.params))),
        lambda s: _SingleInput(oscillators.Macd(*map(int, s.params)).update, s.source),
    ),
    "bollinger": (
        ("upper", "middle", "lower"),
        lambda s, d: tuple(volatility.bollinger(_source(d, s.source), _int(s, 0), s.params[1])),
        lambda s: _SingleInput(volatility.Bollinger(_int(s, 0), s.params[1]).update, s.source),
    ),
    "atr": (
        ("value",),
        lambda s, d: (volatility.atr(d.high, d.low, d.close, _int(s, 0)),),
        lambda s: _RangeInput(volatility.Atr(_int(s, 0)).update),
    ),
    "supertrend": (
        ("value", "direction"),
        lambda s, d: tuple(volatility.supertrend(d.high, d.low, d.close, _int(s, 0), s.params[1])),
        lambda s: _RangeInput(volatility.SuperTrend(_int(s, 0), s.params[1]).update),
    ),
    "stochastic": (
        ("k", "d"),
        lambda s, d: tuple(
            oscillators.stochastic(
                d.high, d.low, d.close, _int(s, 0), k_smooth=_int(s, 1), d=_int(s, 2)
            )
        ),
        lambda s: _RangeInput(oscillators.Stochastic(*map(int, s.params)).update),
    ),
    "vwap": (
        ("value",),
        lambda s, d: (volume.vwap(d.high, d.low, d.close, d.volume, d.session),),
        lambda s: _VwapInput(),
    ),
}


def sma(n: int, source: str = "close") -> IndicatorSpec:
    return IndicatorSpec("sma", (n,), source)


def ema(n: int, source: str = "close") -> IndicatorSpec:
    return IndicatorSpec("ema", (n,), source)


def wma(n: int, source: str = "close") -> IndicatorSpec:
    return IndicatorSpec("wma", (n,), source)


def rsi(n: int = 14, source: str = "close") -> IndicatorSpec:
    return IndicatorSpec("rsi", (n,), source)


def macd(fast: int = 12, slow: int = 26, signal: int = 9, source: str = "close") -> IndicatorSpec:
    return IndicatorSpec("macd", (fast, slow, signal), source)


def bollinger(n: int = 20, k: float = 2.0, source: str = "close") -> IndicatorSpec:
    return IndicatorSpec("bollinger", (n, float(k)), source)


def atr(n: int = 14) -> IndicatorSpec:
    return IndicatorSpec("atr", (n,))


def supertrend(n: int = 10, multiplier: float = 3.0) -> IndicatorSpec:
    return IndicatorSpec("supertrend", (n, float(multiplier)))


def stochastic(k: int = 14, k_smooth: int = 3, d: int = 3) -> IndicatorSpec:
    return IndicatorSpec("stochastic", (k, k_smooth, d))


def vwap() -> IndicatorSpec:
    return IndicatorSpec("vwap", ())
