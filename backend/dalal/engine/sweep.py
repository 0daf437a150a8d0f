"""Parameter sweeps: one backtest per point of a grid, on a pool of processes.

``grid({"fast": [5, 10], "slow": [20, 30]})`` gives the cartesian product in a fixed order
(keys as given, values as listed); ``sweep`` runs each point with ``run_backtest`` and
returns the points with their metrics in grid order, whatever order the workers finish in.
Each worker gets the bars once (pool initializer), not once per point. Strategies are
rebuilt by name in the workers, so user strategies must be loadable there too (pass
``strategies_dir``, the settings' folder; the workers load it). A point whose parameters
are invalid is returned with its error instead of metrics.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dalal.domain.errors import DomainError
from dalal.engine.backtest import BacktestConfig, run_backtest
from dalal.engine.results import BacktestMetrics

_CONFIG: BacktestConfig | None = None


@dataclass(frozen=True, slots=True)
class SweepPoint:
    params: dict[str, Any]
    metrics: BacktestMetrics | None
    error: str | None = None


def grid(space: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    keys = list(space)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*space.values())]


def _init(config: BacktestConfig, strategies_dir: Path | None) -> None:
    global _CONFIG  # noqa: PLW0603 - the worker's copy of the bars, set once per process
    from dalal.strategies import load_user_strategies

    load_user_strategies(strategies_dir)
    _CONFIG = config


def run_point(
    name: str, params: dict[str, Any], config: BacktestConfig | None = None
) -> SweepPoint:
    from dalal.strategies import build

    chosen = config or _CONFIG
    assert chosen is not None, "run_point runs in a sweep worker, or is given a config"
    try:
        result = run_backtest(build(name, params), chosen)
    except (DomainError, ValueError) as error:
        return SweepPoint(params, None, str(error))
    return SweepPoint(params, result.metrics)


def _run_packed(job: tuple[str, dict[str, Any]]) -> SweepPoint:
    return run_point(*job)


def sweep(
    name: str,
    space: Mapping[str, Sequence[Any]],
    config: BacktestConfig,
    *,
    base: Mapping[str, Any] | None = None,
    workers: int = 2,
    strategies_dir: Path | None = None,
) -> list[SweepPoint]:
    """Backtest ``name`` at every point of ``space`` (over ``base`` parameters)."""
    jobs = [(name, {**(base or {}), **point}) for point in grid(space)]
    if workers <= 1:
        return [run_point(n, p, config) for n, p in jobs]
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init, initargs=(config, strategies_dir)
    ) as pool:
        return list(pool.map(_run_packed, jobs))
