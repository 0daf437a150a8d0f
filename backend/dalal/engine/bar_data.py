"""Bars as columns, for backtests: one ``BarSeries`` per instrument, aligned on a ``Timeline``.

Prices are kept as float64 columns for the vectorised work (indicators, marking to market)
and turned back into exact ``Decimal`` only when a bar meets the matching or a strategy:
``Decimal(repr(x))`` gives back the price as written, for any price of at most 15 significant
digits (every exchange price). Times are epoch seconds (UTC) of each bar's open, the
``Bar.at`` convention; ``session`` is the IST calendar day of each bar, the key for daily
returns and VWAP.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from dalal.domain.indicators.specs import Ohlcv
from dalal.domain.instruments import Instrument
from dalal.domain.market import Bar, Interval
from dalal.engine.objects import new_bar

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
IST_OFFSET_S = 19_800  # +05:30, no daylight saving


def at(seconds: int) -> datetime:
    """The UTC datetime of epoch ``seconds`` (exact: no float on the way)."""
    return EPOCH + timedelta(seconds=seconds)


def epoch_seconds(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(seconds=1)


def ist_day(seconds: IntArray) -> IntArray:
    """Days since 1970-01-01 of each time's IST calendar date."""
    return (seconds + IST_OFFSET_S) // 86_400


def price(value: float) -> Decimal:
    return Decimal(repr(value))


@dataclass(frozen=True, slots=True, eq=False)
class BarSeries:
    """One instrument's bars, time-ordered, as columns of equal length."""

    instrument: Instrument
    interval: Interval
    times: IntArray
    open: FloatArray
    high: FloatArray
    low: FloatArray
    close: FloatArray
    volume: FloatArray

    def __post_init__(self) -> None:
        n = self.times.shape[0]
        columns = (self.open, self.high, self.low, self.close, self.volume)
        if any(column.shape != (n,) for column in columns):
            raise ValueError("every column of a bar series must have the same length")
        if n > 1 and not bool(np.all(np.diff(self.times) > 0)):
            raise ValueError("bar times must strictly increase")

    @classmethod
    def from_bars(
        cls, instrument: Instrument, interval: Interval, bars: Sequence[Bar]
    ) -> BarSeries:
        def column(name: str) -> FloatArray:
            return np.array([float(getattr(bar, name)) for bar in bars], dtype=np.float64)

        times = np.array([epoch_seconds(bar.at) for bar in bars], dtype=np.int64)
        return cls(
            instrument,
            interval,
            times,
            column("open"),
            column("high"),
            column("low"),
            column("close"),
            column("volume"),
        )

    def __len__(self) -> int:
        return int(self.times.shape[0])

    @property
    def token(self) -> int:
        return self.instrument.token

    @property
    def session(self) -> IntArray:
        return ist_day(self.times)

    def ohlcv(self) -> Ohlcv:
        return Ohlcv(self.open, self.high, self.low, self.close, self.volume, self.session)

    def bar(self, row: int) -> Bar:
        """Row ``row`` as a domain ``Bar`` with exact prices."""
        return BarMaker(self).bar(row)

    def between(self, start: date | None, end: date | None) -> BarSeries:
        """The bars whose IST day is within ``start``..``end`` (both included, None = open)."""
        days = self.session
        keep = np.ones(len(self), dtype=np.bool_)
        if start is not None:
            keep &= days >= (start - date(1970, 1, 1)).days
        if end is not None:
            keep &= days <= (end - date(1970, 1, 1)).days
        return BarSeries(
            self.instrument,
            self.interval,
            self.times[keep],
            self.open[keep],
            self.high[keep],
            self.low[keep],
            self.close[keep],
            self.volume[keep],
        )


def python_column(values: npt.NDArray[np.float64] | IntArray) -> array[Any]:
    """A column read one element at a time from Python: ``array.array`` indexes as fast as a
    list, and holds no objects for the garbage collector to walk on every collection."""
    if values.dtype.kind == "i":
        return array("q", values.astype(np.int64, copy=False).tobytes())
    return array("d", values.astype(np.float64, copy=False).tobytes())


class BarMaker:
    """Makes ``Bar``s from one series' rows; its columns become Python lists once, so a row
    costs no numpy scalar (the runner makes a bar at every event). Prices on a tick grid
    repeat, so each distinct float is turned into a ``Decimal`` once."""

    __slots__ = ("_columns", "_decimals", "interval", "token")

    def __init__(self, series: BarSeries) -> None:
        self.token, self.interval = series.token, series.interval
        columns = (series.times, series.open, series.high, series.low, series.close)
        self._columns = (*(python_column(column) for column in columns), series.volume.tolist())
        self._decimals: dict[float, Decimal] = {}

    def _decimal(self, value: float) -> Decimal:
        exact = self._decimals.get(value)
        if exact is None:
            exact = self._decimals[value] = Decimal(repr(value))
        return exact

    def bar(self, row: int) -> Bar:
        times, open_, high, low, close, volume = self._columns
        decimal = self._decimal
        return new_bar(
            self.token,
            at(times[row]),
            self.interval,
            decimal(open_[row]),
            decimal(high[row]),
            decimal(low[row]),
            decimal(close[row]),
            int(volume[row]),
        )


@dataclass(frozen=True, slots=True, eq=False)
class Timeline:
    """The union of the series' bar times, and where each series' bars sit on it.

    ``rows[t][i]`` is the row of token t's bar at time ``times[i]``, or −1 when it has none;
    ``last_row[t][i]`` its latest bar at or before ``times[i]`` (−1 before its first);
    ``closes[t][i]`` that bar's close (0 before the first: no position can exist there).
    """

    times: IntArray
    series: dict[int, BarSeries]
    rows: dict[int, IntArray]
    last_row: dict[int, IntArray]
    closes: dict[int, FloatArray]

    @classmethod
    def build(cls, series: Sequence[BarSeries]) -> Timeline:
        if not series or any(len(s) == 0 for s in series):
            raise ValueError("a backtest needs at least one bar for every instrument")
        by_token = {s.token: s for s in sorted(series, key=lambda s: s.token)}
        if len(by_token) != len(series):
            raise ValueError("each instrument may appear only once")
        if len(by_token) == 1:  # one series: its own times, every row present
            ((token, only),) = by_token.items()
            rows = {token: np.arange(len(only), dtype=np.int64)}
            return cls(only.times, by_token, rows, rows, {token: only.close})
        times = np.unique(np.concatenate([s.times for s in by_token.values()]))
        rows, last_row, closes = {}, {}, {}
        for token, s in by_token.items():
            position = np.searchsorted(times, s.times)
            rows[token] = np.full(times.shape[0], -1, dtype=np.int64)
            rows[token][position] = np.arange(len(s), dtype=np.int64)
            last_row[token] = np.maximum.accumulate(rows[token])
            closes[token] = np.where(last_row[token] >= 0, s.close[last_row[token]], 0.0)
        return cls(times, by_token, rows, last_row, closes)

    def __len__(self) -> int:
        return int(self.times.shape[0])

    @property
    def tokens(self) -> tuple[int, ...]:
        return tuple(self.series)

    @property
    def session(self) -> IntArray:
        return ist_day(self.times)


def trade_date_of(seconds: int) -> date:
    """The IST calendar date of epoch ``seconds``."""
    return date(1970, 1, 1) + timedelta(days=(seconds + IST_OFFSET_S) // 86_400)


class LazyMarks(Mapping[int, Decimal]):
    """Each token's latest close at timeline ``index``, as a ``Decimal``, made when asked.

    The broker reads marks only to size, margin or value an account: converting every close
    at every event would cost more than the events themselves.
    """

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.index = -1

    def __getitem__(self, token: int) -> Decimal:
        if self.index < 0 or self.timeline.last_row[token][self.index] < 0:
            raise KeyError(token)
        return price(float(self.timeline.closes[token][self.index]))

    def __iter__(self) -> Iterator[int]:
        if self.index < 0:
            return iter(())
        return (t for t in self.timeline.tokens if self.timeline.last_row[t][self.index] >= 0)

    def __len__(self) -> int:
        return sum(1 for _ in self)
