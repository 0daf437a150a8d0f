"""Runs accepted signals in the background, and sweeps up any a crash left behind.

The webhook answers as soon as a delivery is logged; its accepted signals are handed off
here. Where they run depends on the process's role:

- ``all`` (``dalal serve`` alone): queued in this process; its tasks execute them, one
  transaction each.
- ``api`` (next to a ``dalal worker``): published on the bus channel ``ACCEPTED_CHANNEL``;
  the active worker follows it (:func:`follow_accepted`) and executes them. The API process
  then spends its time answering webhooks, not executing fan-outs, so acknowledgements
  stay fast under a stream of signals.

The sweep (in ``all``, or in the active worker) re-queues signals still ``accepted`` a
while after receipt (a crash, or a bus message lost while no worker listened), so none is
lost; claiming with SKIP LOCKED and the ``accepted`` status check make a second run a no-op.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Any, Protocol

import structlog

from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.signal_execution import ExecutionResult, execute_signal, fail_signal

log = structlog.get_logger(__name__)

QUEUE_LIMIT = 100_000  # beyond it, new signals wait for the sweep instead of memory
ACCEPTED_CHANNEL = "signals-accepted"  # API nodes → the active worker


class Bus(Protocol):
    async def publish(self, channel: str, message: Mapping[str, Any]) -> None: ...

    def subscribe(
        self, channel: str, *, conflate: bool = False, maxsize: int = 1000
    ) -> AbstractAsyncContextManager[AsyncIterator[dict[str, Any]]]: ...


class SignalExecutor:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        *,
        workers: int = 2,
        sweep_every: float = 5.0,
        grace: timedelta = timedelta(seconds=10),
        remote: Bus | None = None,
    ) -> None:
        """``remote``: hand accepted signals to the worker over this bus instead of running
        them here (an API node); ``start`` then runs neither tasks nor the sweep."""
        self._uow_factory = uow_factory
        self._remote = remote
        self._market = market
        self._queue: asyncio.Queue[uuid.UUID] = asyncio.Queue(QUEUE_LIMIT)
        self._workers = workers
        self._sweep_every = sweep_every
        self._grace = grace
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        if self._remote is not None:
            return
        self._tasks = [asyncio.create_task(self._work()) for _ in range(self._workers)]
        self._tasks.append(asyncio.create_task(self._sweep_forever()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def hand_off(self, signal_ids: list[uuid.UUID]) -> None:
        """Have ``signal_ids`` executed: here, or by the worker. A lost bus message only
        delays a signal until the worker's sweep finds it."""
        if not signal_ids:
            return
        if self._remote is None:
            self.submit(signal_ids)
            return
        try:
            await self._remote.publish(ACCEPTED_CHANNEL, {"ids": [str(i) for i in signal_ids]})
        except Exception:  # the bus is away: the sweep will find them
            log.warning("signal_hand_off_failed", count=len(signal_ids), exc_info=True)

    def submit(self, signal_ids: Iterable[uuid.UUID]) -> None:
        for signal_id in signal_ids:
            try:
                self._queue.put_nowait(signal_id)
            except asyncio.QueueFull:
                log.warning("signal_queue_full", signal_id=str(signal_id))

    async def run(self, signal_id: uuid.UUID) -> ExecutionResult | None:
        """Execute one signal now, in the caller's task; a bug marks it failed, not retried."""
        try:
            return await execute_signal(self._uow_factory(), self._market, signal_id)
        except Exception:
            log.exception("signal_execution_crashed", signal_id=str(signal_id))
            reason = "failed: an internal error; the server log has the details"
            with contextlib.suppress(Exception):
                await fail_signal(self._uow_factory(), self._market, signal_id, reason)
            return None

    async def sweep(self) -> int:
        """Queue every signal still ``accepted`` after the grace period; how many."""
        async with self._uow_factory() as uow:
            ids = await uow.signals.pending_ids(
                received_before=self._market.now() - self._grace, limit=1000
            )
        self.submit(ids)
        return len(ids)

    async def drain(self) -> None:
        """Return once every queued signal has been run (a graceful stop, or a test)."""
        await self._queue.join()

    async def _work(self) -> None:
        while True:
            signal_id = await self._queue.get()
            try:
                await self.run(signal_id)
            finally:
                self._queue.task_done()

    async def _sweep_forever(self) -> None:
        while True:
            try:
                found = await self.sweep()
                if found:
                    log.info("signal_sweep_requeued", count=found)
            except Exception:  # the database may be away for a moment; try again later
                log.exception("signal_sweep_failed")
            await asyncio.sleep(self._sweep_every)


async def follow_accepted(
    bus: Bus, executor: SignalExecutor, *, ready: asyncio.Event | None = None
) -> None:
    """The worker's side of ``hand_off``: queue every signal id that API nodes publish.
    ``ready`` is set once the subscription is in place."""
    while True:
        try:
            async with bus.subscribe(ACCEPTED_CHANNEL, maxsize=QUEUE_LIMIT) as messages:
                if ready is not None:
                    ready.set()
                async for message in messages:
                    ids = []
                    for raw in message.get("ids", ()):
                        with contextlib.suppress(ValueError, TypeError):
                            ids.append(uuid.UUID(raw))
                    executor.submit(ids)
        except asyncio.CancelledError:
            raise
        except Exception:  # the bus dropped us: subscribe again; the sweep covers the gap
            log.warning("accepted_follower_restarting", exc_info=True)
            await asyncio.sleep(1)
