"""Stored backtest runs and sweeps as the services see them, and the repository port.

A run's result is a report (``dalal.engine.report`` JSON: money as exact decimal strings),
kept as one JSON text; the service decodes it for the API, never the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from dalal.domain.market import Interval
from dalal.engine.backtest import FillTiming
from dalal.engine.backtest_risk import BacktestRisk


class RunStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def finished(self) -> bool:
        return self in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED)


ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


@dataclass(frozen=True, slots=True)
class BacktestSpec:
    """What to backtest: validated input, stored with the run so it can be run again."""

    strategy: str
    params: dict[str, Any]
    symbols: tuple[str, ...]
    interval: Interval
    start: date | None
    end: date | None
    cash: Decimal
    charges: str
    slippage_bps: Decimal
    fill_timing: FillTiming
    label: str | None = None
    risk: BacktestRisk | None = None  # position stops and a daily loss limit


@dataclass(slots=True)
class BacktestRun:
    id: uuid.UUID
    user_id: uuid.UUID
    spec: BacktestSpec
    status: RunStatus
    progress_pct: float
    code_version: str
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    error: str | None = None
    metrics: dict[str, Any] | None = None  # the report's metrics, for lists and comparisons
    result_json: str | None = field(default=None, repr=False)  # the whole report
    decoded: dict[str, Any] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class SweepPointRecord:
    index: int
    params: dict[str, Any]
    metrics: dict[str, Any] | None
    error: str | None


@dataclass(slots=True)
class Sweep:
    id: uuid.UUID
    user_id: uuid.UUID
    spec: BacktestSpec
    grid: list[tuple[str, list[Any]]]
    status: RunStatus
    progress_pct: float
    code_version: str
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    error: str | None = None
    points: list[SweepPointRecord] = field(default_factory=list)


class BacktestRepository(Protocol):
    async def add_run(self, run: BacktestRun) -> None: ...
    async def get_run(
        self, run_id: uuid.UUID, *, user_id: uuid.UUID | None, full: bool = True
    ) -> BacktestRun | None:
        """``user_id`` None: anyone's (the jobs); ``full`` False: without the report."""

    async def list_runs(
        self, user_id: uuid.UUID, *, before: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[BacktestRun]: ...
    async def update_run(
        self, run_id: uuid.UUID, *, only_if: Sequence[RunStatus], **values: Any
    ) -> bool: ...
    async def add_sweep(self, sweep: Sweep) -> None: ...
    async def get_sweep(
        self, sweep_id: uuid.UUID, *, user_id: uuid.UUID | None, full: bool = True
    ) -> Sweep | None:
        """``full`` False: without the points."""

    async def update_sweep(
        self, sweep_id: uuid.UUID, *, only_if: Sequence[RunStatus], **values: Any
    ) -> bool: ...
    async def add_sweep_points(
        self, sweep_id: uuid.UUID, points: Sequence[SweepPointRecord]
    ) -> None: ...
    async def fail_stale(self, *, before: datetime, reason: str, now: datetime) -> list[uuid.UUID]:
        """Fail QUEUED/RUNNING runs and sweeps whose heartbeat is older than ``before``."""
