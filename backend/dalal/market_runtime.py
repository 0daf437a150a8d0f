"""Composition of the market side of a process: the feed, the market loop, the quote book.

- role ``all`` (``dalal serve`` embedded): the feed and matching run in this process.
- role ``worker`` (``dalal worker``): the same, in its own process; exactly one worker is
  active, through a PostgreSQL advisory lock; others wait as standbys.
- role ``api``: no feed; the quote book follows the quotes channel of the bus.

Under ``DALAL_FEED=replay`` the market runs on a simulated clock (:func:`market_clock`) that
the replay moves (:mod:`dalal.services.replay`); an API node moves its copy to the time of
the replayed quotes it receives.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from dalal.adapters.clock import SimulatedClock
from dalal.adapters.feeds.demo_master import DEMO_REFERENCE_PRICES
from dalal.adapters.feeds.synthetic import SyntheticConfig, SyntheticFeed
from dalal.domain.clock import Clock
from dalal.domain.market import Interval, Quote
from dalal.services.forward_runner import ForwardRunner
from dalal.services.instruments import search_instruments
from dalal.services.market import (
    QUOTES_CHANNEL,
    TICKS_IN_CHANNEL,
    MarketDeps,
    quote_message,
    quotes_from_message,
)
from dalal.services.market_loop import MarketLoop
from dalal.services.panic import reassert_panics
from dalal.services.ports import UnitOfWork
from dalal.services.replay import (
    ReplayConfig,
    ReplayDriver,
    ReplayUnavailable,
    plan_replay,
)
from dalal.services.runtime import EventStream
from dalal.settings import Settings

log = structlog.get_logger(__name__)
WORKER_LOCK_KEY = 0x0DA1A1  # the advisory lock that elects the one active worker


def market_clock(settings: Settings, wall: Clock) -> Clock:
    """The clock the market runs on: ``wall``, or under a replay the simulated clock."""
    return SimulatedClock(wall) if settings.feed == "replay" else wall


async def build_replay(
    uow_factory: Callable[[], UnitOfWork],
    market: MarketDeps,
    loop: MarketLoop,
    settings: Settings,
) -> ReplayDriver:
    """The replay of the stored bars; ``ReplayUnavailable`` when there are none to play."""
    if not isinstance(market.clock, SimulatedClock):
        raise ReplayUnavailable(
            "DALAL_FEED=replay needs the market on a simulated clock: build MarketDeps with "
            "clock=market_clock(settings, wall_clock)."
        )
    config = ReplayConfig(
        speed=settings.replay_speed,
        interval=settings.replay_interval,
        first_day=settings.replay_from,
        last_day=settings.replay_to,
    )
    plan = await plan_replay(uow_factory(), config)
    return ReplayDriver(
        uow_factory=uow_factory,
        loop=loop,
        calendar=market.calendar,
        clock=market.clock,
        plan=plan,
    )


async def build_feed(
    uow_factory: Callable[[], UnitOfWork], market: MarketDeps, settings: Settings
) -> SyntheticFeed | None:
    """The synthetic feed over every stored instrument it has a reference price for."""
    if settings.feed != "synthetic":
        return None
    instruments = await search_instruments(uow_factory(), limit=100_000)
    priced = set(DEMO_REFERENCE_PRICES)
    usable = [
        i
        for i in instruments
        if i.tradingsymbol in priced or (i.underlying or "") in priced or i.name in priced
    ]
    if not usable:
        log.info(
            "synthetic_feed_idle", reason="no instruments with reference prices; run dalal demo"
        )
        return None
    config = SyntheticConfig(
        is_trading_day=market.calendar.is_trading_day,
        always_open=market.calendar.sessions_mode == "always",
    )
    return SyntheticFeed(
        usable, DEMO_REFERENCE_PRICES, seed=settings.feed_seed, start=market.now(), config=config
    )


class MarketRuntime:
    def __init__(
        self,
        *,
        settings: Settings,
        engine: AsyncEngine,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        bus: EventStream,
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._uow_factory = uow_factory
        self._market = market
        self._bus = bus
        self._tasks: list[asyncio.Task[None]] = []
        self._role = "all"
        # Work only the active worker may do (executing signals), started once it holds
        # the lock, so a standby does not compete for them.
        self.on_active: Callable[[], Awaitable[None]] | None = None
        self.loop = MarketLoop(
            uow_factory=uow_factory,
            market=market,
            publisher=bus,
            feed=None,
            interval_seconds=settings.tick_interval_ms / 1000,
            record_bars=settings.feed != "replay",
        )
        # Forward tests run at the loop's candle closes, in the process that matches.
        self.forward = ForwardRunner(
            uow_factory=uow_factory,
            market=market,
            publisher=bus,
            base_interval=settings.replay_interval if settings.feed == "replay" else Interval.M1,
        )
        self.loop.on_candles = self.forward.on_step

    async def ingest(self, quotes: list[Quote]) -> None:
        """Pushed ticks: matched here, or handed to the active worker from an API node."""
        if self._role == "api":
            await self._bus.publish(TICKS_IN_CHANNEL, quote_message(quotes))
        else:
            await self.loop.step(quotes)

    async def resume_risk(self) -> None:
        """Re-assert the panics in force before any order is taken (rules and states are
        read from the database by every check, so they need nothing more)."""
        try:
            found = await reassert_panics(self._uow_factory(), self._market)
        except Exception:  # the database may be away: the first ticks evaluate again
            log.exception("risk_resume_failed")
            return
        log.info("risk_resumed", panics_in_force=found)

    async def start(self, role: str) -> None:
        self._role = role
        if role == "all":
            await self.resume_risk()
        if role == "worker":
            self._tasks.append(asyncio.create_task(self._follow_ingest(), name="ingest-follower"))
        if role == "api":
            self._tasks.append(asyncio.create_task(self._follow_quotes(), name="quote-follower"))
            return
        self._tasks.append(asyncio.create_task(self._run_loop(role), name="market-loop"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    async def _run_loop(self, role: str) -> None:
        async with contextlib.AsyncExitStack() as stack:
            if role == "worker" and self._engine.dialect.name == "postgresql":
                connection = await stack.enter_async_context(self._engine.connect())
                log.info("worker_waiting_for_lock", key=WORKER_LOCK_KEY)
                await connection.execute(
                    text("SELECT pg_advisory_lock(:k)"), {"k": WORKER_LOCK_KEY}
                )
                log.info("worker_active")
                await self.resume_risk()
            if role == "worker" and self.on_active is not None:
                await self.on_active()
            await self._resume_forward_tests()
            if self._settings.feed == "replay":
                await self._replay()
                if role == "worker":  # keep the lock: a standby would play the replay again
                    await asyncio.Event().wait()
                return
            self.loop.feed = await build_feed(self._uow_factory, self._market, self._settings)
            await self.loop.run()

    async def _resume_forward_tests(self) -> None:
        try:
            await self.forward.resume()
        except Exception:  # the database may be away: the next candle close looks again
            log.exception("forward_tests_resume_failed")

    async def _replay(self) -> None:
        """Play the stored bars once; a missing replay is logged, and the process serves on."""
        try:
            driver = await build_replay(self._uow_factory, self._market, self.loop, self._settings)
        except ReplayUnavailable as exc:
            log.error("replay_unavailable", message=exc.message)
            return
        await driver.run()

    async def _follow_ingest(self) -> None:
        while True:
            try:
                async with self._bus.subscribe(TICKS_IN_CHANNEL) as batches:
                    async for batch in batches:
                        await self.loop.step(quotes_from_message(batch))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("ingest_follower_restarting", exc_info=True)
                await asyncio.sleep(1)

    async def _follow_quotes(self) -> None:
        while True:
            try:
                async with self._bus.subscribe(QUOTES_CHANNEL, conflate=True) as batches:
                    async for batch in batches:
                        quotes = quotes_from_message(batch)
                        self._market.quotes.update(quotes)
                        if quotes and isinstance(self._market.clock, SimulatedClock):
                            self._market.clock.advance_to(max(q.at for q in quotes))
            except asyncio.CancelledError:
                raise
            except Exception:  # the bus dropped us (shutdown, overflow): subscribe again
                log.warning("quote_follower_restarting", exc_info=True)
                await asyncio.sleep(1)
