"""Backtest runs and sweeps as services, on the real database and real worker processes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dalal import __version__
from dalal.adapters.clock import SystemClock
from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.charges import parse_template
from dalal.domain.errors import InvalidInput
from dalal.domain.market import Interval
from dalal.engine.backtest import BacktestConfig, FillTiming, run_backtest
from dalal.engine.report import metrics_json, result_json
from dalal.engine.sweep import run_point
from dalal.services import backtests as service
from dalal.services.backtest_data import NoBarsError, stored_series
from dalal.services.backtest_jobs import INTERRUPTED, BacktestJobs
from dalal.services.backtest_ports import BacktestRun, BacktestSpec, RunStatus
from dalal.services.backtest_reports import heatmap
from dalal.services.backtest_store import JobStore, progress_channel
from dalal.services.backtest_worker import metrics_dict
from dalal.services.orders import UnknownSymbol
from dalal.settings import Settings
from dalal.strategies import InvalidStrategyParams, UnknownStrategy, build, load_user_strategies
from dalal.strategies.registry import unregister
from tests.integration.backtest_support import (
    GOOG,
    NO_BARS,
    TEST_STRATEGIES,
    RecordingBus,
    new_principal,
    store_goog,
    write_strategies,
)


@pytest.fixture
async def bus() -> RecordingBus:
    return RecordingBus()


@pytest.fixture
async def uows(settings: Settings, bus: RecordingBus) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = create_engine(settings.resolved_database_url)
    factory = SqlUnitOfWorkFactory(create_session_factory(engine), bus)
    await store_goog(factory, settings.resolved_database_url)
    yield factory
    await engine.dispose()


@pytest.fixture
async def jobs(uows: SqlUnitOfWorkFactory, tmp_path: Path) -> AsyncIterator[BacktestJobs]:
    folder = write_strategies(tmp_path / "strategies")
    load_user_strategies(folder)
    running = BacktestJobs(
        JobStore(uows, SystemClock()), workers=2, strategies_dir=folder, progress_every=0.1
    )
    await running.start()
    yield running
    await running.stop()
    for name in TEST_STRATEGIES:
        unregister(name)


def spec(strategy: str = "sma_cross", **changes: Any) -> BacktestSpec:
    values: dict[str, Any] = {
        "strategy": strategy,
        "params": {"fast": 10, "slow": 30, "allow_short": True},
        "symbols": (GOOG.tradingsymbol,),
        "interval": Interval.D1,
        "start": None,
        "end": None,
        "cash": Decimal("100000"),
        "charges": "zero",
        "slippage_bps": Decimal("5"),
        "fill_timing": FillTiming.NEXT_OPEN,
    }
    values.update(changes)
    return BacktestSpec(**values)


FINAL = ("DONE", "FAILED", "CANCELLED")


async def finished(
    uows: SqlUnitOfWorkFactory, bus: RecordingBus, principal: Any, run_id: uuid.UUID
) -> BacktestRun:
    """The run once its final status has been published (and so committed)."""
    await bus.wait_for(progress_channel(run_id), lambda m: m["status"] in FINAL)
    found = await service.get_run(uows(), principal=principal, run_id=run_id)
    assert found is not None
    assert found.status.finished
    return found


async def test_a_run_finishes_with_the_report_of_run_backtest_on_the_same_bars(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    chosen = spec(start=date(2006, 1, 1), end=date(2011, 12, 31))
    run = await service.start_run(uows(), jobs, principal=principal, spec=chosen)
    assert run.status is RunStatus.QUEUED

    done = await finished(uows, bus, principal, run.id)

    series = await stored_series(uows, chosen.symbols, Interval.D1, chosen.start, chosen.end)
    direct = run_backtest(
        build("sma_cross", chosen.params),
        BacktestConfig(
            series=tuple(series),
            capital=chosen.cash,
            charges=parse_template(chosen.charges),
            matching=jobs_matching(chosen),
            fill_timing=chosen.fill_timing,
        ),
    )
    assert done.status is RunStatus.DONE, done.error
    assert done.progress_pct == 100.0
    assert done.metrics == metrics_json(direct)
    stored = service_report(done)
    assert stored["trades"] == result_json(direct)["trades"]
    assert len(stored["trades"]) == direct.metrics.n_trades > 0
    assert done.code_version.startswith(__version__)
    assert done.started_at is not None
    assert done.finished_at is not None

    events = bus.messages[progress_channel(run.id)]
    statuses = [e["status"] for e in events]
    assert statuses[0] == "RUNNING"
    assert statuses[-1] == "DONE"
    percents = [e["percent"] for e in events]
    assert percents == sorted(percents)


def jobs_matching(chosen: BacktestSpec) -> Any:
    from dalal.engine.matching import MatchingConfig

    return MatchingConfig(slippage_bps=chosen.slippage_bps)


def service_report(run: BacktestRun) -> dict[str, Any]:
    from dalal.services.backtest_reports import report

    return report(run)


async def test_cancelling_a_run_midway_ends_it_cancelled_and_frees_its_worker(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    slow = await service.start_run(
        uows(), jobs, principal=principal, spec=spec("slow_bt_test", params={"ms": 20})
    )

    async def probe() -> BacktestRun | None:
        return await service.get_run(uows(), principal=principal, run_id=slow.id)

    await bus.wait_for(progress_channel(slow.id), lambda m: m["percent"] >= 2)
    cancelled = await service.cancel_run(uows(), jobs, principal=principal, run_id=slow.id)
    assert cancelled.status is RunStatus.CANCELLED

    await asyncio.wait_for(jobs.wait_idle(), 5)  # it would take 40 s more
    after = await probe()
    assert after is not None
    assert after.status is RunStatus.CANCELLED
    assert after.progress_pct < 100
    assert after.metrics is None
    assert bus.messages[progress_channel(slow.id)][-1]["status"] == "CANCELLED"
    with pytest.raises(service.RunFinished):
        await service.cancel_run(uows(), jobs, principal=principal, run_id=slow.id)

    # Both slots are free again: two runs at once both finish.
    quick = [await service.start_run(uows(), jobs, principal=principal, spec=spec()) for _ in "ab"]
    for run in quick:
        assert (await finished(uows, bus, principal, run.id)).status is RunStatus.DONE


async def test_a_strategy_that_raises_fails_its_run_with_the_error(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    run = await service.start_run(
        uows(), jobs, principal=principal, spec=spec("broken_bt_test", params={})
    )
    failed = await finished(uows, bus, principal, run.id)
    assert failed.status is RunStatus.FAILED
    assert failed.error == "RuntimeError: boom at bar 10"


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        ({"strategy": "no_such_strategy"}, UnknownStrategy, "known: "),
        ({"params": {"fast": 0}}, InvalidStrategyParams, "fast"),
        ({"params": {"fast": "ten"}}, InvalidStrategyParams, "fast"),
        ({"params": {"nope": 1}}, InvalidStrategyParams, "nope"),
        ({"symbols": ("NOPE_BT",)}, UnknownSymbol, "instrument master"),
        ({"symbols": (NO_BARS.tradingsymbol,)}, NoBarsError, "dalal import bars"),
        ({"start": date(1990, 1, 1), "end": date(1990, 12, 31)}, NoBarsError, "1990-01-01"),
        ({"charges": "cheap"}, InvalidInput, "charges template"),
        ({"charges": "percent:0.001"}, InvalidInput, "charges zero"),
        ({"cash": Decimal("0")}, InvalidInput, "Cash"),
        ({"cash": Decimal("10.001")}, InvalidInput, "paise"),
        ({"start": date(2010, 1, 1), "end": date(2009, 1, 1)}, InvalidInput, "swap"),
    ],
)
async def test_bad_input_is_refused_with_a_typed_error_and_stores_nothing(
    uows: SqlUnitOfWorkFactory,
    jobs: BacktestJobs,
    changes: dict[str, Any],
    error: type[Exception],
    words: str,
) -> None:
    principal = await new_principal(uows)
    with pytest.raises(error, match=words):
        await service.start_run(uows(), jobs, principal=principal, spec=spec(**changes))
    assert await service.list_runs(uows(), principal=principal, before=None, limit=10) == []


async def test_a_restart_fails_the_runs_a_dead_process_left_behind(
    uows: SqlUnitOfWorkFactory, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    now = datetime.now(UTC)
    orphan = _row(principal, RunStatus.RUNNING, heartbeat=now - timedelta(minutes=5))
    queued = _row(principal, RunStatus.QUEUED, heartbeat=now - timedelta(minutes=5))
    alive = _row(principal, RunStatus.RUNNING, heartbeat=now)  # another live process's run
    async with uows() as uow:
        for run in (orphan, queued, alive):
            await uow.backtests.add_run(run)
        await uow.commit()

    restarted = BacktestJobs(JobStore(uows, SystemClock()), stale_after=30)
    await restarted.start()
    await restarted.stop()

    for run, expected in ((orphan, RunStatus.FAILED), (queued, RunStatus.FAILED)):
        found = await service.get_run(uows(), principal=principal, run_id=run.id)
        assert found is not None
        assert found.status is expected
        assert found.error == INTERRUPTED == "interrupted by a restart; run it again"
        assert bus.messages[progress_channel(run.id)][-1]["status"] == "FAILED"
    found = await service.get_run(uows(), principal=principal, run_id=alive.id)
    assert found is not None
    assert found.status is RunStatus.RUNNING


def _row(principal: Any, status: RunStatus, *, heartbeat: datetime) -> BacktestRun:
    return BacktestRun(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        spec=spec(),
        status=status,
        progress_pct=40.0,
        code_version="test",
        created_at=heartbeat,
        started_at=heartbeat,
        heartbeat_at=heartbeat,
    )


async def test_a_sweep_on_two_processes_gives_points_in_grid_order_and_a_heatmap(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    base = spec(params={"allow_short": True}, start=date(2005, 1, 1), end=date(2012, 12, 31))
    grid: list[tuple[str, list[Any]]] = [("fast", ["5", "10", "20"]), ("slow", ["30", "60"])]
    sweep = await service.start_sweep(uows(), jobs, principal=principal, spec=base, grid=grid)

    async def probe() -> Any:
        return await service.get_sweep(uows(), principal=principal, sweep_id=sweep.id)

    await bus.wait_for(progress_channel(sweep.id), lambda m: m["status"] in FINAL)
    done = await probe()
    assert done.status is RunStatus.DONE, done.error
    expected = [{"fast": f, "slow": s} for f in ["5", "10", "20"] for s in ["30", "60"]]
    assert [p.params for p in done.points] == expected
    assert [p.index for p in done.points] == list(range(6))

    series = await stored_series(uows, base.symbols, Interval.D1, base.start, base.end)
    config = BacktestConfig(
        series=tuple(series),
        capital=base.cash,
        charges=parse_template(base.charges),
        matching=jobs_matching(base),
    )
    for point in done.points:
        local = run_point("sma_cross", {**base.params, **point.params}, config)
        assert local.metrics is not None
        assert point.metrics == metrics_dict(local.metrics)

    cells = heatmap(done, x="fast", y="slow", metric="return_pct")
    assert cells.x_values == ["5", "10", "20"]
    assert cells.y_values == ["30", "60"]
    by = {(p.params["fast"], p.params["slow"]): p.metrics["return_pct"] for p in done.points}
    assert cells.cells == [[by[(f, s)] for f in cells.x_values] for s in cells.y_values]
    assert len({c for row in cells.cells for c in row}) > 1  # the grid really varies
    assert bus.messages[progress_channel(sweep.id)][-1]["status"] == "DONE"
    with pytest.raises(InvalidInput, match="axis"):
        heatmap(done, x="fast", y="nope", metric="return_pct")
    with pytest.raises(InvalidInput, match="metric"):
        heatmap(done, x="fast", y="slow", metric="happiness")


async def test_a_sweep_with_a_bad_axis_is_refused_before_it_is_stored(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs
) -> None:
    principal = await new_principal(uows)
    with pytest.raises(InvalidStrategyParams, match="fastest"):
        await service.start_sweep(
            uows(), jobs, principal=principal, spec=spec(), grid=[("fastest", ["1", "2"])]
        )
    with pytest.raises(InvalidInput, match="keep it to"):
        await service.start_sweep(
            uows(),
            jobs,
            principal=principal,
            spec=spec(),
            grid=[("fast", [str(i) for i in range(30)]), ("slow", [str(i) for i in range(30)])],
        )


async def test_cancelling_a_sweep_stops_it_and_stores_no_points(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    grid: list[tuple[str, list[Any]]] = [("ms", ["3", "3.5", "4", "4.5"])]
    sweep = await service.start_sweep(
        uows(), jobs, principal=principal, spec=spec("slow_bt_test", params={}), grid=grid
    )

    async def probe() -> Any:
        return await service.get_sweep(uows(), principal=principal, sweep_id=sweep.id)

    await bus.wait_for(progress_channel(sweep.id), lambda m: m["status"] == "RUNNING")
    cancelled = await service.cancel_sweep(uows(), jobs, principal=principal, sweep_id=sweep.id)
    assert cancelled.status is RunStatus.CANCELLED
    await asyncio.wait_for(jobs.wait_idle(), 10)
    after = await probe()
    assert after is not None
    assert after.status is RunStatus.CANCELLED
    assert after.points == []
    assert bus.messages[progress_channel(sweep.id)][-1]["status"] == "CANCELLED"
    with pytest.raises(service.RunFinished):
        await service.cancel_sweep(uows(), jobs, principal=principal, sweep_id=sweep.id)


async def test_a_cancel_from_another_process_stops_the_run_where_it_runs(
    uows: SqlUnitOfWorkFactory, jobs: BacktestJobs, bus: RecordingBus
) -> None:
    principal = await new_principal(uows)
    slow = await service.start_run(
        uows(), jobs, principal=principal, spec=spec("slow_bt_test", params={"ms": 20})
    )

    async def probe() -> BacktestRun | None:
        return await service.get_run(uows(), principal=principal, run_id=slow.id)

    await bus.wait_for(progress_channel(slow.id), lambda m: m["percent"] >= 2)
    elsewhere = BacktestJobs(JobStore(uows, SystemClock()))  # another server's jobs
    await service.cancel_run(uows(), elsewhere, principal=principal, run_id=slow.id)
    await asyncio.wait_for(jobs.wait_idle(), 5)  # its next write saw the cancel
    after = await probe()
    assert after is not None
    assert after.status is RunStatus.CANCELLED
    assert after.progress_pct < 100
