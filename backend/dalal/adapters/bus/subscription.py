"""One subscriber's bounded mailbox: a FIFO queue, or a latest-value slot when conflated."""

from __future__ import annotations

import asyncio
import enum
from collections import deque
from typing import Any

from dalal.adapters.bus.errors import BusError


class Offer(enum.Enum):
    """What happened to a message offered to a subscription."""

    QUEUED = "queued"
    REPLACED = "replaced"  # conflated: an undelivered older value was overwritten
    OVERFLOW = "overflow"  # non-conflated and full: the subscriber must be dropped
    IGNORED = "ignored"  # the subscription is already closed or failed


class Subscription:
    """An async iterator of decoded messages for one subscriber of one channel.

    Invariants:
    - ``offer`` never blocks and never awaits, so one slow subscriber cannot delay the
      dispatcher or any other subscriber.
    - Non-conflated: every message is delivered, in order, until ``maxsize`` are undelivered;
      the next one fails the subscription with ``SubscriberOverflow`` (memory stays bounded and
      nothing is lost silently).
    - Conflated: at most one undelivered value is held; a newer one replaces it. Never overflows.
    - After ``fail`` the iterator raises that error at once (buffered messages are discarded);
      after ``close`` it ends normally once the buffer is drained.

    The dicts are shared by every local subscriber of the channel: treat them as read-only.
    Iterate one subscription from one task only.
    """

    def __init__(self, channel: str, *, conflate: bool, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self.channel = channel
        self.conflate = conflate
        self.maxsize = 1 if conflate else maxsize
        self._buffer: deque[dict[str, Any]] = deque()
        self._wakeup = asyncio.Event()
        self._error: BusError | None = None
        self._closed = False

    @property
    def pending(self) -> int:
        """Messages received but not yet taken by the iterator."""
        return len(self._buffer)

    @property
    def active(self) -> bool:
        return not self._closed and self._error is None

    def offer(self, message: dict[str, Any]) -> Offer:
        if not self.active:
            return Offer.IGNORED
        outcome = Offer.QUEUED
        if self.conflate and self._buffer:
            self._buffer.clear()
            outcome = Offer.REPLACED
        elif len(self._buffer) >= self.maxsize:
            return Offer.OVERFLOW
        self._buffer.append(message)
        self._wakeup.set()
        return outcome

    def fail(self, error: BusError) -> None:
        if self._error is None and not self._closed:
            self._error = error
            self._buffer.clear()
            self._wakeup.set()

    def close(self) -> None:
        self._closed = True
        self._wakeup.set()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> dict[str, Any]:
        while True:
            if self._error is not None:
                raise self._error
            if self._buffer:
                return self._buffer.popleft()
            if self._closed:
                raise StopAsyncIteration
            self._wakeup.clear()
            await self._wakeup.wait()
