"""``short_straddle``: sell the at-the-money call and put of an index at a time of day, stop
each leg out on its own, buy back what is left at a later time.

The backtest must hold the index's bars (an INDEX instrument whose trading symbol is
``underlying``, e.g. ``NIFTY``) and the bars of its options (CE and PE contracts with that
underlying, their expiries and strikes): the strategy picks its contracts among the
backtest's instruments, with the same selection rules as a signal's algo legs. Times are
IST; a bar's close time is its open time plus its interval. Exact rules, each trading day:

- **Entry**: at the close of the first index bar of the day that closes at or after
  ``entry_time`` (and before ``exit_time``): the spot is that bar's close; the expiry is the
  ``expiry`` rule's (the nearest live expiry for ``CURRENT_WEEK``: an expiry date is live
  until 15:30 IST); in that expiry's chain of each type, the strike nearest the spot (a tie
  goes to the lower strike). Both legs are sold with MARKET orders sized by ``sizing`` (one
  lot by default), so they fill at the next bar's open of each option. One entry a day.
- **Stop-loss per leg**: when a leg's sale fills at premium P, a BUY SL-M order for that
  leg is placed with its trigger at P × (1 + ``stop_loss_pct``/100), rounded up onto the
  tick. It first meets the option's next bar: it fills at the trigger when the bar's high
  reaches it, or at the open when the bar opens above it (a gap). Exit reason ``SL``. The
  other leg stays on.
- **Square-off**: at the close of the first index bar of the day that closes at or after
  ``exit_time``, the working stops are cancelled and each open leg is bought back with a
  MARKET order (filling at the option's next bar's open), exit reason ``SQUARE_OFF``.
- Whatever is still open when the data ends is closed at the last bars (``END``).

P&L of a leg = (sale price − buy-back price) × quantity, less charges.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import ClassVar

from pydantic import Field, model_validator

from dalal.domain.algos import ExpiryRule, InstrumentSelection, SelectionKind, StrikeRule
from dalal.domain.instrument_selection import MarketView, select_instrument
from dalal.domain.instruments import InstrumentType
from dalal.domain.market import Bar
from dalal.domain.options import IST
from dalal.domain.order_book import Order
from dalal.domain.orders import Fill, OrderType
from dalal.strategies.base import Strategy, StrategyContext, StrategyParams
from dalal.strategies.builtin.common import STOP_REASON, stop_price
from dalal.strategies.registry import register
from dalal.strategies.sizing import FixedLots, Sizing

SQUARE_OFF_REASON = "SQUARE_OFF"


class StraddleParams(StrategyParams):
    underlying: str = Field(
        default="NIFTY", description="The index: its trading symbol and its options' underlying"
    )
    entry_time: time = Field(default=time(9, 20), description="Sell both legs (IST)")
    exit_time: time = Field(default=time(15, 15), description="Buy back what is left (IST)")
    expiry: ExpiryRule = Field(default=ExpiryRule.CURRENT_WEEK, description="Which expiry")
    stop_loss_pct: Decimal = Field(
        default=Decimal(30), gt=0, le=1000, description="Per leg, % above its sale premium"
    )
    sizing: Sizing = Field(default=FixedLots(lots=1), description="Size of each leg")

    @model_validator(mode="after")
    def _entry_before_exit(self) -> StraddleParams:
        if self.entry_time >= self.exit_time:
            raise ValueError(f"entry_time ({self.entry_time}) must be before exit_time")
        return self


@register
class ShortStraddle(Strategy[StraddleParams]):
    name = "short_straddle"
    description = "Sell the ATM call and put at a time, a stop-loss per leg, buy back at a time."
    Params: ClassVar = StraddleParams

    def __init__(self, params: StraddleParams) -> None:
        super().__init__(params)
        self._index = 0
        self._day: date | None = None
        self._entered = self._exited = False
        self._legs: set[int] = set()
        self._sales: set[object] = set()
        self._stops: dict[int, Order] = {}

    def on_start(self, ctx: StrategyContext) -> None:
        symbol = self.params.underlying.upper()
        indices = [
            t
            for t in ctx.tokens
            if ctx.instrument(t).instrument_type is InstrumentType.INDEX
            and ctx.instrument(t).tradingsymbol.upper() == symbol
        ]
        if not indices:
            raise ValueError(
                f"short_straddle needs the {symbol} index's bars in the backtest; add them "
                "with its options' bars."
            )
        self._index = indices[0]

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        if bar.token != self._index:
            return
        closed = (bar.at + bar.interval.length).astimezone(IST)
        if closed.date() != self._day:
            self._day, self._entered, self._exited = closed.date(), False, False
        if self._entered and not self._exited and closed.time() >= self.params.exit_time:
            self._square_off(ctx)
        elif not self._entered and self.params.entry_time <= closed.time() < self.params.exit_time:
            self._enter(ctx, bar)

    def _enter(self, ctx: StrategyContext, bar: Bar) -> None:
        self._entered = True
        candidates = [ctx.instrument(t) for t in ctx.tokens]
        closed = (bar.at + bar.interval.length).astimezone(IST)
        market = MarketView(now=closed, spot=bar.close, premiums={})
        for kind in ("CE", "PE"):
            selection = InstrumentSelection(
                kind=SelectionKind.OPTION,
                underlying=self.params.underlying.upper(),
                option_type=kind,
                expiry_rule=self.params.expiry,
                strike_rule=StrikeRule.ATM,
            )
            leg = select_instrument(
                selection, signal_symbol=None, candidates=candidates, market=market
            )
            order = ctx.sell(leg.token, size=self.params.sizing)
            self._legs.add(leg.token)
            self._sales.add(order.id)

    def on_fill(self, ctx: StrategyContext, fill: Fill) -> None:
        if fill.order_id not in self._sales:
            return
        held = ctx.position(fill.token).quantity
        if held >= 0:
            return
        tick = ctx.instrument(fill.token).tick_size
        trigger = stop_price(fill.price, self.params.stop_loss_pct / 100, tick, long=False)
        self._stops[fill.token] = ctx.buy(
            fill.token,
            size=-held,
            order_type=OrderType.SL_M,
            trigger=trigger,
            reason=STOP_REASON,
        )

    def _square_off(self, ctx: StrategyContext) -> None:
        self._exited = True
        working = {o.id for o in ctx.open_orders()}
        for token in sorted(self._legs):
            stop = self._stops.pop(token, None)
            if stop is not None and stop.id in working:
                ctx.cancel(stop)
            ctx.close_position(token, reason=SQUARE_OFF_REASON)
        self._legs.clear()
