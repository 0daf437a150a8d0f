"""The order and its life: events, the status-transition table, and the checks on a new order.

An ``Order`` is immutable; ``order.apply(event)`` returns the next version or raises
``IllegalOrderTransition``. The table (``TRANSITIONS``) is the single source of truth:

    PENDING ──Accepted──▶ OPEN (MARKET, LIMIT) or TRIGGER_PENDING (SL, SL-M)
    TRIGGER_PENDING ──Triggered──▶ OPEN
    OPEN / PARTIALLY_FILLED ──Filled──▶ PARTIALLY_FILLED or COMPLETE
    any live status ──Cancelled / Expired──▶ CANCELLED   (a DAY order expires at the close)
    PENDING / TRIGGER_PENDING / OPEN ──Rejected──▶ REJECTED   (never after a fill)

Invariants: ``0 <= filled_quantity <= quantity``; ``filled_value`` is the exact sum of
price × quantity over the fills, so ``average_price`` (``filled_value / filled_quantity``) is
the quantity-weighted average with no rounding in between. There is no EXPIRED status: an
expired order is CANCELLED with ``cancel_reason`` saying so.

``validate_new_order`` checks an order before it is accepted and raises the ``DomainError``
named for the first rule it breaks. Tick and lot checks are injected (``PriceCheck``,
``QuantityCheck``) so that the rules on instruments live in one place.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Protocol, TypeAlias

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.instruments import Instrument, Segment
from dalal.domain.money import ZERO
from dalal.domain.orders import OrderStatus, OrderType, Product, Side, Validity
from dalal.domain.positions import opening_quantity

EXPIRED_REASON = "expired: a DAY order lapses at the close"


class IllegalOrderTransition(DomainError):
    code = "ILLEGAL_ORDER_TRANSITION"


class FillExceedsRemaining(DomainError):
    code = "FILL_EXCEEDS_REMAINING"


@dataclass(frozen=True, slots=True)
class Accepted:
    at: datetime


@dataclass(frozen=True, slots=True)
class Triggered:
    at: datetime


@dataclass(frozen=True, slots=True)
class Filled:
    quantity: int
    price: Decimal
    at: datetime


@dataclass(frozen=True, slots=True)
class Cancelled:
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Rejected:
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Expired:
    at: datetime


OrderEvent: TypeAlias = Accepted | Triggered | Filled | Cancelled | Rejected | Expired

_LIVE = frozenset({Cancelled, Expired})
TRANSITIONS: dict[OrderStatus, frozenset[type[OrderEvent]]] = {
    OrderStatus.PENDING: frozenset({Accepted, Rejected}) | _LIVE,
    OrderStatus.TRIGGER_PENDING: frozenset({Triggered, Rejected}) | _LIVE,
    OrderStatus.OPEN: frozenset({Filled, Rejected}) | _LIVE,
    OrderStatus.PARTIALLY_FILLED: frozenset({Filled}) | _LIVE,
    OrderStatus.COMPLETE: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REJECTED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Order:
    """BUY or SELL ``quantity`` units (shares, or contracts × lot size for F&O).

    ``price`` is the limit (LIMIT, SL); ``trigger_price`` the stop (SL, SL-M).
    ``triggered_by`` says who placed it: manual, strategy:ID, signal:ID, risk, panic.
    """

    id: uuid.UUID
    account_id: uuid.UUID
    token: int
    side: Side
    quantity: int
    order_type: OrderType
    product: Product
    placed_at: datetime
    updated_at: datetime
    validity: Validity = Validity.DAY
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    status: OrderStatus = OrderStatus.PENDING
    filled_quantity: int = 0
    filled_value: Decimal = ZERO
    triggered_by: str = "manual"
    client_order_id: str | None = None
    amo: bool = False
    reject_reason: str | None = None
    cancel_reason: str | None = None

    @classmethod
    def new(
        cls,
        *,
        account_id: uuid.UUID,
        token: int,
        side: Side,
        quantity: int,
        order_type: OrderType,
        product: Product,
        at: datetime,
        validity: Validity = Validity.DAY,
        price: Decimal | None = None,
        trigger_price: Decimal | None = None,
        triggered_by: str = "manual",
        client_order_id: str | None = None,
        amo: bool = False,
    ) -> Order:
        """A PENDING order with a fresh id, placed and last updated at ``at``."""
        return cls(
            id=uuid.uuid4(),
            account_id=account_id,
            token=token,
            side=side,
            quantity=quantity,
            order_type=order_type,
            product=product,
            placed_at=at,
            updated_at=at,
            validity=validity,
            price=price,
            trigger_price=trigger_price,
            triggered_by=triggered_by,
            client_order_id=client_order_id,
            amo=amo,
        )

    @property
    def remaining(self) -> int:
        return self.quantity - self.filled_quantity

    @property
    def average_price(self) -> Decimal | None:
        """Quantity-weighted average fill price, or ``None`` before the first fill."""
        if self.filled_quantity == 0:
            return None
        return self.filled_value / self.filled_quantity

    @property
    def is_stop(self) -> bool:
        return self.order_type in (OrderType.SL, OrderType.SL_M)

    def apply(self, event: OrderEvent) -> Order:
        """The order after ``event``; raises ``IllegalOrderTransition`` if the table forbids it."""
        if type(event) not in TRANSITIONS[self.status]:
            raise IllegalOrderTransition(
                f"An order that is {self.status.value} cannot take {type(event).__name__}; "
                "refresh the order book and try again."
            )
        match event:
            case Accepted(at=at):
                nxt = OrderStatus.TRIGGER_PENDING if self.is_stop else OrderStatus.OPEN
                return replace(self, status=nxt, updated_at=at)
            case Triggered(at=at):
                return replace(self, status=OrderStatus.OPEN, updated_at=at)
            case Filled():
                return self._fill(event)
            case Cancelled(reason=reason, at=at):
                return self._cancel(reason, at)
            case Expired(at=at):
                return self._cancel(EXPIRED_REASON, at)
            case Rejected(reason=reason, at=at):
                return replace(
                    self, status=OrderStatus.REJECTED, reject_reason=reason, updated_at=at
                )
        raise AssertionError(f"unhandled event {event!r}")  # pragma: no cover

    def _fill(self, event: Filled) -> Order:
        if event.quantity <= 0 or event.quantity > self.remaining:
            raise FillExceedsRemaining(
                f"A fill of {event.quantity} does not fit the {self.remaining} remaining "
                "on this order."
            )
        if event.price <= ZERO:
            raise FillExceedsRemaining(f"A fill price must be positive, not {event.price}.")
        filled = self.filled_quantity + event.quantity
        status = OrderStatus.COMPLETE if filled == self.quantity else OrderStatus.PARTIALLY_FILLED
        return replace(
            self,
            status=status,
            filled_quantity=filled,
            filled_value=self.filled_value + event.price * event.quantity,
            updated_at=event.at,
        )

    def _cancel(self, reason: str, at: datetime) -> Order:
        return replace(self, status=OrderStatus.CANCELLED, cancel_reason=reason, updated_at=at)


# --- checks on a new order -------------------------------------------------------------------


class InstrumentNotTradable(DomainError):
    code = "INSTRUMENT_NOT_TRADABLE"


class ProductNotAllowed(DomainError):
    code = "PRODUCT_NOT_ALLOWED"


class PriceRequired(DomainError):
    code = "PRICE_REQUIRED"


class PriceNotAllowed(DomainError):
    code = "PRICE_NOT_ALLOWED"


class TriggerRequired(DomainError):
    code = "TRIGGER_REQUIRED"


class TriggerNotAllowed(DomainError):
    code = "TRIGGER_NOT_ALLOWED"


class TriggerOnWrongSide(DomainError):
    code = "TRIGGER_ON_WRONG_SIDE"


class ShortSellNotAllowed(DomainError):
    code = "SHORT_SELL_NOT_ALLOWED"


class MarketClosed(DomainError):
    code = "MARKET_CLOSED"


class AmoWhileMarketOpen(DomainError):
    code = "AMO_WHILE_MARKET_OPEN"


class IntradayCutoffPassed(DomainError):
    code = "INTRADAY_CUTOFF_PASSED"


class PriceCheck(Protocol):
    """Raises (e.g. ``PriceNotOnTick``) unless ``price`` is on the instrument's tick grid."""

    def __call__(self, instrument: Instrument, price: Decimal, /, *, field: str = "price") -> None:
        """``field`` names the input in the error (``price`` or ``trigger_price``)."""


class QuantityCheck(Protocol):
    """Raises unless ``quantity`` is valid for the instrument (a lot multiple for F&O)."""

    def __call__(self, instrument: Instrument, quantity: int, /) -> None: ...


PRODUCTS_BY_SEGMENT: dict[Segment, frozenset[Product]] = {
    Segment.EQUITY: frozenset({Product.MIS, Product.CNC}),
    Segment.FUTURES: frozenset({Product.MIS, Product.NRML}),
    Segment.OPTIONS: frozenset({Product.MIS, Product.NRML}),
}


def validate_new_order(
    order: Order,
    instrument: Instrument,
    *,
    market_open: bool,
    position_quantity: int,
    check_price: PriceCheck,
    check_quantity: QuantityCheck,
    mis_cutoff_passed: bool = False,
) -> None:
    """Raise the typed ``DomainError`` for the first rule ``order`` breaks; return if none.

    ``position_quantity`` is the signed net quantity of the account's position in this token
    and product (for CNC: the holding). Only the part of an order that opens or adds exposure
    is subject to the short-sell and MIS cut-off rules; exits are always allowed.
    """
    if not instrument.tradable:
        raise InstrumentNotTradable(f"{instrument.tradingsymbol} is an index; trade its F&O.")
    if order.quantity <= 0:
        raise InvalidInput("Quantity must be a positive number.", field="quantity")
    check_quantity(instrument, order.quantity)
    if order.product not in PRODUCTS_BY_SEGMENT[instrument.segment]:
        raise ProductNotAllowed(
            f"{order.product.value} is not available for {instrument.segment.value}; use MIS or "
            f"{'CNC' if instrument.segment is Segment.EQUITY else 'NRML'}.",
            field="product",
        )
    _check_prices(order, instrument, check_price)
    opening = opening_quantity(position_quantity, order.side, order.quantity)
    if order.side is Side.SELL and order.product is Product.CNC and opening > 0:
        raise ShortSellNotAllowed(
            f"You hold {max(position_quantity, 0)} in CNC; sell at most that, "
            "or sell short intraday with MIS.",
            field="quantity",
        )
    _check_session(order, market_open=market_open)
    if mis_cutoff_passed and order.product is Product.MIS and opening > 0:
        raise IntradayCutoffPassed(
            "New MIS positions are not accepted after the square-off time; use CNC/NRML "
            "or trade tomorrow."
        )


def _check_prices(order: Order, instrument: Instrument, check_price: PriceCheck) -> None:
    needs_price = order.order_type in (OrderType.LIMIT, OrderType.SL)
    needs_trigger = order.is_stop
    kind = order.order_type.value
    if needs_price and order.price is None:
        raise PriceRequired(f"A {kind} order needs a limit price.", field="price")
    if not needs_price and order.price is not None:
        raise PriceNotAllowed(f"A {kind} order takes no limit price; remove it.", field="price")
    if needs_trigger and order.trigger_price is None:
        raise TriggerRequired(f"A {kind} order needs a trigger price.", field="trigger_price")
    if not needs_trigger and order.trigger_price is not None:
        raise TriggerNotAllowed(
            f"A {kind} order takes no trigger price; use SL or SL-M for a stop.",
            field="trigger_price",
        )
    for name, value in (("price", order.price), ("trigger_price", order.trigger_price)):
        if value is not None:
            if value <= ZERO:
                raise InvalidInput(f"The {name.replace('_', ' ')} must be positive.", field=name)
            check_price(instrument, value, field=name)
    if order.order_type is OrderType.SL:
        assert order.price is not None
        assert order.trigger_price is not None
        if order.side.sign * (order.price - order.trigger_price) < 0:
            where = "at or below" if order.side is Side.BUY else "at or above"
            raise TriggerOnWrongSide(
                f"For a {order.side.value} SL order the trigger must be {where} the limit price.",
                field="trigger_price",
            )


def _check_session(order: Order, *, market_open: bool) -> None:
    if order.amo and market_open:
        raise AmoWhileMarketOpen("The market is open; place a regular order instead of an AMO.")
    if not order.amo and not market_open:
        raise MarketClosed(
            "The market is closed; place an after-market order (AMO) or wait for 09:15 IST."
        )
