"""The backtest's ``StrategyContext``: lines over precomputed arrays, orders to the ``SimBroker``.

No look-ahead, by construction: every line reads its array at the strategy's current bar or
before (``ago(k)`` with k ≥ 0), through a cursor the runner moves forward; indicator arrays
are computed once up front by causal kernels (a value at bar i uses bars ≤ i only).
"""

from __future__ import annotations

import array as pyarray
import math
from datetime import datetime
from decimal import Decimal

import numpy as np

from dalal.domain.indicators.specs import IndicatorSpec
from dalal.domain.instruments import Instrument
from dalal.domain.order_book import Order
from dalal.domain.orders import OrderType, Side
from dalal.domain.positions import Position
from dalal.engine.bar_data import FloatArray, Timeline, at, python_column
from dalal.engine.broker import SimBroker
from dalal.strategies.base import OrderShortcuts
from dalal.strategies.sizing import Sizing

FIELDS = ("open", "high", "low", "close", "volume")


class Cursor:
    """Where the run is: timeline index ``i``; a token's row is its latest bar at or before.

    Rows are read from Python arrays (made once per token): a numpy scalar per read would
    cost more than the strategy's own arithmetic."""

    __slots__ = ("_rows", "i", "timeline")

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.i = 0
        self._rows: dict[int, pyarray.array[int]] = {}

    def row(self, token: int) -> int:
        return self.row_at(token, self.i)

    def row_at(self, token: int, i: int) -> int:
        rows = self._rows.get(token)
        if rows is None:
            rows = self._rows[token] = python_column(self.timeline.last_row[token])
        return rows[i]


class ArrayLine:
    """A line over one token's bars, read at the cursor (see ``strategies.base.Line``)."""

    __slots__ = ("_cursor", "_token", "_values", "array")

    def __init__(self, array: FloatArray, token: int, cursor: Cursor) -> None:
        self.array, self._token, self._cursor = array, token, cursor
        self._values: pyarray.array[float] | None = None

    @property
    def token(self) -> int:
        return self._token

    def ago(self, bars: int = 0) -> float:
        if bars < 0:
            raise ValueError("a line reads the current bar (0) or earlier ones, never later")
        row = self._cursor.row(self._token) - bars
        if row < 0:
            return math.nan
        values = self._values
        if values is None:
            values = self._values = python_column(np.asarray(self.array, dtype=np.float64))
        return float(values[row])

    @property
    def value(self) -> float:
        return self.ago(0)


class ArrayIndicator:
    __slots__ = ("_lines", "spec")

    def __init__(self, spec: IndicatorSpec, lines: dict[str, ArrayLine]) -> None:
        self.spec, self._lines = spec, lines

    def line(self, output: str | None = None) -> ArrayLine:
        name = output or self.spec.outputs[0]
        try:
            return self._lines[name]
        except KeyError:
            raise ValueError(f"{self.spec} has no output {name!r}: {self.spec.outputs}") from None

    @property
    def value(self) -> float:
        return self.line().value


class BacktestContext(OrderShortcuts):
    """Implements ``dalal.strategies.base.StrategyContext`` for a backtest."""

    def __init__(self, timeline: Timeline, broker: SimBroker, default_size: Sizing) -> None:
        self.timeline, self.broker, self.default_size = timeline, broker, default_size
        self.cursor = Cursor(timeline)
        self._indicators: dict[tuple[IndicatorSpec, int], ArrayIndicator] = {}
        self._prices: dict[tuple[int, str], ArrayLine] = {}
        self._now: tuple[int, datetime] = (-1, at(0))

    @property
    def now(self) -> datetime:
        i = self.cursor.i
        if self._now[0] != i:  # several orders at one bar share one datetime
            self._now = (i, at(int(self.timeline.times[i])))
        return self._now[1]

    @property
    def tokens(self) -> tuple[int, ...]:
        return self.timeline.tokens

    def _token(self, token: int | None) -> int:
        if token is not None:
            if token not in self.timeline.series:
                raise ValueError(f"token {token} is not in this backtest")
            return token
        if len(self.timeline.series) != 1:
            raise ValueError("several instruments: name the token")
        return next(iter(self.timeline.series))

    def instrument(self, token: int | None = None) -> Instrument:
        return self.timeline.series[self._token(token)].instrument

    def indicator(self, spec: IndicatorSpec, token: int | None = None) -> ArrayIndicator:
        key = (spec, self._token(token))
        if key not in self._indicators:
            arrays = spec.compute(self.timeline.series[key[1]].ohlcv())
            lines = {
                name: ArrayLine(np.asarray(values), key[1], self.cursor)
                for name, values in zip(spec.outputs, arrays, strict=True)
            }
            self._indicators[key] = ArrayIndicator(spec, lines)
        return self._indicators[key]

    def price(self, token: int | None = None, field: str = "close") -> ArrayLine:
        if field not in FIELDS:
            raise ValueError(f"field must be one of {FIELDS}")
        key = (self._token(token), field)
        if key not in self._prices:
            self._prices[key] = ArrayLine(
                getattr(self.timeline.series[key[0]], field), key[0], self.cursor
            )
        return self._prices[key]

    def position(self, token: int | None = None) -> Position:
        return self.broker.position(self._token(token))

    @property
    def cash(self) -> Decimal:
        return self.broker.cash

    @property
    def equity(self) -> Decimal:
        return self.broker.equity()

    def _place(  # noqa: PLR0917
        self,
        side: Side,
        token: int | None,
        size: Sizing | int | None,
        order_type: OrderType,
        price: Decimal | None,
        trigger: Decimal | None,
        reason: str,
    ) -> Order:
        return self.broker.place(
            token=self._token(token),
            side=side,
            size=self.default_size if size is None else size,
            at=self.now,
            order_type=order_type,
            price=price,
            trigger=trigger,
            reason=reason,
        )

    def modify(
        self,
        order: Order,
        *,
        quantity: int | None = None,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
    ) -> Order:
        return self.broker.modify(
            order.id, at=self.now, quantity=quantity, price=price, trigger=trigger
        )

    def cancel(self, order: Order) -> Order:
        return self.broker.cancel(order.id, at=self.now, reason="cancelled by the strategy")

    def open_orders(self, token: int | None = None) -> list[Order]:
        return self.broker.working(None if token is None else self._token(token))
