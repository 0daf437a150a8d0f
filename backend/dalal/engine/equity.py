"""The equity curve, marked to market in one vectorised pass from the book's changes.

Between two events the cash and the quantities held do not change, so the equity at each
bar's close is ``cash + Σ quantity × close`` with the state of the latest event at or before
that bar. The runner records the state only when a fill changed it; ``curve`` spreads the
states over the timeline and multiplies by the closes, with no per-bar Python.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from dalal.engine.bar_data import FloatArray, Timeline
from dalal.engine.broker import SimBroker


class EquityTape:
    def __init__(self, timeline: Timeline, capital: Decimal) -> None:
        self.timeline = timeline
        self._index: list[int] = []
        self._cash: list[float] = [float(capital)]
        self._held: list[tuple[int, ...]] = [tuple(0 for _ in timeline.tokens)]
        self._fills = 0

    def record(self, i: int, broker: SimBroker) -> None:
        """Note the state after bar ``i``'s events, if a fill changed it."""
        count = len(broker.fills)
        if count == self._fills:
            return
        self._fills = count
        held = tuple(broker.quantity(t) for t in self.timeline.tokens)
        cash = float(broker.cash)
        if self._index and self._index[-1] == i:
            self._cash[-1], self._held[-1] = cash, held
            return
        self._index.append(i)
        self._cash.append(cash)
        self._held.append(held)

    def curve(self) -> FloatArray:
        n = len(self.timeline)
        state = np.searchsorted(np.array(self._index, dtype=np.int64), np.arange(n), side="right")
        cash = np.array(self._cash)[state]
        held = np.array(self._held, dtype=np.float64)[state]
        closes = np.column_stack([self.timeline.closes[t] for t in self.timeline.tokens])
        equity: FloatArray = cash + (held * closes).sum(axis=1)
        return equity
