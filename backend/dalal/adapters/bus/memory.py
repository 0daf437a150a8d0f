"""The in-process backend for embedded mode (no ``DALAL_REDIS_URL``): one process, no broker."""

from __future__ import annotations

import asyncio
from typing import Any

from broadcaster import Event

from dalal.adapters.bus.base import BusBackend
from dalal.adapters.bus.errors import BusUnavailable


class MemoryBackend(BusBackend):
    """A bounded FIFO between publishers and the bus's single dispatcher.

    Delivery is asynchronous, exactly as over Redis: ``publish`` returns once the message is
    queued, and the dispatcher hands it to subscribers on its next turn. Messages for channels
    with no local subscriber at publish time are dropped here, like Redis pub/sub drops them.
    The queue is bounded; since the dispatcher never blocks it only fills if the event loop
    is starved, and then ``publish`` waits up to ``publish_timeout`` and raises
    ``BusUnavailable``.
    """

    def __init__(self, *, max_pending: int = 10_000, publish_timeout: float = 2.0) -> None:
        super().__init__()
        self._max_pending = max_pending
        self._publish_timeout = publish_timeout
        self._queue: asyncio.Queue[Event] | None = None
        self._subscribed: set[str] = set()

    async def connect(self) -> None:
        self._queue = asyncio.Queue(self._max_pending)
        self._set_connected(True)

    async def disconnect(self) -> None:
        self._set_connected(False)
        self._queue = None

    async def subscribe(self, channel: str) -> None:
        self._subscribed.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._subscribed.discard(channel)

    async def publish(self, channel: str, message: Any) -> None:
        queue = self._queue
        if queue is None:
            self.publish_failures += 1
            raise BusUnavailable("the memory bus is not connected")
        if channel not in self._subscribed:
            return
        try:
            async with asyncio.timeout(self._publish_timeout):
                await queue.put(Event(channel=channel, message=message))
        except TimeoutError:
            self.publish_failures += 1
            raise BusUnavailable(
                f"the memory bus queue stayed full for {self._publish_timeout}s"
            ) from None

    async def next_published(self) -> Event:
        if self._queue is None:
            raise RuntimeError("next_published() before connect()")
        return await self._queue.get()
