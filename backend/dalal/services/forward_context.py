"""The forward test's ``StrategyContext``: the strategy API over paper trading.

A strategy's hooks are synchronous, and paper orders go through ``place_order`` (async, with
every pre-trade check, charges, margin and risk). So the context **records** what a hook asks
for and the runner carries it out right after the hook returns, in the order asked, as the
backtest's broker matches a hook's orders after it returns (placement order). What a hook
reads is the state before its own orders: positions, cash and equity from the ledger as the
runner last loaded them, and lines up to the bar that just closed.

Ids: ``buy``/``sell`` return an order with an id of the context's own, at once; the runner
maps it to the paper order's id when placed, and fills and open orders are shown to the
strategy under the context's id, so ``fill.order_id`` matches what ``buy`` returned.

Lines are lists of closed bars' values, and indicators run incrementally over them
(``IndicatorSpec.incremental``, held equal to the vectorised form by the indicator tests);
an indicator asked for late is fed the history first.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from dalal.domain.calendar import IST
from dalal.domain.indicators.specs import BarValues, Incremental, IndicatorSpec
from dalal.domain.instruments import Instrument, Segment
from dalal.domain.market import Bar
from dalal.domain.money import ZERO
from dalal.domain.order_book import Accepted, Cancelled, Order
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.strategies.base import OrderShortcuts
from dalal.strategies.sizing import Sizing

FIELDS = ("open", "high", "low", "close", "volume")


class ListLine:
    """A line over a growing list (see ``strategies.base.Line``)."""

    __slots__ = ("values",)

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def ago(self, bars: int = 0) -> float:
        if bars < 0:
            raise ValueError("a line reads the current bar (0) or earlier ones, never later")
        index = len(self.values) - 1 - bars
        return self.values[index] if index >= 0 else math.nan

    @property
    def value(self) -> float:
        return self.ago(0)


class ListIndicator:
    __slots__ = ("_kernel", "_lines", "spec")

    def __init__(self, spec: IndicatorSpec) -> None:
        self.spec = spec
        self._kernel: Incremental = spec.incremental()
        self._lines = {name: ListLine([]) for name in spec.outputs}

    def feed(self, bar: BarValues) -> None:
        for name, value in zip(self.spec.outputs, self._kernel.update(bar), strict=True):
            self._lines[name].values.append(float(value))

    def line(self, output: str | None = None) -> ListLine:
        name = output or self.spec.outputs[0]
        try:
            return self._lines[name]
        except KeyError:
            raise ValueError(f"{self.spec} has no output {name!r}: {self.spec.outputs}") from None

    @property
    def value(self) -> float:
        return self.line().value


class IntentKind(StrEnum):
    PLACE = "PLACE"
    MODIFY = "MODIFY"
    CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True)
class Intent:
    """One request of a hook; ``order`` is the order as the strategy sees it."""

    kind: IntentKind
    order: Order
    size: Sizing | int | None = None
    quantity: int | None = None
    price: Decimal | None = None
    trigger: Decimal | None = None


@dataclass(slots=True)
class Snapshot:
    """The account as the runner last read it; ``marks`` are the latest prices."""

    cash: Decimal = ZERO
    positions: dict[int, Position] = field(default_factory=dict)
    marks: dict[int, Decimal] = field(default_factory=dict)
    working: dict[uuid.UUID, Order] = field(default_factory=dict)  # by the strategy's id


class ForwardContext(OrderShortcuts):
    """Implements ``dalal.strategies.base.StrategyContext`` for a forward test."""

    def __init__(
        self,
        instruments: Mapping[int, Instrument],
        *,
        account_id: uuid.UUID,
        source: str,
        default_size: Sizing,
        now: datetime,
    ) -> None:
        self.instruments = dict(instruments)
        self.account_id, self.source, self.default_size = account_id, source, default_size
        self.snapshot = Snapshot()
        self.intents: list[Intent] = []
        self._now = now
        self._history = {t: {f: ListLine([]) for f in FIELDS} for t in self.instruments}
        self._bars: dict[int, list[BarValues]] = {t: [] for t in self.instruments}
        self._indicators: dict[tuple[IndicatorSpec, int], ListIndicator] = {}

    # --- the runner's side ------------------------------------------------------------------

    def add_bar(self, bar: Bar, *, now: datetime) -> None:
        """A closed bar of one of the session's instruments: lines and indicators move on."""
        self._now = now
        values = self._bar_values(bar)
        for name in FIELDS:
            self._history[bar.token][name].values.append(float(getattr(values, name)))
        self._bars[bar.token].append(values)
        for (_, token), indicator in self._indicators.items():
            if token == bar.token:
                indicator.feed(values)

    def take_intents(self) -> list[Intent]:
        taken, self.intents = self.intents, []
        return taken

    @staticmethod
    def _bar_values(bar: Bar) -> BarValues:
        day = bar.at.astimezone(IST).date()
        return BarValues(
            float(bar.open), float(bar.high), float(bar.low), float(bar.close),
            float(bar.volume), day.toordinal(),
        )  # fmt: skip

    # --- reading ----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self._now

    @property
    def tokens(self) -> tuple[int, ...]:
        return tuple(self.instruments)

    def _token(self, token: int | None) -> int:
        if token is not None:
            if token not in self.instruments:
                raise ValueError(f"token {token} is not in this forward test")
            return token
        if len(self.instruments) != 1:
            raise ValueError("several instruments: name the token")
        return next(iter(self.instruments))

    def instrument(self, token: int | None = None) -> Instrument:
        return self.instruments[self._token(token)]

    def indicator(self, spec: IndicatorSpec, token: int | None = None) -> ListIndicator:
        key = (spec, self._token(token))
        if key not in self._indicators:
            indicator = ListIndicator(spec)
            for values in self._bars[key[1]]:
                indicator.feed(values)
            self._indicators[key] = indicator
        return self._indicators[key]

    def price(self, token: int | None = None, field: str = "close") -> ListLine:
        if field not in FIELDS:
            raise ValueError(f"field must be one of {FIELDS}")
        return self._history[self._token(token)][field]

    def product(self, token: int) -> Product:
        """CNC for equities, NRML for F&O: the backtest's default product."""
        equity = self.instruments[token].segment is Segment.EQUITY
        return Product.CNC if equity else Product.NRML

    def position(self, token: int | None = None) -> Position:
        key = self._token(token)
        found = self.snapshot.positions.get(key)
        return found or Position(self.account_id, key, self.product(key))

    @property
    def cash(self) -> Decimal:
        return self.snapshot.cash

    @property
    def equity(self) -> Decimal:
        value = sum(
            (
                p.quantity * self.snapshot.marks.get(t, ZERO)
                for t, p in self.snapshot.positions.items()
            ),
            ZERO,
        )
        return self.snapshot.cash + value

    def open_orders(self, token: int | None = None) -> list[Order]:
        wanted = None if token is None else self._token(token)
        return [o for o in self.snapshot.working.values() if wanted in (None, o.token)]

    # --- orders -----------------------------------------------------------------------------

    def _place(  # noqa: PLR0917
        self,
        side: Side,
        token: int | None,
        size: Sizing | int | None,
        order_type: OrderType,
        price: Decimal | None,
        trigger: Decimal | None,
        reason: str,  # paper orders carry the session's tag (``triggered_by``) instead
    ) -> Order:
        key = self._token(token)
        chosen = self.default_size if size is None else size
        order = Order.new(
            account_id=self.account_id,
            token=key,
            side=side,
            quantity=chosen if isinstance(chosen, int) else 1,  # decided when placed
            order_type=order_type,
            product=self.product(key),
            at=self._now,
            price=price,
            trigger_price=trigger,
            triggered_by=self.source,
        ).apply(Accepted(self._now))
        self.snapshot.working[order.id] = order
        self.intents.append(Intent(IntentKind.PLACE, order, size=chosen))
        return order

    def modify(
        self,
        order: Order,
        *,
        quantity: int | None = None,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
    ) -> Order:
        changed = replace(
            order,
            quantity=order.quantity if quantity is None else quantity,
            price=order.price if price is None else price,
            trigger_price=order.trigger_price if trigger is None else trigger,
            updated_at=self._now,
        )
        if order.id in self.snapshot.working:
            self.snapshot.working[order.id] = changed
        self.intents.append(
            Intent(IntentKind.MODIFY, order, quantity=quantity, price=price, trigger=trigger)
        )
        return changed

    def cancel(self, order: Order) -> Order:
        if order.status.is_final:
            return order
        self.snapshot.working.pop(order.id, None)
        self.intents.append(Intent(IntentKind.CANCEL, order))
        return order.apply(Cancelled("cancelled by the strategy", self._now))
