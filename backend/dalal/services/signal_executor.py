"""Runs accepted signals in the background, and sweeps up any a crash left behind.

The webhook answers as soon as a delivery is logged; its accepted signals are queued here.
Workers execute them one transaction each. The sweep re-queues signals still ``accepted``
a while after receipt (this process crashed, or another did), so none is lost; claiming
with SKIP LOCKED and the ``accepted`` status check make a second run a no-op.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta

import structlog

from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.signal_execution import ExecutionResult, execute_signal, fail_signal

log = structlog.get_logger(__name__)

QUEUE_LIMIT = 100_000  # beyond it, new signals wait for the sweep instead of memory


class SignalExecutor:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        *,
        workers: int = 2,
        sweep_every: float = 5.0,
        grace: timedelta = timedelta(seconds=10),
    ) -> None:
        self._uow_factory = uow_factory
        self._market = market
        self._queue: asyncio.Queue[uuid.UUID] = asyncio.Queue(QUEUE_LIMIT)
        self._workers = workers
        self._sweep_every = sweep_every
        self._grace = grace
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._work()) for _ in range(self._workers)]
        self._tasks.append(asyncio.create_task(self._sweep_forever()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

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
