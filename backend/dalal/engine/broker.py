"""The simulated broker of a backtest: the paper broker's rules on one in-memory account.

Orders go through ``validate_new_order`` (tick, lot, prices, products) when placed, and
through ``match_bar`` against each later bar; fills are charged by ``charges_for_fill`` and
booked to the ledger and positions by ``Book``, exactly as paper trading books them. Only
what a backtest cannot know in advance is decided at the fill:

- **Sizing.** An order sized by a rule (``strategies.sizing``) is matched to find its fill
  price, re-sized from the equity at that price, then matched again: the rule sees the price
  it really pays. Sized to zero, it is cancelled.
- **Margin.** ``required_margin`` of the opening part of each fill must fit in
  ``free_margin`` at the fill, marked at the fill price (other instruments at their last
  close); otherwise the order is rejected (cancelled if part of it already filled).
- **Shorts.** Indian cash markets do not carry short equity positions overnight, but backtest
  peers allow them: with ``allow_cash_shorts`` (the default) CNC's no-short rule is waived,
  and a short is charged and margined as delivery.

Ids are deterministic (counters), so that two runs of one backtest give identical output.
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
from dalal.domain.ledger import Book
from dalal.domain.margin import DEFAULT_MARGINS, MarginConfig
from dalal.domain.market import Bar
from dalal.domain.money import ZERO
from dalal.domain.order_book import (
    Accepted,
    Cancelled,
    Order,
    Rejected,
)
from dalal.domain.orders import Fill, OrderType, Product, Side
from dalal.domain.positions import Position
from dalal.engine.broker_rules import charged_fill, check_order, margin_fits
from dalal.engine.matching import MatchingConfig, OrderUpdate, match_bar
from dalal.strategies.sizing import Sizing, units_for

ACCOUNT_ID = uuid.UUID(int=1)
ZERO_SIZE_REASON = "sized to zero units at the fill: equity does not cover one unit (or lot)"


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


class SimBroker:
    def __init__(
        self, instruments: Mapping[int, Instrument], config: BrokerConfig, *, start: datetime
    ) -> None:
        if config.capital <= ZERO:
            raise InvalidInput("Starting capital must be above zero.", field="capital")
        self.instruments = dict(instruments)
        self.config = config
        self.book = Book(ACCOUNT_ID)
        self.book.deposit(config.capital, start, "capital")
        self.orders: dict[uuid.UUID, Order] = {}
        self.marks: Mapping[int, Decimal] = {}
        self._products = {token: self._product(i) for token, i in self.instruments.items()}
        self.fills: list[Fill] = []
        self._working: dict[uuid.UUID, Order] = {}
        self._sizing: dict[uuid.UUID, Sizing] = {}
        self._reasons: dict[uuid.UUID, str] = {}
        self._order_seq = self._fill_seq = 0

    # --- reading ----------------------------------------------------------------------------

    def product(self, token: int) -> Product:
        return self._products[token]

    def _product(self, instrument: Instrument) -> Product:
        if self.config.product is not None:
            return self.config.product
        return Product.CNC if instrument.segment is Segment.EQUITY else Product.NRML

    def position(self, token: int) -> Position:
        return self.book.position(token, self.product(token))

    def equity(self, token: int | None = None, price: Decimal | None = None) -> Decimal:
        """Cash plus open positions at their marks (``token`` marked at ``price`` if given)."""
        total = self.book.cash
        for position in self.book.positions():
            if position.quantity:
                mark = price if position.token == token and price else self.marks[position.token]
                total += position.quantity * mark
        return total

    def working(self, token: int | None = None) -> list[Order]:
        return [o for o in self._working.values() if token is None or o.token == token]

    @property
    def has_working(self) -> bool:
        return bool(self._working)

    def working_count(self, token: int) -> int:
        return sum(1 for o in self._working.values() if o.token == token)

    def reason(self, order_id: uuid.UUID) -> str:
        return self._reasons[order_id]

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
    ) -> Order:
        """Validate and accept an order (or record it REJECTED, with the rule it broke)."""
        instrument = self.instruments[token]
        quantity = (
            size if isinstance(size, int) else self._provisional(size, token, price or trigger)
        )
        self._order_seq += 1
        order = Order(
            id=uuid.UUID(int=(1 << 64) | self._order_seq),
            account_id=ACCOUNT_ID,
            token=token,
            side=side,
            quantity=quantity,
            order_type=order_type,
            product=self.product(token),
            placed_at=at,
            updated_at=at,
            price=price,
            trigger_price=trigger,
            triggered_by=self.config.source,
        )
        self._reasons[order.id] = reason
        try:
            self._validate(order, instrument)
        except DomainError as error:
            return self._store(order.apply(Rejected(str(error), at)))
        if not isinstance(size, int):
            self._sizing[order.id] = size
        return self._store(order.apply(Accepted(at)))

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
            self._sizing.pop(order_id, None)  # a quantity given by hand replaces the rule
        return self._store(modified)

    def cancel(self, order_id: uuid.UUID, *, at: datetime, reason: str) -> Order:
        return self._store(self._working_order(order_id).apply(Cancelled(reason, at)))

    def cancel_all(self, *, at: datetime, reason: str) -> None:
        for order_id in list(self._working):
            self.cancel(order_id, at=at, reason=reason)

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
        update = match_bar(order, bar, self.config.matching, instrument=instrument)
        if update.fills and order.id in self._sizing and order.filled_quantity == 0:
            update = self._resize(order, update, bar)
        if update.fills and not self._margin_fits(update):
            self._refuse(order, "insufficient margin at the fill", bar.at)
            return []
        self._store(update.order)
        booked = []
        prior = order.filled_value
        for intent in update.fills:
            self._fill_seq += 1
            fill = charged_fill(
                self.config.charges,
                update.order,
                instrument,
                fill_id=uuid.UUID(int=(2 << 64) | self._fill_seq),
                quantity=intent.quantity,
                price=intent.price,
                at=intent.at,
                prior=prior,
            )
            self.book.apply_fill(fill, update.order.product)
            self.fills.append(fill)
            prior += intent.price * intent.quantity
            booked.append(BookedFill(fill, self._reasons[order.id]))
        return booked

    def _resize(self, order: Order, update: OrderUpdate, bar: Bar) -> OrderUpdate:
        price = update.fills[0].price
        instrument = self.instruments[order.token]
        units = units_for(
            self._sizing[order.id],
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
        return margin_fits(
            self.book,
            self.instruments,
            self.marks,
            self.config.margins,
            order,
            held=self.position(order.token).quantity,
            quantity=intent.quantity,
            price=intent.price,
        )

    # --- bookkeeping ------------------------------------------------------------------------

    def _validate(self, order: Order, instrument: Instrument) -> None:
        held = self.position(order.token).quantity
        check_order(order, instrument, held=held, allow_cash_shorts=self.config.allow_cash_shorts)

    def _refuse(self, order: Order, reason: str, at: datetime) -> Order:
        if order.filled_quantity:
            return self._store(order.apply(Cancelled(reason, at)))
        return self._store(order.apply(Rejected(reason, at)))

    def _working_order(self, order_id: uuid.UUID) -> Order:
        order = self._working.get(order_id)
        if order is None:
            raise OrderNotWorking("That order is no longer working; it cannot change.")
        return order

    def _store(self, order: Order) -> Order:
        self.orders[order.id] = order
        if order.status.is_final:
            self._working.pop(order.id, None)
            self._sizing.pop(order.id, None)
        else:
            self._working[order.id] = order
        return order
