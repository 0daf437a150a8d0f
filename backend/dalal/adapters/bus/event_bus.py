"""``EventBus``: broadcaster's ``Broadcast`` API with bounded subscribers and typed failures.

Why not subclass ``broadcaster.Broadcast``: every part of it would be overridden. Its
listener ``await``s ``queue.put`` into unbounded per-subscriber queues (one slow subscriber
grows memory without bound, and bounded queues would stall every subscriber behind it), its
``disconnect`` does not tell live subscribers, its ``subscribe`` awaits a backend round trip
per channel, and it hands out raw strings. So this is a small class with the same shape
(``connect``/``disconnect``/``publish``/``subscribe`` context manager, ``async with bus``)
driving backends built on broadcaster's ``BroadcastBackend`` contract.

One dispatcher task per bus reads ``backend.next_published()`` and offers each message to
the local subscribers of its channel without ever awaiting them (see ``Subscription``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
import structlog
from broadcaster import Event

from dalal.adapters.bus.base import BusBackend
from dalal.adapters.bus.errors import BusDisconnected, BusUnavailable, SubscriberOverflow
from dalal.adapters.bus.subscription import Offer, Subscription

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class BusStats:
    """A snapshot for /readyz and /metrics. Counters only grow while the bus lives."""

    connected: bool
    subscribers: int
    channels: int
    reconnects: int  # successful Redis re-subscriptions after the first one
    dropped: int  # subscribers dropped with SubscriberOverflow
    conflated: int  # undelivered values replaced by newer ones
    publish_failures: int  # publishes that raised BusUnavailable
    malformed: int  # received payloads that were not a JSON object (skipped)


def _encode_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)  # money stays exact on the wire, as in GraphQL
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"cannot JSON-encode {type(value).__name__} for the bus")


class EventBus:
    """Publish/subscribe of JSON-object messages on plain string channels.

    - ``publish`` is at-most-once: it returns when the broker (or the in-memory queue) took
      the message, and raises ``BusUnavailable`` within its timeout otherwise.
    - Messages from one publisher, published one after another, reach each non-conflated
      subscriber in that order. Conflated subscribers see the latest value.
    - Subscribing is local and instant; it works during an outage, and delivery resumes
      after the reconnect (messages published in between are lost).
    """

    def __init__(self, backend: BusBackend, *, connect_timeout: float = 2.0) -> None:
        self._backend = backend
        self._connect_timeout = connect_timeout
        self._subscribers: dict[str, set[Subscription]] = {}
        self._listener: asyncio.Task[None] | None = None
        self._dropped = 0
        self._conflated = 0
        self._malformed = 0

    async def __aenter__(self) -> EventBus:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.disconnect()

    @property
    def running(self) -> bool:
        return self._listener is not None and not self._listener.done()

    @property
    def connected(self) -> bool:
        """True while published messages reach subscribers (false during a Redis outage)."""
        return self.running and self._backend.connected

    async def connect(self) -> None:
        """Start the dispatcher; wait up to ``connect_timeout`` for the broker, never fail.

        If the broker is still unreachable the bus keeps trying in the background and
        ``connected`` stays false (readiness reports it).
        """
        if self.running:
            return
        await self._backend.connect()
        self._listener = asyncio.create_task(self._listen(), name="event-bus-dispatcher")
        try:
            async with asyncio.timeout(self._connect_timeout):
                await self.wait_until_connected()
        except TimeoutError:
            log.warning("bus_not_connected_yet", timeout=self._connect_timeout)

    async def disconnect(self) -> None:
        """Stop dispatching; every live subscriber's iterator raises ``BusDisconnected``."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            await asyncio.wait([listener])
        self._fail_all(BusDisconnected("the event bus was shut down"))
        await self._backend.disconnect()

    async def wait_until_connected(self) -> None:
        await self._backend.wait_for_state(connected=True)

    async def wait_until_disconnected(self) -> None:
        await self._backend.wait_for_state(connected=False)

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        """JSON-encode ``message`` (orjson; ``Decimal`` as string) and publish it.

        Raises ``BusUnavailable`` if the bus is not running or the broker did not take the
        message within the publish timeout, and ``TypeError`` for unencodable values.
        """
        _check_channel(channel)
        if not isinstance(message, Mapping):
            raise TypeError(f"bus messages are mappings, got {type(message).__name__}")
        payload = orjson.dumps(message, default=_encode_default).decode()
        if not self.running:
            self._backend.publish_failures += 1
            raise BusUnavailable("the event bus is not running")
        await self._backend.publish(channel, payload)

    async def publish_many(self, items: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """``publish`` each (channel, message) in order, in one round trip to the broker: a
        fan-out to a thousand accounts commits thousands of events at once."""
        payloads = []
        for channel, message in items:
            _check_channel(channel)
            if not isinstance(message, Mapping):
                raise TypeError(f"bus messages are mappings, got {type(message).__name__}")
            payloads.append((channel, orjson.dumps(message, default=_encode_default).decode()))
        if not payloads:
            return
        if not self.running:
            self._backend.publish_failures += 1
            raise BusUnavailable("the event bus is not running")
        await self._backend.publish_many(payloads)

    @asynccontextmanager
    async def subscribe(
        self, channel: str, *, conflate: bool = False, maxsize: int = 1000
    ) -> AsyncIterator[Subscription]:
        """Yield an async iterator of this channel's messages (decoded dicts).

        ``conflate=True`` keeps only the newest undelivered value (P&L, quotes). Otherwise
        every message is kept in order, and a subscriber ``maxsize`` messages behind is
        dropped: its iterator raises ``SubscriberOverflow``. Leaving the block unsubscribes
        and ends the iteration.
        """
        _check_channel(channel)
        if not self.running:
            raise BusDisconnected("subscribe() on an event bus that is not running")
        subscription = Subscription(channel, conflate=conflate, maxsize=maxsize)
        subscribers = self._subscribers.setdefault(channel, set())
        subscribers.add(subscription)
        try:
            if len(subscribers) == 1:
                await self._backend.subscribe(channel)
            yield subscription
        finally:
            subscription.close()
            await self._forget(subscription)

    def stats(self) -> BusStats:
        return BusStats(
            connected=self.connected,
            subscribers=sum(len(subs) for subs in self._subscribers.values()),
            channels=len(self._subscribers),
            reconnects=self._backend.reconnects,
            dropped=self._dropped,
            conflated=self._conflated,
            publish_failures=self._backend.publish_failures,
            malformed=self._malformed,
        )

    def _unregister(self, subscription: Subscription) -> None:
        subscribers = self._subscribers.get(subscription.channel)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[subscription.channel]

    async def _forget(self, subscription: Subscription) -> None:
        self._unregister(subscription)
        # Also after a drop (already unregistered): the backend may still hold the channel.
        if subscription.channel not in self._subscribers and self.running:
            await self._backend.unsubscribe(subscription.channel)

    async def _listen(self) -> None:
        try:
            while True:
                self._dispatch(await self._backend.next_published())
        except Exception as exc:  # a bug: never leave subscribers waiting forever (#144)
            log.exception("bus_dispatcher_crashed")
            self._fail_all(BusDisconnected(f"the event bus dispatcher stopped: {exc!r}"))

    def _dispatch(self, event: Event) -> None:
        subscribers = self._subscribers.get(event.channel)
        if not subscribers:
            return
        try:
            message = orjson.loads(event.message)
        except orjson.JSONDecodeError:
            message = None
        if not isinstance(message, dict):
            self._malformed += 1
            log.warning("bus_malformed_message", channel=event.channel)
            return
        for subscription in list(subscribers):
            outcome = subscription.offer(message)
            if outcome is Offer.REPLACED:
                self._conflated += 1
            elif outcome is Offer.OVERFLOW:
                self._drop(subscription)

    def _drop(self, subscription: Subscription) -> None:
        subscription.fail(SubscriberOverflow(subscription.channel, subscription.maxsize))
        self._unregister(subscription)
        self._dropped += 1
        log.warning(
            "bus_subscriber_dropped", channel=subscription.channel, maxsize=subscription.maxsize
        )

    def _fail_all(self, error: BusDisconnected) -> None:
        for subscribers in self._subscribers.values():
            for subscription in subscribers:
                subscription.fail(error)


def _check_channel(channel: str) -> None:
    if not isinstance(channel, str) or not channel:
        raise ValueError(f"a bus channel is a non-empty string, got {channel!r}")
