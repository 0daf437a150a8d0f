"""Synthetic daily history for the demo stocks and indices, so a backtest runs out of the box.

Not market data: a seeded random walk per symbol, made to end at the symbol's reference
price (where the synthetic live feed starts), so history and live prices join up. The
same ``today`` gives the same bars, so ``dalal demo`` stays idempotent.

- One bar per NSE trading day (the calendar's holidays and weekends skipped), for ``years``
  years up to the last trading day before ``today``, at 09:15 IST (the daily-bar convention
  of :mod:`dalal.adapters.feeds.base`).
- Daily log returns are normal with a volatility of 1.5 % (stocks) or 1 % (indices) and a
  small drift; the open gaps from the previous close, and the high and low reach past the
  open and close by a random part of the day's range. Prices are Decimal on the tick.
- Indices have no volume; stocks get a random volume around a million shares.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import numpy as np

from dalal.adapters.feeds.base import IST, SESSION_OPEN
from dalal.adapters.feeds.demo_master import DEMO_REFERENCE_PRICES
from dalal.domain.calendar import MarketCalendar
from dalal.domain.instruments import Instrument, InstrumentType
from dalal.domain.market import Bar, Interval

YEARS = 2
DRIFT = 0.0003  # per day, about 8 % a year


def trading_days(calendar: MarketCalendar, today: date, years: int) -> list[date]:
    """The trading days of the ``years`` years before ``today`` (today excluded), in order."""
    first = today - timedelta(days=round(365.25 * years))
    day, days = first, []
    while day < today:
        if calendar.is_trading_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _on_tick(value: float, tick: Decimal) -> Decimal:
    return max(tick, (Decimal(f"{value:.4f}") / tick).to_integral_value() * tick)


def demo_daily_bars(
    instruments: Sequence[Instrument], calendar: MarketCalendar, today: date, years: int = YEARS
) -> list[Bar]:
    """Daily bars for every stock and index of ``instruments`` with a reference price."""
    days = trading_days(calendar, today, years)
    bars: list[Bar] = []
    for instrument in instruments:
        price = DEMO_REFERENCE_PRICES.get(instrument.tradingsymbol)
        if price is None or instrument.instrument_type not in (
            InstrumentType.EQ,
            InstrumentType.INDEX,
        ):
            continue
        bars.extend(_series(instrument, float(price), days))
    return bars


def _series(instrument: Instrument, last_close: float, days: Sequence[date]) -> list[Bar]:
    index = instrument.instrument_type is InstrumentType.INDEX
    seed = zlib.crc32(instrument.tradingsymbol.encode())  # stable across runs and machines
    rng = np.random.default_rng(seed)
    n = len(days)
    vol = 0.01 if index else 0.015
    returns = rng.normal(DRIFT, vol, n)
    # Closes that end at last_close: walk the returns backwards from it.
    log_close = np.log(last_close) - np.concatenate([np.cumsum(returns[::-1])[::-1][1:], [0.0]])
    close = np.exp(log_close)
    previous = np.concatenate([[close[0] * np.exp(-returns[0])], close[:-1]])
    open_ = previous * np.exp(rng.normal(0.0, vol / 3, n))
    span = np.abs(rng.normal(0.0, vol, n)) * close
    high = np.maximum(open_, close) + span * rng.uniform(0.1, 0.6, n)
    low = np.minimum(open_, close) - span * rng.uniform(0.1, 0.6, n)
    volume = np.zeros(n, dtype=np.int64) if index else rng.integers(200_000, 2_000_000, n)
    tick = instrument.tick_size
    series = []
    for i, day in enumerate(days):
        o, c = _on_tick(open_[i], tick), _on_tick(close[i], tick)
        h = max(_on_tick(high[i], tick), o, c)
        low_i = min(_on_tick(low[i], tick), o, c)
        at = datetime.combine(day, SESSION_OPEN, tzinfo=IST)
        series.append(
            Bar(
                token=instrument.token,
                at=at.astimezone(UTC),
                interval=Interval.D1,
                open=o,
                high=h,
                low=low_i,
                close=c,
                volume=int(volume[i]),
            )
        )
    return series
