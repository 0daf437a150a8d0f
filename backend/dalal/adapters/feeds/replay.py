"""Stored bars played back at N× speed, as a pure schedule (nothing here sleeps or reads a clock).

Time mapping: a replay starts at wall time 0 and simulated time ``origin`` (by default the open
of the first bar); after ``w`` of wall time the simulated time is ``origin + w × speed``.
A bar is **released when it closes** (``bar.at + interval``), not when it opens: its close
is only known then, and releasing it earlier would let a strategy trade on the future. So at
speed 60, one-minute bars come out one per wall second, the first after one second.

An async driver asks :meth:`ReplayFeed.next_due` how long to wait, sleeps, then takes
:meth:`ReplayFeed.due`; or, on a simulated clock, :meth:`ReplayFeed.bars_until`. The paper
market's driver (``DALAL_FEED=replay``, :mod:`dalal.services.replay`) is of the second kind.
Quotes for the paper-trading engine come from :meth:`ReplayFeed.next_quotes`: one per
released bar, at its close time, with the close as LTP and the day's cumulative volume.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dalal.adapters.feeds.base import IST, require_aware
from dalal.domain.market import Bar, Quote


@dataclass(frozen=True, slots=True)
class ScheduledBar:
    """A bar and the wall time, from the start of the replay, at which it is released."""

    due: timedelta
    bar: Bar


def closes_at(bar: Bar) -> datetime:
    """The instant a bar's close becomes known."""
    return bar.at + bar.interval.length


class ReplayFeed:
    """Releases stored bars as simulated time passes (see the module docstring)."""

    def __init__(
        self, bars: Sequence[Bar], *, speed: float, origin: datetime | None = None
    ) -> None:
        if not (math.isfinite(speed) and speed > 0):
            raise ValueError(f"speed must be a positive number, not {speed!r}")
        for index in range(1, len(bars)):
            if bars[index].at < bars[index - 1].at:
                raise ValueError(
                    f"bars must be sorted by time: bar {index} ({bars[index].at.isoformat()}) "
                    f"is before bar {index - 1} ({bars[index - 1].at.isoformat()})"
                )
        self.speed = speed
        self.origin = require_aware(origin) if origin else (bars[0].at if bars else None)
        # Release order is close order; a stable sort keeps file order among equal closes.
        self._bars = sorted(bars, key=closes_at)
        self._released = 0
        self._volume: dict[int, tuple[date, int]] = {}

    def simulated_time(self, wall_elapsed: timedelta) -> datetime:
        """The simulated instant after ``wall_elapsed`` of wall time (clamped at the end of
        representable time, so a huge wall time releases everything rather than failing)."""
        origin = self._origin()
        try:
            return origin + wall_elapsed * self.speed
        except OverflowError:
            return datetime.max.replace(tzinfo=UTC)

    def wall_time_of(self, simulated: datetime) -> timedelta:
        """The wall time, from the start, at which the simulation reaches ``simulated``."""
        return (simulated - self._origin()) / self.speed

    def schedule(self) -> Iterator[ScheduledBar]:
        """Every bar with its release time, in release order (independent of the cursor)."""
        for bar in self._bars:
            yield ScheduledBar(max(self.wall_time_of(closes_at(bar)), timedelta(0)), bar)

    def bars_until(self, at: datetime) -> list[Bar]:
        """Bars closed at or before simulated time ``at`` and not released before."""
        require_aware(at)
        start = self._released
        while self._released < len(self._bars) and closes_at(self._bars[self._released]) <= at:
            self._released += 1
        return self._bars[start : self._released]

    def due(self, wall_elapsed: timedelta) -> list[Bar]:
        """Bars released by wall time ``wall_elapsed`` and not returned before."""
        return self.bars_until(self.simulated_time(wall_elapsed)) if self._bars else []

    def next_due(self) -> timedelta | None:
        """When (wall time from the start) the next bar is released; None when all are out."""
        if self.exhausted:
            return None
        return max(self.wall_time_of(closes_at(self._bars[self._released])), timedelta(0))

    @property
    def exhausted(self) -> bool:
        return self._released >= len(self._bars)

    def next_quotes(self, at: datetime) -> list[Quote]:
        """Quotes from the bars closed by simulated time ``at`` (the :class:`Feed` shape)."""
        return [self._quote(bar) for bar in self.bars_until(at)]

    def _quote(self, bar: Bar) -> Quote:
        closed = closes_at(bar)
        day = bar.at.astimezone(IST).date()
        previous_day, total = self._volume.get(bar.token, (day, 0))
        total = (total if previous_day == day else 0) + bar.volume
        self._volume[bar.token] = (day, total)
        return Quote(bar.token, closed.astimezone(UTC), bar.close, volume=total)

    def _origin(self) -> datetime:
        if self.origin is None:
            raise ValueError("an empty replay has no origin; pass origin=")
        return self.origin
