"""Which bars can make a strategy act: its ``wake`` conditions, over whole arrays at once.

Lines are aligned on the timeline by each token's latest bar (``Timeline.last_row``), so a
condition on one instrument wakes the strategy on that instrument's bars; with several
instruments, a bar that wakes one wakes ``on_bar`` for every instrument with a bar then
(calling ``on_bar`` more often than needed never changes what it decides).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dalal.domain.indicators.cross import crossed_above, crossed_below
from dalal.engine.bar_data import FloatArray, Timeline, epoch_seconds
from dalal.engine.context import ArrayLine
from dalal.strategies.base import Beyond, StrategySignal, WakeCondition

BoolArray = npt.NDArray[np.bool_]


def _aligned(line: object, timeline: Timeline) -> FloatArray:
    if not isinstance(line, ArrayLine):
        raise TypeError("wake conditions take the context's lines (ctx.indicator, ctx.price)")
    rows = timeline.last_row[line.token]
    return np.where(rows >= 0, line.array[np.maximum(rows, 0)], np.nan)


def _condition_mask(condition: WakeCondition, timeline: Timeline) -> BoolArray:
    if isinstance(condition, Beyond):
        values = _aligned(condition.line, timeline)
        with np.errstate(invalid="ignore"):
            if condition.side == "above":
                return np.asarray(values > condition.level)
            return np.asarray(values < condition.level)
    a = _aligned(condition.a, timeline)
    b: FloatArray | float = (
        float(condition.b)
        if isinstance(condition.b, int | float)
        else _aligned(condition.b, timeline)
    )
    mask = np.zeros(len(timeline), dtype=np.bool_)
    if condition.direction in ("above", "either"):
        mask |= crossed_above(a, b)
    if condition.direction in ("below", "either"):
        mask |= crossed_below(a, b)
    return mask


def wake_mask(conditions: Sequence[WakeCondition] | None, timeline: Timeline) -> BoolArray:
    """True where ``on_bar`` must run; every bar when ``conditions`` is None."""
    if conditions is None:
        return np.ones(len(timeline), dtype=np.bool_)
    mask = np.zeros(len(timeline), dtype=np.bool_)
    for condition in conditions:
        mask |= _condition_mask(condition, timeline)
    return mask


def signal_bars(
    signals: Sequence[StrategySignal], timeline: Timeline
) -> dict[int, list[StrategySignal]]:
    """Each signal goes to the first bar that closes at or after it arrives.

    A bar closes one interval after it opens; a signal after the last close is dropped.
    """
    lengths = [int(s.interval.length.total_seconds()) for s in timeline.series.values()]
    closes = timeline.times + min(lengths)
    delivered: dict[int, list[StrategySignal]] = {}
    for signal in sorted(signals, key=lambda s: s.at):
        i = int(np.searchsorted(closes, epoch_seconds(signal.at), side="left"))
        if i < len(timeline):
            delivered.setdefault(i, []).append(signal)
    return delivered
