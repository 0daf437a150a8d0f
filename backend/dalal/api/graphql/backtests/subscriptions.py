"""``backtestProgress`` and ``sweepProgress``: the current state first, then each change,
ending after a terminal status. No database session is held while waiting."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import strawberry

from dalal.api.graphql.backtests.types import BacktestProgress, BacktestStatusEnum
from dalal.api.graphql.context import Info
from dalal.api.graphql.errors import ApiError
from dalal.api.graphql.permissions import IsAuthenticated, require_principal
from dalal.api.graphql.signals.paging import parse_uuid
from dalal.services import backtest_reports as reports
from dalal.services import backtests as service
from dalal.services.backtest_ports import BacktestRun, RunStatus, Sweep
from dalal.services.backtest_store import progress_channel


def _progress(item: BacktestRun | Sweep) -> BacktestProgress:
    return BacktestProgress(
        id=strawberry.ID(str(item.id)),
        status=BacktestStatusEnum(item.status.value),
        percent=item.progress_pct,
        eta_seconds=reports.eta_seconds(
            item.started_at, item.progress_pct, item.status, datetime.now(UTC)
        ),
        error=item.error,
    )


def _event(message: dict[str, Any]) -> BacktestProgress:
    return BacktestProgress(
        id=strawberry.ID(str(message["id"])),
        status=BacktestStatusEnum(message["status"]),
        percent=float(message["percent"]),
        eta_seconds=message.get("eta_seconds"),
        error=message.get("error"),
    )


async def _follow(
    info: Info,
    raw_id: strawberry.ID,
    kind: str,
    load: Callable[[uuid.UUID], Awaitable[BacktestRun | Sweep | None]],
) -> AsyncGenerator[BacktestProgress, None]:
    parsed = parse_uuid(raw_id)
    runtime = info.context.runtime
    # Listen before reading the current state, so no change falls between the two.
    async with runtime.bus.subscribe(progress_channel(parsed or uuid.uuid4())) as events:
        current = await load(parsed) if parsed else None
        if current is None:
            raise ApiError(f"No such {kind} among yours.", "NOT_FOUND")
        yield _progress(current)
        if current.status.finished:
            return
        async for message in events:
            event = _event(message)
            yield event
            if RunStatus(message["status"]).finished:
                return


@strawberry.type
class BacktestSubscription:
    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def backtest_progress(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[BacktestProgress, None]:
        """A run's status, percent and ETA: now, then as it changes (about twice a second
        at most); completes after DONE, FAILED or CANCELLED."""
        principal = require_principal(info.context)
        uow_factory = info.context.runtime.uow_factory

        async def load(run_id: uuid.UUID) -> BacktestRun | None:
            return await service.get_run(
                uow_factory(), principal=principal, run_id=run_id, with_result=False
            )

        async for event in _follow(info, id, "backtest run", load):
            yield event

    @strawberry.subscription(permission_classes=[IsAuthenticated])
    async def sweep_progress(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[BacktestProgress, None]:
        """A sweep's status and percent (points done), like backtestProgress."""
        principal = require_principal(info.context)
        uow_factory = info.context.runtime.uow_factory

        async def load(sweep_id: uuid.UUID) -> Sweep | None:
            return await service.get_sweep(
                uow_factory(), principal=principal, sweep_id=sweep_id, with_points=False
            )

        async for event in _follow(info, id, "sweep", load):
            yield event
