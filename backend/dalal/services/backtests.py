"""Backtest runs and sweeps as use cases: check the input, store the run, hand it to the
background jobs (``BacktestJobs``), read runs back, cancel them. Every read and cancel is
scoped to the caller: another user's id finds nothing.

Input checks happen before anything is stored, so a refused input leaves no run behind:
the strategy exists and its parameters validate (the registry's schema), the charges
template parses and covers the data's first day, the symbols are known and have bars in
the range (else ``NoBarsError``, naming ``dalal import bars``).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dalal.domain.charges import parse_template
from dalal.domain.errors import InvalidInput, NotFound
from dalal.domain.market import Interval
from dalal.domain.users import Principal
from dalal.engine.backtest import BacktestConfig
from dalal.engine.backtest_risk import checked_risk
from dalal.engine.bar_data import trade_date_of
from dalal.engine.matching import MatchingConfig
from dalal.services.backtest_data import NoBarsError, stored_bars, stored_series
from dalal.services.backtest_jobs import BacktestJobs
from dalal.services.backtest_ports import ACTIVE, BacktestRun, BacktestSpec, RunStatus, Sweep
from dalal.services.backtest_store import progress_channel, progress_event
from dalal.services.backtest_version import code_version
from dalal.services.ports import UnitOfWork
from dalal.strategies import build, parse_params
from dalal.strategies.builtin.indicator_bot import BotEvaluation, BotParams, evaluate_bot

MAX_SYMBOLS = 20
MAX_SWEEP_POINTS = 400


class RunFinished(InvalidInput):
    code = "RUN_FINISHED"


async def start_run(
    uow: UnitOfWork, jobs: BacktestJobs, *, principal: Principal, spec: BacktestSpec
) -> BacktestRun:
    config = await _checked_config(jobs, spec)
    now = jobs.store.now()
    run = BacktestRun(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        spec=spec,
        status=RunStatus.QUEUED,
        progress_pct=0.0,
        code_version=code_version(),
        created_at=now,
        heartbeat_at=now,
    )
    async with uow:
        await uow.backtests.add_run(run)
        await uow.commit()
    jobs.submit_run(run.id, spec.strategy, spec.params, config)
    return run


async def _checked_config(jobs: BacktestJobs, spec: BacktestSpec) -> BacktestConfig:
    build(spec.strategy, spec.params)  # UnknownStrategy / InvalidStrategyParams
    charges = parse_template(spec.charges)
    _check_numbers(spec)
    series = await stored_series(
        jobs.store.uow_factory, spec.symbols, spec.interval, spec.start, spec.end
    )
    first = min(trade_date_of(int(s.times[0])) for s in series)
    try:
        charges.card_for(first)
    except InvalidInput as error:
        raise InvalidInput(
            f"{error}. Charges {spec.charges} cannot price trades on {first.isoformat()}; "
            "backtest older data with charges zero.",
            field="charges",
        ) from None
    return BacktestConfig(
        series=tuple(series),
        capital=spec.cash,
        charges=charges,
        matching=MatchingConfig(slippage_bps=spec.slippage_bps),
        fill_timing=spec.fill_timing,
        risk=checked_risk(spec.risk),
    )


def _check_numbers(spec: BacktestSpec) -> None:
    if not spec.symbols or any(not s for s in spec.symbols):
        raise InvalidInput("Name at least one symbol.", field="symbols")
    if len(spec.symbols) > MAX_SYMBOLS or len(set(spec.symbols)) != len(spec.symbols):
        raise InvalidInput(f"Name 1 to {MAX_SYMBOLS} different symbols.", field="symbols")
    if spec.cash <= 0 or spec.cash != spec.cash.quantize(Decimal("0.01")):
        raise InvalidInput("Cash must be above zero, in rupees and paise.", field="cash")
    if spec.cash >= Decimal("1e15"):
        raise InvalidInput("Cash is too large.", field="cash")
    if not Decimal(0) <= spec.slippage_bps <= Decimal(1000):
        raise InvalidInput("Slippage must be 0 to 1000 bps.", field="slippageBps")
    if spec.start and spec.end and spec.start > spec.end:
        raise InvalidInput("'from' is after 'to'; swap them.", field="from")
    if spec.label is not None and len(spec.label) > 120:
        raise InvalidInput("Keep the label under 120 characters.", field="label")


async def get_run(
    uow: UnitOfWork, *, principal: Principal, run_id: uuid.UUID, with_result: bool = True
) -> BacktestRun | None:
    async with uow:
        return await uow.backtests.get_run(run_id, user_id=principal.user.id, full=with_result)


async def list_runs(
    uow: UnitOfWork,
    *,
    principal: Principal,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[BacktestRun]:
    """Newest first, without their reports (metrics are included)."""
    async with uow:
        return await uow.backtests.list_runs(principal.user.id, before=before, limit=limit)


async def cancel_run(
    uow: UnitOfWork, jobs: BacktestJobs, *, principal: Principal, run_id: uuid.UUID
) -> BacktestRun:
    """Mark the run CANCELLED at once and stop its job. The job may live in another
    process: its next progress write finds the row finished and stops its worker."""
    run = await _cancel(uow, jobs, run_id, user_id=principal.user.id, sweep=False)
    assert isinstance(run, BacktestRun)
    return run


async def _cancel(
    uow: UnitOfWork, jobs: BacktestJobs, item_id: uuid.UUID, *, user_id: uuid.UUID, sweep: bool
) -> BacktestRun | Sweep:
    noun = "sweep" if sweep else "run"
    async with uow:
        get = uow.backtests.get_sweep if sweep else uow.backtests.get_run
        item: BacktestRun | Sweep | None = await get(item_id, user_id=user_id, full=False)
        if item is None:
            raise NotFound(f"No such {'sweep' if sweep else 'backtest run'} among yours.")
        if item.status.finished:
            raise RunFinished(f"This {noun} is already {item.status.value}.", field="id")
        now = jobs.store.now()
        update = uow.backtests.update_sweep if sweep else uow.backtests.update_run
        await update(item_id, only_if=ACTIVE, status=RunStatus.CANCELLED, finished_at=now)
        uow.publish_after_commit(
            progress_channel(item_id),
            progress_event(item_id, RunStatus.CANCELLED, item.progress_pct),
        )
        await uow.commit()
    jobs.cancel(item_id)
    item.status, item.finished_at = RunStatus.CANCELLED, now
    return item


# -- sweeps -------------------------------------------------------------------------------


async def start_sweep(
    uow: UnitOfWork,
    jobs: BacktestJobs,
    *,
    principal: Principal,
    spec: BacktestSpec,
    grid: list[tuple[str, list[Any]]],
) -> Sweep:
    points = _grid_points(spec, grid)
    config = await _checked_config(jobs, spec)
    now = jobs.store.now()
    sweep = Sweep(
        id=uuid.uuid4(),
        user_id=principal.user.id,
        spec=spec,
        grid=grid,
        status=RunStatus.QUEUED,
        progress_pct=0.0,
        code_version=code_version(),
        created_at=now,
        heartbeat_at=now,
    )
    async with uow:
        await uow.backtests.add_sweep(sweep)
        await uow.commit()
    jobs.submit_sweep(sweep.id, spec.strategy, points, config)
    return sweep


def _grid_points(
    spec: BacktestSpec, grid: list[tuple[str, list[Any]]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(the grid's values, full parameters) per point, in grid order (the first axis
    varies slowest), as ``engine.sweep.grid``. The first point is checked up front."""
    names = [name for name, _ in grid]
    if not grid or any(not name or not values for name, values in grid):
        raise InvalidInput("Give each grid axis a parameter name and values.", field="grid")
    if len(set(names)) != len(names):
        raise InvalidInput("Name each grid parameter once.", field="grid")
    size = 1
    for _, values in grid:
        size *= len(values)
    if size > MAX_SWEEP_POINTS:
        raise InvalidInput(
            f"The grid has {size} points; keep it to {MAX_SWEEP_POINTS}.", field="grid"
        )
    points: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for combo in itertools.product(*(values for _, values in grid)):
        chosen = dict(zip(names, combo, strict=True))
        points.append((chosen, {**spec.params, **chosen}))
    parse_params(spec.strategy, points[0][1])  # a bad name or value fails now, not per point
    return points


async def get_sweep(
    uow: UnitOfWork, *, principal: Principal, sweep_id: uuid.UUID, with_points: bool = True
) -> Sweep | None:
    async with uow:
        return await uow.backtests.get_sweep(sweep_id, user_id=principal.user.id, full=with_points)


async def cancel_sweep(
    uow: UnitOfWork, jobs: BacktestJobs, *, principal: Principal, sweep_id: uuid.UUID
) -> Sweep:
    sweep = await _cancel(uow, jobs, sweep_id, user_id=principal.user.id, sweep=True)
    assert isinstance(sweep, Sweep)
    return sweep


# -- the indicator bot, evaluated without trading ---------------------------------------


async def bot_signals(
    uow_factory: Callable[[], UnitOfWork],
    *,
    symbol: str,
    interval: Interval,
    start: date | None,
    end: date | None,
    params: dict[str, Any],
) -> list[BotEvaluation]:
    """The bot's evaluation at each bar of ``start``..``end`` (IST days). Indicators are
    computed over every stored bar, so they are warmed up at ``start`` as in a backtest."""
    chosen = parse_params("indicator_bot", params)
    assert isinstance(chosen, BotParams)
    series, bars = await stored_bars(uow_factory, symbol, interval)
    epoch = date(1970, 1, 1)
    first = (start - epoch).days if start else None
    last = (end - epoch).days if end else None
    kept = [
        evaluation
        for evaluation, day in zip(evaluate_bot(bars, chosen), series.session.tolist(), strict=True)
        if (first is None or day >= first) and (last is None or day <= last)
    ]
    if not kept:
        raise NoBarsError(symbol, interval, start, end)
    return kept
