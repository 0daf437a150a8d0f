"""The charges on one fill (or one estimate), item by item, each in paise.

``auto_square_off`` is the broker's fee on an order its risk system placed to square off an
MIS position (the GST on it is in ``gst``, with the GST on the other fees); zero otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from dalal.domain.money import ZERO


@dataclass(frozen=True, slots=True)
class ChargeBreakdown:
    brokerage: Decimal = ZERO
    stt: Decimal = ZERO
    exchange_txn: Decimal = ZERO
    sebi: Decimal = ZERO
    stamp_duty: Decimal = ZERO
    gst: Decimal = ZERO
    auto_square_off: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, f.name) for f in fields(self)), ZERO)

    def __add__(self, other: ChargeBreakdown) -> ChargeBreakdown:
        return ChargeBreakdown(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def as_dict(self) -> dict[str, Decimal]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
