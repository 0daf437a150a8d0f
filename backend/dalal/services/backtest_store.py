"""The background jobs' writes: status, progress and results, each in its own unit of work,
each change published on the run's channel after commit. A write names the states it may
leave (QUEUED/RUNNING), so a job never overwrites a cancel or a reaper's FAILED."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from dalal.domain.clock import Clock
from dalal.services.backtest_ports import ACTIVE, RunStatus, SweepPointRecord
from dalal.services.ports import UnitOfWork


def progress_channel(item_id: uuid.UUID) -> str:
    return f"backtest:{item_id}"


def progress_event(
    item_id: uuid.UUID,
    status: RunStatus,
    percent: float,
    *,
    eta_seconds: float | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    return {
        "id": str(item_id),
        "status": status.value,
        "percent": round(percent, 2),
        "eta_seconds": eta_seconds,
        "error": error,
    }


class JobStore:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
        self.uow_factory = uow_factory
        self.clock = clock

    def now(self) -> datetime:
        return self.clock.now()

    async def _update(
        self,
        item_id: uuid.UUID,
        *,
        sweep: bool,
        values: dict[str, Any],
        only_if: Sequence[RunStatus] = ACTIVE,
        event: dict[str, Any] | None = None,
        points: Sequence[SweepPointRecord] = (),
    ) -> bool:
        uow = self.uow_factory()
        async with uow:
            update = uow.backtests.update_sweep if sweep else uow.backtests.update_run
            changed = await update(item_id, only_if=only_if, **values)
            if not changed:
                return False
            if points:
                await uow.backtests.add_sweep_points(item_id, points)
            if event is not None:
                uow.publish_after_commit(progress_channel(item_id), event)
            await uow.commit()
        return True

    async def touch_run(self, run_id: uuid.UUID) -> bool:
        return await self._update(run_id, sweep=False, values={"heartbeat_at": self.now()})

    async def touch_sweep(self, sweep_id: uuid.UUID) -> bool:
        return await self._update(sweep_id, sweep=True, values={"heartbeat_at": self.now()})

    async def mark_running(self, run_id: uuid.UUID) -> bool:
        now = self.now()
        return await self._update(
            run_id,
            sweep=False,
            values={"status": RunStatus.RUNNING, "started_at": now, "heartbeat_at": now},
            event=progress_event(run_id, RunStatus.RUNNING, 0.0),
        )

    async def report_progress(self, run_id: uuid.UUID, percent: float) -> bool:
        return await self._progress(run_id, percent, sweep=False)

    async def _progress(self, item_id: uuid.UUID, percent: float, *, sweep: bool) -> bool:
        now = self.now()
        uow = self.uow_factory()
        async with uow:
            load = uow.backtests.get_sweep if sweep else uow.backtests.get_run
            found = await load(item_id, user_id=None, full=False)
        started = found.started_at if found else None
        eta = None
        if started is not None and percent > 0:
            eta = round((now - started).total_seconds() * (100 - percent) / percent, 1)
        return await self._update(
            item_id,
            sweep=sweep,
            values={"progress_pct": percent, "heartbeat_at": now},
            only_if=(RunStatus.RUNNING,),
            event=progress_event(item_id, RunStatus.RUNNING, percent, eta_seconds=eta),
        )

    async def finish_run(self, run_id: uuid.UUID, outcome: Any) -> bool:
        status = RunStatus(outcome.status)
        values: dict[str, Any] = {
            "status": status,
            "finished_at": self.now(),
            "error": outcome.error,
        }
        if status is RunStatus.DONE:
            values |= {
                "progress_pct": 100.0,
                "metrics": outcome.metrics,
                "result_json": outcome.report.decode(),
            }
        percent = 100.0 if status is RunStatus.DONE else 0.0
        return await self._update(
            run_id,
            sweep=False,
            values=values,
            event=progress_event(run_id, status, percent, error=outcome.error),
        )

    async def mark_sweep_running(self, sweep_id: uuid.UUID) -> bool:
        now = self.now()
        return await self._update(
            sweep_id,
            sweep=True,
            values={"status": RunStatus.RUNNING, "started_at": now, "heartbeat_at": now},
            event=progress_event(sweep_id, RunStatus.RUNNING, 0.0),
        )

    async def report_sweep_progress(self, sweep_id: uuid.UUID, percent: float) -> bool:
        return await self._progress(sweep_id, percent, sweep=True)

    async def finish_sweep(self, sweep_id: uuid.UUID, points: Sequence[SweepPointRecord]) -> bool:
        return await self._update(
            sweep_id,
            sweep=True,
            values={"status": RunStatus.DONE, "progress_pct": 100.0, "finished_at": self.now()},
            event=progress_event(sweep_id, RunStatus.DONE, 100.0),
            points=points,
        )

    async def fail_sweep(self, sweep_id: uuid.UUID, error: str) -> bool:
        return await self._update(
            sweep_id,
            sweep=True,
            values={"status": RunStatus.FAILED, "finished_at": self.now(), "error": error},
            event=progress_event(sweep_id, RunStatus.FAILED, 0.0, error=error),
        )

    async def fail_stale(self, *, before: datetime, reason: str) -> int:
        uow = self.uow_factory()
        async with uow:
            failed = await uow.backtests.fail_stale(before=before, reason=reason, now=self.now())
            for item_id in failed:
                uow.publish_after_commit(
                    progress_channel(item_id),
                    progress_event(item_id, RunStatus.FAILED, 0.0, error=reason),
                )
            await uow.commit()
        return len(failed)
