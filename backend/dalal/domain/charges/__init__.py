"""Indian trading charges: rate cards with effective dates, and the calculator fills use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.charges.rate_cards import (
    ZERODHA,
    ZERODHA_SCHEDULE,
    BrokerageRule,
    ChargeSegment,
    ChargesTemplate,
    InvalidChargesTemplate,
    NoRateCardForDate,
    RateCard,
    SegmentRates,
    TemplateKind,
    card_in_force,
    parse_template,
)

if TYPE_CHECKING:
    from dalal.domain.charges.calculator import (
        ChargesEstimate,
        charge_segment,
        charges_for_fill,
        estimate,
        order_charges,
    )

_FROM_CALCULATOR = frozenset(
    {"ChargesEstimate", "charge_segment", "charges_for_fill", "estimate", "order_charges"}
)


def __getattr__(name: str) -> Any:
    # The calculator imports dalal.domain.orders, and orders imports this package (for
    # ChargeBreakdown): loading the calculator on first use keeps `import dalal.domain.orders`
    # from meeting a half-initialised module.
    if name in _FROM_CALCULATOR:
        from dalal.domain.charges import calculator

        return getattr(calculator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ZERODHA",
    "ZERODHA_SCHEDULE",
    "BrokerageRule",
    "ChargeBreakdown",
    "ChargeSegment",
    "ChargesEstimate",
    "ChargesTemplate",
    "InvalidChargesTemplate",
    "NoRateCardForDate",
    "RateCard",
    "SegmentRates",
    "TemplateKind",
    "card_in_force",
    "charge_segment",
    "charges_for_fill",
    "estimate",
    "order_charges",
    "parse_template",
]
