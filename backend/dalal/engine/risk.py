"""The risk engine's exits: one set of rules for paper trading (quotes) and backtests (bars).

A position guard (``dalal.domain.risk.guard``) is checked against each price. A breach exits
the whole position with a MARKET order whose ``triggered_by`` names the exit (``risk:SL``,
``risk:TARGET``, ``risk:TSL``), so its fill is tagged SL, TARGET or TSL, and the guard is
spent: its stop and target cancel each other (OCO).

- Against a quote: the breach is seen on the last price; the exit fills at the touch (the bid
  for a sell, the ask for a buy; the LTP without them), slipped and on tick. A quote that
  gaps through the stop fills at that quote, not at the stop.
- Against a bar: the stop and target become the two legs of an OCO pair, an SL-M at the stop
  and a LIMIT at the target, matched by ``resolve_oco_in_bar``: a bar that opens through the
  stop fills at the open (the gap price), one that reaches it within its range at the stop;
  when both are in range the stop wins unless the bar opened through the target.

Risk exits are never capped by participation: they close the whole position, as the
broker's square-off does. ``exit_intents`` closes many positions at once (a breach of a
scope's limit, a panic) with the source given.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from dalal.domain.instruments import Instrument
from dalal.domain.market import Bar, Quote
from dalal.domain.order_book import Accepted, Filled, Order
from dalal.domain.orders import OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.domain.risk.guard import ExitKind, PositionGuard
from dalal.domain.risk.levels import PositionStops
from dalal.engine.matching import (
    EXIT_TAGS,
    FillIntent,
    MatchingConfig,
    OcoLeg,
    OrderUpdate,
    match_bar,
    match_quote,
    resolve_oco_in_bar,
    round_to_tick,
)

LIMIT_SOURCE = "risk:limit"  # exits of a scope's breach or its auto square-off time
GUARD_SOURCES = {kind: f"risk:{kind.value}" for kind in ExitKind}


@dataclass(frozen=True, slots=True)
class GuardOutcome:
    """``guard``: its next state, or None once spent (it exited, or the position is gone);
    ``exit``: the exit order and its fill (no fill yet when there is no price to fill at)."""

    guard: PositionGuard | None
    exit: OrderUpdate | None = None
    kind: ExitKind | None = None


def exit_order(position: Position, *, source: str, at: datetime) -> Order:
    """An accepted MARKET order closing the whole of ``position``."""
    return Order.new(
        account_id=position.account_id,
        token=position.token,
        side=Side.SELL if position.quantity > 0 else Side.BUY,
        quantity=abs(position.quantity),
        order_type=OrderType.MARKET,
        product=position.product,
        at=at,
        triggered_by=source,
    ).apply(Accepted(at))


def guard_on_quote(
    guard: PositionGuard,
    position: Position,
    quote: Quote,
    config: MatchingConfig,
    *,
    instrument: Instrument,
) -> GuardOutcome:
    if not _guards(guard, position):
        return GuardOutcome(None)
    kind = guard.breach(quote.ltp)
    if kind is None:
        return GuardOutcome(guard.ratchet(quote.ltp))
    order = exit_order(position, source=GUARD_SOURCES[kind], at=quote.at)
    uncapped = replace(config, participation=None)
    return GuardOutcome(None, match_quote(order, quote, uncapped, instrument=instrument), kind)


def guard_on_bar(
    guard: PositionGuard,
    position: Position,
    bar: Bar,
    config: MatchingConfig,
    *,
    instrument: Instrument,
) -> GuardOutcome:
    if not _guards(guard, position):
        return GuardOutcome(None)
    uncapped = replace(config, participation=None)
    found = _bar_exit(guard, position, bar, uncapped, instrument)
    if found is None:
        extreme = bar.high if guard.direction > 0 else bar.low
        return GuardOutcome(guard.ratchet(extreme))
    kind, price = found
    order = exit_order(position, source=GUARD_SOURCES[kind], at=bar.at)
    filled = order.apply(Filled(order.quantity, price, bar.at))
    fill = FillIntent(order.id, order.quantity, price, bar.at, EXIT_TAGS[order.triggered_by])
    return GuardOutcome(None, OrderUpdate(filled, (fill,)), kind)


def exit_intents(
    positions: Iterable[Position],
    quotes: Mapping[int, Quote],
    at: datetime,
    *,
    source: str,
    instruments: Mapping[int, Instrument],
    config: MatchingConfig,
) -> list[OrderUpdate]:
    """A MARKET exit of each open position, filled on its last quote (stamped ``at``); with
    no quote yet the exit stays OPEN and fills on the next one."""
    uncapped = replace(config, participation=None)
    updates: list[OrderUpdate] = []
    for position in positions:
        if not position.is_open:
            continue
        order = exit_order(position, source=source, at=at)
        quote = quotes.get(position.token)
        if quote is None:
            updates.append(OrderUpdate(order))
            continue
        instrument = instruments[position.token]
        updates.append(match_quote(order, replace(quote, at=at), uncapped, instrument=instrument))
    return updates


def _guards(guard: PositionGuard, position: Position) -> bool:
    """The guard still protects ``position``: it is open, on the side the guard was set for."""
    return position.is_open and (position.quantity > 0) == (guard.direction > 0)


def _bar_exit(
    guard: PositionGuard,
    position: Position,
    bar: Bar,
    config: MatchingConfig,
    instrument: Instrument,
) -> tuple[ExitKind, Decimal] | None:
    side = Side.SELL if position.quantity > 0 else Side.BUY
    stop = guard.effective_stop()
    stop_leg = _leg(position, side, OrderType.SL_M, stop[0], bar, instrument) if stop else None
    target = guard.target_price
    target_leg = (
        _leg(position, side, OrderType.LIMIT, target, bar, instrument)
        if target is not None
        else None
    )
    if stop_leg is not None and target_leg is not None:
        result = resolve_oco_in_bar(stop_leg, target_leg, bar, config, instrument=instrument)
        if result.winner is OcoLeg.TARGET:
            return ExitKind.TARGET, result.target.fills[0].price
        if result.winner is OcoLeg.STOP and result.stop.fills:
            assert stop is not None
            return stop[1], result.stop.fills[0].price
        return None
    if stop_leg is not None:
        assert stop is not None
        update = match_bar(stop_leg, bar, config, instrument=instrument)
        return (stop[1], update.fills[0].price) if update.fills else None
    if target_leg is not None:
        update = match_bar(target_leg, bar, config, instrument=instrument)
        return (ExitKind.TARGET, update.fills[0].price) if update.fills else None
    return None


def _leg(  # noqa: PLR0917 - a private helper
    position: Position,
    side: Side,
    order_type: OrderType,
    level: Decimal,
    bar: Bar,
    instrument: Instrument,
) -> Order:
    """A virtual exit leg: an SL-M at the stop, or a LIMIT at the target put on tick so that
    it never fills worse than the target (a sell's limit rounds up, a buy's down)."""
    at = bar.at
    if order_type is OrderType.LIMIT:
        price = round_to_tick(level, instrument.tick_size, side.opposite)
        return Order.new(
            account_id=position.account_id,
            token=position.token,
            side=side,
            quantity=abs(position.quantity),
            order_type=order_type,
            product=position.product,
            at=at,
            price=price,
        ).apply(Accepted(at))
    return Order.new(
        account_id=position.account_id,
        token=position.token,
        side=side,
        quantity=abs(position.quantity),
        order_type=order_type,
        product=position.product,
        at=at,
        trigger_price=level,
    ).apply(Accepted(at))


GuardKey = tuple[uuid.UUID, int, Product]


class GuardBook:
    """Position guards held in memory: what a backtest (or any single-process run) uses to
    apply the same stops as the paper-trading monitor, bar by bar or quote by quote."""

    def __init__(self) -> None:
        self._guards: dict[GuardKey, PositionGuard] = {}

    def __len__(self) -> int:
        return len(self._guards)

    def get(self, key: GuardKey) -> PositionGuard | None:
        return self._guards.get(key)

    def arm(self, position: Position, stops: PositionStops, *, anchor: Decimal) -> PositionGuard:
        """Guard the open ``position`` with ``stops`` resolved against ``anchor`` (its entry)."""
        guard = PositionGuard.arm(
            account_id=position.account_id,
            token=position.token,
            product=position.product,
            direction=1 if position.quantity > 0 else -1,
            anchor=anchor,
            stops=stops,
            source="backtest",
        )
        self._guards[guard.key] = guard
        return guard

    def on_bar(
        self,
        bar: Bar,
        positions: Mapping[GuardKey, Position],
        config: MatchingConfig,
        *,
        instrument: Instrument,
    ) -> list[GuardOutcome]:
        """The exits ``bar`` causes on its instrument's guarded positions (filled at the stop,
        the target or the gap's open); every other guard on it ratchets."""
        return self._run(
            bar.token,
            positions,
            lambda g, p: guard_on_bar(g, p, bar, config, instrument=instrument),
        )

    def on_quote(
        self,
        quote: Quote,
        positions: Mapping[GuardKey, Position],
        config: MatchingConfig,
        *,
        instrument: Instrument,
    ) -> list[GuardOutcome]:
        return self._run(
            quote.token,
            positions,
            lambda g, p: guard_on_quote(g, p, quote, config, instrument=instrument),
        )

    def _run(
        self,
        token: int,
        positions: Mapping[GuardKey, Position],
        step: Callable[[PositionGuard, Position], GuardOutcome],
    ) -> list[GuardOutcome]:
        exits: list[GuardOutcome] = []
        for key, guard in list(self._guards.items()):
            if guard.token != token:
                continue
            outcome = step(guard, positions.get(key) or Position(*key))
            if outcome.guard is None:
                del self._guards[key]
            else:
                self._guards[key] = outcome.guard
            if outcome.exit is not None:
                exits.append(outcome)
        return exits
