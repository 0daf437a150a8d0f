"""How many units an entry buys or sells, decided when it fills, from the fill price.

- ``quantity``: a fixed number of units (shares; for F&O a multiple of the lot size).
- ``lots``: a fixed number of lots (units = lots × lot size; 1 unit per lot for equities).
- ``fraction``: a fraction of equity at the fill: ``floor(equity × fraction / price)`` units,
  or for F&O whole lots, ``floor(equity × fraction / (price × lot size))`` lots. ``equity`` is
  cash plus the open positions, the filling instrument marked at the fill price.
- ``risk``: a fixed risk per trade: lose ``risk_fraction`` of equity if the price moves
  ``stop_fraction`` against the entry: ``floor(equity × risk_fraction / (price ×
  stop_fraction))`` units (whole lots for F&O). The strategy places that stop.

Charges are not netted out of the size: with ``fraction`` 1 the charges take cash slightly
below zero (the margin check allows an order whose value is covered by equity).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from dalal.domain.instruments import Instrument


class _Sizing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FixedQuantity(_Sizing):
    kind: Literal["quantity"] = "quantity"
    quantity: int = Field(gt=0, description="Units per entry (a lot multiple for F&O)")


class FixedLots(_Sizing):
    kind: Literal["lots"] = "lots"
    lots: int = Field(gt=0, description="Lots per entry")


class EquityFraction(_Sizing):
    kind: Literal["fraction"] = "fraction"
    fraction: Decimal = Field(gt=0, le=1, description="Share of equity per entry (1 = all)")


class FixedRisk(_Sizing):
    kind: Literal["risk"] = "risk"
    risk_fraction: Decimal = Field(gt=0, le=1, description="Share of equity lost at the stop")
    stop_fraction: Decimal = Field(gt=0, lt=1, description="Stop distance as a share of price")


Sizing: TypeAlias = Annotated[
    FixedQuantity | FixedLots | EquityFraction | FixedRisk, Field(discriminator="kind")
]
ALL_IN = EquityFraction(fraction=Decimal(1))


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def units_for(sizing: Sizing, *, equity: Decimal, price: Decimal, instrument: Instrument) -> int:
    """Units for an entry filling at ``price`` with ``equity``; 0 when it cannot afford one."""
    lot = instrument.lot_size if instrument.is_derivative else 1
    if isinstance(sizing, FixedQuantity):
        return sizing.quantity
    if isinstance(sizing, FixedLots):
        return sizing.lots * lot
    if equity <= 0 or price <= 0:
        return 0
    if isinstance(sizing, EquityFraction):
        budget = equity * sizing.fraction / price
    else:
        budget = equity * sizing.risk_fraction / (price * sizing.stop_fraction)
    return _floor(budget / lot) * lot
