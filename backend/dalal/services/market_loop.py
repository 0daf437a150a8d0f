"""The market loop: quotes in, working orders matched, events out.

It runs in-process under ``dalal serve`` (role ``all``) or in ``dalal worker``. Each step
takes the feed's quotes for now (the synthetic feed, when configured), records them in the
quote book, publishes them on the bus (one conflatable message per step), and matches the
working orders on those instruments. Ticks pushed by ``ingest_ticks`` take the same path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

import structlog

from dalal.domain.market import Quote
from dalal.services.market import QUOTES_CHANNEL, MarketDeps, quote_message
from dalal.services.orders import match_working_orders
from dalal.services.ports import Publisher, UnitOfWork

log = structlog.get_logger(__name__)


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
    ) -> None:
        self._uow_factory = uow_factory
        self._market = market
        self._publisher = publisher
        self.feed = feed
        self._interval = interval_seconds
        self._lock = asyncio.Lock()  # one matching pass at a time in this process
        self.steps = 0

    async def run(self) -> None:
        while True:
            started = asyncio.get_running_loop().time()
            if self.feed is not None:
                await self.step(self.feed.next_quotes(self._market.now()))
            elapsed = asyncio.get_running_loop().time() - started
            await asyncio.sleep(max(0.0, self._interval - elapsed))

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
        self.steps += 1
