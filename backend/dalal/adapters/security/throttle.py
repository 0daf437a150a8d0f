"""Login throttling with ``limits``: a moving window of failed attempts per key.

Redis-backed when ``DALAL_REDIS_URL`` is set (shared by every API process), memory otherwise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from limits import RateLimitItem, RateLimitItemPerMinute, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter


class LimitsLoginThrottle:
    def __init__(self, storage: Storage, limits_by_kind: dict[str, RateLimitItem]) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._limits = limits_by_kind

    @classmethod
    def create(
        cls, *, redis_url: str | None, per_username: str, per_ip: str, namespace: str = "dalal"
    ) -> LimitsLoginThrottle:
        storage: Storage
        if redis_url:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            storage = RedisStorage(uri, implementation="redispy", key_prefix=f"{namespace}:limits")
        else:
            storage = MemoryStorage()
        return cls(storage, {"username": parse(per_username), "ip": parse(per_ip)})

    async def retry_after(self, keys: Sequence[tuple[str, str]]) -> int | None:
        waits: list[float] = []
        for kind, value in keys:
            item = self._limits[kind]
            if not await self._limiter.test(item, kind, value):
                stats = await self._limiter.get_window_stats(item, kind, value)
                waits.append(max(1.0, stats.reset_time - time.time()))
        return math.ceil(max(waits)) if waits else None

    async def record_failure(self, keys: Sequence[tuple[str, str]]) -> None:
        for kind, value in keys:
            await self._limiter.hit(self._limits[kind], kind, value)


class LimitsWebhookRateLimiter:
    """Per-group webhook rate limits: a moving one-minute window per signal group."""

    def __init__(self, storage: Storage) -> None:
        self._limiter = MovingWindowRateLimiter(storage)

    @classmethod
    def create(cls, *, redis_url: str | None, namespace: str = "dalal") -> LimitsWebhookRateLimiter:
        storage: Storage
        if redis_url:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            storage = RedisStorage(uri, implementation="redispy", key_prefix=f"{namespace}:limits")
        else:
            storage = MemoryStorage()
        return cls(storage)

    async def allow(self, key: str, per_minute: int) -> bool:
        return await self._limiter.hit(RateLimitItemPerMinute(per_minute), "webhook", key)
