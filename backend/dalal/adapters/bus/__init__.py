"""Publish/subscribe of domain events: broadcaster's API over our own backends.

``create_bus(None)`` gives the in-process memory bus (embedded mode); ``create_bus(url)``
gives our Redis backend (one ``PSUBSCRIBE`` per process, reconnect with backoff). Both have
the same semantics: bounded per-subscriber queues, a latest-value slot for conflated
channels, and typed errors (``BusUnavailable``, ``BusDisconnected``, ``SubscriberOverflow``).
See ``event_bus`` and ``redis_backend`` for the why.
"""

from __future__ import annotations

from dalal.adapters.bus.errors import (
    BusDisconnected,
    BusError,
    BusUnavailable,
    SubscriberOverflow,
)
from dalal.adapters.bus.event_bus import BusStats, EventBus
from dalal.adapters.bus.memory import MemoryBackend
from dalal.adapters.bus.redis_backend import Backoff, RedisBackend
from dalal.adapters.bus.subscription import Subscription

__all__ = [
    "Backoff",
    "BusDisconnected",
    "BusError",
    "BusStats",
    "BusUnavailable",
    "EventBus",
    "MemoryBackend",
    "RedisBackend",
    "SubscriberOverflow",
    "Subscription",
    "create_bus",
]


def create_bus(
    redis_url: str | None,
    *,
    prefix: str = "dalal",
    publish_timeout: float = 2.0,
    connect_timeout: float = 2.0,
    backoff: Backoff | None = None,
) -> EventBus:
    """The memory bus when ``redis_url`` is empty, else our Redis backend.

    ``prefix`` namespaces the Redis channels (``<prefix>:<channel>``); it is unused in memory.
    Nothing connects until ``await bus.connect()``.
    """
    if not redis_url:
        return EventBus(MemoryBackend(publish_timeout=publish_timeout))
    backend = RedisBackend(
        redis_url,
        prefix=prefix,
        publish_timeout=publish_timeout,
        connect_timeout=connect_timeout,
        backoff=backoff,
    )
    return EventBus(backend, connect_timeout=connect_timeout)
