"""Reading stored reports: the decoded result, a downsampled equity curve, ETAs, heatmaps.

The report is ``dalal.engine.report``'s JSON (snake_case keys, money as decimal strings).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

from dalal.domain.errors import InvalidInput
from dalal.engine.results import BacktestMetrics
from dalal.services.backtest_ports import BacktestRun, RunStatus, Sweep

MAX_CURVE_POINTS = 2_000


def report(run: BacktestRun) -> dict[str, Any]:
    """The run's whole report ({} until it is DONE), decoded once per loaded run."""
    if run.decoded is None:
        run.decoded = orjson.loads(run.result_json) if run.result_json else {}
    return run.decoded


def money(value: Any) -> Decimal:
    """An analytic float shown as money (the equity peak): rounded to paise."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(Decimal("0.01"))


def equity_curve(run: BacktestRun, max_points: int = MAX_CURVE_POINTS) -> list[dict[str, Any]]:
    """At most ``max_points`` (capped at 2,000) of the curve: evenly spaced, always keeping
    the last point and the deepest drawdown, so the chart's end and its worst fall are true."""
    curve: list[dict[str, Any]] = report(run).get("equity_curve", [])
    limit = max(2, min(max_points, MAX_CURVE_POINTS))
    if len(curve) <= limit:
        return curve
    step = (len(curve) - 1) / (limit - 1)
    chosen = {round(i * step) for i in range(limit)}
    deepest = min(range(len(curve)), key=lambda i: curve[i]["drawdown_pct"])
    if deepest not in chosen:  # swap it for its nearest neighbour, keeping the count
        chosen.discard(min(chosen - {0, len(curve) - 1}, key=lambda i: abs(i - deepest)))
        chosen.add(deepest)
    return [curve[i] for i in sorted(chosen)]


def eta_seconds(
    started: datetime | None, percent: float, status: RunStatus, now: datetime
) -> float | None:
    """Seconds left if the rest goes as fast as the part done; None until it says anything."""
    if status is not RunStatus.RUNNING or started is None or percent <= 0:
        return None
    elapsed = max((now - started).total_seconds(), 0.0)
    return round(elapsed * (100.0 - percent) / percent, 1)


@dataclass(frozen=True, slots=True)
class HeatmapCells:
    x_values: list[str]
    y_values: list[str]
    cells: list[list[float | None]]  # [y][x]


def heatmap(sweep: Sweep, *, x: str, y: str, metric: str) -> HeatmapCells:
    """``metric`` over axes ``x`` and ``y`` of the grid. With more than two axes, the other
    axes are held at their first value. Failed points and undefined ratios are None.
    ``metric`` is a metric's name as the report (``return_pct``) or the API (``returnPct``)
    spells it."""
    axes = dict(sweep.grid)
    for name, flag in ((x, "x"), (y, "y")):
        if name not in axes:
            known = ", ".join(axes) or "none"
            raise InvalidInput(
                f"{name!r} is not an axis of this sweep (axes: {known}).", field=flag
            )
    if x == y:
        raise InvalidInput("Choose two different parameters for x and y.", field="y")
    key = metric_key(metric)
    fixed = {name: str(values[0]) for name, values in sweep.grid if name not in (x, y) and values}
    by_cell: dict[tuple[str, str], float | None] = {}
    for point in sweep.points:
        values = {k: str(v) for k, v in point.params.items()}
        if all(values.get(k) == v for k, v in fixed.items()):
            by_cell[(values[x], values[y])] = _number(point.metrics, key)
    xs, ys = [str(v) for v in axes[x]], [str(v) for v in axes[y]]
    return HeatmapCells(xs, ys, [[by_cell.get((i, j)) for i in xs] for j in ys])


METRICS = tuple(f.name for f in fields(BacktestMetrics) if f.name not in ("start", "end"))


def metric_key(name: str) -> str:
    """The report's key of a metric named either way; unknown names are refused."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip()).lower()
    snake = re.sub(r"_seconds$", "_s", snake)
    if snake not in METRICS:
        raise InvalidInput(
            f"No metric {name!r}; choose one of: {', '.join(METRICS)}.", field="metric"
        )
    return snake


def _number(metrics: dict[str, Any] | None, key: str) -> float | None:
    value = None if metrics is None else metrics.get(key)
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
