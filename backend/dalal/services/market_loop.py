"""The market loop: quotes in, working orders matched, events out.

It runs in-process under ``dalal serve`` (role ``all``) or in ``dalal worker``. Each step
takes the feed's quotes for now (the synthetic feed, when configured), records them in the
quote book, publishes them on the bus (one conflatable message per step), matches the
working orders on those instruments, and runs the risk monitor on the same ticks. Ticks
pushed by ``ingest_ticks`` take the same path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Protocol

import structlog

from dalal.adapters.feeds.base import BarAggregator
from dalal.domain.instruments import Segment
from dalal.domain.market import Bar, Interval, Quote
from dalal.services.instruments import save_bars
from dalal.services.market import QUOTES_CHANNEL, MarketDeps, quote_message
from dalal.services.orders import match_working_orders
from dalal.services.portfolio import snapshot_equity
from dalal.services.ports import Publisher, UnitOfWork
from dalal.services.risk_monitor import monitor_tick
from dalal.services.session_end import expire_day_orders_at_close, square_off_mis

log = structlog.get_logger(__name__)


CandleHook = Callable[[Sequence[Quote], Sequence[Bar] | None], Awaitable[None]]


class QuoteFeed(Protocol):
    def next_quotes(self, at: datetime) -> list[Quote]: ...


class MarketLoop:
    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        publisher: Publisher,
        feed: QuoteFeed | None,
        interval_seconds: float,
        record_bars: bool = True,
    ) -> None:
        self._uow_factory = uow_factory
        self._market = market
        self._publisher = publisher
        self.feed = feed
        self._interval = interval_seconds
        self._lock = asyncio.Lock()  # one matching pass at a time in this process
        self._done: set[tuple[date, str]] = set()  # session-end jobs already run today
        self._minutes = BarAggregator(Interval.M1)  # live 1-minute bars, stored as they close
        # A replay plays stored bars: folding its quotes back into bars would overwrite them.
        self._record_bars = record_bars
        # Called after each step with the bars it closed (None under a replay, whose bars
        # are stored already): the forward tests' candle closes (``forward_runner``).
        self.on_candles: CandleHook | None = None
        self.steps = 0

    async def run(self) -> None:
        while True:
            started = asyncio.get_running_loop().time()
            await self.session_jobs()
            if self.feed is not None:
                await self.step(self.feed.next_quotes(self._market.now()))
            elapsed = asyncio.get_running_loop().time() - started
            await asyncio.sleep(max(0.0, self._interval - elapsed))

    async def session_jobs(self) -> None:
        """The start-of-day equity snapshot (once quotes exist), MIS square-off (15:20 equity,
        15:25 F&O) and DAY-order expiry (15:30): each once a day.

        After a restart past those times they run once more, and find nothing left to do.
        """
        calendar = self._market.calendar
        now = self._market.now()
        day = calendar.trading_day(now)
        if (day, "snapshot") not in self._done and len(self._market.quotes):
            await self._run_job("snapshot", day, snapshot_equity(self._uow_factory(), self._market))
        if calendar.sessions_mode != "nse" or not calendar.is_trading_day(day):
            return
        jobs = [
            ("square_off_equity", calendar.square_off_time(day, Segment.EQUITY), [Segment.EQUITY]),
            (
                "square_off_fno",
                calendar.square_off_time(day, Segment.FUTURES),
                [Segment.FUTURES, Segment.OPTIONS],
            ),
        ]
        async with self._lock:
            for name, due, segments in jobs:
                if now >= due and (day, name) not in self._done:
                    await self._run_job(
                        name,
                        day,
                        square_off_mis(
                            self._uow_factory(), self._market, segments=segments, at=now
                        ),
                    )
            close = calendar.session_close(day)
            if now >= close and (day, "expire_day_orders") not in self._done:
                await self._run_job(
                    "expire_day_orders",
                    day,
                    expire_day_orders_at_close(self._uow_factory(), close=close),
                )

    async def _run_job(self, name: str, day: date, job: Awaitable[object]) -> None:
        try:
            await job
        except Exception:  # retried on the next step
            log.exception("session_job_failed", job=name)
            return
        self._done.add((day, name))
        log.info("session_job_done", job=name, day=day.isoformat())

    async def step(self, quotes: Sequence[Quote]) -> None:
        """Record, publish and match one batch of quotes; errors are logged, never fatal."""
        if not quotes:
            return
        self._market.quotes.update(quotes)
        try:
            await self._publisher.publish(QUOTES_CHANNEL, quote_message(quotes))
        except Exception:  # a bus outage must not stop matching
            log.warning("quotes_publish_failed", exc_info=True)
        async with self._lock:
            try:
                await match_working_orders(
                    self._uow_factory(), self._market, sorted({q.token for q in quotes})
                )
            except Exception:
                log.exception("matching_failed")
            try:  # the risk engine sees every tick, after the matching it may react to
                await monitor_tick(self._uow_factory(), self._market, quotes)
            except Exception:
                log.exception("risk_monitor_failed")
        closed = await self._record(quotes) if self._record_bars else None
        if self.on_candles is not None:
            async with self._lock:
                await self.on_candles(quotes, closed)
        self.steps += 1

    async def _record(self, quotes: Sequence[Quote]) -> list[Bar]:
        closed = [bar for q in quotes if (bar := self._minutes.add(q)) is not None]
        if closed:
            try:
                await save_bars(self._uow_factory(), closed)
            except Exception:  # history is nice to have; trading must go on
                log.warning("bars_save_failed", exc_info=True)
        return closed
