"""Folding the feed's closed bars into a forward test's interval, one bar at a time (pure).

Buckets are those of ``domain.market.resample`` (what the ``bars`` query folds to), except
daily bars, which are IST trading days (09:15–15:30). A folded bar is released only once it
is closed: when a base bar ending at (or after) the bucket's end arrives, or when a bar of a
later bucket arrives (the data skipped the bucket's last minutes). So a strategy never sees
a bar that can still change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

from dalal.domain.calendar import IST
from dalal.domain.market import Bar, Interval

SESSION_OPEN = time(9, 15)
SESSION_CLOSE = time(15, 30)


def bucket_of(at: datetime, interval: Interval) -> tuple[datetime, datetime]:
    """The (open, close) of the ``interval`` bucket holding the bar that opens at ``at``."""
    if interval is Interval.D1:
        day = at.astimezone(IST).date()
        open_ = datetime.combine(day, SESSION_OPEN, tzinfo=IST).astimezone(UTC)
        return open_, datetime.combine(day, SESSION_CLOSE, tzinfo=IST).astimezone(UTC)
    seconds = int(interval.length.total_seconds())
    start = datetime.fromtimestamp(int(at.timestamp()) // seconds * seconds, tz=UTC)
    return start, start + interval.length


class BarFolder:
    """Folds one token's base bars (time-ordered) into ``interval`` bars."""

    def __init__(self, interval: Interval) -> None:
        self.interval = interval
        self._pending: Bar | None = None

    def add(self, bar: Bar) -> list[Bar]:
        """The ``interval`` bars that ``bar`` closes (none, one, or two after a gap)."""
        if bar.interval is self.interval:
            return [bar]
        out: list[Bar] = []
        start, end = bucket_of(bar.at, self.interval)
        pending = self._pending
        if pending is not None and pending.at != start:
            out.append(pending)
            pending = None
        if pending is None:
            pending = replace(bar, at=start, interval=self.interval)
        else:
            pending = replace(
                pending,
                high=max(pending.high, bar.high),
                low=min(pending.low, bar.low),
                close=bar.close,
                volume=pending.volume + bar.volume,
            )
        if bar.at + bar.interval.length >= end:
            out.append(pending)
            pending = None
        self._pending = pending
        return out


def bar_closes_at(bar: Bar) -> datetime:
    if bar.interval is Interval.D1:
        return bucket_of(bar.at, Interval.D1)[1]
    return bar.at + bar.interval.length
