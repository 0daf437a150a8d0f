"""Folding short bars into longer ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from dalal.domain.market import Bar, Interval, resample

T0 = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 09:30 IST


def minute(i: int, o: str, h: str, low: str, c: str, v: int) -> Bar:
    return Bar(
        token=1,
        at=T0 + timedelta(minutes=i),
        interval=Interval.M1,
        open=Decimal(o),
        high=Decimal(h),
        low=Decimal(low),
        close=Decimal(c),
        volume=v,
    )


def test_minutes_fold_into_five_minute_bars_with_exact_ohlcv() -> None:
    bars = [
        minute(i, str(100 + i), str(101 + i), str(99 + i), str(100.5 + i), 10) for i in range(7)
    ]
    five = resample(bars, Interval.M5)
    assert [b.at for b in five] == [T0, T0 + timedelta(minutes=5)]
    first = five[0]
    assert (first.open, first.high, first.low, first.close, first.volume) == (
        Decimal("100"),
        Decimal("105"),
        Decimal("99"),
        Decimal("104.5"),
        50,
    )
    assert five[1].volume == 20
    assert five[1].open == Decimal("105")


def test_a_gap_starts_a_new_bucket() -> None:
    bars = [minute(0, "1", "2", "1", "2", 1), minute(20, "3", "4", "3", "4", 1)]
    assert [b.at for b in resample(bars, Interval.M15)] == [T0, T0 + timedelta(minutes=15)]
