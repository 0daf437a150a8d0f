"""Approximate margins: configurable percentages per instrument class.

Real brokers block SPAN + exposure margin computed from exchange files; we approximate it,
and the UI must say so. The rates (``MarginConfig``) are:

- equity CNC: 100% of value; equity MIS: 20% of value (5× leverage, the SEBI peak-margin cap);
- futures (MIS or NRML): a SPAN-like 12% of contract value (price × quantity);
- option buys: the premium (price × quantity);
- option sells: futures-like, 12% of the underlying's contract value, for which
  ``strike × quantity`` stands in (the strike is on the contract, the underlying price is not;
  near the money the two agree, and far out of the money the proxy errs high for puts and low
  for calls). Premium received is not offset.

Quantities are units (shares, or lots × lot size). Only the part of an order that opens or
adds exposure needs margin; the part that reduces an existing position needs none. Amounts are
rounded to the paisa when computed, since that is what gets blocked.

How margin meets the ledger: the ledger debits a buy's full value and credits a sell's, so
``cash + Σ quantity × mark`` is the account's equity, and the margin still free for a new
order is that equity less the margin the open positions block at their marks. For CNC and
option buys the blocked margin equals the market value, so free margin is simply the cash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from dalal.domain.errors import DomainError
from dalal.domain.instruments import Instrument, Segment
from dalal.domain.money import ZERO, format_rupees, to_paise
from dalal.domain.orders import Product, Side
from dalal.domain.positions import Position, opening_quantity


class InsufficientMargin(DomainError):
    code = "INSUFFICIENT_MARGIN"


@dataclass(frozen=True, slots=True)
class MarginConfig:
    """Fractions of value blocked per instrument class (1 = 100%)."""

    cnc_rate: Decimal = Decimal("1")
    equity_mis_rate: Decimal = Decimal("0.20")
    futures_rate: Decimal = Decimal("0.12")
    option_sell_rate: Decimal = Decimal("0.12")


DEFAULT_MARGINS = MarginConfig()


def required_margin(
    instrument: Instrument,
    product: Product,
    side: Side,
    quantity: int,
    price: Decimal,
    *,
    position_quantity: int = 0,
    config: MarginConfig = DEFAULT_MARGINS,
) -> Decimal:
    """Margin an order for ``quantity`` at ``price`` needs, given the signed position it meets.

    ``price`` is the order's expected execution price (limit, or the market for a MARKET order).
    """
    opening = opening_quantity(position_quantity, side, quantity)
    if opening == 0:
        return ZERO
    return to_paise(
        _exposure(instrument, product, side=side, quantity=opening, price=price, config=config)
    )


def _exposure(
    instrument: Instrument,
    product: Product,
    *,
    side: Side,
    quantity: int,
    price: Decimal,
    config: MarginConfig,
) -> Decimal:
    segment = instrument.segment
    if segment is Segment.EQUITY:
        rate = config.cnc_rate if product is Product.CNC else config.equity_mis_rate
        return price * quantity * rate
    if segment is Segment.FUTURES:
        return price * quantity * config.futures_rate
    if segment is Segment.OPTIONS:
        if side is Side.BUY:
            return price * quantity
        if instrument.strike is None:
            raise ValueError(f"option {instrument.tradingsymbol} has no strike")
        return instrument.strike * quantity * config.option_sell_rate
    raise ValueError(f"{instrument.tradingsymbol} is not tradable and needs no margin")


def blocked_margin(
    positions: Iterable[Position],
    instruments: Mapping[int, Instrument],
    marks: Mapping[int, Decimal],
    config: MarginConfig = DEFAULT_MARGINS,
) -> Decimal:
    """Margin the open positions block at their marks; a closed position blocks nothing."""
    total = ZERO
    for position in positions:
        if position.is_open:
            side = Side.BUY if position.quantity > 0 else Side.SELL
            total += required_margin(
                instruments[position.token],
                position.product,
                side,
                abs(position.quantity),
                marks[position.token],
                config=config,
            )
    return total


def free_margin(
    cash: Decimal,
    positions: Iterable[Position],
    instruments: Mapping[int, Instrument],
    marks: Mapping[int, Decimal],
    config: MarginConfig = DEFAULT_MARGINS,
    *,
    value: Decimal | None = None,
) -> Decimal:
    """Equity (cash + Σ quantity × mark) less the margin the open positions block;
    ``value``: that sum, when the caller has it already."""
    held = [p for p in positions if p.is_open]
    if value is None:
        value = sum((p.market_value(marks[p.token]) for p in held), ZERO)
    equity = cash + value
    return equity - blocked_margin(held, instruments, marks, config)


def check_margin(required: Decimal, available: Decimal) -> None:
    """Raise ``InsufficientMargin`` when ``required`` exceeds ``available``."""
    if required > available:
        raise InsufficientMargin(
            f"This order needs {format_rupees(required)} of margin but "
            f"{format_rupees(available)} is free; reduce the quantity or add funds."
        )
