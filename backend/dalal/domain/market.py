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
