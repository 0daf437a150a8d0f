"""Market data as the engine sees it: quotes (top of book) and bars (OHLCV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Quote:
    token: int
    at: datetime
    ltp: Decimal
    bid: Decimal | None = None
    ask: Decimal | None = None
    volume: int = 0
    oi: int | None = None  # open interest in units (F&O), when the feed reports it


class Interval(StrEnum):
    M1 = "1m"
    M5 = "5m"
    M15 = "15m"
    H1 = "1h"
    D1 = "1d"

    @property
    def length(self) -> timedelta:
        return {
            Interval.M1: timedelta(minutes=1),
            Interval.M5: timedelta(minutes=5),
            Interval.M15: timedelta(minutes=15),
            Interval.H1: timedelta(hours=1),
            Interval.D1: timedelta(days=1),
        }[self]


@dataclass(frozen=True, slots=True)
class Bar:
    """A closed bar; ``at`` is the bar's open time."""

    token: int
    at: datetime
    interval: Interval
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int = 0


def resample(bars: list[Bar], interval: Interval) -> list[Bar]:
    """Fold bars (time-ordered, one token, a shorter interval) into ``interval`` bars.

    Buckets start at multiples of the interval since the Unix epoch (UTC); daily bars from
    intraday ones are better taken from the exchange, since IST days don't start at 00:00 UTC.
    """
    seconds = int(interval.length.total_seconds())
    out: list[Bar] = []
    for bar in bars:
        start = datetime.fromtimestamp(
            int(bar.at.timestamp()) // seconds * seconds, tz=bar.at.tzinfo
        )
        last = out[-1] if out else None
        if last is not None and last.at == start:
            out[-1] = Bar(
                token=bar.token,
                at=start,
                interval=interval,
                open=last.open,
                high=max(last.high, bar.high),
                low=min(last.low, bar.low),
                close=bar.close,
                volume=last.volume + bar.volume,
            )
        else:
            out.append(
                Bar(
                    token=bar.token,
                    at=start,
                    interval=interval,
                    open=bar.open,
                    high=bar.high,
                    low=bar.low,
                    close=bar.close,
                    volume=bar.volume,
                )
            )
    return out
