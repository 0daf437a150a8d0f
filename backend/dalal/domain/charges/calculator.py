"""The charges calculator: one code path for fills and for the pre-trade estimate.

Conventions and rounding (the only place they are written down):

- **Per executed order.** Brokerage is charged per executed order, and every item is rounded
  to the paisa, half-up, on the *order's* cumulative turnover. A fill pays what it adds to its
  order: ``item(turnover so far incl. this fill) − item(turnover before it)``, both rounded.
  So an order's fills together pay exactly what one fill of the whole order would: the ₹20
  options brokerage falls on the first fill, the 0.03%/₹20 cap applies to the whole order, and
  no paisa is lost or gained by splitting. Callers pass ``prior_order_turnover`` (the value of
  the order's earlier fills; 0 for the first).
- **GST** is 18% of the *rounded* brokerage + exchange charge + SEBI fee of the order, then
  rounded: it is levied on the amounts the contract note shows. (On the MARKET_FACTS worked
  check rounded and unrounded bases give the same 8.31.)
- **STT on a fill is kept in paise.** Contract notes round STT to the nearest rupee, but over
  the whole note, not per fill; rounding each fill would drop small fills' STT altogether.
  The estimate shows both: ``stt`` rounded to the rupee (half-up) as the contract note does,
  and ``stt_unrounded`` in paise. Its ``total``, ``net_pnl`` and ``breakeven_points`` use the
  contract-note STT; ``total_unrounded`` is the sum of the fills' charges. Worked check
  (equity intraday, NSE, buy 100 @ 1000, sell 100 @ 1010, 2024 card): brokerage 40.00,
  STT 25 (25.25 unrounded), exchange 5.97, SEBI 0.20, stamp 3.00, GST 8.31,
  total 82.48 (82.73 unrounded).
- **Auto square-off.** An order the broker's risk system places to square off an MIS
  position pays the card's ``auto_square_off`` fee (₹50 on Zerodha's) once, like brokerage
  per executed order, and GST on it: ₹59.00 more than the same exit placed by the trader.
- **Sides.** Stamp duty falls on the buy side only. STT: both sides for delivery, the sell
  side only for intraday and F&O. For options the price is the premium.
- **Products.** Equity CNC is charged as delivery and MIS as intraday; F&O takes NRML or MIS.
  A CNC buy sold the same day is charged as intraday by the exchange: deciding that needs the
  position, so the caller passes ``Product.MIS`` for such fills. STT on exercised options is
  not modelled here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dalal.domain.charges.breakdown import ChargeBreakdown
from dalal.domain.charges.rate_cards import (
    ChargeSegment,
    ChargesTemplate,
    RateCard,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.instruments import Exchange, Segment
from dalal.domain.money import ZERO, to_paise, to_rupee
from dalal.domain.orders import Product, Side

_CASH_EXCHANGE = {Exchange.NFO: Exchange.NSE, Exchange.BFO: Exchange.BSE}


def charge_segment(segment: Segment, product: Product) -> ChargeSegment:
    """The card row for an instrument segment and an order product."""
    if segment is Segment.EQUITY:
        if product is Product.CNC:
            return ChargeSegment.EQUITY_DELIVERY
        if product is Product.MIS:
            return ChargeSegment.EQUITY_INTRADAY
    elif segment in (Segment.FUTURES, Segment.OPTIONS) and product is not Product.CNC:
        return ChargeSegment.FUTURES if segment is Segment.FUTURES else ChargeSegment.OPTIONS
    raise InvalidInput(f"product {product} cannot trade the {segment} segment", field="product")


def order_charges(
    card: RateCard,
    segment: ChargeSegment,
    exchange: Exchange,
    side: Side,
    turnover: Decimal,
    *,
    auto_square_off: bool = False,
) -> ChargeBreakdown:
    """The charges on one executed order of ``turnover`` (price × quantity), each in paise.

    ``auto_square_off``: the broker's risk system placed the order (its fee applies)."""
    rates = card.rates(segment)
    brokerage = to_paise(rates.brokerage.for_order(turnover))
    exchange_txn = to_paise(rates.exchange_rate(exchange) * turnover)
    sebi = to_paise(rates.sebi * turnover)
    fee = to_paise(card.auto_square_off) if auto_square_off and turnover > ZERO else ZERO
    stt_rate = rates.stt_buy if side is Side.BUY else rates.stt_sell
    stamp_rate = rates.stamp_buy if side is Side.BUY else ZERO
    return ChargeBreakdown(
        brokerage=brokerage,
        stt=to_paise(stt_rate * turnover),
        exchange_txn=exchange_txn,
        sebi=sebi,
        stamp_duty=to_paise(stamp_rate * turnover),
        gst=to_paise(card.gst_rate * (brokerage + exchange_txn + sebi + fee)),
        auto_square_off=fee,
    )


def charges_for_fill(
    template: ChargesTemplate,
    *,
    segment: Segment,
    exchange: Exchange,
    product: Product,
    side: Side,
    price: Decimal,
    quantity: int,
    trade_date: date,
    prior_order_turnover: Decimal = ZERO,
    auto_square_off: bool = False,
) -> ChargeBreakdown:
    """Charges on one fill of an executed order, at the card in force on ``trade_date``.

    ``exchange`` is the cash exchange (NSE, BSE); NFO and BFO are taken as NSE and BSE.
    ``prior_order_turnover`` is the value of the same order's earlier fills (see the module
    docstring). ``auto_square_off``: the order is the broker's square-off of an MIS position.
    Raises ``InvalidInput`` for bad input and ``NoRateCardForDate`` for a date before the
    earliest card.
    """
    _check_fill(price, quantity, prior_order_turnover)  # before hashing: no NaN reaches it
    return _fill_charges(
        template,
        charge_segment(segment, product),
        _CASH_EXCHANGE.get(exchange, exchange),
        side,
        price * quantity,
        trade_date,
        prior_order_turnover,
        auto_square_off,
    )


# Fills repeat: a signal fans out to accounts that share a template and a size (multipliers
# 1, 2, 3 … give a handful of distinct turnovers for a thousand accounts). The inputs are
# immutable and the result a pure function of them, so each combination is worked out once.
@functools.lru_cache(maxsize=16_384)
def _fill_charges(  # noqa: PLR0917 - the cache key is the argument list
    template: ChargesTemplate,
    kind: ChargeSegment,
    exchange: Exchange,
    side: Side,
    turnover: Decimal,
    trade_date: date,
    prior_order_turnover: Decimal,
    auto_square_off: bool,
) -> ChargeBreakdown:
    card = template.card_for(trade_date)
    if card is None:
        return ChargeBreakdown()

    def charges(value: Decimal) -> ChargeBreakdown:
        return order_charges(card, kind, exchange, side, value, auto_square_off=auto_square_off)

    after = charges(prior_order_turnover + turnover)
    if prior_order_turnover == ZERO:
        return after  # an order's first fill: nothing was charged before (all zero at 0)
    return after - charges(prior_order_turnover)


def _check_fill(price: Decimal, quantity: int, prior_order_turnover: Decimal) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise InvalidInput("quantity must be a whole number above zero", field="quantity")
    if not price.is_finite() or price <= ZERO:
        raise InvalidInput("price must be above zero", field="price")
    if not prior_order_turnover.is_finite() or prior_order_turnover < ZERO:
        raise InvalidInput("prior order turnover cannot be negative", field="prior_order_turnover")


@dataclass(frozen=True, slots=True)
class ChargesEstimate:
    """The charges on a round trip (one buy order, one sell order), contract-note style."""

    turnover: Decimal
    brokerage: Decimal
    stt: Decimal  # rounded to the rupee, as on the contract note
    stt_unrounded: Decimal  # in paise
    exchange_txn: Decimal
    sebi: Decimal
    stamp_duty: Decimal
    gst: Decimal
    total: Decimal  # with the contract-note STT
    net_pnl: Decimal  # (sell − buy) × quantity − total
    breakeven_points: Decimal  # total / quantity, in paise
    buy: ChargeBreakdown  # the buy order's charges (STT in paise)
    sell: ChargeBreakdown

    @property
    def total_unrounded(self) -> Decimal:
        """The total with STT in paise: the sum of the two orders' charges."""
        return (self.buy + self.sell).total


def estimate(
    template: ChargesTemplate,
    *,
    segment_kind: ChargeSegment | str,
    exchange: Exchange,
    buy_price: Decimal,
    sell_price: Decimal,
    quantity: int,
    trade_date: date,
) -> ChargesEstimate:
    """Estimate a round trip through ``charges_for_fill``, one fill per order."""
    segment, product = _segment_and_product(segment_kind)
    legs = {
        side: charges_for_fill(
            template,
            segment=segment,
            exchange=exchange,
            product=product,
            side=side,
            price=price,
            quantity=quantity,
            trade_date=trade_date,
        )
        for side, price in ((Side.BUY, buy_price), (Side.SELL, sell_price))
    }
    both = legs[Side.BUY] + legs[Side.SELL]
    stt = to_paise(to_rupee(both.stt))
    total = both.total - both.stt + stt
    return ChargesEstimate(
        turnover=to_paise((buy_price + sell_price) * quantity),
        brokerage=both.brokerage,
        stt=stt,
        stt_unrounded=both.stt,
        exchange_txn=both.exchange_txn,
        sebi=both.sebi,
        stamp_duty=both.stamp_duty,
        gst=both.gst,
        total=total,
        net_pnl=to_paise((sell_price - buy_price) * quantity - total),
        breakeven_points=to_paise(total / quantity),
        buy=legs[Side.BUY],
        sell=legs[Side.SELL],
    )


_ROUND_TRIPS = {
    ChargeSegment.EQUITY_INTRADAY: (Segment.EQUITY, Product.MIS),
    ChargeSegment.EQUITY_DELIVERY: (Segment.EQUITY, Product.CNC),
    ChargeSegment.FUTURES: (Segment.FUTURES, Product.NRML),
    ChargeSegment.OPTIONS: (Segment.OPTIONS, Product.NRML),
}


def _segment_and_product(segment_kind: ChargeSegment | str) -> tuple[Segment, Product]:
    try:
        return _ROUND_TRIPS[ChargeSegment(segment_kind)]
    except ValueError:
        choices = ", ".join(kind.value for kind in ChargeSegment)
        raise InvalidInput(
            f"unknown segment {segment_kind!r}; use one of {choices}", field="segment"
        ) from None
