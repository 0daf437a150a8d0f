"""What runs inside the backtest worker processes (nothing here touches the database).

A run occupies one *slot* of two shared arrays made by the parent: the worker writes its
percent into ``progress[slot]`` and, from the engine's progress callback, checks
``cancel[slot]``; a set flag raises ``Cancelled`` inside ``run_backtest``, which unwinds the
run at once. Shared memory needs no extra process (a ``Manager`` would) and no messages.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import structlog

from dalal.domain.errors import DomainError
from dalal.domain.money import canonical
from dalal.engine.backtest import BacktestConfig, run_backtest
from dalal.engine.report import result_json
from dalal.engine.results import BacktestMetrics
from dalal.engine.sweep import run_point

log = structlog.get_logger(__name__)

_SLOTS: tuple[Any, Any] | None = None  # (progress, cancel) shared arrays, one cell per slot
_SWEEP_CONFIG: BacktestConfig | None = None


class Cancelled(Exception):
    """Raised from the progress callback when the run's cancel flag is set."""


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # DONE, FAILED or CANCELLED
    report: bytes | None = None
    metrics: dict[str, Any] | None = None
    error: str | None = None


def init_runs(progress: Any, cancel: Any, strategies_dir: Path | None) -> None:
    global _SLOTS  # noqa: PLW0603 - the worker's handles on the shared arrays, set once
    _SLOTS = (progress, cancel)
    _load_strategies(strategies_dir)


def init_sweep(config: BacktestConfig, strategies_dir: Path | None) -> None:
    global _SWEEP_CONFIG  # noqa: PLW0603 - the sweep's bars, sent once per worker
    _SWEEP_CONFIG = config
    _load_strategies(strategies_dir)


def _load_strategies(strategies_dir: Path | None) -> None:
    from dalal.strategies import load_user_strategies

    load_user_strategies(strategies_dir)


def run_job(slot: int, name: str, params: dict[str, Any], config: BacktestConfig) -> Outcome:
    from dalal.strategies import build

    assert _SLOTS is not None, "run_job runs in a worker made with init_runs"
    progress, cancel = _SLOTS

    def report(pct: float) -> None:
        progress[slot] = pct
        if cancel[slot]:
            raise Cancelled

    try:
        result = run_backtest(build(name, params), config, progress=report)
    except Cancelled:
        return Outcome("CANCELLED")
    except (DomainError, ValueError) as error:
        return Outcome("FAILED", error=str(error))
    except Exception as error:  # a strategy's own bug: the run fails, the worker lives on
        log.exception("backtest_failed", strategy=name)
        return Outcome("FAILED", error=f"{type(error).__name__}: {error}")
    data = result_json(result)
    return Outcome("DONE", report=orjson.dumps(data), metrics=data["metrics"])


def sweep_point(name: str, params: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """One grid point (engine.sweep's ``run_point``) as (metrics JSON, error)."""
    assert _SWEEP_CONFIG is not None, "sweep_point runs in a worker made with init_sweep"
    try:
        point = run_point(name, params, _SWEEP_CONFIG)
    except Exception as error:  # a strategy's own bug fails its point, not the sweep
        return None, f"{type(error).__name__}: {error}"
    return (metrics_dict(point.metrics) if point.metrics else None), point.error


def metrics_dict(metrics: BacktestMetrics) -> dict[str, Any]:
    """The metrics as the report writes them (money as exact strings, NaN as null)."""
    return {key: _json_value(value) for key, value in asdict(metrics).items()}


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(canonical(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
