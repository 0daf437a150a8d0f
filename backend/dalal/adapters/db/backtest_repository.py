"""Backtest runs and sweeps: rows mapped to ``services.backtest_ports`` objects."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from dalal.adapters.db.backtest_models import (
    BacktestRunRow,
    BacktestSweepPointRow,
    BacktestSweepRow,
)
from dalal.adapters.db.base import table_of
from dalal.adapters.db.risk_codec import stops_from_json, stops_to_json
from dalal.domain.market import Interval
from dalal.engine.backtest import FillTiming
from dalal.engine.backtest_risk import BacktestRisk
from dalal.services.backtest_ports import (
    ACTIVE,
    BacktestRun,
    BacktestSpec,
    RunStatus,
    Sweep,
    SweepPointRecord,
)


def _setup_values(spec: BacktestSpec) -> dict[str, Any]:
    return {
        "strategy": spec.strategy,
        "params": spec.params,
        "symbols": list(spec.symbols),
        "interval": spec.interval.value,
        "start_day": spec.start,
        "end_day": spec.end,
        "cash": spec.cash,
        "charges": spec.charges,
        "slippage_bps": spec.slippage_bps,
        "fill_timing": spec.fill_timing.value,
        "label": spec.label,
        "risk": _risk_to_json(spec.risk),
    }


def _risk_to_json(risk: BacktestRisk | None) -> dict[str, Any] | None:
    if risk is None or not risk.active:
        return None
    stops = risk.position_stops
    return {
        "position_stops": stops_to_json(stops) if stops is not None and not stops.empty else None,
        "daily_loss_limit": str(risk.daily_loss_limit) if risk.daily_loss_limit else None,
    }


def _risk_from_json(raw: dict[str, Any] | None) -> BacktestRisk | None:
    if not raw:
        return None
    stops, limit = raw.get("position_stops"), raw.get("daily_loss_limit")
    return BacktestRisk(
        position_stops=stops_from_json(stops) if stops else None,
        daily_loss_limit=Decimal(limit) if limit is not None else None,
    )


def _spec(row: BacktestRunRow | BacktestSweepRow) -> BacktestSpec:
    return BacktestSpec(
        strategy=row.strategy,
        params=dict(row.params),
        symbols=tuple(row.symbols),
        interval=Interval(row.interval),
        start=row.start_day,
        end=row.end_day,
        cash=row.cash,
        charges=row.charges,
        slippage_bps=Decimal(row.slippage_bps),
        fill_timing=FillTiming(row.fill_timing),
        label=row.label,
        risk=_risk_from_json(row.risk),
    )


def _common(item: BacktestRun | Sweep) -> dict[str, Any]:
    return {
        "id": item.id,
        "user_id": item.user_id,
        "status": item.status.value,
        "progress_pct": item.progress_pct,
        "error": item.error,
        "code_version": item.code_version,
        "created_at": item.created_at,
        "started_at": item.started_at,
        "finished_at": item.finished_at,
        "heartbeat_at": item.heartbeat_at,
        **_setup_values(item.spec),
    }


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    """Service names to columns: enums by value, the report into ``result``."""
    out = {k: (v.value if isinstance(v, RunStatus) else v) for k, v in values.items()}
    if "result_json" in out:
        out["result"] = out.pop("result_json")
    return out


class SqlBacktestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_run(self, run: BacktestRun) -> None:
        self.session.add(
            BacktestRunRow(**_common(run), metrics=run.metrics, result=run.result_json)
        )
        await self.session.flush()

    async def get_run(
        self, run_id: uuid.UUID, *, user_id: uuid.UUID | None, full: bool = True
    ) -> BacktestRun | None:
        query = select(BacktestRunRow).where(BacktestRunRow.id == run_id)
        if user_id is not None:
            query = query.where(BacktestRunRow.user_id == user_id)
        if full:
            query = query.options(undefer(BacktestRunRow.result))
        row = (await self.session.execute(query)).scalar_one_or_none()
        return _run(row, full=full) if row else None

    async def list_runs(
        self, user_id: uuid.UUID, *, before: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[BacktestRun]:
        query = select(BacktestRunRow).where(BacktestRunRow.user_id == user_id)
        if before is not None:
            at, last_id = before
            query = query.where(
                or_(
                    BacktestRunRow.created_at < at,
                    and_(BacktestRunRow.created_at == at, BacktestRunRow.id < last_id),
                )
            )
        query = query.order_by(BacktestRunRow.created_at.desc(), BacktestRunRow.id.desc())
        rows = (await self.session.execute(query.limit(limit))).scalars()
        return [_run(row, full=False) for row in rows]

    async def update_run(
        self, run_id: uuid.UUID, *, only_if: Sequence[RunStatus], **values: Any
    ) -> bool:
        return await self._update(BacktestRunRow, run_id, only_if, values)

    async def _update(
        self, model: Any, item_id: uuid.UUID, only_if: Sequence[RunStatus], values: dict[str, Any]
    ) -> bool:
        table = table_of(model)
        statement = (
            update(table)
            .where(table.c.id == item_id, table.c.status.in_([s.value for s in only_if]))
            .values(**_columns(values))
        )
        result = await self.session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def add_sweep(self, sweep: Sweep) -> None:
        grid = [[name, list(values)] for name, values in sweep.grid]
        self.session.add(BacktestSweepRow(**_common(sweep), grid=grid))
        await self.session.flush()

    async def get_sweep(
        self, sweep_id: uuid.UUID, *, user_id: uuid.UUID | None, full: bool = True
    ) -> Sweep | None:
        query = select(BacktestSweepRow).where(BacktestSweepRow.id == sweep_id)
        if user_id is not None:
            query = query.where(BacktestSweepRow.user_id == user_id)
        row = (await self.session.execute(query)).scalar_one_or_none()
        if row is None:
            return None
        sweep = _sweep(row)
        if full:
            points = await self.session.execute(
                select(BacktestSweepPointRow)
                .where(BacktestSweepPointRow.sweep_id == sweep_id)
                .order_by(BacktestSweepPointRow.idx)
            )
            sweep.points = [
                SweepPointRecord(p.idx, dict(p.params), p.metrics, p.error)
                for p in points.scalars()
            ]
        return sweep

    async def update_sweep(
        self, sweep_id: uuid.UUID, *, only_if: Sequence[RunStatus], **values: Any
    ) -> bool:
        return await self._update(BacktestSweepRow, sweep_id, only_if, values)

    async def add_sweep_points(
        self, sweep_id: uuid.UUID, points: Sequence[SweepPointRecord]
    ) -> None:
        if not points:
            return
        rows = [
            {
                "sweep_id": sweep_id,
                "idx": p.index,
                "params": p.params,
                "metrics": p.metrics,
                "error": p.error,
            }
            for p in points
        ]
        await self.session.execute(table_of(BacktestSweepPointRow).insert(), rows)

    async def fail_stale(self, *, before: datetime, reason: str, now: datetime) -> list[uuid.UUID]:
        failed: list[uuid.UUID] = []
        for model in (BacktestRunRow, BacktestSweepRow):
            table = table_of(model)
            statement = (
                update(table)
                .where(
                    table.c.status.in_([s.value for s in ACTIVE]),
                    or_(table.c.heartbeat_at.is_(None), table.c.heartbeat_at < before),
                )
                .values(status=RunStatus.FAILED.value, error=reason, finished_at=now)
                .returning(table.c.id)
            )
            failed.extend((await self.session.execute(statement)).scalars())
        return failed


def _run(row: BacktestRunRow, *, full: bool) -> BacktestRun:
    return BacktestRun(
        id=row.id,
        user_id=row.user_id,
        spec=_spec(row),
        status=RunStatus(row.status),
        progress_pct=row.progress_pct,
        code_version=row.code_version,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        heartbeat_at=row.heartbeat_at,
        error=row.error,
        metrics=row.metrics,
        result_json=row.result if full else None,
    )


def _sweep(row: BacktestSweepRow) -> Sweep:
    return Sweep(
        id=row.id,
        user_id=row.user_id,
        spec=_spec(row),
        grid=[(name, list(values)) for name, values in row.grid],
        status=RunStatus(row.status),
        progress_pct=row.progress_pct,
        code_version=row.code_version,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        heartbeat_at=row.heartbeat_at,
        error=row.error,
    )
