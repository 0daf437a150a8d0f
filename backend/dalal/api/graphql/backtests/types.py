"""Runs, sweeps, progress and heatmaps as GraphQL types (the report's own types:
``report_types``; the strategy catalog's: ``catalog_types``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from dalal.api.graphql import errors
from dalal.api.graphql.backtests.inputs import FillAtEnum
from dalal.api.graphql.backtests.report_types import (
    BacktestMetricsType,
    BacktestOrder,
    BacktestTrade,
    EquityPoint,
)
from dalal.api.graphql.risk.types import PositionStopsType
from dalal.api.graphql.trading.market import IntervalEnum
from dalal.domain.errors import InvalidInput as DomainInvalidInput
from dalal.engine.backtest_risk import BacktestRisk
from dalal.services import backtest_reports as reports
from dalal.services.backtest_ports import BacktestRun as RunRecord
from dalal.services.backtest_ports import BacktestSpec, SweepPointRecord
from dalal.services.backtest_ports import Sweep as SweepRecord


@strawberry.enum(name="BacktestStatus")
class BacktestStatusEnum(Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


@strawberry.interface(description="What was backtested: the input of a run or of a sweep")
class BacktestSetup:
    strategy: str
    params: JSON
    symbols: list[str]
    interval: IntervalEnum
    from_: date | None = strawberry.field(name="from")
    to: date | None
    cash: Decimal
    charges: str
    slippage_bps: Decimal
    fill_at: FillAtEnum
    label: str | None
    risk: BacktestRiskType | None = strawberry.field(
        description="The run's risk rules, as the paper desk applies them; none if unset"
    )


@strawberry.type(name="BacktestRisk")
class BacktestRiskType:
    position_stops: PositionStopsType | None = strawberry.field(
        description="Armed at each entry's fill price; checked from the next bar"
    )
    daily_loss_limit: Decimal | None = strawberry.field(
        description="₹ of loss in an IST day that squares off and blocks entries until the next"
    )

    @classmethod
    def of(cls, risk: BacktestRisk | None) -> BacktestRiskType | None:
        if risk is None or not risk.active:
            return None
        return cls(
            position_stops=PositionStopsType.of(risk.position_stops),
            daily_loss_limit=risk.daily_loss_limit,
        )


def _setup(spec: BacktestSpec) -> dict[str, Any]:
    return {
        "strategy": spec.strategy,
        "params": cast(JSON, spec.params),
        "symbols": list(spec.symbols),
        "interval": IntervalEnum(spec.interval.value),
        "from_": spec.start,
        "to": spec.end,
        "cash": spec.cash,
        "charges": spec.charges,
        "slippage_bps": spec.slippage_bps,
        "fill_at": FillAtEnum(spec.fill_timing.value),
        "label": spec.label,
        "risk": BacktestRiskType.of(spec.risk),
    }


@strawberry.type(name="BacktestRun")
class BacktestRunType(BacktestSetup):
    id: strawberry.ID
    status: BacktestStatusEnum
    progress_pct: float
    eta_seconds: float | None = strawberry.field(description="While running; a rough guess")
    error: str | None
    code_version: str = strawberry.field(description="dalal version (+ git commit)")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    metrics: BacktestMetricsType | None = strawberry.field(description="Once DONE")
    source: strawberry.Private[RunRecord]

    @classmethod
    def of(cls, run: RunRecord, now: datetime) -> BacktestRunType:
        return cls(
            id=strawberry.ID(str(run.id)),
            status=BacktestStatusEnum(run.status.value),
            progress_pct=run.progress_pct,
            eta_seconds=reports.eta_seconds(run.started_at, run.progress_pct, run.status, now),
            error=run.error,
            code_version=run.code_version,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            metrics=BacktestMetricsType.of(run.metrics) if run.metrics else None,
            source=run,
            **_setup(run.spec),
        )

    @strawberry.field(
        description="Equity and drawdown at bar closes, at most maxPoints (≤ 2,000); "
        "empty in backtestRuns lists: read the run with backtestRun"
    )
    def equity_curve(self, max_points: int = reports.MAX_CURVE_POINTS) -> list[EquityPoint]:
        curve = reports.equity_curve(self.source, max_points)
        return [
            EquityPoint(
                time=datetime.fromisoformat(p["time"]),
                equity=float(p["equity"]),
                drawdown_pct=float(p["drawdown_pct"]),
            )
            for p in curve
        ]

    @strawberry.field(description="Closed round trips, in exit order (backtestRun only)")
    def trades(self) -> list[BacktestTrade]:
        return [BacktestTrade.of(t) for t in reports.report(self.source).get("trades", [])]

    @strawberry.field(description="Every order the strategy placed (backtestRun only)")
    def orders(self) -> list[BacktestOrder]:
        return [BacktestOrder.of(o) for o in reports.report(self.source).get("orders", [])]


@strawberry.type
class BacktestProgress:
    id: strawberry.ID = strawberry.field(description="The run's (or sweep's) id")
    status: BacktestStatusEnum
    percent: float
    eta_seconds: float | None
    error: str | None = None


@strawberry.type
class SweepAxis:
    name: str
    values: list[str]


@strawberry.type
class SweepPoint:
    index: int = strawberry.field(description="Position in grid order")
    params: JSON = strawberry.field(description="This point's values of the grid's parameters")
    metrics: BacktestMetricsType | None
    error: str | None

    @classmethod
    def of(cls, p: SweepPointRecord) -> SweepPoint:
        return cls(
            index=p.index,
            params=cast(JSON, p.params),
            metrics=BacktestMetricsType.of(p.metrics) if p.metrics else None,
            error=p.error,
        )


@strawberry.type
class Heatmap:
    x: str
    y: str
    metric: str
    x_values: list[str]
    y_values: list[str]
    cells: list[list[float | None]] = strawberry.field(
        description="cells[j][i]: the metric at yValues[j], xValues[i]; null if undefined"
    )


HeatmapResult = Annotated[Heatmap | errors.InvalidInput, strawberry.union("HeatmapResult")]


@strawberry.type(name="Sweep")
class SweepType(BacktestSetup):
    id: strawberry.ID
    status: BacktestStatusEnum
    progress_pct: float
    eta_seconds: float | None
    error: str | None
    code_version: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    grid: list[SweepAxis]
    points: list[SweepPoint] = strawberry.field(description="In grid order, once run")
    source: strawberry.Private[SweepRecord]

    @strawberry.field(
        description="A metric over two of the grid's parameters (the others: first point's)"
    )
    def heatmap(self, x: str, y: str, metric: str) -> HeatmapResult:
        try:
            found = reports.heatmap(self.source, x=x, y=y, metric=metric)
        except DomainInvalidInput as exc:
            return errors.invalid_input(exc)
        return Heatmap(
            x=x,
            y=y,
            metric=metric,
            x_values=found.x_values,
            y_values=found.y_values,
            cells=found.cells,
        )

    @classmethod
    def of(cls, sweep: SweepRecord, now: datetime) -> SweepType:
        return cls(
            id=strawberry.ID(str(sweep.id)),
            status=BacktestStatusEnum(sweep.status.value),
            progress_pct=sweep.progress_pct,
            eta_seconds=reports.eta_seconds(
                sweep.started_at, sweep.progress_pct, sweep.status, now
            ),
            error=sweep.error,
            code_version=sweep.code_version,
            created_at=sweep.created_at,
            started_at=sweep.started_at,
            finished_at=sweep.finished_at,
            grid=[SweepAxis(name=n, values=[str(v) for v in vs]) for n, vs in sweep.grid],
            points=[SweepPoint.of(p) for p in sweep.points],
            source=sweep,
            **_setup(sweep.spec),
        )
