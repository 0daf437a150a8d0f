"""Background backtests: a pool of worker processes, progress to the run's row and the bus,
cancel, and the reaping of runs a crash left behind.

Why processes: a backtest is pure Python CPU. In a thread it would hold the GIL and stall
the event loop (quotes, orders, websockets) for its whole length; in a worker process it
runs on another core and the API stays responsive. The pool (``backtest_workers``, default
2) starts lazily and lives as long as the app. Workers come from a ``forkserver``: forking
this process (threads, an event loop, database pools) is unsafe, and ``spawn`` would import
numpy, scipy and the engine again in every worker (seconds each); the fork server imports
the worker module once and forks clean, ready workers from it.

At most one run per worker is submitted: a run first takes a free *slot* (its cell in the
shared progress and cancel arrays), so a submitted run starts at once and a queued one waits
here, heartbeating, where a cancel can still reach it. Every ``progress_every`` seconds the
job reads its slot and, if the percent moved, writes it to the row (only while the row is
still QUEUED/RUNNING) and publishes it. If that write finds the row already finished (a
cancel from this or another process), the job raises the slot's cancel flag.

Sweeps run one at a time, each on a pool of ``sweep_workers`` processes built for it (the
bars go to each worker once, in its initializer, as ``engine.sweep`` does).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import uuid
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta
from pathlib import Path
from typing import Any

import structlog

from dalal.engine.backtest import BacktestConfig
from dalal.services import backtest_worker as worker
from dalal.services.backtest_ports import SweepPointRecord
from dalal.services.backtest_store import JobStore

log = structlog.get_logger(__name__)
INTERRUPTED = "interrupted by a restart; run it again"


class BacktestJobs:
    def __init__(
        self,
        store: JobStore,
        *,
        workers: int = 2,
        sweep_workers: int = 2,
        strategies_dir: Path | None = None,
        progress_every: float = 0.5,
        heartbeat_every: float = 5.0,
        stale_after: float = 30.0,
    ) -> None:
        self.store = store
        self.workers, self.sweep_workers = workers, sweep_workers
        self.strategies_dir = strategies_dir
        self.progress_every, self.heartbeat_every = progress_every, heartbeat_every
        self.stale_after = stale_after
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([worker.__name__])
        self._progress = self._context.Array("d", workers, lock=False)
        self._cancel = self._context.Array("b", workers, lock=False)
        self._pool: ProcessPoolExecutor | None = None
        self._free: asyncio.Queue[int] | None = None
        self._sweep_lock: asyncio.Lock | None = None
        self._tasks: dict[uuid.UUID, asyncio.Task[None]] = {}
        self._cancelled: set[uuid.UUID] = set()
        self._slot_owner: dict[int, uuid.UUID] = {}
        self._reaper: asyncio.Task[None] | None = None

    # -- life cycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Fail what a crash left QUEUED/RUNNING (no heartbeat lately), then keep doing so."""
        await self.reap()
        self._reaper = asyncio.create_task(self._reap_forever(), name="backtest-reaper")

    async def stop(self) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
        for slot in range(self.workers):
            self._cancel[slot] = 1
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def reap(self) -> int:
        """Mark QUEUED/RUNNING runs and sweeps FAILED whose job stopped heartbeating (its
        process died); live jobs touch their row every ``heartbeat_every`` seconds."""
        before = self.store.now() - timedelta(seconds=self.stale_after)
        return await self.store.fail_stale(before=before, reason=INTERRUPTED)

    async def _reap_forever(self) -> None:
        while True:
            await asyncio.sleep(self.stale_after / 2)
            try:
                await self.reap()
            except Exception:  # a failed sweep of the table is retried next time
                log.exception("backtest_reap_failed")

    # -- runs -----------------------------------------------------------------------------

    async def wait_idle(self) -> None:
        """Return once every run and sweep submitted so far has ended (a test, a shutdown)."""
        while self._tasks:
            await asyncio.wait(list(self._tasks.values()))

    def submit_run(
        self, run_id: uuid.UUID, name: str, params: dict[str, Any], config: BacktestConfig
    ) -> None:
        task = asyncio.create_task(self._run(run_id, name, params, config), name=f"bt-{run_id}")
        self._tasks[run_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(run_id, None))

    def cancel(self, item_id: uuid.UUID) -> None:
        """Stop a run or sweep of this process (the row is already marked CANCELLED)."""
        self._cancelled.add(item_id)
        for slot, owner in list(self._slot_owner.items()):
            if owner == item_id:
                self._cancel[slot] = 1

    def _ensure_pool(self) -> tuple[ProcessPoolExecutor, asyncio.Queue[int]]:
        if self._pool is None or self._free is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=self._context,
                initializer=worker.init_runs,
                initargs=(self._progress, self._cancel, self.strategies_dir),
            )
            self._free = asyncio.Queue()
            for slot in range(self.workers):
                self._free.put_nowait(slot)
            self._slot_owner = {}
        return self._pool, self._free

    async def _run(
        self, run_id: uuid.UUID, name: str, params: dict[str, Any], config: BacktestConfig
    ) -> None:
        pool, free = self._ensure_pool()
        try:
            slot = await self._take_slot(run_id, free)
            if slot is None:
                return
            try:
                outcome = await self._execute(
                    run_id, pool=pool, slot=slot, name=name, params=params, config=config
                )
            finally:
                self._slot_owner.pop(slot, None)
                free.put_nowait(slot)
            await self.store.finish_run(run_id, outcome)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the pool broke, the database went away: fail the run
            log.exception("backtest_job_failed", run_id=str(run_id))
            if isinstance(error, BrokenProcessPool) and self._pool is pool:
                self._pool = self._free = None  # a worker died: the next run gets a new pool
            await self._fail_quietly(run_id, f"{type(error).__name__}: {error}")
        finally:
            self._cancelled.discard(run_id)

    async def _take_slot(self, run_id: uuid.UUID, free: asyncio.Queue[int]) -> int | None:
        while True:
            try:
                slot = await asyncio.wait_for(free.get(), timeout=self.heartbeat_every)
            except TimeoutError:
                if run_id in self._cancelled or not await self.store.touch_run(run_id):
                    return None
                continue
            if run_id in self._cancelled or not await self.store.mark_running(run_id):
                free.put_nowait(slot)
                return None
            self._slot_owner[slot] = run_id
            self._progress[slot], self._cancel[slot] = 0.0, 0
            return slot

    async def _execute(
        self,
        run_id: uuid.UUID,
        *,
        pool: ProcessPoolExecutor,
        slot: int,
        name: str,
        params: dict[str, Any],
        config: BacktestConfig,
    ) -> worker.Outcome:
        future: Future[worker.Outcome] = pool.submit(worker.run_job, slot, name, params, config)
        waiter = asyncio.wrap_future(future)
        reported, touched = 0.0, self.store.now()
        while not waiter.done():
            await asyncio.wait({waiter}, timeout=self.progress_every)
            percent, now = float(self._progress[slot]), self.store.now()
            if waiter.done() or (percent - reported < 1.0 and now - touched < self._beat):
                continue
            reported, touched = percent, now
            if not await self.store.report_progress(run_id, min(percent, 99.9)):
                self._cancel[slot] = 1  # cancelled (maybe by another process): stop the worker
        return waiter.result()

    @property
    def _beat(self) -> timedelta:
        return timedelta(seconds=self.heartbeat_every)

    async def _fail_quietly(self, item_id: uuid.UUID, message: str) -> None:
        try:
            await self.store.finish_run(item_id, worker.Outcome("FAILED", error=message))
        except Exception:
            log.exception("backtest_fail_write_failed", run_id=str(item_id))

    # -- sweeps ---------------------------------------------------------------------------

    def submit_sweep(
        self,
        sweep_id: uuid.UUID,
        name: str,
        points: Sequence[tuple[dict[str, Any], dict[str, Any]]],
        config: BacktestConfig,
    ) -> None:
        """``points``: (the grid's values, the full parameters) in grid order."""
        task = asyncio.create_task(self._sweep(sweep_id, name, points, config), name="sweep")
        self._tasks[sweep_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(sweep_id, None))

    async def _sweep(
        self,
        sweep_id: uuid.UUID,
        name: str,
        points: Sequence[tuple[dict[str, Any], dict[str, Any]]],
        config: BacktestConfig,
    ) -> None:
        if self._sweep_lock is None:
            self._sweep_lock = asyncio.Lock()
        try:
            if not await self._sweep_turn(sweep_id, self._sweep_lock):
                return
            try:
                if sweep_id in self._cancelled or not await self.store.mark_sweep_running(sweep_id):
                    return
                results = await self._sweep_points(sweep_id, name, points, config)
                if results is not None:
                    await self.store.finish_sweep(sweep_id, results)
            finally:
                self._sweep_lock.release()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("sweep_failed", sweep_id=str(sweep_id))
            await self.store.fail_sweep(sweep_id, f"{type(error).__name__}: {error}")
        finally:
            self._cancelled.discard(sweep_id)

    async def _sweep_turn(self, sweep_id: uuid.UUID, lock: asyncio.Lock) -> bool:
        """Wait for the running sweep to end, heartbeating; False if cancelled meanwhile."""
        while True:
            try:
                await asyncio.wait_for(lock.acquire(), timeout=self.heartbeat_every)
            except TimeoutError:
                if sweep_id in self._cancelled or not await self.store.touch_sweep(sweep_id):
                    return False
                continue
            return True

    async def _sweep_points(
        self,
        sweep_id: uuid.UUID,
        name: str,
        points: Sequence[tuple[dict[str, Any], dict[str, Any]]],
        config: BacktestConfig,
    ) -> list[SweepPointRecord] | None:
        """Each point's metrics, in grid order; None when the sweep was cancelled."""
        loop = asyncio.get_running_loop()
        pool = ProcessPoolExecutor(
            max_workers=max(1, min(self.sweep_workers, len(points))),
            mp_context=self._context,
            initializer=worker.init_sweep,
            initargs=(config, self.strategies_dir),
        )
        try:
            futures = [
                asyncio.wrap_future(pool.submit(worker.sweep_point, name, full), loop=loop)
                for _, full in points
            ]
            pending, reported = set(futures), self.store.now()
            while pending:
                _, pending = await asyncio.wait(pending, timeout=self.progress_every)
                now = self.store.now()
                if sweep_id in self._cancelled:
                    return None
                if pending and now - reported >= timedelta(seconds=self.progress_every):
                    reported = now
                    percent = 100.0 * (len(futures) - len(pending)) / len(futures)
                    if not await self.store.report_sweep_progress(sweep_id, min(percent, 99.9)):
                        return None
            done = [f.result() for f in futures]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        return [
            SweepPointRecord(index=i, params=values, metrics=m, error=e)
            for i, ((values, _), (m, e)) in enumerate(zip(points, done, strict=True))
        ]
