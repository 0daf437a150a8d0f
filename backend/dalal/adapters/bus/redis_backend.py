"""Our Redis backend: one ``PSUBSCRIBE`` per process and a reconnect loop that never gives up.

broadcaster 0.3.1's ``RedisBackend`` hangs its subscribers for good when Redis drops
(upstream issue #144): its listener task dies on the connection error and nobody notices.
Here ``next_published`` owns one raw connection and:

- subscribes to the single pattern ``<prefix>:*``; per-channel interest is tracked locally by
  ``EventBus``, so subscribing and unsubscribing never touch Redis and never block;
- detects a dead connection by error, EOF or silence (a ``PING`` after ``ping_interval`` idle
  seconds that gets no reply within another ``ping_interval``);
- reconnects with exponential backoff, capped, with jitter, forever, and re-subscribes.

Redis pub/sub is fire-and-forget: messages published while this connection is down are lost
for this process. Consumers that must not miss anything re-read their state after a
reconnect (``EventBus.stats().reconnects`` counts them). Publishing has a deadline and
raises ``BusUnavailable`` rather than waiting for Redis to come back.
"""

from __future__ import annotations

import asyncio
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from broadcaster import Event
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.connection import AbstractConnection
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from dalal.adapters.bus.base import BusBackend
from dalal.adapters.bus.errors import BusUnavailable

log = structlog.get_logger(__name__)

_GLOB_SPECIALS = re.compile(r"([*?\[\]\\])")
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._:-]")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with "equal jitter": a delay in [ceiling/2, ceiling].

    The ceiling is ``initial * factor**attempt`` capped at ``cap``. Jitter spreads the
    reconnects of many processes after a Redis restart; the lower half-bound keeps a
    failing loop from spinning.
    """

    initial: float = 0.1
    factor: float = 2.0
    cap: float = 5.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.cap, self.initial * self.factor ** min(attempt, 64))
        return rng.uniform(ceiling / 2, ceiling)


class RedisBackend(BusBackend):
    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        publish_timeout: float = 2.0,
        connect_timeout: float = 2.0,
        ping_interval: float = 5.0,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__()
        if not prefix:
            raise ValueError("the Redis bus needs a non-empty channel prefix")
        self.prefix = prefix
        self.pattern = _GLOB_SPECIALS.sub(r"\\\1", prefix) + ":*"
        # A recognisable CLIENT LIST name: "<prefix>:bus:<id>" reads, "...:pub" publishes.
        self.client_name = f"{_NAME_UNSAFE.sub('_', prefix)}:bus:{uuid.uuid4().hex[:12]}"
        self._publish_timeout = publish_timeout
        self._connect_timeout = connect_timeout
        self._ping_interval = ping_interval
        self._backoff = backoff or Backoff()
        self._rng = random.Random()  # jitter, not security  # noqa: S311
        # One retry covers a pooled connection that went stale across a Redis restart; the
        # deadline in publish() bounds the total.
        self._publisher = Redis.from_url(
            url,
            socket_timeout=publish_timeout,
            socket_connect_timeout=min(connect_timeout, publish_timeout),
            retry=Retry(NoBackoff(), 1),
            client_name=f"{self.client_name}:pub",
        )
        # Only a factory: we own the one reader connection and its whole lifecycle. RESP2,
        # because its pub/sub replies are plain arrays that read_response() returns as they
        # come (redis-py 8 defaults to RESP3, where they are push frames handled elsewhere).
        self._reader_pool = ConnectionPool.from_url(
            url,
            protocol=2,
            socket_timeout=ping_interval,
            socket_connect_timeout=connect_timeout,
            retry=Retry(NoBackoff(), 0),
            client_name=self.client_name,
        )
        self._reader: AbstractConnection | None = None
        self._awaiting_pong = False
        self._ever_connected = False

    async def connect(self) -> None:
        """Nothing to open eagerly: ``next_published`` (driven by the bus) subscribes."""

    async def disconnect(self) -> None:
        await self._drop_reader()
        await self._publisher.aclose()
        await self._reader_pool.disconnect()

    async def subscribe(self, channel: str) -> None:
        """No-op: the one ``<prefix>:*`` pattern subscription already covers every channel."""

    async def unsubscribe(self, channel: str) -> None:
        """No-op, for the same reason as ``subscribe``."""

    async def publish(self, channel: str, message: Any) -> None:
        try:
            async with asyncio.timeout(self._publish_timeout):
                await self._publisher.publish(f"{self.prefix}:{channel}", message)
        except (RedisError, OSError) as exc:  # OSError includes TimeoutError
            self.publish_failures += 1
            reason = str(exc) or type(exc).__name__
            raise BusUnavailable(f"could not publish to {channel!r}: {reason}") from exc

    async def publish_many(self, items: Sequence[tuple[str, Any]]) -> None:
        """Every PUBLISH in one pipelined round trip (no transaction: each stands alone)."""
        try:
            async with asyncio.timeout(self._publish_timeout):
                async with self._publisher.pipeline(transaction=False) as pipe:
                    for channel, message in items:
                        pipe.publish(f"{self.prefix}:{channel}", message)
                    await pipe.execute()
        except (RedisError, OSError) as exc:  # OSError includes TimeoutError
            self.publish_failures += 1
            reason = str(exc) or type(exc).__name__
            raise BusUnavailable(f"could not publish {len(items)} messages: {reason}") from exc

    async def next_published(self) -> Event:
        while True:
            reader = self._reader or await self._subscribe_with_backoff()
            try:
                event = await self._read_event(reader)
            except Exception as exc:  # any read failure means: reconnect
                log.warning("bus_redis_connection_lost", error=str(exc) or repr(exc))
                await self._drop_reader()
                continue
            if event is not None:
                return event

    async def _read_event(self, reader: AbstractConnection) -> Event | None:
        reply = await reader.read_response(timeout=self._ping_interval)
        if reply is None:  # idle for ping_interval
            if self._awaiting_pong:
                raise RedisConnectionError(f"no reply to PING within {self._ping_interval}s")
            await reader.send_command("PING")
            self._awaiting_pong = True
            return None
        self._awaiting_pong = False
        if isinstance(reply, list) and len(reply) == 4 and reply[0] == b"pmessage":
            channel = reply[2].decode("utf-8", "replace")[len(self.prefix) + 1 :]
            return Event(channel=channel, message=reply[3].decode("utf-8", "replace"))
        return None  # a pong or a subscription confirmation

    async def _subscribe_with_backoff(self) -> AbstractConnection:
        attempt = 0
        while True:
            try:
                reader = await self._open_subscription()
            except Exception as exc:  # whatever went wrong, wait and try again
                delay = self._backoff.delay(attempt, self._rng)
                attempt += 1
                log.warning(
                    "bus_redis_subscribe_failed",
                    error=str(exc) or repr(exc),
                    attempt=attempt,
                    retry_in=round(delay, 3),
                )
                await asyncio.sleep(delay)
                continue
            if self._ever_connected:
                self.reconnects += 1
            self._ever_connected = True
            self._reader = reader
            self._set_connected(True)
            log.info("bus_redis_subscribed", pattern=self.pattern, reconnects=self.reconnects)
            return reader

    async def _open_subscription(self) -> AbstractConnection:
        pool = self._reader_pool  # what pool.make_connection() does, but typed
        reader = pool.connection_class(**pool.connection_kwargs)
        try:
            async with asyncio.timeout(self._connect_timeout):
                await reader.connect()  # type: ignore[no-untyped-call]  # redis-py lacks a hint
                await reader.send_command("PSUBSCRIBE", self.pattern)
                reply = await reader.read_response()
            if not (isinstance(reply, list) and reply and reply[0] == b"psubscribe"):
                raise RedisConnectionError(f"unexpected reply to PSUBSCRIBE: {reply!r}")
        except BaseException:
            await reader.disconnect(nowait=True)
            raise
        return reader

    async def _drop_reader(self) -> None:
        reader, self._reader = self._reader, None
        self._awaiting_pong = False
        self._set_connected(False)
        if reader is not None:
            await reader.disconnect(nowait=True)
