"""The strategy API: a ``Strategy`` reacts to closed bars (and ticks, signals, fills) through a
``StrategyContext`` that places, modifies and cancels orders and reads positions, cash, equity
and indicators.

Hooks, in the order the runner calls them:

- ``on_start(ctx)`` once, before the first bar: ask for indicators here (``ctx.indicator``).
- ``on_fill(ctx, fill)`` for each fill, as the bar that caused it is matched.
- ``on_bar(ctx, bar)`` at each closed bar of each instrument (in token order within one
  instant). ``bar`` is the bar that just closed: a strategy never sees a later one, and its
  indicators read only up to it. Orders placed here fill at the next bar's open by default
  (or at this bar's close, if the backtest says so).
- ``on_tick(ctx, quote)`` for live quotes (forward tests; backtests run on bars only).
- ``on_signal(ctx, signal)`` for an external signal addressed to the strategy.
- ``on_stop(ctx)`` once at the end. A backtest then closes what is still open (``END``).

``wake()`` may declare the only conditions under which ``on_bar`` can act (crossings of lines
and levels, lines beyond a level). A backtest then calls ``on_bar`` only on bars where one
holds, evaluated over whole arrays up front; a forward test calls it on every bar and gets the
same decisions. Declaring it is a promise: on any other bar ``on_bar`` would do nothing.
Conditions are built from the context's own lines, so they cannot see the future either.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from dalal.domain.indicators.specs import IndicatorSpec
from dalal.domain.instruments import Instrument
from dalal.domain.market import Bar, Quote
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderType, Side
from dalal.domain.positions import Position
from dalal.strategies.sizing import ALL_IN, Sizing


class Line(Protocol):
    """A float series read at the latest closed bar: ``ago(0)`` now, ``ago(1)`` the bar before.

    NaN where the value is not defined yet (an indicator warming up)."""

    def ago(self, bars: int = 0) -> float: ...

    @property
    def value(self) -> float: ...


class IndicatorLines(Protocol):
    """An indicator's outputs for one instrument; ``value`` is its main output now."""

    spec: IndicatorSpec

    def line(self, output: str | None = None) -> Line: ...

    @property
    def value(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Crosses:
    """``a`` crosses ``b`` (a line or a level): ``above``, ``below`` or ``either``."""

    a: Line
    b: Line | float
    direction: Literal["above", "below", "either"] = "either"


@dataclass(frozen=True, slots=True)
class Beyond:
    """``line`` is strictly ``above`` or ``below`` ``level`` at the bar's close."""

    line: Line
    level: float
    side: Literal["above", "below"]


WakeCondition = Crosses | Beyond


@dataclass(frozen=True, slots=True)
class StrategySignal:
    """An external instruction for a strategy: when it arrived, and its payload."""

    at: datetime
    payload: Mapping[str, object] = field(default_factory=dict)
    token: int | None = None


class StrategyContext(Protocol):
    """What a strategy may read and do. ``token=None`` means the only instrument."""

    @property
    def now(self) -> datetime: ...

    @property
    def tokens(self) -> tuple[int, ...]: ...

    def instrument(self, token: int | None = None) -> Instrument: ...

    def indicator(self, spec: IndicatorSpec, token: int | None = None) -> IndicatorLines: ...

    def price(self, token: int | None = None, field: str = "close") -> Line: ...

    def position(self, token: int | None = None) -> Position: ...

    @property
    def cash(self) -> Decimal: ...

    @property
    def equity(self) -> Decimal: ...

    def buy(
        self,
        token: int | None = None,
        *,
        size: Sizing | int | None = None,
        order_type: OrderType = OrderType.MARKET,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
        reason: str = "SIGNAL",
    ) -> Order: ...

    def sell(
        self,
        token: int | None = None,
        *,
        size: Sizing | int | None = None,
        order_type: OrderType = OrderType.MARKET,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
        reason: str = "SIGNAL",
    ) -> Order: ...

    def close_position(self, token: int | None = None, reason: str = "SIGNAL") -> Order | None: ...

    def modify(
        self,
        order: Order,
        *,
        quantity: int | None = None,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
    ) -> Order: ...

    def cancel(self, order: Order) -> Order: ...

    def open_orders(self, token: int | None = None) -> list[Order]: ...


class OrderShortcuts(ABC):
    """``buy``, ``sell`` and ``close_position`` of a ``StrategyContext``, written once: a
    context (backtest or paper) supplies ``_place`` and ``position``."""

    @abstractmethod
    def position(self, token: int | None = None) -> Position: ...

    @abstractmethod
    def _place(  # noqa: PLR0917 - the order's fields, in the one place every order passes
        self,
        side: Side,
        token: int | None,
        size: Sizing | int | None,
        order_type: OrderType,
        price: Decimal | None,
        trigger: Decimal | None,
        reason: str,
    ) -> Order: ...

    def buy(
        self,
        token: int | None = None,
        *,
        size: Sizing | int | None = None,
        order_type: OrderType = OrderType.MARKET,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
        reason: str = "SIGNAL",
    ) -> Order:
        return self._place(Side.BUY, token, size, order_type, price, trigger, reason)

    def sell(
        self,
        token: int | None = None,
        *,
        size: Sizing | int | None = None,
        order_type: OrderType = OrderType.MARKET,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
        reason: str = "SIGNAL",
    ) -> Order:
        return self._place(Side.SELL, token, size, order_type, price, trigger, reason)

    def close_position(self, token: int | None = None, reason: str = "SIGNAL") -> Order | None:
        held = self.position(token).quantity
        if held == 0:
            return None
        place = self.sell if held > 0 else self.buy
        return place(token, size=abs(held), reason=reason)


class StrategyParams(BaseModel):
    """Base of every strategy's parameters: validated, immutable, rendered as a form from
    ``model_json_schema()``. ``sizing`` sizes entries (default: all of equity)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sizing: Sizing = Field(default=ALL_IN, description="How entries are sized")


P = TypeVar("P", bound=StrategyParams)


class Strategy(Generic[P]):
    """Subclass, set ``name`` and ``Params``, override the hooks you need."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    title: ClassVar[str] = ""  # for the web app; unset: from ``name`` (sma_cross → SMA cross)
    rules: ClassVar[str] = ""  # exact entry and exit rules; unset: the class's docstring
    Params: ClassVar[type[StrategyParams]] = StrategyParams

    def __init__(self, params: P) -> None:
        self.params = params

    def on_start(self, ctx: StrategyContext) -> None:
        """Once, before the first bar."""

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        """At each closed bar (or each woken bar, see ``wake``)."""

    def on_tick(self, ctx: StrategyContext, quote: Quote) -> None:
        """At each live quote (forward tests only)."""

    def on_signal(self, ctx: StrategyContext, signal: StrategySignal) -> None:
        """When an external signal arrives."""

    def on_fill(self, ctx: StrategyContext, fill: Fill) -> None:
        """After each fill of this strategy's orders is booked."""

    def on_stop(self, ctx: StrategyContext) -> None:
        """Once, after the last bar."""

    def wake(self) -> Sequence[WakeCondition] | None:
        """The conditions under which ``on_bar`` can act, or ``None``: every bar."""
        return None
