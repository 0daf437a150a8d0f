"""Orders and fills: the vocabulary of the paper broker, shared by backtests and paper trading.

Status moves PENDING → OPEN → (PARTIALLY_FILLED) → COMPLETE, or ends CANCELLED or REJECTED
with a reason. SL and SL-M orders wait (TRIGGER_PENDING) until the last price crosses their
trigger; then they behave as a LIMIT (SL) or a MARKET (SL-M) order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from dalal.domain.charges.breakdown import ChargeBreakdown


class Side(StrEnum):
    BUY = "BUY"
    SELL = "SELL"

    @property
    def sign(self) -> int:
        return 1 if self is Side.BUY else -1

    @property
    def opposite(self) -> Side:
        return Side.SELL if self is Side.BUY else Side.BUY


class OrderType(StrEnum):
    MARKET = "MARKET"
    LIMIT = "LIMIT"
    SL = "SL"
    SL_M = "SL-M"


class Product(StrEnum):
    MIS = "MIS"  # intraday, squared off by the broker before the close
    CNC = "CNC"  # equity delivery
    NRML = "NRML"  # F&O carry-forward


class Validity(StrEnum):
    DAY = "DAY"
    IOC = "IOC"


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    OPEN = "OPEN"
    TRIGGER_PENDING = "TRIGGER_PENDING"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    COMPLETE = "COMPLETE"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"

    @property
    def is_final(self) -> bool:
        return self in (OrderStatus.COMPLETE, OrderStatus.CANCELLED, OrderStatus.REJECTED)


class FillTag(StrEnum):
    """Why a fill happened, when it was not an ordinary match."""

    NORMAL = "NORMAL"
    SQUARE_OFF = "SQUARE_OFF"  # broker auto square-off of MIS
    SL = "SL"  # a position's stop-loss
    TARGET = "TARGET"  # a position's target
    TSL = "TSL"  # a position's trailing stop
    RISK = "RISK"  # a scope's risk limit or auto square-off time
    PANIC = "PANIC"  # a panic button


@dataclass(frozen=True, slots=True)
class Fill:
    """An execution of part of an order, at one price and time, with its charges."""

    id: uuid.UUID
    order_id: uuid.UUID
    account_id: uuid.UUID
    token: int
    side: Side
    quantity: int
    price: Decimal
    at: datetime
    charges: ChargeBreakdown = field(default_factory=ChargeBreakdown)
    tag: FillTag = FillTag.NORMAL

    @property
    def signed_quantity(self) -> int:
        return self.side.sign * self.quantity

    @property
    def value(self) -> Decimal:
        return self.price * self.quantity
