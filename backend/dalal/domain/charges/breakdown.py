"""The charges on one fill (or one estimate), item by item, each in paise.

``auto_square_off`` is the broker's fee on an order its risk system placed to square off an
MIS position (the GST on it is in ``gst``, with the GST on the other fees); zero otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    # Spelled out rather than looped over ``fields()``: these run for every fill of a
    # fan-out or a backtest, and the introspection cost more than the arithmetic.
    @property
    def total(self) -> Decimal:
        return (
            self.brokerage
            + self.stt
            + self.exchange_txn
            + self.sebi
            + self.stamp_duty
            + self.gst
            + self.auto_square_off
        )

    def __add__(self, other: ChargeBreakdown) -> ChargeBreakdown:
        return ChargeBreakdown(
            self.brokerage + other.brokerage,
            self.stt + other.stt,
            self.exchange_txn + other.exchange_txn,
            self.sebi + other.sebi,
            self.stamp_duty + other.stamp_duty,
            self.gst + other.gst,
            self.auto_square_off + other.auto_square_off,
        )

    def __sub__(self, other: ChargeBreakdown) -> ChargeBreakdown:
        return ChargeBreakdown(
            self.brokerage - other.brokerage,
            self.stt - other.stt,
            self.exchange_txn - other.exchange_txn,
            self.sebi - other.sebi,
            self.stamp_duty - other.stamp_duty,
            self.gst - other.gst,
            self.auto_square_off - other.auto_square_off,
        )

    def as_dict(self) -> dict[str, Decimal]:
        return {
            "brokerage": self.brokerage,
            "stt": self.stt,
            "exchange_txn": self.exchange_txn,
            "sebi": self.sebi,
            "stamp_duty": self.stamp_duty,
            "gst": self.gst,
            "auto_square_off": self.auto_square_off,
        }
