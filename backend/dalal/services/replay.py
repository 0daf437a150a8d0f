"""``DALAL_FEED=replay``: the bars stored in the database, played into the market loop at N×.

**Time.** Under a replay the market runs on a *simulated clock* (``MarketDeps.clock``) that
only this driver moves, forward. Everything the market stamps therefore carries the replayed
time, not the wall time: fills (matched here or at placement), orders, the MIS square-off,
DAY-order expiry, the start-of-day equity snapshot and ``marketStatus.now``. Logins, tokens
and audit events keep the wall clock (they are built on their own clock).

**Pace.** The driver is event-driven. Simulated time jumps from one *waypoint* to the next:
each bar close (when the bar's quote is released, see :mod:`dalal.adapters.feeds.replay`) and,
on NSE sessions, the replayed day's open, square-offs (15:20 / 15:25) and close (15:30), so
the session jobs run at their times even when the data stops early. Between waypoints it
waits the simulated gap ÷ speed of wall time, but at most one bar interval ÷ speed: gaps in
the data (nights, weekends, holidays, missing minutes) pass in one step instead of taking,
at 60×, eighteen minutes a night. When the loop is slower than the schedule, the replay
slows down rather than bursting to catch up.

**At each waypoint** the clock moves, the bars closing then become quotes (LTP = close, the
day's cumulative volume, no bid or ask: market orders fill at the close) and go through
:meth:`MarketLoop.step` exactly like the synthetic feed's (recorded, published, matched);
then the session jobs due by then run, so a 15:20 square-off exits at the 15:20 close.

Bars are read one IST day at a time, for every instrument with bars of the interval in the
range. When the last waypoint has passed the replay logs ``replay_finished`` and returns; the
clock stays there (after the last close on NSE sessions, so the market reads CLOSED).

A replay keeps no progress in the database: a restarted process (or a standby worker taking
over) plays it again from the first bar.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

import structlog

from dalal.adapters.feeds.base import IST
from dalal.adapters.feeds.replay import ReplayFeed, closes_at
from dalal.domain.calendar import MarketCalendar
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Segment
from dalal.domain.market import Bar, Interval
from dalal.services.market_loop import MarketLoop
from dalal.services.ports import UnitOfWork

log = structlog.get_logger(__name__)


class ReplayUnavailable(DomainError):
    code = "REPLAY_UNAVAILABLE"


class AdvancingClock(Protocol):
    """A clock the replay can move forward (``SimulatedClock`` in the adapters)."""

    def now(self) -> datetime: ...
    def advance_to(self, at: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class ReplayConfig:
    """``first_day`` and ``last_day`` (IST, both included) bound the replay; None is open."""

    speed: float
    interval: Interval = Interval.M1
    first_day: date | None = None
    last_day: date | None = None

    @property
    def start(self) -> datetime | None:
        return _ist_midnight(self.first_day) if self.first_day else None

    @property
    def end(self) -> datetime | None:
        return _ist_midnight(self.last_day + timedelta(days=1)) if self.last_day else None


@dataclass(frozen=True, slots=True)
class ReplayPlan:
    """What there is to play: the instruments with bars, from the first bar's open."""

    config: ReplayConfig
    tokens: Sequence[int]
    start: datetime


@dataclass(frozen=True, slots=True)
class ReplaySummary:
    bars: int
    days: int
    ended_at: datetime


def _ist_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=IST).astimezone(UTC)


async def plan_replay(uow: UnitOfWork, config: ReplayConfig) -> ReplayPlan:
    """Find the bars to play; ``ReplayUnavailable`` (saying how to import some) if none."""
    async with uow:
        tokens = await uow.bars.tokens_with(config.interval, config.start, config.end)
        start = await uow.bars.earliest(tokens, config.interval, config.start, config.end)
    if not tokens or start is None:
        raise ReplayUnavailable(_no_bars_message(config), field="DALAL_FEED")
    return ReplayPlan(config=config, tokens=tokens, start=start)


def _no_bars_message(config: ReplayConfig) -> str:
    days = ""
    if config.first_day or config.last_day:
        first = config.first_day.isoformat() if config.first_day else "the beginning"
        last = config.last_day.isoformat() if config.last_day else "the end"
        days = f" from {first} to {last} (DALAL_REPLAY_FROM / DALAL_REPLAY_TO)"
    interval = config.interval.value
    return (
        f"DALAL_FEED=replay has no {interval} bars to play{days}. Import bars first: "
        f"dalal import bars FILE --symbol SYMBOL --interval {interval} "
        "(or set DALAL_REPLAY_INTERVAL to the interval you imported)."
    )


def waypoints(bars: Sequence[Bar], calendar: MarketCalendar) -> list[datetime]:
    """The instants one day of ``bars`` (time-ordered) stops at: each bar close and, on NSE
    sessions, the day's open, square-offs and close from its first bar on."""
    stops = {closes_at(bar) for bar in bars}
    day = bars[0].at.astimezone(IST).date()
    if calendar.sessions_mode == "nse" and calendar.is_trading_day(day):
        events = (
            calendar.session_open(day),
            calendar.square_off_time(day, Segment.EQUITY),
            calendar.square_off_time(day, Segment.FUTURES),
            calendar.session_close(day),
        )
        stops.update(at for at in events if at >= bars[0].at)
    return sorted(stops)


class ReplayDriver:
    """Plays a :class:`ReplayPlan` through a market loop on a simulated clock."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        loop: MarketLoop,
        calendar: MarketCalendar,
        clock: AdvancingClock,
        plan: ReplayPlan,
    ) -> None:
        self._uow_factory = uow_factory
        self._loop = loop
        self._calendar = calendar
        self._clock = clock
        self._plan = plan
        self._config = plan.config

    async def run(self) -> ReplaySummary:
        config = self._config
        log.info(
            "replay_started",
            instruments=len(self._plan.tokens),
            interval=config.interval.value,
            speed=config.speed,
            start=self._plan.start.isoformat(),
        )
        self._clock.advance_to(self._plan.start)
        released = days = 0
        cursor: datetime | None = self._plan.start
        while cursor is not None:
            bars, cursor = await self._next_day(cursor)
            if bars:
                released += await self._play_day(bars)
                days += 1
        summary = ReplaySummary(bars=released, days=days, ended_at=self._clock.now())
        log.info(
            "replay_finished",
            bars=released,
            days=days,
            ended_at=summary.ended_at.isoformat(),
            note="the replay is over: no more quotes until the process restarts",
        )
        return summary

    async def _next_day(self, cursor: datetime) -> tuple[list[Bar], datetime | None]:
        """The bars of the first IST day with any at or after ``cursor``, and where the next
        day's search starts (None when there is nothing left)."""
        interval, tokens, end = self._config.interval, self._plan.tokens, self._config.end
        async with self._uow_factory() as uow:
            first = await uow.bars.earliest(tokens, interval, cursor, end)
            if first is None:
                return [], None
            stop = _ist_midnight(first.astimezone(IST).date() + timedelta(days=1))
            if end is not None:
                stop = min(stop, end)
            return await uow.bars.all_between(tokens, interval, first, stop), stop

    async def _play_day(self, bars: Sequence[Bar]) -> int:
        feed = ReplayFeed(bars, speed=self._config.speed)
        wall = asyncio.get_running_loop().time()
        released = 0
        for at in waypoints(bars, self._calendar):
            wall = await self._wait_until(at, wall)
            self._clock.advance_to(at)
            quotes = feed.next_quotes(at)
            await self._loop.step(quotes)
            await self._loop.session_jobs()
            released += len(quotes)
        return released

    async def _wait_until(self, at: datetime, wall: float) -> float:
        """Sleep until ``at`` is due on the wall clock; returns that wall instant."""
        gap = min(max(at - self._clock.now(), timedelta(0)), self._config.interval.length)
        loop = asyncio.get_running_loop()
        due = wall + gap.total_seconds() / self._config.speed
        await asyncio.sleep(max(0.0, due - loop.time()))  # sleep(0) still lets others run
        return max(due, loop.time())
