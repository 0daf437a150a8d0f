"""``dalal worker``: the market feed, matching loop, schedulers and signal execution in their
own process.

Exactly one worker is active: it holds a PostgreSQL advisory lock; others wait as standbys
and take over when it dies. API processes then run with ``DALAL_ROLE=api``.
"""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta

from dalal.adapters.bus import create_bus
from dalal.adapters.clock import SystemClock
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.commands.context import err
from dalal.domain.calendar import MarketCalendar, load_holidays
from dalal.market_runtime import MarketRuntime, market_clock
from dalal.observability import configure_logging
from dalal.services.market import MarketDeps, QuoteBook
from dalal.services.signal_executor import SignalExecutor, follow_accepted
from dalal.settings import get_settings


def worker() -> None:
    """Run the market feed and the matching loop (one active worker per database)."""
    asyncio.run(_run())


async def _run() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    engine = create_engine(settings.resolved_database_url)
    bus = create_bus(settings.redis_url, prefix=settings.redis_prefix)
    market = MarketDeps(
        calendar=MarketCalendar(
            load_holidays(settings.holidays_file), sessions_mode=settings.sessions
        ),
        quotes=QuoteBook(),
        clock=market_clock(settings, SystemClock()),
        matching=settings.matching_config(),
    )
    runtime_uow = SqlUnitOfWorkFactory(create_session_factory(engine), bus)
    runtime = MarketRuntime(
        settings=settings, engine=engine, uow_factory=runtime_uow, market=market, bus=bus
    )
    # Signals that API nodes accepted run here (they publish the ids), with the sweep.
    executor = SignalExecutor(
        runtime_uow,
        market,
        workers=settings.signal_workers,
        sweep_every=settings.signal_sweep_seconds,
        grace=timedelta(seconds=settings.signal_grace_seconds),
    )
    follower: list[asyncio.Task[None]] = []

    async def execute_signals() -> None:
        await executor.start()
        follower.append(asyncio.create_task(follow_accepted(bus, executor), name="signals"))

    runtime.on_active = execute_signals
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await bus.connect()
    await runtime.start("worker")
    err.print("Dalal worker running (Ctrl+C to stop).")
    try:
        await stop.wait()
    finally:
        for task in follower:
            task.cancel()
        await executor.stop()
        await runtime.stop()
        await bus.disconnect()
        await engine.dispose()
