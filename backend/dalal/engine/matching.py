"""The paper broker's matching: one set of rules for paper trading (quotes) and backtests (bars).

Prices. Every fill priced off the market (ask, bid, LTP, a bar's open, a stop's trigger) gets
the configured slippage, ``slippage_bps`` basis points against the trader, and is then rounded
to the instrument's tick against the trader (buys up, sells down). A limit-priced order never
fills worse than its limit: the slipped price is capped at the limit. So fills are always on
tick, and a fill's value is whole paise.

Against a quote (paper trading):
- MARKET buys at the ask, sells at the bid; with no ask/bid, at the LTP.
- LIMIT buys when ask ≤ limit, at the ask (price improvement); sells when bid ≥ limit, at the
  bid. With no ask/bid the LTP stands in.
- SL and SL-M trigger on the LTP: a buy stop when LTP ≥ trigger, a sell stop when LTP ≤
  trigger. Once triggered, SL-M acts as MARKET and SL as LIMIT at its price, on the same quote.
- IOC fills what it can on the first quote it meets while live and cancels the rest.
- ``participation`` (a fraction of ``quote.volume``, read as the volume traded since the last
  quote) caps each fill, rounded down to whole lots; the rest waits (partial fill). The cap is
  per order: orders on the same quote do not share it.

Against a bar (backtests and replay; the bar passed in is the one *after* placement):
- MARKET fills at the bar's open.
- LIMIT is gap-aware: if the bar opens at or through the limit it fills at the open, else at
  the limit if the bar's range reaches it (touch, not trade-through).
- SL and SL-M trigger at the open if the bar opens through the trigger, else at the trigger if
  the range reaches it. SL-M then fills at that price; SL fills there if it is within its limit,
  else it rests as a LIMIT, filling at the limit if the range comes back to it.
- IOC sees only one instant: the open (or, for a stop, the moment it triggers); it fills
  there or not at all, and the rest is cancelled.
- Fills are stamped with the bar's time (``bar.at``): the moment within the bar is unknown.
- A stop and a target of the same position that both fall within one bar: the stop wins
  (conservative), unless the bar opens through the target (``resolve_oco_in_bar``).

Output is an ``OrderUpdate``: the order's next version and its ``FillIntent``s. Charges are not
computed here; the caller charges each fill (``fill_from_intent``) and books it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.instruments import Instrument
from dalal.domain.market import Bar, Quote
from dalal.domain.money import ZERO
from dalal.domain.order_book import Accepted, Cancelled, Expired, Filled, Order, Triggered
from dalal.domain.orders import Fill, FillTag, OrderStatus, OrderType, Product, Side, Validity
from dalal.domain.positions import Position

SQUARE_OFF_SOURCE = "risk:square_off"
# Exits placed by the risk engine, by ``triggered_by``: their fills carry the tag.
EXIT_TAGS = {
    SQUARE_OFF_SOURCE: FillTag.SQUARE_OFF,
    "risk:SL": FillTag.SL,
    "risk:TARGET": FillTag.TARGET,
    "risk:TSL": FillTag.TSL,
    "risk:limit": FillTag.RISK,
    "panic": FillTag.PANIC,
}
IOC_REASON = "IOC: the unfilled quantity was cancelled"
OCO_REASON = "OCO: the other leg of this exit filled"
WORKING = frozenset({OrderStatus.TRIGGER_PENDING, OrderStatus.OPEN, OrderStatus.PARTIALLY_FILLED})
_BPS = Decimal(10_000)


@dataclass(frozen=True, slots=True)
class MatchingConfig:
    """``slippage_bps``: basis points against the trader; ``participation``: 0 < f ≤ 1 or None."""

    slippage_bps: Decimal = ZERO
    participation: Decimal | None = None

    def __post_init__(self) -> None:
        if self.slippage_bps < ZERO:
            raise ValueError("slippage cannot be negative")
        if self.participation is not None and not ZERO < self.participation <= 1:
            raise ValueError("participation must be a fraction in (0, 1]")


@dataclass(frozen=True, slots=True)
class FillIntent:
    order_id: uuid.UUID
    quantity: int
    price: Decimal
    at: datetime
    tag: FillTag = FillTag.NORMAL


@dataclass(frozen=True, slots=True)
class OrderUpdate:
    order: Order
    fills: tuple[FillIntent, ...] = ()


def round_to_tick(price: Decimal, tick: Decimal, side: Side) -> Decimal:
    """Round onto the tick grid against the trader: a buy up, a sell down (never below a tick)."""
    mode = ROUND_CEILING if side is Side.BUY else ROUND_FLOOR
    ticks = (price / tick).to_integral_value(rounding=mode)
    return max(ticks * tick, tick)


def execution_price(base: Decimal, side: Side, config: MatchingConfig, tick: Decimal) -> Decimal:
    """``base`` moved by the slippage against the trader, on tick."""
    slipped = base * (1 + side.sign * config.slippage_bps / _BPS)
    return round_to_tick(slipped, tick, side)


def market_fill_price(
    side: Side, bar_open: Decimal, config: MatchingConfig, instrument: Instrument
) -> Decimal:
    """Where a working MARKET order fills on a bar: its open, slipped and on tick."""
    return execution_price(bar_open, side, config, instrument.tick_size)


def match_quote(
    order: Order, quote: Quote, config: MatchingConfig, *, instrument: Instrument
) -> OrderUpdate:
    """Match a working order against one quote; a non-working order comes back unchanged."""
    _same_token(order, quote.token)
    if order.status not in WORKING:
        return OrderUpdate(order)
    if order.status is OrderStatus.TRIGGER_PENDING:
        if not _reaches(order.side, quote.ltp, _trigger(order)):
            return OrderUpdate(order)
        order = order.apply(Triggered(quote.at))
    price = _quote_price(order, quote, config, instrument.tick_size)
    update = _execute(
        order, price, volume=quote.volume, at=quote.at, config=config, instrument=instrument
    )
    return _finish_ioc(update, quote.at)


def match_bar(
    order: Order, bar: Bar, config: MatchingConfig, *, instrument: Instrument
) -> OrderUpdate:
    """Match a working order against the next bar; a non-working order comes back unchanged."""
    _same_token(order, bar.token)
    if order.status not in WORKING:
        return OrderUpdate(order)
    tick = instrument.tick_size
    ioc = order.validity is Validity.IOC
    if order.status is OrderStatus.TRIGGER_PENDING:
        stop = _bar_stop_price(order, bar)
        if stop is None:
            return OrderUpdate(order)
        order = order.apply(Triggered(bar.at))
        price = _triggered_price(order, stop, _instant(bar, stop) if ioc else bar, config, tick)
    elif ioc:
        price = _bar_price(order, _instant(bar, bar.open), config, tick)
    else:
        price = _bar_price(order, bar, config, tick)
    update = _execute(
        order, price, volume=bar.volume, at=bar.at, config=config, instrument=instrument
    )
    return _finish_ioc(update, bar.at)


def _bar_price(order: Order, bar: Bar, config: MatchingConfig, tick: Decimal) -> Decimal | None:
    if _acts_as_market(order):
        return execution_price(bar.open, order.side, config, tick)
    return _bar_limit_price(order, bar, config, tick)


def _instant(bar: Bar, price: Decimal) -> Bar:
    """The bar shrunk to one moment at ``price``: all an IOC order gets to meet."""
    return replace(bar, open=price, high=price, low=price, close=price)


class OcoLeg(StrEnum):
    STOP = "STOP"
    TARGET = "TARGET"


@dataclass(frozen=True, slots=True)
class OcoResult:
    """Which leg acted on the bar (or None); the other leg comes back cancelled."""

    winner: OcoLeg | None
    stop: OrderUpdate
    target: OrderUpdate


def resolve_oco_in_bar(
    stop_order: Order,
    target_order: Order,
    bar: Bar,
    config: MatchingConfig,
    *,
    instrument: Instrument,
) -> OcoResult:
    """Match the stop (SL/SL-M) and target (LIMIT) exits of one position against ``bar``.

    A bar that opens through the target fills the target at the open. Otherwise, if the stop
    triggers within the bar it wins, even when the target's price was also in range: with no
    intrabar path we assume the worse outcome. The losing leg is cancelled.
    """
    if not stop_order.is_stop or target_order.order_type is not OrderType.LIMIT:
        raise ValueError("an OCO pair is a stop (SL or SL-M) and a target (LIMIT)")
    if stop_order.side is not target_order.side:
        raise ValueError("both legs of an OCO pair exit the same position, on the same side")
    stop = match_bar(stop_order, bar, config, instrument=instrument)
    target = match_bar(target_order, bar, config, instrument=instrument)
    assert target_order.price is not None
    target_gapped = bool(target.fills) and _reaches(target_order.side, target_order.price, bar.open)
    stop_acted = bool(stop.fills) or stop.order.status is not stop_order.status
    if target_gapped or (target.fills and not stop_acted):
        return OcoResult(OcoLeg.TARGET, _cancel_leg(stop_order, bar.at), target)
    if stop_acted:
        return OcoResult(OcoLeg.STOP, stop, _cancel_leg(target_order, bar.at))
    return OcoResult(None, stop, target)


def expire_day_orders(orders: Iterable[Order], at_close: datetime) -> list[Order]:
    """The DAY orders still live at the close, expired; orders placed after the close stay."""
    return [
        order.apply(Expired(at_close))
        for order in orders
        if order.validity is Validity.DAY
        and not order.status.is_final
        and order.placed_at <= at_close
    ]


def square_off_intents(
    positions: Iterable[Position],
    quotes: Mapping[int, Quote],
    at: datetime,
    *,
    instruments: Mapping[int, Instrument],
    config: MatchingConfig,
) -> list[OrderUpdate]:
    """Broker square-off: a MARKET exit for each open MIS position, filled on its last quote.

    The fills are tagged ``SQUARE_OFF`` and stamped ``at``. The participation cap does not
    apply (the broker closes the whole position). A token with no quote yet gets its exit order
    OPEN with no fill; it fills on the next quote through ``match_quote``.
    """
    uncapped = replace(config, participation=None)
    updates: list[OrderUpdate] = []
    for position in positions:
        if position.product is not Product.MIS or not position.is_open:
            continue
        order = Order.new(
            account_id=position.account_id,
            token=position.token,
            side=Side.SELL if position.quantity > 0 else Side.BUY,
            quantity=abs(position.quantity),
            order_type=OrderType.MARKET,
            product=Product.MIS,
            at=at,
            triggered_by=SQUARE_OFF_SOURCE,
        ).apply(Accepted(at))
        quote = quotes.get(position.token)
        if quote is None:
            updates.append(OrderUpdate(order))
            continue
        instrument = instruments[position.token]
        updates.append(match_quote(order, replace(quote, at=at), uncapped, instrument=instrument))
    return updates


def fill_from_intent(
    intent: FillIntent, order: Order, *, fill_id: uuid.UUID, charges: ChargeBreakdown
) -> Fill:
    """The booked ``Fill`` for ``intent`` of ``order``, with the charges the caller computed."""
    if intent.order_id != order.id:
        raise ValueError("the fill intent belongs to another order")
    return Fill(
        id=fill_id,
        order_id=order.id,
        account_id=order.account_id,
        token=order.token,
        side=order.side,
        quantity=intent.quantity,
        price=intent.price,
        at=intent.at,
        charges=charges,
        tag=intent.tag,
    )


def _cancel_leg(order: Order, at: datetime) -> OrderUpdate:
    return OrderUpdate(order if order.status.is_final else order.apply(Cancelled(OCO_REASON, at)))


def _same_token(order: Order, token: int) -> None:
    if order.token != token:
        raise ValueError(f"order for token {order.token} matched against token {token}")


def _trigger(order: Order) -> Decimal:
    assert order.trigger_price is not None, "stop orders carry a trigger (validated at entry)"
    return order.trigger_price


def _limit(order: Order) -> Decimal:
    assert order.price is not None, "limit-priced orders carry a price (validated at entry)"
    return order.price


def _reaches(side: Side, price: Decimal, level: Decimal) -> bool:
    """``price ≥ level`` for a buy, ``price ≤ level`` for a sell.

    A buy stop triggers when ``_reaches(BUY, ltp, trigger)``; a buy limit is marketable when
    ``_reaches(BUY, limit, ask)``.
    """
    return side.sign * (price - level) >= 0


def _acts_as_market(order: Order) -> bool:
    return order.order_type in (OrderType.MARKET, OrderType.SL_M)


def _cap(price: Decimal, order: Order) -> Decimal:
    """Never worse than the limit."""
    limit = _limit(order)
    return min(price, limit) if order.side is Side.BUY else max(price, limit)


def _quote_price(
    order: Order, quote: Quote, config: MatchingConfig, tick: Decimal
) -> Decimal | None:
    touch = quote.ask if order.side is Side.BUY else quote.bid
    if touch is None:
        touch = quote.ltp
    price = execution_price(touch, order.side, config, tick)
    if _acts_as_market(order):
        return price
    if _reaches(order.side, _limit(order), touch):
        return _cap(price, order)
    return None


def _bar_stop_price(order: Order, bar: Bar) -> Decimal | None:
    """Where a waiting stop triggers in ``bar``: the open if it gaps through, else the trigger."""
    trigger = _trigger(order)
    if _reaches(order.side, bar.open, trigger):
        return bar.open
    extreme = bar.high if order.side is Side.BUY else bar.low
    return trigger if _reaches(order.side, extreme, trigger) else None


def _triggered_price(
    order: Order, stop: Decimal, bar: Bar, config: MatchingConfig, tick: Decimal
) -> Decimal | None:
    slipped = execution_price(stop, order.side, config, tick)
    if order.order_type is OrderType.SL_M:
        return slipped
    if _reaches(order.side, _limit(order), stop):
        return _cap(slipped, order)
    return _bar_limit_price(order, bar, config, tick)


def _bar_limit_price(
    order: Order, bar: Bar, config: MatchingConfig, tick: Decimal
) -> Decimal | None:
    limit = _limit(order)
    if _reaches(order.side, limit, bar.open):
        return _cap(execution_price(bar.open, order.side, config, tick), order)
    extreme = bar.low if order.side is Side.BUY else bar.high
    return limit if _reaches(order.side, limit, extreme) else None


def _fillable(order: Order, volume: int, config: MatchingConfig, instrument: Instrument) -> int:
    if config.participation is None:
        return order.remaining
    lot = instrument.lot_size if instrument.is_derivative else 1
    cap = int(volume * config.participation)
    return min(order.remaining, cap - cap % lot)


def _execute(
    order: Order,
    price: Decimal | None,
    *,
    volume: int,
    at: datetime,
    config: MatchingConfig,
    instrument: Instrument,
) -> OrderUpdate:
    quantity = _fillable(order, volume, config, instrument) if price is not None else 0
    if price is None or quantity <= 0:
        return OrderUpdate(order)
    tag = EXIT_TAGS.get(order.triggered_by, FillTag.NORMAL)
    filled = order.apply(Filled(quantity, price, at))
    return OrderUpdate(filled, (FillIntent(order.id, quantity, price, at, tag),))


def _finish_ioc(update: OrderUpdate, at: datetime) -> OrderUpdate:
    order = update.order
    if order.validity is Validity.IOC and order.status in (
        OrderStatus.OPEN,
        OrderStatus.PARTIALLY_FILLED,
    ):
        return OrderUpdate(order.apply(Cancelled(IOC_REASON, at)), update.fills)
    return update
