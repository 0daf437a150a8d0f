"""What the built-in strategies share: going long, short or flat, and a protective stop.

- ``go_long``: cancel our working stop; if short, close the short (one MARKET order); then
  buy (a MARKET order sized by ``sizing``, decided at the fill). Already long: nothing.
- ``go_short``: the mirror image; with ``allow_short`` false it only closes a long.
- ``go_flat``: cancel our working stop and close the position.
- **Protective stop** (``stop_loss_pct``): when an entry fills, an SL-M order for the whole
  position is placed ``stop_loss_pct`` percent from the entry price (rounded onto the tick,
  away from the price), exit reason ``SL``. It first meets the bar after the entry's fill.
  Without ``stop_loss_pct``, a ``risk`` sizing rule's ``stop_fraction`` sets the distance.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TypeVar

from pydantic import Field

from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderType, Side
from dalal.strategies.base import Strategy, StrategyContext, StrategyParams
from dalal.strategies.sizing import FixedRisk

STOP_REASON = "SL"


class TradingParams(StrategyParams):
    allow_short: bool = Field(default=False, description="Go short on sell signals")
    stop_loss_pct: Decimal | None = Field(
        default=None, gt=0, lt=100, description="Protective stop, % from the entry price"
    )


P = TypeVar("P", bound=TradingParams)


ORDERS_RULE = (
    "Orders are MARKET: they fill at the next bar's open (or at this bar's close, if the "
    "backtest says so), sized by sizing at the fill. With stop_loss_pct set, each entry also "
    "places an SL-M stop for the whole position that percent from its fill price."
)


def stop_price(entry: Decimal, fraction: Decimal, tick: Decimal, *, long: bool) -> Decimal:
    """The stop ``fraction`` away from ``entry``, on the tick grid, rounded away from it."""
    raw = entry * (1 - fraction) if long else entry * (1 + fraction)
    ticks = (raw / tick).to_integral_value(rounding=ROUND_FLOOR if long else ROUND_CEILING)
    return max(ticks * tick, tick)


class PositionStrategy(Strategy[P]):
    """Targets long, short or flat per instrument; keeps one protective stop per instrument."""

    def __init__(self, params: P) -> None:
        super().__init__(params)
        self._entries: set[object] = set()
        self._stops: dict[int, Order] = {}

    def go_long(self, ctx: StrategyContext, token: int) -> None:
        self._target(ctx, token, Side.BUY)

    def go_short(self, ctx: StrategyContext, token: int) -> None:
        if self.params.allow_short:
            self._target(ctx, token, Side.SELL)
        else:
            self.go_flat(ctx, token)

    def go_flat(self, ctx: StrategyContext, token: int) -> None:
        self._cancel_stop(ctx, token)
        ctx.close_position(token)

    def _target(self, ctx: StrategyContext, token: int, side: Side) -> None:
        held = ctx.position(token).quantity
        if held * side.sign > 0:
            return
        self.go_flat(ctx, token)
        order = ctx.buy(token) if side is Side.BUY else ctx.sell(token)
        self._entries.add(order.id)

    def on_fill(self, ctx: StrategyContext, fill: Fill) -> None:
        fraction = self._stop_fraction()
        if fraction is None or fill.order_id not in self._entries:
            return
        held = ctx.position(fill.token).quantity
        if held == 0:
            return
        self._cancel_stop(ctx, fill.token)
        tick = ctx.instrument(fill.token).tick_size
        trigger = stop_price(fill.price, fraction, tick, long=held > 0)
        place = ctx.sell if held > 0 else ctx.buy
        self._stops[fill.token] = place(
            fill.token,
            size=abs(held),
            order_type=OrderType.SL_M,
            trigger=trigger,
            reason=STOP_REASON,
        )

    def _stop_fraction(self) -> Decimal | None:
        if self.params.stop_loss_pct is not None:
            return self.params.stop_loss_pct / 100
        sizing = self.params.sizing
        return sizing.stop_fraction if isinstance(sizing, FixedRisk) else None

    def _cancel_stop(self, ctx: StrategyContext, token: int) -> None:
        stop = self._stops.pop(token, None)
        if stop is not None and any(o.id == stop.id for o in ctx.open_orders(token)):
            ctx.cancel(stop)
