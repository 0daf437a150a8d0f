"""The simulated broker of a backtest: the paper broker's rules on one in-memory account.

Orders go through ``validate_new_order`` (tick, lot, prices, products) when placed, and
through the matching rules (``engine.matching``) against each later bar; fills are charged
by ``charges_for_fill`` and booked to cash and positions as the ledger books them (see
``engine.holdings``). Only what a backtest cannot know in advance is decided at the fill:

- **Sizing.** An order sized by a rule (``strategies.sizing``) is matched to find its fill
  price, re-sized from the equity at that price, then matched again: the rule sees the price
  it really pays. Sized to zero, it is cancelled. Fixed quantities and lots do not depend on
  the price, so they are sized when placed.
- **Margin.** ``required_margin`` of the opening part of each fill must fit in
  ``free_margin`` at the fill, marked at the fill price (other instruments at their last
  close); otherwise the order is rejected (cancelled if part of it already filled).
- **Shorts.** Indian cash markets do not carry short equity positions overnight, but backtest
  peers allow them: with ``allow_cash_shorts`` (the default) CNC's no-short rule is waived,
  and a short is charged and margined as delivery.

Speed: a working MARKET order (DAY validity, no participation cap) fills on the next bar at
its open, slipped and on tick: ``market_fill_price``, the rule ``match_bar`` applies, taken
without building the order's intermediate versions; every other order goes through
``match_bar``. Ids are deterministic (counters), so two runs give identical output.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from dalal.domain.charges import ChargesTemplate
from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.instruments import Instrument, Segment
from dalal.domain.margin import DEFAULT_MARGINS, MarginConfig
from dalal.domain.market import Bar
from dalal.domain.money import ZERO
from dalal.domain.order_book import Cancelled, Order, Rejected
from dalal.domain.orders import Fill, FillTag, OrderStatus, OrderType, Product, Side, Validity
from dalal.domain.positions import Position, opening_quantity
from dalal.engine.broker_rules import check_order, margin_fits
from dalal.engine.holdings import Books
from dalal.engine.matching import (
    EXIT_TAGS,
    FillIntent,
    MatchingConfig,
    OrderUpdate,
    market_fill_price,
    match_bar,
)
from dalal.engine.objects import accepted_order, builder, order_with
from dalal.strategies.sizing import FixedLots, FixedQuantity, Sizing, units_for

ACCOUNT_ID = uuid.UUID(int=1)
ZERO_SIZE_REASON = "sized to zero units at the fill: equity does not cover one unit (or lot)"
_ORDER_IDS = 1 << 64


class OrderNotWorking(DomainError):
    code = "ORDER_NOT_WORKING"


@dataclass(frozen=True, slots=True)
class BrokerConfig:
    capital: Decimal
    charges: ChargesTemplate
    matching: MatchingConfig = field(default_factory=MatchingConfig)
    margins: MarginConfig = DEFAULT_MARGINS
    product: Product | None = None  # None: CNC for equities, NRML for F&O
    allow_cash_shorts: bool = True
    source: str = "strategy"


@dataclass(frozen=True, slots=True)
class BookedFill:
    fill: Fill
    reason: str  # the order's reason: SIGNAL, SL, TARGET, END, …
    before: int = 0  # the quantity held just before the fill


_new_update = builder(OrderUpdate)
_new_intent = builder(FillIntent)
_new_booked = builder(BookedFill)


class SimBroker:
    def __init__(
        self, instruments: Mapping[int, Instrument], config: BrokerConfig, *, start: datetime
    ) -> None:
        if config.capital <= ZERO:
            raise InvalidInput("Starting capital must be above zero.", field="capital")
        self.instruments = dict(instruments)
        self.config = config
        # Keyed by ``order.id.int``: a UUID hashes in Python code, its int in C.
        self.orders: dict[int, Order] = {}
        self.marks: Mapping[int, Decimal] = {}
        self._products = {token: self._product(i) for token, i in self.instruments.items()}
        self.books = Books(ACCOUNT_ID, config.capital, self._products, config.charges)
        self._working: dict[int, Order] = {}
        self._sizing: dict[int, Sizing] = {}
        self._reasons: dict[int, str] = {}
        self._fast_market = config.matching.participation is None
        self._market_prices: dict[tuple[int, Side, Decimal], Decimal] = {}
        self.entry_block: str | None = None  # set by a risk breach: orders opening exposure
        self._order_seq = 0

    # --- reading ----------------------------------------------------------------------------

    def product(self, token: int) -> Product:
        return self._products[token]

    def _product(self, instrument: Instrument) -> Product:
        if self.config.product is not None:
            return self.config.product
        return Product.CNC if instrument.segment is Segment.EQUITY else Product.NRML

    @property
    def cash(self) -> Decimal:
        return self.books.cash

    @property
    def fills(self) -> list[Fill]:
        return self.books.fills

    def position(self, token: int) -> Position:
        return self.books.holdings[token].position()

    def quantity(self, token: int) -> int:
        return self.books.holdings[token].quantity

    @property
    def has_open(self) -> bool:
        return any(h.quantity for h in self.books.holdings.values())

    def open_positions(self) -> list[Position]:
        return self.books.open_positions()

    def equity(self, token: int | None = None, price: Decimal | None = None) -> Decimal:
        """Cash plus open positions at their marks (``token`` marked at ``price`` if given)."""
        return self.books.equity(self.marks, token, price)

    def working(self, token: int | None = None) -> list[Order]:
        return [o for o in self._working.values() if token is None or o.token == token]

    @property
    def has_working(self) -> bool:
        return bool(self._working)

    def working_count(self, token: int) -> int:
        return sum(1 for o in self._working.values() if o.token == token)

    def reason(self, order_id: uuid.UUID) -> str:
        return self._reasons[order_id.int]

    # --- orders -----------------------------------------------------------------------------

    def place(
        self,
        *,
        token: int,
        side: Side,
        size: Sizing | int,
        at: datetime,
        order_type: OrderType = OrderType.MARKET,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
        reason: str = "SIGNAL",
        source: str | None = None,
    ) -> Order:
        """Validate and accept an order (or record it REJECTED, with the rule it broke).
        ``source``: who placed it (``triggered_by``), the strategy unless said."""
        instrument = self.instruments[token]
        if isinstance(size, FixedQuantity | FixedLots):  # no price or equity in the rule
            size = units_for(size, equity=ZERO, price=ZERO, instrument=instrument)
        quantity = (
            size if isinstance(size, int) else self._provisional(size, token, price or trigger)
        )
        self._order_seq += 1
        order = accepted_order(
            uuid.UUID(int=_ORDER_IDS | self._order_seq),
            ACCOUNT_ID,
            token,
            side,
            quantity,
            order_type,
            self._products[token],
            at,
            price=price,
            trigger=trigger,
            source=source or self.config.source,
        )
        self._reasons[order.id.int] = reason
        try:
            self._validate(order, instrument)
        except DomainError as error:
            return self._store(order.apply(Rejected(str(error), at)))
        if self.entry_block and opening_quantity(self.quantity(token), side, quantity):
            return self._store(order.apply(Rejected(self.entry_block, at)))
        if not isinstance(size, int):
            self._sizing[order.id.int] = size
        return self._store(order)

    def _provisional(self, sizing: Sizing, token: int, price: Decimal | None) -> int:
        """A placeholder size until the fill decides it (at least one unit or lot)."""
        instrument = self.instruments[token]
        estimate = price or self.marks.get(token) or Decimal(1)
        equity = self.equity(token, estimate)
        lot = instrument.lot_size if instrument.is_derivative else 1
        return units_for(sizing, equity=equity, price=estimate, instrument=instrument) or lot

    def modify(
        self,
        order_id: uuid.UUID,
        *,
        at: datetime,
        quantity: int | None = None,
        price: Decimal | None = None,
        trigger: Decimal | None = None,
    ) -> Order:
        """Change a working order; it is checked again as if new (raises if it breaks a rule)."""
        order = self._working_order(order_id)
        modified = replace(
            order,
            quantity=order.quantity if quantity is None else quantity,
            price=order.price if price is None else price,
            trigger_price=order.trigger_price if trigger is None else trigger,
            updated_at=at,
        )
        if modified.quantity <= order.filled_quantity:
            raise InvalidInput("Ask for more than is already filled.", field="quantity")
        unfilled = replace(modified, quantity=modified.remaining, filled_quantity=0)
        self._validate(replace(unfilled, filled_value=ZERO), self.instruments[order.token])
        if quantity is not None:
            self._sizing.pop(order_id.int, None)  # a quantity given by hand replaces the rule
        return self._store(modified)

    def cancel(self, order_id: uuid.UUID, *, at: datetime, reason: str) -> Order:
        return self._store(self._working_order(order_id).apply(Cancelled(reason, at)))

    def cancel_all(self, *, at: datetime, reason: str) -> None:
        for order in list(self._working.values()):
            self.cancel(order.id, at=at, reason=reason)

    # --- matching ---------------------------------------------------------------------------

    def match(self, bar: Bar) -> list[BookedFill]:
        """Match the working orders of ``bar.token`` in placement order; book their fills.

        Orders placed while this runs (from ``on_fill``) first meet the next bar. The caller
        keeps ``marks`` (the last closes) current: equity and margin at a fill use them.
        """
        booked: list[BookedFill] = []
        for order in [o for o in self._working.values() if o.token == bar.token]:
            booked.extend(self._match_one(order, bar))
        return booked

    def _match_one(self, order: Order, bar: Bar) -> list[BookedFill]:
        instrument = self.instruments[order.token]
        if (
            order.order_type is OrderType.MARKET
            and order.validity is Validity.DAY
            and self._fast_market
        ):
            update = self._match_market(order, bar, instrument)
        else:
            update = match_bar(order, bar, self.config.matching, instrument=instrument)
            if update.fills and order.id.int in self._sizing and order.filled_quantity == 0:
                update = self._resize(order, update, bar)
        if update.fills and not self._margin_fits(update):
            self._refuse(order, "insufficient margin at the fill", bar.at)
            return []
        self._store(update.order)
        booked, prior = [], order.filled_value
        for intent in update.fills:
            booked.append(self._book(update.order, intent, instrument, prior))
            prior += intent.price * intent.quantity
        return booked

    def _match_market(self, order: Order, bar: Bar, instrument: Instrument) -> OrderUpdate:
        """``match_bar`` of a working DAY MARKET order with no participation cap: all of it
        fills at the bar's open (slipped, on tick); a sizing rule first decides how much."""
        key = (order.token, order.side, bar.open)
        price = self._market_prices.get(key)
        if price is None:  # the rule's answer for this open, kept: opens repeat on a tick grid
            matching = self.config.matching
            price = self._market_prices[key] = market_fill_price(
                order.side, bar.open, matching, instrument
            )
        quantity = order.quantity
        sizing = self._sizing.get(order.id.int)
        if sizing is not None and order.filled_quantity == 0:
            equity = self.equity(order.token, price)
            quantity = units_for(sizing, equity=equity, price=price, instrument=instrument)
            if quantity <= 0:
                cancelled = order.apply(Cancelled(ZERO_SIZE_REASON, bar.at))
                return OrderUpdate(cancelled)
        filling = quantity - order.filled_quantity
        filled = order_with(
            order,
            status=OrderStatus.COMPLETE,
            at=bar.at,
            quantity=quantity,
            filled_quantity=quantity,
            filled_value=order.filled_value + price * filling,
        )
        tag = EXIT_TAGS.get(order.triggered_by, FillTag.NORMAL)
        return _new_update(filled, (_new_intent(order.id, filling, price, bar.at, tag),))

    def _resize(self, order: Order, update: OrderUpdate, bar: Bar) -> OrderUpdate:
        price = update.fills[0].price
        instrument = self.instruments[order.token]
        units = units_for(
            self._sizing[order.id.int],
            equity=self.equity(order.token, price),
            price=price,
            instrument=instrument,
        )
        if units <= 0:
            return OrderUpdate(order.apply(Cancelled(ZERO_SIZE_REASON, bar.at)))
        if units == order.quantity:
            return update
        return match_bar(
            replace(order, quantity=units), bar, self.config.matching, instrument=instrument
        )

    def _margin_fits(self, update: OrderUpdate) -> bool:
        order, intent = update.order, update.fills[0]
        held = self.quantity(order.token)
        if opening_quantity(held, order.side, intent.quantity) == 0:
            return True  # an exit needs no margin
        positions = self.open_positions()
        marks = {
            p.token: intent.price if p.token == order.token else self.marks[p.token]
            for p in positions
        }
        return margin_fits(
            self.cash,
            positions,
            self.instruments,
            marks,
            self.config.margins,
            order,
            held=held,
            quantity=intent.quantity,
            price=intent.price,
        )

    def _book(
        self, order: Order, intent: FillIntent, instrument: Instrument, prior: Decimal
    ) -> BookedFill:
        fill, before = self.books.book(
            order, instrument, intent.quantity, intent.price, intent.at, prior=prior, tag=intent.tag
        )
        return _new_booked(fill, self._reasons[order.id.int], before)

    def risk_exit(self, update: OrderUpdate, *, reason: str) -> BookedFill | None:
        """Book the risk engine's exit ``update`` (an order closing a whole position and its
        fill, from ``engine.risk``) under a deterministic id; None when it did not fill."""
        order = update.order
        if not update.fills:
            return None
        self._order_seq += 1
        order_id = uuid.UUID(int=_ORDER_IDS | self._order_seq)
        order = order_with(order, status=order.status, at=order.updated_at, order_id=order_id)
        self._reasons[order.id.int] = reason
        self._store(order)
        intent = update.fills[0]
        fill_intent = FillIntent(order.id, intent.quantity, intent.price, intent.at, intent.tag)
        return self._book(order, fill_intent, self.instruments[order.token], ZERO)

    # --- bookkeeping ------------------------------------------------------------------------

    def _validate(self, order: Order, instrument: Instrument) -> None:
        held = self.quantity(order.token)
        check_order(order, instrument, held=held, allow_cash_shorts=self.config.allow_cash_shorts)

    def _refuse(self, order: Order, reason: str, at: datetime) -> Order:
        if order.filled_quantity:
            return self._store(order.apply(Cancelled(reason, at)))
        return self._store(order.apply(Rejected(reason, at)))

    def _working_order(self, order_id: uuid.UUID) -> Order:
        order = self._working.get(order_id.int)
        if order is None:
            raise OrderNotWorking("That order is no longer working; it cannot change.")
        return order

    def _store(self, order: Order) -> Order:
        key = order.id.int
        self.orders[key] = order
        if order.status.is_final:
            self._working.pop(key, None)
            self._sizing.pop(key, None)
        else:
            self._working[key] = order
        return order
