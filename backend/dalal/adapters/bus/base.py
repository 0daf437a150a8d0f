"""The backend contract: broadcaster's ``BroadcastBackend`` plus connection state.

We keep broadcaster's backend shape (connect, disconnect, subscribe, unsubscribe, publish,
next_published returning ``broadcaster.Event``) so the code reads like broadcaster's, and add
what broadcaster lacks: a ``connected`` flag with waiters, counters, typed failures, and
``publish_many`` (several messages in one round trip; by default one after another).
``Event.channel`` is the bus channel *without* the Redis prefix; ``Event.message`` is JSON text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from broadcaster import BroadcastBackend


class BusBackend(BroadcastBackend):
    def __init__(self) -> None:
        # BroadcastBackend.__init__ only raises NotImplementedError, so it is not called.
        self._connected = False
        self._state_changed = asyncio.Event()
        self.reconnects = 0
        self.publish_failures = 0

    @property
    def connected(self) -> bool:
        """True while published messages can reach this process's subscribers."""
        return self._connected

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self._state_changed.set()
            self._state_changed = asyncio.Event()

    async def wait_for_state(self, *, connected: bool) -> None:
        while self._connected != connected:
            await self._state_changed.wait()

    async def publish_many(self, items: Sequence[tuple[str, Any]]) -> None:
        for channel, message in items:
            await self.publish(channel, message)
